/**
 * Operator command line: `npm run cli -- create-admin-key --email you@example.org --name "You"`.
 * Uses the same database settings as the server (DATABASE_URL or the data folder).
 */
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import * as v from 'valibot'
import { connectDatabase } from '../db/client.ts'
import { operators } from '../db/schema/index.ts'
import { readConfig } from './config.ts'
import { createOperatorWithKey } from './operators/apiKeys.ts'

const usage = `Usage:
  npm run cli -- create-admin-key --email <address> --name <name>
      Creates an admin operator and prints their first API key (shown only once).`

const adminOptions = v.object({
  email: v.pipe(
    v.string('--email is required'),
    v.trim(),
    v.email('--email must be an email address'),
  ),
  name: v.pipe(v.string('--name is required'), v.trim(), v.nonEmpty('--name must not be empty')),
})

async function createAdminKey(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' } },
  })
  const options = v.parse(adminOptions, values)
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

    const issued = await createOperatorWithKey(
      connection.db,
      { email: options.email, name: options.name, role: 'admin' },
      'created by cli',
    )
    process.stdout.write(
      `Admin operator ${options.email} created. API key (shown once):\n${issued.key}\n`,
    )
  } finally {
    await connection.close()
  }
}

const [command, ...rest] = process.argv.slice(2)
try {
  if (command === 'create-admin-key') await createAdminKey(rest)
  else {
    process.stderr.write(`${usage}\n`)
    process.exitCode = command ? 2 : 0
  }
} catch (error) {
  const message = v.isValiError(error)
    ? error.issues.map((issue) => issue.message).join('; ')
    : (error as Error).message
  process.stderr.write(`${message}\n${usage}\n`)
  process.exitCode = 1
}
