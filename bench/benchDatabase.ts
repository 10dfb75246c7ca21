/**
 * Databases for benchmarks: created on the PostgreSQL server of BENCH_POSTGRES_URL
 * (default postgres://127.0.0.1:5432/postgres), always named `bench_…`, and dropped again,
 * so invented data never lands in a database someone else uses.
 */
import postgres from 'postgres'

export const benchServerUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/postgres'

export function benchDatabaseUrl(name: string, serverUrl = benchServerUrl): string {
  const url = new URL(serverUrl)
  url.pathname = `/${checkedName(name)}`
  return url.toString()
}

export async function createBenchDatabase(
  name: string,
  serverUrl = benchServerUrl,
): Promise<string> {
  await onServer(serverUrl, (admin) => admin.unsafe(`create database ${checkedName(name)}`))
  return benchDatabaseUrl(name, serverUrl)
}

export async function dropBenchDatabase(name: string, serverUrl = benchServerUrl): Promise<void> {
  await onServer(serverUrl, (admin) =>
    admin.unsafe(`drop database if exists ${checkedName(name)} with (force)`),
  )
}

/** Only lower-case `bench_` names, so nothing else can ever be created or dropped here. */
function checkedName(name: string): string {
  if (!/^bench_[a-z0-9_]{1,50}$/.test(name)) {
    throw new Error(`A benchmark database is named bench_ and lower-case letters: "${name}".`)
  }
  return name
}

async function onServer(serverUrl: string, work: (admin: postgres.Sql) => Promise<unknown>) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  try {
    await work(admin)
  } finally {
    await admin.end()
  }
}
