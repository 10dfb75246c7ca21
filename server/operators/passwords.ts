/**
 * Operator passwords, kept as scrypt hashes (Node's built-in memory-hard KDF). The stored
 * string carries its own parameters, so raising the cost later leaves old hashes readable.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/** About 32 MiB and some 50–100 ms per guess on a server core. */
const cost = { N: 2 ** 15, r: 8, p: 1 }
const keyLength = 32
const scheme = 'scrypt'

/** Shorter passwords are refused when set; longer ones are cut by nothing. */
export const minimumPasswordLength = 12
export const maximumPasswordLength = 1024

export class WeakPasswordError extends Error {
  constructor() {
    super(`Choose a password of ${minimumPasswordLength} to ${maximumPasswordLength} characters.`)
    this.name = 'WeakPasswordError'
  }
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < minimumPasswordLength || password.length > maximumPasswordLength) {
    throw new WeakPasswordError()
  }

  const salt = randomBytes(16)
  const key = await derive(password, salt, cost)
  return [
    scheme,
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

/** False for a wrong password and for a malformed hash; never throws on either. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== scheme) return false
  if (password.length > maximumPasswordLength) return false

  const [, N, r, p, salt, key] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * Spends the same time as checking a real password, so that an unknown email address cannot
 * be told from a wrong password by how long the answer takes.
 */
export async function verifyNoPassword(password: string): Promise<false> {
  await derive(password.slice(0, maximumPasswordLength), Buffer.alloc(16), cost)
  return false
}

function derive(
  password: string,
  salt: Buffer,
  parameters: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { ...parameters, maxmem: 128 * parameters.N * parameters.r * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    )
  })
}
