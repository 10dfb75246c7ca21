import { describe, expect, it } from 'vitest'
import { createMailgunAdapter } from '../../server/bounces/providers/mailgun.ts'
import { eventsOf, expectMalformed, expectUnauthenticated } from './expectations.ts'
import {
  type MailgunEventName,
  mailgunEventData,
  mailgunSigningKey,
  mailgunWebhook,
} from './payloads/mailgun.ts'
import { createMemoryNonceStore } from './payloads/memoryNonceStore.ts'
import { type ProviderWebhook, toWebhookRequest } from './payloads/webhookRequest.ts'

const now = new Date('2026-12-01T12:00:00Z')

function adapter(settings: { maxAgeSeconds?: number } = {}) {
  const nonces = createMemoryNonceStore()
  return createMailgunAdapter({ signingKey: mailgunSigningKey, nonces, ...settings })
}

function receive(webhook: ProviderWebhook, mailgun = adapter()) {
  return mailgun.receive(toWebhookRequest(webhook, now))
}

function signed(eventData: Record<string, unknown>, options: { token?: string } = {}) {
  return mailgunWebhook(eventData, { signedAt: now, ...options })
}

/** The webhook's JSON body with `change` applied, its signature untouched. */
function altered(webhook: ProviderWebhook, change: (body: any) => void): ProviderWebhook {
  const body = JSON.parse(webhook.body)
  change(body)
  return { ...webhook, body: JSON.stringify(body) }
}

describe('Mailgun webhooks', () => {
  describe('signature', () => {
    it('is accepted as HMAC-SHA256 of timestamp and token', async () => {
      const eventData = mailgunEventData('delivered', { recipient: 'anna@example.org' })

      expect(await eventsOf(receive(signed(eventData)))).toHaveLength(1)
    })

    it('is refused when made with another signing key', async () => {
      const eventData = mailgunEventData('failed', { recipient: 'anna@example.org' })
      const webhook = mailgunWebhook(eventData, { signingKey: 'not-our-key', signedAt: now })

      await expectUnauthenticated(receive(webhook), /signature does not verify/)
    })

    it('is refused when the token was changed after signing', async () => {
      const webhook = signed(mailgunEventData('failed', { recipient: 'anna@example.org' }))

      await expectUnauthenticated(
        receive(altered(webhook, (body) => (body.signature.token = 'f'.repeat(50)))),
        /signature does not verify/,
      )
    })

    it('is refused when the timestamp is older than five minutes', async () => {
      const eventData = mailgunEventData('failed', { recipient: 'anna@example.org' })
      const webhook = mailgunWebhook(eventData, { signedAt: new Date(now.getTime() - 301_000) })

      await expectUnauthenticated(receive(webhook), /timestamp is 301 s old/)
    })

    it('is refused when the timestamp lies too far ahead', async () => {
      const eventData = mailgunEventData('failed', { recipient: 'anna@example.org' })
      const webhook = mailgunWebhook(eventData, { signedAt: new Date(now.getTime() + 600_000) })

      await expectUnauthenticated(receive(webhook), /lies 600 s in the future/)
    })

    it('follows maxAgeSeconds when set', async () => {
      const eventData = mailgunEventData('failed', { recipient: 'anna@example.org' })
      const webhook = mailgunWebhook(eventData, { signedAt: new Date(now.getTime() - 61_000) })

      await expectUnauthenticated(receive(webhook, adapter({ maxAgeSeconds: 60 })), /61 s old/)
    })

    it('is refused when its token was used before', async () => {
      const mailgun = adapter()
      const token = 'c0ffee'.repeat(8)
      const first = signed(mailgunEventData('failed', { recipient: 'anna@example.org' }), { token })
      const replay = signed(mailgunEventData('delivered', { recipient: 'anna@example.org' }), {
        token,
      })

      expect(await eventsOf(receive(first, mailgun))).toHaveLength(1)
      await expectUnauthenticated(receive(first, mailgun), /token was used before/)
      await expectUnauthenticated(receive(replay, mailgun), /token was used before/)
    })

    it('claims no token for a forged request', async () => {
      const nonces = createMemoryNonceStore()
      const mailgun = createMailgunAdapter({ signingKey: mailgunSigningKey, nonces })
      const eventData = mailgunEventData('failed', { recipient: 'anna@example.org' })
      const forged = mailgunWebhook(eventData, { signingKey: 'guess', signedAt: now, token: 't1' })

      await expectUnauthenticated(receive(forged, mailgun), /signature does not verify/)
      expect(nonces.claimed).toEqual([])
    })
  })

  describe('classification', () => {
    it('reports a permanent failure as a hard bounce', async () => {
      const eventData = mailgunEventData('failed', {
        recipient: 'anna@example.org',
        severity: 'permanent',
        id: 'G9Bn5sl1TC6nu79C8C0bwg',
        at: new Date('2026-12-01T11:59:00.250Z'),
      })

      expect(await eventsOf(receive(signed(eventData)))).toEqual([
        {
          providerEventId: 'G9Bn5sl1TC6nu79C8C0bwg',
          kind: 'bounce',
          bounceType: 'hard',
          recipient: 'anna@example.org',
          contactMomentId: null,
          messageId: '20261201090000.1.A1B2C3D4E5F6@mg.example.net',
          occurredAt: new Date('2026-12-01T11:59:00.250Z'),
          diagnostic: '550 5.1.1 The email account that you tried to reach does not exist.',
          payload: eventData,
        },
      ])
    })

    it.each<[MailgunEventName, 'permanent' | 'temporary' | undefined, string, string | null]>([
      ['failed', 'temporary', 'bounce', 'soft'],
      ['delivered', undefined, 'delivery', null],
      ['complained', undefined, 'complaint', null],
      ['accepted', undefined, 'ignored', null],
      ['opened', undefined, 'ignored', null],
      ['clicked', undefined, 'ignored', null],
      ['unsubscribed', undefined, 'ignored', null],
    ])('reports %s (%s) as %s', async (name, severity, kind, bounceType) => {
      const eventData = mailgunEventData(name, {
        recipient: 'anna@example.org',
        ...(severity ? { severity } : {}),
      })

      const [event] = await eventsOf(receive(signed(eventData)))

      expect(event).toMatchObject({ kind, bounceType })
    })

    it('keeps the delivery status of a temporary failure as its diagnostic', async () => {
      const eventData = mailgunEventData('failed', {
        recipient: 'anna@example.org',
        severity: 'temporary',
      })

      const [event] = await eventsOf(receive(signed(eventData)))

      expect(event?.diagnostic).toBe(
        '452 4.2.2 The email account that you tried to reach is over quota.',
      )
    })
  })

  describe('contact moment', () => {
    it('is read from the smp_contact_moment user variable', async () => {
      const eventData = mailgunEventData('failed', {
        recipient: 'anna@example.org',
        contactMoment: 4711,
      })

      const [event] = await eventsOf(receive(signed(eventData)))

      expect(event?.contactMomentId).toBe(4711)
    })

    it('is read from the Message-ID our mailing issued, given without angle brackets', async () => {
      const eventData = mailgunEventData('delivered', {
        recipient: 'anna@example.org',
        messageId: 'cm.1234@mail.example.net',
      })

      const [event] = await eventsOf(receive(signed(eventData)))

      expect(event).toMatchObject({ contactMomentId: 1234, messageId: 'cm.1234@mail.example.net' })
    })

    it('is null without either', async () => {
      const eventData = mailgunEventData('complained', { recipient: 'anna@example.org' })

      const [event] = await eventsOf(receive(signed(eventData)))

      expect(event?.contactMomentId).toBeNull()
    })
  })

  describe('malformed bodies', () => {
    const posted = (body: string) => ({ body, headers: { 'Content-Type': 'application/json' } })

    it('are refused when not JSON', async () => {
      await expectMalformed(
        receive(posted('timestamp=1&token=2')),
        /Mailgun webhook body is not valid JSON/,
      )
    })

    it('are refused without a signature, naming what is missing', async () => {
      const body = JSON.stringify({
        'event-data': mailgunEventData('failed', { recipient: 'a@example.org' }),
      })

      await expectMalformed(receive(posted(body)), /signature is missing/)
    })

    it('are refused when the timestamp is not Unix seconds', async () => {
      const webhook = signed(mailgunEventData('failed', { recipient: 'anna@example.org' }))

      await expectMalformed(
        receive(altered(webhook, (body) => (body.signature.timestamp = 'yesterday'))),
        /signature\.timestamp/,
      )
    })

    it('are refused when the event data lacks its id', async () => {
      const eventData = mailgunEventData('failed', { recipient: 'anna@example.org' })
      delete eventData['id']

      await expectMalformed(receive(signed(eventData)), /event-data\.id is missing/)
    })
  })
})
