/** The real server on a free loopback port, over a fresh test database. */
import { systemClock, type Clock } from '../../server/clock.ts'
import type { ServerConfig } from '../../server/config.ts'
import { silentLogger } from '../../server/logger.ts'
import { type RunningServer, startServer } from '../../server/startServer.ts'
import { createTestDatabase, type TestDatabase } from './testDatabase.ts'

export const testSecret = 'test-secret-that-is-long-enough-for-hmac-0123456789'

export interface TestServer extends RunningServer {
  database: TestDatabase
  /** The demo admin's API key. */
  apiKey: string
  /** fetch() against the server, with the admin key unless other headers are given. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>
}

export async function startTestServer(
  options: { clock?: Clock; allowedOrigins?: string[] } = {},
): Promise<TestServer> {
  const database = await createTestDatabase()
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url ?? undefined,
    dataDir: '',
    secret: testSecret,
    publicUrl: 'http://127.0.0.1',
    demo: true,
    allowedOrigins: options.allowedOrigins ?? [],
    logLevel: 'silent',
  }
  const server = await startServer(config, {
    logger: silentLogger(),
    clock: options.clock ?? systemClock,
    connection: database.connection,
  })
  const apiKey = server.demo!.apiKey

  const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, headers, ...rest } = init
    return fetch(`${server.url}${path}`, {
      ...rest,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    })
  }

  return {
    ...server,
    database,
    apiKey,
    api,
    close: async () => {
      await server.close()
      await database.dispose()
    },
  }
}
