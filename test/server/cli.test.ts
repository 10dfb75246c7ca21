import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase, type Database } from '../../db/client.ts'
import { findApiKeyOwner } from '../../server/operators/apiKeys.ts'
import { findSession, InvalidCredentialsError, signIn } from '../../server/operators/sessions.ts'
import { systemClock } from '../../server/clock.ts'

/** The CLI runs on its own PGlite folder, as it would beside a server that is not running. */
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'smp-cli-'))
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

function cli(args: string[], stdin: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', ...args],
      { env: { ...process.env, DATABASE_URL: '', SMP_DATA_DIR: dataDir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
    child.stdin!.end(stdin)
  })
}

async function withData<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const connection = await connectDatabase({ dataDir })
  try {
    return await work(connection.db)
  } finally {
    await connection.close()
  }
}

function trySignIn(email: string, password: string) {
  return withData((db) => signIn(db, { email, password }, systemClock))
}

describe('creating console operators from the command line', () => {
  it('creates an admin who can sign in with the password given on standard input', async () => {
    const created = await cli(
      [
        'create-operator',
        '--email',
        'Eerste@Voorbeeld.TEST',
        '--name',
        'Eerste',
        '--role',
        'admin',
      ],
      'een-lang-wachtwoord-2026\n',
    )

    expect(created).toMatchObject({ code: 0, stderr: '' })
    expect(created.stdout).toContain('admin operator Eerste@voorbeeld.test created')
    const { operator } = await trySignIn('Eerste@voorbeeld.test', 'een-lang-wachtwoord-2026')
    expect(operator.role).toBe('admin')
  })

  it('refuses a short password and a second operator with the same address', async () => {
    const short = await cli(
      ['create-operator', '--email', 'kort@voorbeeld.test', '--name', 'Kort', '--role', 'viewer'],
      'kort\n',
    )
    const twice = await cli(
      [
        'create-operator',
        '--email',
        'Eerste@voorbeeld.test',
        '--name',
        'Dubbel',
        '--role',
        'viewer',
      ],
      'nog-een-lang-wachtwoord\n',
    )

    expect(short.code).toBe(1)
    expect(short.stderr).toContain('Choose a password of 12')
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('already exists')
  })

  it('changes a password, after which only the new one works and old sessions are over', async () => {
    const { token } = await trySignIn('Eerste@voorbeeld.test', 'een-lang-wachtwoord-2026')

    const changed = await cli(
      ['set-password', '--email', 'Eerste@voorbeeld.test'],
      'het-nieuwe-wachtwoord-2026\n',
    )

    expect(changed.code).toBe(0)
    await expect(trySignIn('Eerste@voorbeeld.test', 'een-lang-wachtwoord-2026')).rejects.toThrow(
      InvalidCredentialsError,
    )
    expect(
      (await trySignIn('Eerste@voorbeeld.test', 'het-nieuwe-wachtwoord-2026')).token,
    ).toBeTruthy()
    expect(await withData((db) => findSession(db, token, systemClock))).toBeNull()
  })

  it('revokes an API key by its first characters', async () => {
    const created = await cli(
      [
        'create-operator-key',
        '--email',
        'sleutel@voorbeeld.test',
        '--name',
        'Sleutel',
        '--role',
        'editor',
      ],
      '',
    )
    const key = created.stdout.trim().split('\n').at(-1)!
    expect(await withData((db) => findApiKeyOwner(db, key))).not.toBeNull()

    const revoked = await cli(['revoke-key', '--prefix', key.slice(0, 10)], '')

    expect(revoked).toMatchObject({ code: 0, stderr: '' })
    expect(await withData((db) => findApiKeyOwner(db, key))).toBeNull()
  })
})
