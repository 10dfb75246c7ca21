import { eq } from 'drizzle-orm'
import { request } from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase } from '../../db/client.ts'
import { consentRecords } from '../../db/schema/index.ts'
import { createOperatorWithKey } from '../../server/operators/apiKeys.ts'
import { type ServerProcess, startServerProcess } from '../support/serverProcess.ts'
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/testDatabase.ts'

/**
 * SIGTERM while a request is half sent: the server takes no new connections, finishes the
 * request it has, answers it, and exits with 0; the answered write is in the database.
 */
let database: TestDatabase | undefined
let dataDir: string | undefined
let server: ServerProcess
let apiKey: string

beforeAll(async () => {
  const env = { SMP_SECRET: 'graceful-shutdown-secret-0123456789abcdef', SMP_DEMO: '1' }
  if (onPostgres) {
    database = await createTestDatabase()
    server = await startServerProcess({ ...env, DATABASE_URL: database.url! })
    const issued = await createOperatorWithKey(
      database.connection.db,
      { email: 'afsluiten@example.org', name: 'Test', role: 'admin' },
      'test',
    )
    apiKey = issued.key
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'smp-shutdown-'))
    server = await startServerProcess({ ...env, DATABASE_URL: '', SMP_DATA_DIR: dataDir })
    apiKey = (await readFile(join(dataDir, 'demo-api-key'), 'utf8')).trim()
  }
}, 120_000)

afterAll(async () => {
  await server?.stop('SIGKILL')
  await database?.dispose()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

/** Starts a POST, sends its headers and the first half of its body, and waits. */
function halfSentPost(path: string, body: string) {
  const bytes = Buffer.from(body)
  const half = Math.floor(bytes.length / 2)
  const url = new URL(path, server.url)
  let answered: (value: { status: number; body: string }) => void
  let failed: (error: Error) => void
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    answered = resolve
    failed = reject
  })

  const outgoing = request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'content-length': String(bytes.length),
    },
  })
  outgoing.on('error', (error) => failed(error))
  outgoing.on('response', (incoming) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () =>
      answered({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
    )
  })
  outgoing.flushHeaders()
  outgoing.write(bytes.subarray(0, half))

  return { response, finish: () => outgoing.end(bytes.subarray(half)) }
}

async function connectionRefused(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`)
    return false
  } catch {
    return true
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('graceful shutdown', () => {
  it('finishes a request that was in flight when SIGTERM came, then exits cleanly', async () => {
    const persons = await fetch(`${server.url}/api/v1/persons?limit=1`, {
      headers: { authorization: `Bearer ${apiKey}` },
    })
    const [person] = ((await persons.json()) as { persons: { id: number }[] }).persons
    const entry = {
      type: 'nieuwsbrief',
      optIn: false,
      channel: 'telephone',
      description: 'Afgemeld terwijl de server stopte',
    }
    const inFlight = halfSentPost(
      `/api/v1/persons/${person!.id}/consent-records`,
      JSON.stringify(entry),
    )
    await pause(300)

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGTERM')
    await pause(500)
    const refusedWhileStopping = await connectionRefused(server.url)
    inFlight.finish()
    const answer = await inFlight.response
    const exitCode = await exited

    expect(refusedWhileStopping).toBe(true)
    expect(answer.status).toBe(201)
    expect(exitCode).toBe(0)
    const { record } = JSON.parse(answer.body) as { record: { id: number } }
    expect(await storedDescription(record.id)).toBe(entry.description)
  })
})

async function storedDescription(recordId: number) {
  const connection = database?.connection ?? (await connectDatabase({ dataDir: dataDir! }))
  try {
    const [row] = await connection.db
      .select({ description: consentRecords.description })
      .from(consentRecords)
      .where(eq(consentRecords.id, recordId))
    return row?.description
  } finally {
    if (!database) await connection.close()
  }
}
