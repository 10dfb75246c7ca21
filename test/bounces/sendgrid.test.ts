import { describe, expect, it } from 'vitest'
import { createSendgridAdapter } from '../../server/bounces/providers/sendgrid.ts'
import { eventsOf, expectMalformed, expectUnauthenticated } from './expectations.ts'
import {
  createSendgridSigner,
  type SendgridEventName,
  sendgridEvent,
  sendgridWebhook,
} from './payloads/sendgrid.ts'
import { type ProviderWebhook, toWebhookRequest } from './payloads/webhookRequest.ts'

const now = new Date('2026-12-01T12:00:00Z')
const signer = createSendgridSigner()
const sendgrid = createSendgridAdapter({ publicKey: signer.publicKey })

function receive(webhook: ProviderWebhook, adapter = sendgrid) {
  return adapter.receive(toWebhookRequest(webhook, now))
}

function webhookOf(...events: Record<string, unknown>[]) {
  return sendgridWebhook(signer, events, { signedAt: now })
}

describe('SendGrid event webhook', () => {
  describe('signature', () => {
    it('is accepted over the timestamp header and the raw body', async () => {
      const events = await eventsOf(
        receive(webhookOf(sendgridEvent('delivered', { email: 'anna@example.org', at: now }))),
      )

      expect(events).toHaveLength(1)
    })

    it('may be checked with the key in PEM form', async () => {
      const pem = `-----BEGIN PUBLIC KEY-----\n${signer.publicKey}\n-----END PUBLIC KEY-----\n`
      const adapter = createSendgridAdapter({ publicKey: pem })

      const webhook = webhookOf(sendgridEvent('delivered', { email: 'anna@example.org' }))

      expect(await eventsOf(receive(webhook, adapter))).toHaveLength(1)
    })

    it('is refused when the body was changed after signing', async () => {
      const webhook = webhookOf(sendgridEvent('bounce', { email: 'anna@example.org' }))
      const body = webhook.body.replace('anna@example.org', 'bert@example.org')

      await expectUnauthenticated(receive({ ...webhook, body }), /signature does not verify/)
    })

    it('is refused when the timestamp header was changed after signing', async () => {
      const webhook = webhookOf(sendgridEvent('bounce', { email: 'anna@example.org' }))
      const headers = {
        ...webhook.headers,
        'X-Twilio-Email-Event-Webhook-Timestamp': String(now.getTime() / 1000 - 10),
      }

      await expectUnauthenticated(receive({ ...webhook, headers }), /signature does not verify/)
    })

    it('is refused when made with another key', async () => {
      const impostor = createSendgridSigner()
      const events = [sendgridEvent('bounce', { email: 'anna@example.org' })]

      await expectUnauthenticated(
        receive(sendgridWebhook(impostor, events, { signedAt: now })),
        /signature does not verify/,
      )
    })

    it('is refused when it is not a signature at all', async () => {
      const webhook = webhookOf(sendgridEvent('bounce', { email: 'anna@example.org' }))
      const headers = { ...webhook.headers, 'X-Twilio-Email-Event-Webhook-Signature': '!!!' }

      await expectUnauthenticated(receive({ ...webhook, headers }), /signature does not verify/)
    })

    it.each(['X-Twilio-Email-Event-Webhook-Signature', 'X-Twilio-Email-Event-Webhook-Timestamp'])(
      'is refused without the %s header',
      async (name) => {
        const webhook = webhookOf(sendgridEvent('bounce', { email: 'anna@example.org' }))
        const headers = { ...webhook.headers }
        delete headers[name as keyof typeof headers]

        await expectUnauthenticated(
          receive({ ...webhook, headers }),
          new RegExp(`lacks the ${name}`),
        )
      },
    )

    it('is refused when the timestamp is stale', async () => {
      const signedAt = new Date(now.getTime() - 301_000)
      const events = [sendgridEvent('bounce', { email: 'anna@example.org' })]

      await expectUnauthenticated(
        receive(sendgridWebhook(signer, events, { signedAt })),
        /timestamp is 301 s old; at most 300 s/,
      )
    })

    it('is refused when the timestamp lies too far ahead', async () => {
      const signedAt = new Date(now.getTime() + 3_600_000)
      const events = [sendgridEvent('bounce', { email: 'anna@example.org' })]

      await expectUnauthenticated(
        receive(sendgridWebhook(signer, events, { signedAt })),
        /lies 3600 s in the future/,
      )
    })

    it('accepts an older timestamp when maxAgeSeconds allows it', async () => {
      const adapter = createSendgridAdapter({ publicKey: signer.publicKey, maxAgeSeconds: 900 })
      const signedAt = new Date(now.getTime() - 600_000)
      const events = [sendgridEvent('bounce', { email: 'anna@example.org' })]

      expect(
        await eventsOf(receive(sendgridWebhook(signer, events, { signedAt }), adapter)),
      ).toHaveLength(1)
    })

    it('needs an ECDSA P-256 key to be configured', () => {
      expect(() => createSendgridAdapter({ publicKey: 'bm90IGEga2V5' })).toThrow(/base64 DER/)
    })
  })

  describe('classification', () => {
    it('reports a bounce of type bounce as hard', async () => {
      const event = sendgridEvent('bounce', { email: 'anna@example.org', at: now, eventId: 'e1' })

      expect(await eventsOf(receive(webhookOf(event)))).toEqual([
        {
          providerEventId: 'e1',
          kind: 'bounce',
          bounceType: 'hard',
          recipient: 'anna@example.org',
          contactMomentId: null,
          messageId: '<14c5d75ce93.dfd.64b469@ismtpd-555>',
          occurredAt: now,
          diagnostic: '5.1.1 550 5.1.1 The email account that you tried to reach does not exist.',
          payload: event,
        },
      ])
    })

    it.each<[SendgridEventName, string, string | null]>([
      ['blocked', 'bounce', 'soft'],
      ['delivered', 'delivery', null],
      ['spamreport', 'complaint', null],
      ['deferred', 'ignored', null],
      ['dropped', 'ignored', null],
      ['processed', 'ignored', null],
      ['open', 'ignored', null],
      ['click', 'ignored', null],
      ['unsubscribe', 'ignored', null],
    ])('reports %s as %s', async (name, kind, bounceType) => {
      const [event] = await eventsOf(
        receive(webhookOf(sendgridEvent(name, { email: 'anna@example.org' }))),
      )

      expect(event).toMatchObject({ kind, bounceType })
    })

    it('reports an event name it does not know as ignored, even one like constructor', async () => {
      const event = { ...sendgridEvent('processed', { email: 'anna@example.org' }) }
      event['event'] = 'constructor'

      const [received] = await eventsOf(receive(webhookOf(event)))

      expect(received).toMatchObject({ kind: 'ignored', bounceType: null })
    })

    it('takes a 4.x.x status as soft when a bounce has no type', async () => {
      const event = sendgridEvent('bounce', { email: 'anna@example.org' })
      delete event['type']
      event['status'] = '4.4.1'

      const [received] = await eventsOf(receive(webhookOf(event)))

      expect(received).toMatchObject({ kind: 'bounce', bounceType: 'soft' })
    })

    it('reads a batch of 1,000 events in order', async () => {
      const names: SendgridEventName[] = ['processed', 'delivered', 'bounce', 'blocked', 'open']
      const batch = Array.from({ length: 1000 }, (_, index) =>
        sendgridEvent(names[index % names.length] ?? 'processed', {
          email: `person${index}@example.org`,
          contactMoment: 10_000 + index,
          eventId: `event-${index}`,
          at: new Date(now.getTime() - (1000 - index) * 1000),
        }),
      )

      const events = await eventsOf(receive(webhookOf(...batch)))

      expect(events).toHaveLength(1000)
      expect(events.map((event) => event.providerEventId)).toEqual(
        batch.map((event) => event['sg_event_id']),
      )
      const count = (kind: string, bounceType: string | null = null) =>
        events.filter((event) => event.kind === kind && event.bounceType === bounceType).length
      expect([
        count('ignored'),
        count('delivery'),
        count('bounce', 'hard'),
        count('bounce', 'soft'),
      ]).toEqual([400, 200, 200, 200])
      expect(events[999]).toMatchObject({
        recipient: 'person999@example.org',
        contactMomentId: 10_999,
      })
    })
  })

  describe('contact moment', () => {
    it('is read from the smp_contact_moment custom arg', async () => {
      const event = sendgridEvent('bounce', { email: 'anna@example.org', contactMoment: 4711 })

      const [received] = await eventsOf(receive(webhookOf(event)))

      expect(received?.contactMomentId).toBe(4711)
    })

    it('is read from the Message-ID our mailing issued, returned as smtp-id', async () => {
      const smtpId = '<cm.1234@mail.example.net>'
      const event = sendgridEvent('delivered', { email: 'anna@example.org', smtpId })

      const [received] = await eventsOf(receive(webhookOf(event)))

      expect(received).toMatchObject({ contactMomentId: 1234, messageId: smtpId })
    })

    it('is null without either', async () => {
      const [received] = await eventsOf(
        receive(webhookOf(sendgridEvent('spamreport', { email: 'anna@example.org' }))),
      )

      expect(received?.contactMomentId).toBeNull()
    })
  })

  describe('malformed bodies', () => {
    it('are refused when not JSON, once the signature holds', async () => {
      const webhook = sendgridWebhook(signer, [], { signedAt: now, body: '{"email":' })

      await expectMalformed(receive(webhook), /SendGrid event batch is not valid JSON/)
    })

    it('are refused when not an array', async () => {
      const body = JSON.stringify(sendgridEvent('bounce', { email: 'anna@example.org' }))

      await expectMalformed(
        receive(sendgridWebhook(signer, [], { signedAt: now, body })),
        /the body should be Array/,
      )
    })

    it('are refused naming the event and field that is wrong', async () => {
      const good = sendgridEvent('delivered', { email: 'anna@example.org' })
      const { sg_event_id: _, ...withoutId } = sendgridEvent('bounce', { email: 'b@example.org' })
      const badTime = { ...good, timestamp: 'yesterday' }

      await expectMalformed(
        receive(webhookOf(good, withoutId, badTime)),
        /\[1\]\.sg_event_id is missing; \[2\]\.timestamp should be number/,
      )
    })

    it('are accepted as no events when the batch is empty', async () => {
      expect(await eventsOf(receive(webhookOf()))).toEqual([])
    })
  })
})
