import { describe, expect, it } from 'vitest'
import { createDsnAdapter } from '../../server/bounces/providers/dsn.ts'
import { eventsOf, expectMalformed } from './expectations.ts'
import {
  abuseFeedbackReport,
  challengeResponseMail,
  deliveryStatusNotification,
  dsnWebhook,
  outOfOfficeReply,
} from './payloads/dsn.ts'
import { toWebhookRequest } from './payloads/webhookRequest.ts'

const now = new Date('2026-12-01T12:00:00Z')
const dsn = createDsnAdapter()

function receive(rawMessage: string) {
  return eventsOf(dsn.receive(toWebhookRequest(dsnWebhook(rawMessage), now)))
}

describe('delivery status notifications (RFC 3464)', () => {
  describe('classification', () => {
    it('reports a failed recipient with a 5.x.x status as a hard bounce', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
        originalMessageId: '<cm.42@mail.example.net>',
      })

      expect(await receive(raw)).toEqual([
        {
          providerEventId: '<20261201090005.4F1C2B3@mx.example.net>:0',
          kind: 'bounce',
          bounceType: 'hard',
          recipient: 'anna@example.org',
          contactMomentId: 42,
          messageId: '<cm.42@mail.example.net>',
          occurredAt: new Date('2026-12-01T09:00:01Z'),
          diagnostic:
            '5.1.1 smtp; 550 5.1.1 <anna@example.org>: Recipient address rejected: ' +
            'User unknown in virtual mailbox table',
          payload: {
            reportMessageId: '<20261201090005.4F1C2B3@mx.example.net>',
            perMessage: expect.objectContaining({ 'reporting-mta': 'dns; mx.example.net' }),
            recipient: expect.objectContaining({ action: 'failed', status: '5.1.1' }),
          },
        },
      ])
    })

    it('reports a failed recipient with a 4.x.x status as a soft bounce', async () => {
      const raw = deliveryStatusNotification({
        recipients: [
          {
            address: 'anna@example.org',
            status: '4.2.2',
            diagnosticCode: 'smtp; 452 4.2.2 Mailbox full',
          },
        ],
      })

      const [event] = await receive(raw)

      expect(event).toMatchObject({ kind: 'bounce', bounceType: 'soft' })
    })

    it('reads the class from the Diagnostic-Code when Status is missing', async () => {
      const raw = deliveryStatusNotification({
        recipients: [
          {
            address: 'anna@example.org',
            status: null,
            diagnosticCode: 'smtp; 421 4.7.0 Try later',
          },
        ],
      })

      const [event] = await receive(raw)

      expect(event).toMatchObject({ kind: 'bounce', bounceType: 'soft' })
    })

    it.each([
      ['delivered', 'delivery'],
      ['delayed', 'ignored'],
      ['relayed', 'ignored'],
      ['expanded', 'ignored'],
    ] as const)('reports action %s as %s', async (action, kind) => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org', action }],
      })

      const [event] = await receive(raw)

      expect(event).toMatchObject({ kind, bounceType: null })
    })

    it('reports one event per recipient block, numbered in order', async () => {
      const raw = deliveryStatusNotification({
        recipients: [
          { address: 'anna@example.org' },
          { address: 'bert@example.org', action: 'delayed' },
          { address: 'carla@example.org', status: '5.2.1' },
        ],
      })

      const events = await receive(raw)

      expect(
        events.map((event) => [event.providerEventId.slice(-2), event.recipient, event.kind]),
      ).toEqual([
        [':0', 'anna@example.org', 'bounce'],
        [':1', 'bert@example.org', 'ignored'],
        [':2', 'carla@example.org', 'bounce'],
      ])
    })

    it('names the recipient we sent to when the report gives an Original-Recipient', async () => {
      const raw = deliveryStatusNotification({
        recipients: [
          { address: 'anna.devries@mailhost.example.org', originalRecipient: 'anna@example.org' },
        ],
      })

      const [event] = await receive(raw)

      expect(event?.recipient).toBe('anna@example.org')
    })

    it('reads a delivery-status part sent in base64', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
        base64: true,
      })

      const [event] = await receive(raw)

      expect(event).toMatchObject({
        kind: 'bounce',
        bounceType: 'hard',
        recipient: 'anna@example.org',
      })
    })

    it('gives a report without Message-ID the same ids each time it is posted', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
        messageId: null,
      })

      const [first] = await receive(raw)
      const [again] = await receive(raw)

      expect(first?.providerEventId).toMatch(/^sha256:[0-9a-f]{64}:0$/)
      expect(again?.providerEventId).toBe(first?.providerEventId)
    })
  })

  describe('contact moment', () => {
    it('is read from X-SMP-Contact-Moment in the returned headers', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
        contactMoment: 4711,
      })

      const [event] = await receive(raw)

      expect(event?.contactMomentId).toBe(4711)
    })

    it('is read from the Message-ID of a returned full message, keeping its body out', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
        originalMessageId: '<cm.1234@mail.example.net>',
        originalPart: 'message/rfc822',
      })

      const [event] = await receive(raw)

      expect(event).toMatchObject({
        contactMomentId: 1234,
        messageId: '<cm.1234@mail.example.net>',
      })
      expect(JSON.stringify(event?.payload)).not.toContain('nieuws van december')
    })

    it('is null when the original was not returned', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
        originalPart: 'none',
      })

      const [event] = await receive(raw)

      expect(event).toMatchObject({ kind: 'bounce', contactMomentId: null, messageId: null })
    })
  })

  describe('mails that are not delivery status reports', () => {
    it('keep an out-of-office reply as one ignored event, linked by In-Reply-To', async () => {
      const raw = outOfOfficeReply({
        from: 'anna@example.org',
        inReplyTo: '<cm.42@mail.example.net>',
      })

      expect(await receive(raw)).toEqual([
        {
          providerEventId: '<AM0PR01MB0001.ooo@example.org>',
          kind: 'ignored',
          bounceType: null,
          recipient: 'anna@example.org',
          contactMomentId: 42,
          messageId: '<cm.42@mail.example.net>',
          occurredAt: new Date('2026-12-01T09:00:07Z'),
          diagnostic: 'Not a delivery status report (text/plain; Auto-Submitted: auto-replied).',
          payload: {
            reportMessageId: '<AM0PR01MB0001.ooo@example.org>',
            contentType: 'text/plain',
            autoSubmitted: 'auto-replied',
            inReplyTo: '<cm.42@mail.example.net>',
          },
        },
      ])
    })

    it('keep a challenge-response mail as one ignored event', async () => {
      const events = await receive(challengeResponseMail({ from: 'anna@example.org' }))

      expect(events).toEqual([
        expect.objectContaining({
          kind: 'ignored',
          recipient: 'anna@example.org',
          contactMomentId: 42,
        }),
      ])
    })

    it('keep a report of another type, such as an abuse report, as ignored', async () => {
      const events = await receive(abuseFeedbackReport({ originalRecipient: 'anna@example.org' }))

      expect(events).toEqual([
        expect.objectContaining({
          kind: 'ignored',
          diagnostic: 'Not a delivery status report (multipart/report).',
        }),
      ])
    })
  })

  describe('malformed messages', () => {
    it('are refused when empty or not a mail', async () => {
      await expectMalformed(receive(''), /does not start with a header section/)
      await expectMalformed(receive('{"bounce": true}'), /does not start with a header section/)
    })

    it('are refused when a delivery status report has no delivery-status part', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }],
      }).replace('Content-Type: message/delivery-status', 'Content-Type: text/plain')

      await expectMalformed(receive(raw), /no message\/delivery-status part/)
    })

    it('are refused when the report names no recipient', async () => {
      const raw = deliveryStatusNotification({ recipients: [] })

      await expectMalformed(receive(raw), /names no recipient/)
    })

    it('are refused when a recipient block lacks its Action, naming the block', async () => {
      const raw = deliveryStatusNotification({
        recipients: [{ address: 'anna@example.org' }, { address: 'bert@example.org' }],
      })
      const withoutSecondAction = raw.replace(
        /(rfc822; bert@example.org\r\nOriginal-Recipient: [^\r]*\r\n)Action: failed\r\n/,
        '$1',
      )

      await expectMalformed(receive(withoutSecondAction), /Recipient 2 .* has no Action field/)
    })
  })
})
