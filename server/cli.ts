/**
 * Operator command line. Uses the same database settings as the server (DATABASE_URL or the
 * data folder), so run it where the server runs.
 */
import { parseArgs } from 'node:util'
import { and, eq, isNull } from 'drizzle-orm'
import * as v from 'valibot'
import { connectDatabase, type Database } from '../db/client.ts'
import { apiKeys, operatorRoles, operators } from '../db/schema/index.ts'
import { verifyLedger } from '../db/verifyLedger.ts'
import { readConfig } from './config.ts'
import { createOperatorWithKey } from './operators/apiKeys.ts'
import { hashPassword } from './operators/passwords.ts'
import { readPassword } from './operators/readPassword.ts'
import { endSessionsOf } from './operators/sessions.ts'
import { normaliseEmail } from './persons/emailAddress.ts'

const usage = `Usage:
  npm run cli -- create-operator --email <address> --name <name> --role viewer|editor|admin
      Creates an operator who signs in to the console at /admin. Asks for the password, or
      reads it from standard input when that is not a terminal.
  npm run cli -- set-password --email <address>
      Sets a new console password for an existing operator and ends their sessions.
  npm run cli -- revoke-key --prefix <first characters of the key>
      Revokes an operator API key; the key stops working at once.
  npm run cli -- create-admin-key --email <address> --name <name>
      Creates an admin operator and prints their first API key (shown only once).
  npm run cli -- create-operator-key --email <address> --name <name> --role viewer|editor|admin
      The same for an operator with the given role.
  npm run cli -- verify-ledger
      Checks the consent ledger's hash chain; names the first broken record and exits 1.`

const operatorOptions = v.object({
  email: v.pipe(
    v.string('--email is required'),
    v.trim(),
    v.email('--email must be an email address'),
  ),
  name: v.pipe(v.string('--name is required'), v.trim(), v.nonEmpty('--name must not be empty')),
  role: v.picklist(operatorRoles, '--role must be viewer, editor or admin'),
})

/** Reads --email, --name and --role; each absent flag gets its own message, not valibot's. */
function parseOperatorOptions(args: string[], fixedRole?: 'admin') {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  })
  return v.parse(operatorOptions, {
    email: values.email ?? '',
    name: values.name ?? '',
    role: fixedRole ?? values.role ?? '',
  })
}

async function withDatabase(work: (db: Database) => Promise<void>): Promise<void> {
  const config = readConfig(process.env)
  const connection = await connectDatabase(
    config.databaseUrl === undefined ? { dataDir: config.dataDir } : { url: config.databaseUrl },
  )
  try {
    await connection.migrate()
    await work(connection.db)
  } finally {
    await connection.close()
  }
}

async function createOperatorKey(args: string[], fixedRole?: 'admin'): Promise<void> {
  const options = parseOperatorOptions(args, fixedRole)
  const email = normaliseEmail(options.email)

  await withDatabase(async (db) => {
    const [existing] = await db
      .select({ id: operators.id })
      .from(operators)
      .where(eq(operators.email, email))
    if (existing) throw new Error(`An operator with email ${email} already exists.`)

    const issued = await createOperatorWithKey(db, { ...options, email }, 'created by cli')
    process.stdout.write(
      `${options.role} operator ${email} created. API key (shown once):\n${issued.key}\n`,
    )
  })
}

async function createOperatorWithPassword(args: string[]): Promise<void> {
  const options = parseOperatorOptions(args)
  const passwordHash = await hashPassword(await readPassword())

  await withDatabase(async (db) => {
    const email = normaliseEmail(options.email)
    const [created] = await db
      .insert(operators)
      .values({ ...options, email, passwordHash })
      .onConflictDoNothing()
      .returning({ id: operators.id })
    if (!created) throw new Error(`An operator with email ${email} already exists.`)
    process.stdout.write(`${options.role} operator ${email} created; sign in at /admin.\n`)
  })
}

async function setPassword(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } } })
  const { email } = v.parse(v.object({ email: operatorOptions.entries.email }), {
    email: values.email ?? '',
  })
  const passwordHash = await hashPassword(await readPassword())

  await withDatabase(async (db) => {
    const changed = await db
      .update(operators)
      .set({ passwordHash })
      .where(eq(operators.email, normaliseEmail(email)))
      .returning({ id: operators.id })
    const [operator] = changed
    if (!operator) throw new Error(`There is no operator with email ${email}.`)
    // Whoever signed in with the old password is signed out.
    const ended = await endSessionsOf(db, operator.id, new Date())
    process.stdout.write(`The password of ${email} was changed; ${ended} session(s) ended.\n`)
  })
}

async function revokeKey(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { prefix: { type: 'string' } } })
  const prefix = values.prefix?.slice(0, 10) ?? ''
  if (prefix.length < 10) throw new Error('--prefix needs the first 10 characters of the key.')

  await withDatabase(async (db) => {
    const revoked = await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id })
    if (revoked.length === 0) throw new Error(`No active API key starts with ${prefix}.`)
    process.stdout.write(`${revoked.length} API key(s) starting with ${prefix} revoked.\n`)
  })
}

async function verifyLedgerCommand(): Promise<void> {
  await withDatabase(async (db) => {
    const verdict = await verifyLedger(db)
    if (verdict.intact) {
      process.stdout.write(`The consent ledger is intact: ${verdict.records} records verified.\n`)
      return
    }
    process.stdout.write(
      `The consent ledger is broken at consent record ${verdict.firstBrokenRecordId}: ` +
        `${verdict.reason}.\n`,
    )
    process.exitCode = 1
  })
}

const [command, ...rest] = process.argv.slice(2)
try {
  if (command === 'create-operator') await createOperatorWithPassword(rest)
  else if (command === 'set-password') await setPassword(rest)
  else if (command === 'revoke-key') await revokeKey(rest)
  else if (command === 'create-admin-key') await createOperatorKey(rest, 'admin')
  else if (command === 'create-operator-key') await createOperatorKey(rest)
  else if (command === 'verify-ledger') await verifyLedgerCommand()
  else if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(`${usage}\n`)
  } else {
    process.stderr.write(`Unknown command "${command}".\n${usage}\n`)
    process.exitCode = 2
  }
} catch (error) {
  const message = v.isValiError(error)
    ? error.issues.map((issue) => issue.message).join('; ')
    : (error as Error).message
  process.stderr.write(`${message}\n${usage}\n`)
  process.exitCode = 1
}
