/** Starts a benchmark host (product or floor) in its own Node process and talks to it. */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { HostDatabase, HostReply, HostRequest } from './hostProtocol.ts'

export interface ChildHost {
  url: string
  query<Row = Record<string, unknown>>(text: string): Promise<Row[]>
  /** The resident set size of the server process, in bytes. */
  rss(): Promise<number>
  stop(): Promise<void>
}

type Pending = { resolve: (reply: HostReply) => void; reject: (error: Error) => void }
type Request = HostRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never

export async function startChildHost(
  entry: URL,
  database: HostDatabase,
  env: Record<string, string> = {},
): Promise<ChildHost> {
  // BENCH_CPU_PROFILE_DIR=folder writes a V8 CPU profile of each server when it stops.
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR
  const child = fork(fileURLToPath(entry), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    env: {
      ...process.env,
      ...env,
      ...('url' in database
        ? { BENCH_HOST_DATABASE_URL: database.url }
        : { BENCH_HOST_DATA_DIR: database.dataDir }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map<number, Pending>()
  let nextId = 1

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry.pathname} did not start.`)), 120_000)
    child.once('exit', (code) => reject(new Error(`${entry.pathname} exited with ${code}.`)))
    child.on('message', (reply: HostReply) => {
      if (reply.type === 'ready') {
        clearTimeout(timer)
        resolve(reply.url)
        return
      }
      const waiting = pending.get(reply.id)
      pending.delete(reply.id)
      if (reply.type === 'error') waiting?.reject(new Error(reply.message))
      else waiting?.resolve(reply)
    })
  })
  child.on('exit', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('The host exited.'))
  })

  const ask = (request: Request) =>
    new Promise<HostReply>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      child.send({ ...request, id } as HostRequest)
    })

  return {
    url,
    async query<Row>(text: string) {
      const reply = await ask({ type: 'query', text })
      return (reply.type === 'result' ? reply.rows : []) as Row[]
    },
    async rss() {
      const reply = await ask({ type: 'memory' })
      return reply.type === 'memory' ? reply.rssBytes : 0
    },
    stop: () => stopChild(child, () => ask({ type: 'stop' })),
  }
}

async function stopChild(child: ChildProcess, askToStop: () => Promise<unknown>) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await askToStop().catch(() => child.kill('SIGTERM'))
  await exited
}
