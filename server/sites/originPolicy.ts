/**
 * Which browser origins may call the public API: those configured for the whole server and
 * those of every active site. Read from the database at most once per `ttlMs`, so a site's
 * new origin works within seconds without a query per request.
 */
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { sites } from '../../db/schema/index.ts'

export interface OriginPolicy {
  allows(origin: string): Promise<boolean>
  /** Forget the cached origins, e.g. right after a site was changed. */
  refresh(): void
}

export function createOriginPolicy(
  db: Database,
  configuredOrigins: string[],
  ttlMs = 10_000,
): OriginPolicy {
  let cached: { origins: Set<string>; readAt: number } | null = null

  const siteOrigins = async () => {
    if (cached && Date.now() - cached.readAt < ttlMs) return cached.origins

    const rows = await db
      .select({ allowedOrigins: sites.allowedOrigins })
      .from(sites)
      .where(eq(sites.active, true))
    cached = { origins: new Set(rows.flatMap((row) => row.allowedOrigins)), readAt: Date.now() }
    return cached.origins
  }

  return {
    async allows(origin) {
      if (configuredOrigins.includes('*') || configuredOrigins.includes(origin)) return true
      return (await siteOrigins()).has(origin)
    },
    refresh() {
      cached = null
    },
  }
}
