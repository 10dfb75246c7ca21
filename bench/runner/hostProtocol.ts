/**
 * The messages between the benchmark and a server it runs in a child process: the product
 * (bench/productHost.ts) or the floor (bench/floors/floorHost.ts). The child answers queries
 * on its own database connection, since PGlite can be opened by one process only.
 */
export type HostRequest =
  | { id: number; type: 'query'; text: string }
  | { id: number; type: 'memory' }
  | { id: number; type: 'stop' }

export type HostReply =
  | { type: 'ready'; url: string }
  | { id: number; type: 'result'; rows: Record<string, unknown>[] }
  | { id: number; type: 'memory'; rssBytes: number }
  | { id: number; type: 'stopped' }
  | { id: number; type: 'error'; message: string }

/** Where the child finds its database: a PostgreSQL URL or a PGlite folder. */
export type HostDatabase = { url: string } | { dataDir: string }

/** Answers the parent's requests; `stop` closes the server and ends the process. */
export function serveParent(handlers: {
  query: (text: string) => Promise<Record<string, unknown>[]>
  stop: () => Promise<void>
}): void {
  const send = (reply: HostReply) => process.send?.(reply)

  process.on('message', async (request: HostRequest) => {
    try {
      if (request.type === 'query') {
        send({ id: request.id, type: 'result', rows: await handlers.query(request.text) })
      } else if (request.type === 'memory') {
        send({ id: request.id, type: 'memory', rssBytes: process.memoryUsage.rss() })
      } else {
        await handlers.stop()
        send({ id: request.id, type: 'stopped' })
        process.disconnect()
      }
    } catch (error) {
      send({ id: request.id, type: 'error', message: String(error) })
    }
  })
}

export function hostDatabaseOf(env: NodeJS.ProcessEnv): HostDatabase {
  const url = env.BENCH_HOST_DATABASE_URL
  const dataDir = env.BENCH_HOST_DATA_DIR
  if (url) return { url }
  if (dataDir) return { dataDir }
  throw new Error('A benchmark host needs BENCH_HOST_DATABASE_URL or BENCH_HOST_DATA_DIR.')
}
