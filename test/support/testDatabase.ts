/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server at TEST_DATABASE_URL, dropped again afterwards.
 */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts'

export interface TestDatabase {
  connection: DatabaseConnection
  /** Set when running on PostgreSQL, for tests that open their own connections. */
  url: string | null
  dispose(): Promise<void>
}

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL)

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) {
    const connection = await connectDatabase({})
    await connection.migrate()
    return { connection, url: null, dispose: () => connection.close() }
  }

  const name = `smp_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)

  const url = withDatabase(serverUrl, name)
  const connection = await connectDatabase({ url })
  await connection.migrate()

  return {
    connection,
    url,
    dispose: async () => {
      await connection.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}
