/**
 * Operator command line. Uses the same database settings as the server (DATABASE_URL or the
 * data folder), so run it where the server runs.
 */
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import * as v from 'valibot'
import { connectDatabase } from '../db/client.ts'
import { operatorRoles, operators } from '../db/schema/index.ts'
import { verifyLedger } from '../db/verifyLedger.ts'
import { readConfig } from './config.ts'
import { createOperatorWithKey } from './operators/apiKeys.ts'

const usage = `Usage:
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

async function createOperatorKey(args: string[], fixedRole?: 'admin'): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  })
  // Absent flags become empty strings so that each gets its own message, not valibot's.
  const options = v.parse(operatorOptions, {
    email: values.email ?? '',
    name: values.name ?? '',
    role: fixedRole ?? values.role ?? '',
  })
  const config = readConfig(process.env)

  const connection = await connectDatabase(
    config.databaseUrl === undefined ? { dataDir: config.dataDir } : { url: config.databaseUrl },
  )
  try {
    await connection.migrate()
    const [existing] = await connection.db
      .select({ id: operators.id })
      .from(operators)
      .where(eq(operators.email, options.email))
    if (existing) throw new Error(`An operator with email ${options.email} already exists.`)

    const issued = await createOperatorWithKey(connection.db, options, 'created by cli')
    process.stdout.write(
      `${options.role} operator ${options.email} created. API key (shown once):\n${issued.key}\n`,
    )
  } finally {
    await connection.close()
  }
}

async function verifyLedgerCommand(): Promise<void> {
  const config = readConfig(process.env)
  const connection = await connectDatabase(
    config.databaseUrl === undefined ? { dataDir: config.dataDir } : { url: config.databaseUrl },
  )
  try {
    await connection.migrate()
    const verdict = await verifyLedger(connection.db)
    if (verdict.intact) {
      process.stdout.write(`The consent ledger is intact: ${verdict.records} records verified.\n`)
      return
    }
    process.stdout.write(
      `The consent ledger is broken at consent record ${verdict.firstBrokenRecordId}: ` +
        `${verdict.reason}.\n`,
    )
    process.exitCode = 1
  } finally {
    await connection.close()
  }
}

const [command, ...rest] = process.argv.slice(2)
try {
  if (command === 'create-admin-key') await createOperatorKey(rest, 'admin')
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
