/** Opens the database: embedded PGlite in a data folder, or PostgreSQL at DATABASE_URL. */
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>
/** Either the database or a transaction on it: what repository functions accept. */
export type Executor = Database | Transaction

export type DatabaseOptions =
  | { url: string; maxConnections?: number }
  /** A folder for PGlite's files; leave it out for a database that lives in memory only. */
  | { dataDir?: string }

export interface DatabaseConnection {
  db: Database
  kind: 'postgres' | 'pglite'
  /** Applies every committed migration that has not run yet. */
  migrate(): Promise<void>
  close(): Promise<void>
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export async function connectDatabase(options: DatabaseOptions): Promise<DatabaseConnection> {
  if ('url' in options) return connectPostgres(options.url, options.maxConnections ?? 10)

  return connectPglite(options.dataDir)
}

function connectPostgres(url: string, maxConnections: number): DatabaseConnection {
  const client = postgres(url, { max: maxConnections, onnotice: () => {} })
  const db = drizzlePostgres(client, { schema })

  return {
    db: db as unknown as Database,
    kind: 'postgres',
    migrate: () => migratePostgres(db, { migrationsFolder }),
    close: () => client.end({ timeout: 5 }),
  }
}

async function connectPglite(dataDir: string | undefined): Promise<DatabaseConnection> {
  if (dataDir) await mkdir(dataDir, { recursive: true })
  const client = new PGlite(dataDir)
  await client.waitReady
  const db = drizzlePglite(client, { schema })

  return {
    db: db as unknown as Database,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  }
}

/** The rows of a raw `execute()`, which the two drivers return in different shapes. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[]
}
