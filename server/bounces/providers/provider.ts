/**
 * The shape every provider adapter has: check that a webhook request really comes from the
 * provider, then turn its body into delivery events. Adapters do no database work.
 */
import type { DeliveryEvent } from '../deliveryEvent.ts'

export interface WebhookRequest {
  /** The raw body exactly as received, for signatures computed over bytes. */
  rawBody: string
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined
  now: Date
}

/** Remembers one-time values such as Mailgun's webhook tokens, to refuse a replay. */
export interface NonceStore {
  /** True the first time a value is claimed, false every time after. */
  claim(provider: string, nonce: string): Promise<boolean>
}

export class WebhookAuthenticationError extends Error {
  override name = 'WebhookAuthenticationError'
}

export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError'
}

/** What the adapter asks of the server before events are processed. */
export type WebhookOutcome =
  | { type: 'events'; events: DeliveryEvent[] }
  /** SNS subscription confirmation: the server must fetch this URL once. */
  | { type: 'confirm-subscription'; subscribeUrl: string }

export interface ProviderAdapter {
  name: 'generic' | 'ses' | 'sendgrid' | 'mailgun' | 'postmark' | 'dsn'
  /**
   * Throws WebhookAuthenticationError for a request that is not the provider's and
   * WebhookPayloadError for a body that cannot be read.
   */
  receive(request: WebhookRequest): Promise<WebhookOutcome>
}
