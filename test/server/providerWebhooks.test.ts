import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseNonceStore } from '../../server/bounces/nonceStore.ts'
import { createDsnAdapter } from '../../server/bounces/providers/dsn.ts'
import { createGenericAdapter } from '../../server/bounces/providers/generic.ts'
import { createMailgunAdapter } from '../../server/bounces/providers/mailgun.ts'
import { createPostmarkAdapter } from '../../server/bounces/providers/postmark.ts'
import { createSendgridAdapter } from '../../server/bounces/providers/sendgrid.ts'
import { createSesAdapter } from '../../server/bounces/providers/ses.ts'
import { systemClock } from '../../server/clock.ts'
import { deliveryStatusNotification, dsnWebhook } from '../bounces/payloads/dsn.ts'
import { mailgunEventData, mailgunSigningKey, mailgunWebhook } from '../bounces/payloads/mailgun.ts'
import {
  postmarkBounce,
  postmarkCredentials,
  postmarkDelivery,
  postmarkWebhook,
} from '../bounces/payloads/postmark.ts'
import {
  createSendgridSigner,
  sendgridEvent,
  sendgridWebhook,
} from '../bounces/payloads/sendgrid.ts'
import {
  createSnsSigner,
  sesBounce,
  sesDelivery,
  sesTopicArn,
  snsNotification,
  snsSubscriptionConfirmation,
} from '../bounces/payloads/ses.ts'
import type { ProviderWebhook } from '../bounces/payloads/webhookRequest.ts'
import { expectProblem } from '../support/problems.ts'
import { bounceStateOf, createNamedPerson } from '../support/persons.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
const sns = createSnsSigner()
const sendgrid = createSendgridSigner()
const confirmedSubscriptions: string[] = []
let dsnId = 0

/** What each provider sends for a bounce or a delivery of `email` at `at`. */
const providers: Record<
  string,
  {
    bounce(email: string, at: Date): ProviderWebhook
    delivery(email: string, at: Date): ProviderWebhook
  }
> = {
  ses: {
    bounce: (email, at) => snsNotification(sns, sesBounce({ recipients: [email], sentAt: at })),
    delivery: (email, at) => snsNotification(sns, sesDelivery({ recipients: [email], sentAt: at })),
  },
  sendgrid: {
    bounce: (email, at) => sendgridWebhook(sendgrid, [sendgridEvent('bounce', { email, at })]),
    delivery: (email, at) => sendgridWebhook(sendgrid, [sendgridEvent('delivered', { email, at })]),
  },
  mailgun: {
    bounce: (email, at) => mailgunWebhook(mailgunEventData('failed', { recipient: email, at })),
    delivery: (email, at) =>
      mailgunWebhook(mailgunEventData('delivered', { recipient: email, at })),
  },
  postmark: {
    bounce: (email, at) => postmarkWebhook(postmarkBounce({ email, at, id: Date.now() + ++dsnId })),
    delivery: (email, at) => postmarkWebhook(postmarkDelivery({ email, at })),
  },
  dsn: {
    bounce: (email, at) => withOperatorKey(dsnWebhook(dsnFor(email, at, 'failed'))),
    delivery: (email, at) => withOperatorKey(dsnWebhook(dsnFor(email, at, 'delivered'))),
  },
}

/** Requests made without the provider's secret. */
const forgedRequests: Record<string, () => ProviderWebhook> = {
  ses: () => snsNotification(createSnsSigner(), sesBounce({ recipients: ['x@example.org'] })),
  sendgrid: () =>
    sendgridWebhook(createSendgridSigner(), [sendgridEvent('bounce', { email: 'x@example.org' })]),
  // Mailgun signs timestamp and token, not the body: only the key can be wrong.
  mailgun: () =>
    mailgunWebhook(mailgunEventData('failed', { recipient: 'x@example.org' }), {
      signingKey: 'not-the-signing-key',
    }),
  postmark: () =>
    postmarkWebhook(postmarkBounce({ email: 'x@example.org' }), { user: 'x', password: 'y' }),
  dsn: () => dsnWebhook(dsnFor('x@example.org', new Date(), 'failed')),
}

function dsnFor(address: string, at: Date, action: 'failed' | 'delivered') {
  return deliveryStatusNotification({
    recipients: [{ address, action }],
    messageId: `<dsn-${++dsnId}-${randomUUID()}@mx.example.net>`,
    at,
  })
}

function withOperatorKey(webhook: ProviderWebhook): ProviderWebhook {
  return { ...webhook, headers: { ...webhook.headers, authorization: `Bearer ${server.apiKey}` } }
}

beforeAll(async () => {
  server = await startTestServer({
    webhookAdapters: (db) => ({
      generic: createGenericAdapter(),
      dsn: createDsnAdapter(),
      ses: createSesAdapter({ topicArns: [sesTopicArn], fetchCertificate: sns.fetchCertificate }),
      sendgrid: createSendgridAdapter({ publicKey: sendgrid.publicKey }),
      postmark: createPostmarkAdapter(postmarkCredentials),
      mailgun: createMailgunAdapter({
        signingKey: mailgunSigningKey,
        nonces: databaseNonceStore(db, systemClock),
      }),
    }),
    confirmSubscription: async (url) => {
      confirmedSubscriptions.push(url)
    },
  })
})

afterAll(() => server.close())

function post(provider: string, webhook: ProviderWebhook) {
  return fetch(`${server.url}/webhooks/${provider}`, {
    method: 'POST',
    headers: webhook.headers,
    body: webhook.body,
  })
}

const newPerson = (name: string) => createNamedPerson(server, name)
const personState = (id: number) => bounceStateOf(server, id)

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

describe.each(Object.keys(providers))('%s webhooks', (provider) => {
  const send = providers[provider]!

  it('make a person a bouncer, not mailable, after three bounces; releasing restores mailable', async () => {
    const person = await newPerson(`Drie${provider}`)

    for (const minutes of [30, 20, 10]) {
      const response = await post(provider, send.bounce(person.email, minutesAgo(minutes)))
      expect(response.status).toBe(200)
    }

    expect(await personState(person.id)).toMatchObject({ bouncer: true, mailable: false })
    await server.api(`/api/v1/persons/${person.id}`, { method: 'PATCH', json: { bouncer: false } })
    expect(await personState(person.id)).toMatchObject({
      bouncer: false,
      mailable: true,
      emailValidity: 'valid',
    })
  })

  it('do not make a bouncer when a delivery came in between', async () => {
    const person = await newPerson(`Tussen${provider}`)

    await post(provider, send.bounce(person.email, minutesAgo(40)))
    await post(provider, send.delivery(person.email, minutesAgo(30)))
    await post(provider, send.bounce(person.email, minutesAgo(20)))
    await post(provider, send.bounce(person.email, minutesAgo(10)))

    expect(await personState(person.id)).toMatchObject({ bouncer: false, mailable: true })
  })

  it('refuse a request that is not the provider’s with 401', async () => {
    await expectProblem(await post(provider, forgedRequests[provider]!()), 401)
  })
})

describe('an SNS subscription', () => {
  it('is confirmed by fetching its signed SubscribeURL', async () => {
    const confirmation = snsSubscriptionConfirmation(sns)

    const response = await post('ses', confirmation)

    expect(response.status).toBe(200)
    expect(confirmedSubscriptions).toHaveLength(1)
    expect(confirmedSubscriptions[0]).toMatch(/^https:\/\/sns\.eu-west-1\.amazonaws\.com\//)
  })
})

describe('a replayed Mailgun webhook', () => {
  it('is refused the second time', async () => {
    const webhook = mailgunWebhook(
      mailgunEventData('delivered', { recipient: 'replay@example.org' }),
    )

    expect((await post('mailgun', webhook)).status).toBe(200)
    await expectProblem(await post('mailgun', webhook), 401)
  })
})

describe('a provider that is not configured', () => {
  it('answers 404', async () => {
    const bare = await startTestServer()
    try {
      const response = await fetch(`${bare.url}/webhooks/sendgrid`, { method: 'POST', body: '[]' })
      await expectProblem(response, 404)
    } finally {
      await bare.close()
    }
  })
})
