import { describe, expect, it } from 'vitest'
import { createPostmarkAdapter } from '../../server/bounces/providers/postmark.ts'
import { eventsOf, expectMalformed, expectUnauthenticated } from './expectations.ts'
import {
  type PostmarkBounceType,
  postmarkBounce,
  postmarkCredentials,
  postmarkDelivery,
  postmarkOpen,
  postmarkSpamComplaint,
  postmarkWebhook,
} from './payloads/postmark.ts'
import { type ProviderWebhook, toWebhookRequest } from './payloads/webhookRequest.ts'

const now = new Date('2026-12-01T12:00:00Z')
const postmark = createPostmarkAdapter(postmarkCredentials)

function receive(webhook: ProviderWebhook) {
  return postmark.receive(toWebhookRequest(webhook, now))
}

describe('Postmark webhooks', () => {
  describe('Basic credentials', () => {
    it('are accepted when user and password match', async () => {
      const webhook = postmarkWebhook(postmarkBounce({ email: 'anna@example.org' }))

      expect(await eventsOf(receive(webhook))).toHaveLength(1)
    })

    it.each([
      ['a wrong password', { ...postmarkCredentials, password: 'Zq4!kM8#rT2x' }],
      ['a wrong user', { ...postmarkCredentials, user: 'postmark' }],
      ['an empty password', { ...postmarkCredentials, password: '' }],
    ])('are refused with %s', async (_, credentials) => {
      const webhook = postmarkWebhook(postmarkBounce({ email: 'anna@example.org' }), credentials)

      await expectUnauthenticated(receive(webhook), /Basic credentials are wrong/)
    })

    it.each([
      ['without an Authorization header', undefined],
      ['with a Bearer token', 'Bearer abc'],
      ['with credentials that are not base64', 'Basic ###'],
    ])('are refused %s', async (_, authorization) => {
      const webhook = postmarkWebhook(postmarkBounce({ email: 'anna@example.org' }))
      const headers: Record<string, string> = { 'Content-Type': 'application/json' }
      if (authorization) headers['Authorization'] = authorization

      await expectUnauthenticated(receive({ ...webhook, headers }), /lacks Basic credentials/)
    })

    it('are checked before the body is read', async () => {
      const webhook = postmarkWebhook(postmarkBounce({ email: 'anna@example.org' }), {
        user: 'x',
        password: 'y',
      })

      await expectUnauthenticated(receive({ ...webhook, body: 'not json' }), /credentials/)
    })
  })

  describe('classification', () => {
    it('reports a HardBounce as hard, without the bounce dump', async () => {
      const record = postmarkBounce({
        email: 'anna@example.org',
        type: 'HardBounce',
        id: 4323372036,
        at: now,
      })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event).toEqual({
        providerEventId: '4323372036',
        kind: 'bounce',
        bounceType: 'hard',
        recipient: 'anna@example.org',
        contactMomentId: null,
        messageId: '883953f4-6105-42a2-a16a-77a8eac79483',
        occurredAt: now,
        diagnostic: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
        payload: expect.not.objectContaining({ Content: expect.anything() }),
      })
      expect(event?.payload).toMatchObject({ Type: 'HardBounce', Email: 'anna@example.org' })
    })

    it.each<[PostmarkBounceType, string, string | null]>([
      ['BadEmailAddress', 'bounce', 'hard'],
      ['ManuallyDeactivated', 'bounce', 'hard'],
      ['SoftBounce', 'bounce', 'soft'],
      ['Transient', 'bounce', 'soft'],
      ['DnsError', 'bounce', 'soft'],
      ['Blocked', 'bounce', 'soft'],
      ['Unknown', 'bounce', 'soft'],
      ['SpamNotification', 'complaint', null],
      ['SpamComplaint', 'complaint', null],
      ['AutoResponder', 'ignored', null],
      ['ChallengeVerification', 'ignored', null],
      ['Subscribe', 'ignored', null],
      ['Unsubscribe', 'ignored', null],
      ['OpenRelayTest', 'ignored', null],
      ['AddressChange', 'ignored', null],
      ['VirusNotification', 'ignored', null],
    ])('reports a %s as %s', async (type, kind, bounceType) => {
      const record = postmarkBounce({ email: 'anna@example.org', type })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event).toMatchObject({ kind, bounceType })
    })

    it.each(['QuantumFault', 'toString'])(
      'reports a bounce type Postmark adds later (%s) as soft',
      async (type) => {
        const record = { ...postmarkBounce({ email: 'anna@example.org' }), Type: type }

        const [event] = await eventsOf(receive(postmarkWebhook(record)))

        expect(event).toMatchObject({ kind: 'bounce', bounceType: 'soft' })
      },
    )

    it('reports a SpamComplaint record as a complaint', async () => {
      const record = postmarkSpamComplaint({ email: 'anna@example.org', id: 692560173 })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event).toMatchObject({
        providerEventId: '692560173',
        kind: 'complaint',
        recipient: 'anna@example.org',
      })
    })

    it('reports a Delivery with an id per message and recipient', async () => {
      const record = postmarkDelivery({
        email: 'Anna@Example.org',
        messageId: '00000000-0000-4000-8000-000000000001',
        at: now,
      })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event).toEqual({
        providerEventId: '00000000-0000-4000-8000-000000000001:anna@example.org',
        kind: 'delivery',
        bounceType: null,
        recipient: 'Anna@Example.org',
        contactMomentId: null,
        messageId: '00000000-0000-4000-8000-000000000001',
        occurredAt: now,
        diagnostic: null,
        payload: record,
      })
    })

    it('keeps other record types, such as an open, as ignored', async () => {
      const record = postmarkOpen({ email: 'anna@example.org', at: now })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event).toMatchObject({
        kind: 'ignored',
        recipient: 'anna@example.org',
        diagnostic: 'Open',
        occurredAt: now,
      })
      expect(event?.providerEventId).toMatch(/^Open:[0-9a-f]{64}$/)
    })

    it('keeps every digit of a bounce id too large for a JavaScript number', async () => {
      const record = postmarkBounce({ email: 'anna@example.org' })
      const body = JSON.stringify(record).replace('"ID":4323372036', '"ID":4323372036854775807')

      const [event] = await eventsOf(receive({ ...postmarkWebhook(record), body }))

      expect(event?.providerEventId).toBe('4323372036854775807')
    })
  })

  describe('contact moment', () => {
    it('is read from Metadata.smp_contact_moment on a bounce', async () => {
      const record = postmarkBounce({ email: 'anna@example.org', contactMoment: 4711 })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event?.contactMomentId).toBe(4711)
    })

    it('is read from Metadata.smp_contact_moment on a delivery', async () => {
      const record = postmarkDelivery({ email: 'anna@example.org', contactMoment: 815 })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event?.contactMomentId).toBe(815)
    })

    it('is null when the metadata has none', async () => {
      const record = postmarkSpamComplaint({ email: 'anna@example.org' })

      const [event] = await eventsOf(receive(postmarkWebhook(record)))

      expect(event?.contactMomentId).toBeNull()
    })
  })

  describe('malformed bodies', () => {
    it('are refused when not JSON', async () => {
      const webhook = postmarkWebhook({})

      await expectMalformed(
        receive({ ...webhook, body: '<Bounce/>' }),
        /Postmark webhook body is not valid JSON/,
      )
    })

    it('are refused without a RecordType', async () => {
      const { RecordType: _, ...record } = postmarkBounce({ email: 'anna@example.org' })

      await expectMalformed(receive(postmarkWebhook(record)), /RecordType is missing/)
    })

    it('are refused when a bounce lacks its Email, naming it', async () => {
      const { Email: _, ...record } = postmarkBounce({ email: 'anna@example.org' })

      await expectMalformed(
        receive(postmarkWebhook(record)),
        /Postmark Bounce record is not valid: Email is missing/,
      )
    })

    it('are refused when a delivery lacks its MessageID', async () => {
      const { MessageID: _, ...record } = postmarkDelivery({ email: 'anna@example.org' })

      await expectMalformed(receive(postmarkWebhook(record)), /MessageID is missing/)
    })
  })
})
