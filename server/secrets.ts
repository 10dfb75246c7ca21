/** The signing secret: SMP_SECRET, or in embedded mode one generated once in the data folder. */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const minimumSecretLength = 32

export class SecretError extends Error {
  override name = 'SecretError'
}

export async function resolveSecret(options: {
  configured: string | undefined
  dataDir: string | undefined
}): Promise<string> {
  if (options.configured !== undefined) return checkedSecret(options.configured)

  if (!options.dataDir) {
    throw new SecretError(
      'SMP_SECRET is not set. With DATABASE_URL every server must share one secret: ' +
        `set SMP_SECRET to at least ${minimumSecretLength} random characters.`,
    )
  }

  return readOrCreateSecretFile(join(options.dataDir, 'secret'))
}

export function checkedSecret(secret: string): string {
  if (secret.length < minimumSecretLength) {
    throw new SecretError(
      `SMP_SECRET is ${secret.length} characters long; use at least ${minimumSecretLength}.`,
    )
  }
  return secret
}

async function readOrCreateSecretFile(path: string): Promise<string> {
  try {
    return checkedSecret((await readFile(path, 'utf8')).trim())
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }

  const secret = randomBytes(32).toString('base64url')
  // 'wx' so that two processes starting at once cannot each write a different secret.
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  })
  return checkedSecret((await readFile(path, 'utf8')).trim())
}
