/**
 * The floors' database access: plain SQL text with parameters, through postgres.js on
 * PostgreSQL and through PGlite's own query() when there is no server, with no ORM between.
 */
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import type { HostDatabase } from '../runner/hostProtocol.ts'

export type Row = Record<string, unknown>
export type Query = (text: string, params?: unknown[]) => Promise<Row[]>

export interface FloorDatabase {
  query: Query
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>
  /** The rows of a query in batches, read with a cursor rather than all at once. */
  stream(text: string, params: unknown[], batchSize: number): AsyncIterable<Row[]>
  close(): Promise<void>
}

export async function openFloorDatabase(database: HostDatabase): Promise<FloorDatabase> {
  return 'url' in database ? postgresFloor(database.url) : pgliteFloor(database.dataDir)
}

function postgresFloor(url: string): FloorDatabase {
  const sql = postgres(url, { max: 10, onnotice: () => {} })
  const runOn =
    (on: postgres.Sql | postgres.TransactionSql): Query =>
    (text, params = []) =>
      on.unsafe(text, params as postgres.ParameterOrJSON<never>[]) as Promise<Row[]>

  return {
    query: runOn(sql),
    transaction: async (work) => (await sql.begin((tx) => work(runOn(tx)))) as never,
    stream: (text, params, batchSize) =>
      sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]).cursor(batchSize) as never,
    close: () => sql.end({ timeout: 5 }),
  }
}

async function pgliteFloor(dataDir: string): Promise<FloorDatabase> {
  const client = new PGlite(dataDir)
  await client.waitReady
  const query: Query = async (text, params = []) => (await client.query<Row>(text, params)).rows

  return {
    query,
    transaction: (work) =>
      client.transaction((tx) =>
        work(async (text, params = []) => (await tx.query<Row>(text, params)).rows),
      ),
    async *stream(text, params, batchSize) {
      // PGlite has one connection, so a plain BEGIN holds the cursor until COMMIT.
      await client.query('begin')
      try {
        await client.query(`declare floor_cursor no scroll cursor for ${text}`, params)
        for (;;) {
          const rows = await query(`fetch ${batchSize} from floor_cursor`)
          if (!rows.length) break
          yield rows
        }
      } finally {
        await client.query('commit')
      }
    },
    close: () => client.close(),
  }
}
