/**
 * Webhook endpoints for delivery events. Providers authenticate themselves (signatures,
 * Basic auth); the generic and DSN endpoints take an operator API key. An unknown recipient
 * is still answered 200, so that the provider stops retrying.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { operatorAuth, requireRole } from '../http/operatorAuth.ts'
import { badRequest, notFound, problemResponse, unauthorized } from '../http/problem.ts'
import { processDeliveryEvents } from './processDeliveryEvents.ts'
import {
  type ProviderAdapter,
  WebhookAuthenticationError,
  WebhookPayloadError,
} from './providers/provider.ts'

export type WebhookAdapters = Partial<Record<ProviderAdapter['name'], ProviderAdapter>>

/** Providers batch up to thousands of events per request. */
const maxWebhookBytes = 10 * 1024 * 1024

export function webhookRoutes(deps: {
  db: Database
  clock: Clock
  adapters: WebhookAdapters
  /** Fetches an SNS SubscribeURL once, which confirms the subscription. */
  confirmSubscription: (url: string) => Promise<void>
}) {
  const { db, clock } = deps
  const operator = [operatorAuth(deps), requireRole('editor')] as const

  const receive = (name: ProviderAdapter['name']) =>
    createMiddleware<AppEnv>(async (c) => {
      const adapter = deps.adapters[name]
      if (!adapter) throw notFound(`No ${name} webhook is configured on this server.`)

      const rawBody = await c.req.text()
      let outcome
      try {
        outcome = await adapter.receive({
          rawBody,
          header: (key) => c.req.header(key),
          now: clock(),
        })
      } catch (error) {
        if (error instanceof WebhookAuthenticationError) {
          // Logged without the body: it may be forged and it holds addresses.
          c.var.logger.warn({ provider: name, reason: error.message }, 'webhook refused')
          throw unauthorized(`The ${name} webhook could not be verified.`)
        }
        if (error instanceof WebhookPayloadError) throw badRequest(error.message)
        throw error
      }

      if (outcome.type === 'confirm-subscription') {
        await deps.confirmSubscription(outcome.subscribeUrl)
        c.var.logger.info({ provider: name }, 'subscription confirmed')
        return c.json({ confirmed: true })
      }

      const summary = await processDeliveryEvents(db, name, outcome.events, clock)
      c.var.logger.info({ provider: name, ...summary }, 'delivery events received')
      return c.json(summary)
    })

  return new Hono<AppEnv>()
    .use(
      '*',
      bodyLimit({
        maxSize: maxWebhookBytes,
        onError: () =>
          problemResponse({
            type: '/problems/body-too-large',
            title: 'The request body is too large',
            status: 413,
            detail: `Send at most ${maxWebhookBytes / 1024 / 1024} MB per request.`,
          }),
      }),
    )
    .post('/generic', ...operator, receive('generic'))
    .post('/dsn', ...operator, receive('dsn'))
    .post('/ses', receive('ses'))
    .post('/sendgrid', receive('sendgrid'))
    .post('/mailgun', receive('mailgun'))
    .post('/postmark', receive('postmark'))
}
