/** How sites are shown: in full to operators, and the public part to visitors. */
import type { Site } from '../../db/schema/index.ts'

export function presentSiteToOperator(site: Site) {
  return {
    name: site.name,
    publicKey: site.publicKey,
    allowedOrigins: site.allowedOrigins,
    privacyStatementUrl: site.privacyStatementUrl,
    active: site.active,
    createdAt: site.createdAt.toISOString(),
  }
}

/** A relative privacy-statement address is resolved against this server's public address. */
export function presentSiteToVisitor(site: Site, publicUrl: string) {
  return {
    name: site.name,
    privacyStatementUrl: new URL(site.privacyStatementUrl, `${publicUrl}/`).href,
  }
}
