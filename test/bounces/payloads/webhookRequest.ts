/** A webhook as a provider would send it, usable both as an adapter's request and over HTTP. */
import type { WebhookRequest } from '../../../server/bounces/providers/provider.ts'

export interface ProviderWebhook {
  body: string
  /** Headers as the provider sends them, Content-Type included. */
  headers: Record<string, string>
}

/** The adapter's view of the webhook, received at `now`. */
export function toWebhookRequest(webhook: ProviderWebhook, now = new Date()): WebhookRequest {
  const headers = new Map(
    Object.entries(webhook.headers).map(([name, value]) => [name.toLowerCase(), value]),
  )
  return { rawBody: webhook.body, header: (name) => headers.get(name.toLowerCase()), now }
}
