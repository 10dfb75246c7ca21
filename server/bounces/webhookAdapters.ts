/**
 * The webhook adapters this server offers: generic JSON and DSN always (they take an operator
 * key), each provider's only when its secret is configured.
 */
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import { databaseNonceStore } from './nonceStore.ts'
import { createDsnAdapter } from './providers/dsn.ts'
import { createGenericAdapter } from './providers/generic.ts'
import { createMailgunAdapter } from './providers/mailgun.ts'
import { createPostmarkAdapter } from './providers/postmark.ts'
import { createSendgridAdapter } from './providers/sendgrid.ts'
import { createSesAdapter } from './providers/ses.ts'
import { fetchSnsCertificate } from './providers/snsCertificate.ts'
import type { WebhookAdapters } from './routes.ts'

export interface WebhookSettings {
  /** SNS topics whose notifications are accepted; empty accepts any topic. */
  sesTopicArns: string[] | null
  sendgridPublicKey: string | undefined
  mailgunSigningKey: string | undefined
  postmark: { user: string; password: string } | undefined
}

export function webhookAdapters(
  settings: WebhookSettings,
  deps: { db: Database; clock: Clock },
): WebhookAdapters {
  return {
    generic: createGenericAdapter(),
    dsn: createDsnAdapter(),
    ...(settings.sesTopicArns
      ? {
          ses: createSesAdapter({
            topicArns: settings.sesTopicArns,
            fetchCertificate: fetchSnsCertificate,
          }),
        }
      : {}),
    ...(settings.sendgridPublicKey
      ? { sendgrid: createSendgridAdapter({ publicKey: settings.sendgridPublicKey }) }
      : {}),
    ...(settings.mailgunSigningKey
      ? {
          mailgun: createMailgunAdapter({
            signingKey: settings.mailgunSigningKey,
            nonces: databaseNonceStore(deps.db, deps.clock),
          }),
        }
      : {}),
    ...(settings.postmark ? { postmark: createPostmarkAdapter(settings.postmark) } : {}),
  }
}
