/** Reading and writing sites. */
import { randomBytes } from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { type NewSite, type Site, sites } from '../../db/schema/index.ts'

export function newSitePublicKey(): string {
  return `pk_${randomBytes(12).toString('base64url')}`
}

export async function findSiteByKey(db: Executor, publicKey: string): Promise<Site | null> {
  const [site] = await db.select().from(sites).where(eq(sites.publicKey, publicKey))
  return site ?? null
}

/** The site whose privacy statement the hosted page shows: the oldest active one. */
export async function findDefaultSite(db: Executor): Promise<Site | null> {
  const [site] = await db
    .select()
    .from(sites)
    .where(eq(sites.active, true))
    .orderBy(asc(sites.id))
    .limit(1)
  return site ?? null
}

export async function listSites(db: Executor): Promise<Site[]> {
  return db.select().from(sites).orderBy(asc(sites.id))
}

export async function insertSite(db: Executor, values: NewSite): Promise<Site> {
  const [site] = await db.insert(sites).values(values).returning()
  if (!site) throw new Error(`The database returned no site after inserting "${values.name}".`)
  return site
}

export async function updateSite(
  db: Executor,
  id: number,
  values: Partial<NewSite>,
): Promise<Site> {
  const [site] = await db.update(sites).set(values).where(eq(sites.id, id)).returning()
  if (!site) throw new Error(`Site ${id} disappeared while it was being updated.`)
  return site
}
