import { beforeAll, describe, expect, it } from 'vitest'
import { createSesAdapter } from '../../server/bounces/providers/ses.ts'
import { isSnsCertificateUrl } from '../../server/bounces/providers/snsSignature.ts'
import { fetchSnsCertificate } from '../../server/bounces/providers/snsCertificate.ts'
import { eventsOf, expectMalformed, expectUnauthenticated } from './expectations.ts'
import {
  createSnsSigner,
  sesBounce,
  sesComplaint,
  sesDelivery,
  sesTopicArn,
  type SnsSigner,
  snsNotification,
  snsSubscriptionConfirmation,
} from './payloads/ses.ts'
import { type ProviderWebhook, toWebhookRequest } from './payloads/webhookRequest.ts'

const sentAt = new Date('2026-12-01T09:00:00.000Z')

let signer: SnsSigner
let impostor: SnsSigner

beforeAll(() => {
  signer = createSnsSigner()
  impostor = createSnsSigner()
})

function adapter(topicArns = [sesTopicArn], fetchCertificate = signer.fetchCertificate) {
  return createSesAdapter({ topicArns, fetchCertificate })
}

function receive(webhook: ProviderWebhook, ses = adapter()) {
  return ses.receive(toWebhookRequest(webhook))
}

/** The webhook with fields of its SNS envelope replaced after it was signed. */
function altered(webhook: ProviderWebhook, fields: Record<string, unknown>): ProviderWebhook {
  return { ...webhook, body: JSON.stringify({ ...JSON.parse(webhook.body), ...fields }) }
}

describe('Amazon SES notifications through SNS', () => {
  describe('signature', () => {
    it.each(['1', '2'] as const)('is accepted in SignatureVersion %s', async (signatureVersion) => {
      const message = sesBounce({ recipients: ['anna@example.org'], sentAt })
      const webhook = snsNotification(signer, message, { signatureVersion })

      const events = await eventsOf(receive(webhook))

      expect(events).toHaveLength(1)
    })

    it('is verified with a Subject in the signed fields', async () => {
      const message = sesDelivery({ recipients: ['anna@example.org'], sentAt })
      const webhook = snsNotification(signer, message, { subject: 'Amazon SES Email Event' })

      expect(await eventsOf(receive(webhook))).toHaveLength(1)
    })

    it('is refused when the Message was changed after signing', async () => {
      const webhook = snsNotification(signer, sesBounce({ recipients: ['anna@example.org'] }))
      const message = sesBounce({ recipients: ['someone-else@example.org'] })

      await expectUnauthenticated(
        receive(altered(webhook, { Message: JSON.stringify(message) })),
        /signature does not verify/,
      )
    })

    it('is refused when made with another key', async () => {
      const webhook = snsNotification(impostor, sesBounce({ recipients: ['anna@example.org'] }))

      await expectUnauthenticated(receive(webhook), /signature does not verify/)
    })

    it('is refused when it is not base64 of the right length', async () => {
      const webhook = snsNotification(signer, sesBounce({ recipients: ['anna@example.org'] }))

      await expectUnauthenticated(
        receive(altered(webhook, { Signature: 'bm90IGEgc2lnbmF0dXJl' })),
        /signature does not verify/,
      )
    })

    it('is refused when the certificate served is not a certificate', async () => {
      const webhook = snsNotification(signer, sesBounce({ recipients: ['anna@example.org'] }))
      const ses = adapter([sesTopicArn], async () => '<html>Not found</html>')

      await expectUnauthenticated(receive(webhook, ses), /certificate cannot be read/)
    })
  })

  describe('certificate URL', () => {
    it.each([
      ['http, not https', 'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem'],
      ['a host that only starts like SNS', 'https://sns.eu-west-1.amazonaws.com.example.org/c.pem'],
      ['another AWS service', 'https://s3.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem'],
      ['an unrelated host', 'https://certificates.example.org/SimpleNotificationService-1.pem'],
      [
        'an explicit port',
        'https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-1.pem',
      ],
      ['credentials', 'https://user@sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem'],
      [
        'a file that is not .pem',
        'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1',
      ],
      ['no URL at all', 'SimpleNotificationService-1.pem'],
    ])('with %s is refused before anything is fetched', async (_, certificateUrl) => {
      const fetchedBefore = signer.fetchedUrls.length
      const message = sesBounce({ recipients: ['anna@example.org'] })
      const webhook = snsNotification(signer, message, { certificateUrl })

      await expectUnauthenticated(receive(webhook), /SigningCertURL is not an https \.pem URL/)
      expect(signer.fetchedUrls.length).toBe(fetchedBefore)
    })

    it('may be on a regional or a China SNS host', () => {
      expect(isSnsCertificateUrl('https://sns.us-gov-west-1.amazonaws.com/S-1.pem')).toBe(true)
      expect(isSnsCertificateUrl('https://sns.cn-north-1.amazonaws.com.cn/S-1.pem')).toBe(true)
      expect(isSnsCertificateUrl('https://sns.amazonaws.com/S-1.pem')).toBe(false)
      expect(isSnsCertificateUrl('https://SNS.eu-west-1.amazonaws.com/S-1.pem')).toBe(true)
    })

    it('is fetched once and then taken from the cache', async () => {
      const fetched: string[] = []
      const ses = adapter([sesTopicArn], async (url) => {
        fetched.push(url)
        return signer.certificatePem
      })

      await receive(snsNotification(signer, sesDelivery({ recipients: ['a@example.org'] })), ses)
      await receive(snsNotification(signer, sesDelivery({ recipients: ['b@example.org'] })), ses)

      expect(fetched).toEqual([signer.certificateUrl])
    })

    it('is fetched again after a failed fetch', async () => {
      let attempts = 0
      const ses = adapter([sesTopicArn], async () => {
        attempts += 1
        if (attempts === 1) throw new Error('connection reset')
        return signer.certificatePem
      })
      const webhook = snsNotification(signer, sesDelivery({ recipients: ['a@example.org'] }))

      await expect(receive(webhook, ses)).rejects.toThrow('connection reset')
      expect(await eventsOf(receive(webhook, ses))).toHaveLength(1)
      expect(attempts).toBe(2)
    })

    it('is refused by the default fetcher off SNS hosts, without connecting', async () => {
      await expect(fetchSnsCertificate('https://127.0.0.1/cert.pem')).rejects.toThrow(
        /not on an SNS host/,
      )
    })
  })

  describe('topic', () => {
    it('is refused when not one of the configured topics, before fetching', async () => {
      const fetched: string[] = []
      const ses = adapter([sesTopicArn], async (url) => {
        fetched.push(url)
        return signer.certificatePem
      })
      const topicArn = 'arn:aws:sns:eu-west-1:999999999999:someone-elses-topic'
      const webhook = snsNotification(signer, sesDelivery({ recipients: ['a@example.org'] }), {
        topicArn,
      })

      await expectUnauthenticated(receive(webhook, ses), /topic .*someone-elses-topic is not/)
      expect(fetched).toEqual([])
    })

    it('may be any topic when none is configured', async () => {
      const topicArn = 'arn:aws:sns:eu-west-1:123456789012:another-topic'
      const webhook = snsNotification(signer, sesDelivery({ recipients: ['a@example.org'] }), {
        topicArn,
      })

      expect(await eventsOf(receive(webhook, adapter([])))).toHaveLength(1)
    })
  })

  describe('subscription', () => {
    it('asks the server to confirm a signed SubscriptionConfirmation', async () => {
      const webhook = snsSubscriptionConfirmation(signer, { signatureVersion: '2' })
      const { SubscribeURL } = JSON.parse(webhook.body) as { SubscribeURL: string }

      expect(await receive(webhook)).toEqual({
        type: 'confirm-subscription',
        subscribeUrl: SubscribeURL,
      })
    })

    it('is refused when the SubscribeURL was changed after signing', async () => {
      const webhook = snsSubscriptionConfirmation(signer)

      await expectUnauthenticated(
        receive(altered(webhook, { SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?x=1' })),
        /signature does not verify/,
      )
    })

    it('is refused when its SubscribeURL points away from SNS, even signed', async () => {
      const webhook = snsSubscriptionConfirmation(signer, {
        subscribeUrl: 'http://127.0.0.1:8080/admin/delete-everything',
      })

      await expectMalformed(receive(webhook), /SubscribeURL is not an https URL on an SNS host/)
    })

    it('is refused for a topic not configured', async () => {
      const webhook = snsSubscriptionConfirmation(signer, {
        topicArn: 'arn:aws:sns:us-east-1:999999999999:stranger',
      })

      await expectUnauthenticated(receive(webhook), /topic .* is not one this server subscribed/)
    })

    it('reports no events for an UnsubscribeConfirmation', async () => {
      const webhook = snsSubscriptionConfirmation(signer, { unsubscribe: true })

      expect(await receive(webhook)).toEqual({ type: 'events', events: [] })
    })
  })

  describe('classification', () => {
    it('reports a Permanent bounce as hard, one event per bounced recipient', async () => {
      const recipients = ['anna@example.org', 'bert@example.org']
      const message = sesBounce({ recipients, bounceType: 'Permanent', sentAt })
      const webhook = snsNotification(signer, message, { messageId: 'sns-message-1' })

      const events = await eventsOf(receive(webhook))

      expect(events).toEqual([
        {
          providerEventId: 'sns-message-1:0',
          kind: 'bounce',
          bounceType: 'hard',
          recipient: 'anna@example.org',
          contactMomentId: null,
          messageId: '<0102017f1234abcd-5e6f7a8b@eu-west-1.amazonses.com>',
          occurredAt: new Date('2026-12-01T09:00:02.000Z'),
          diagnostic:
            '5.1.1 smtp; 550 5.1.1 <anna@example.org>: Recipient address rejected: User unknown',
          payload: message,
        },
        expect.objectContaining({
          providerEventId: 'sns-message-1:1',
          recipient: 'bert@example.org',
          bounceType: 'hard',
        }),
      ])
    })

    it.each(['Transient', 'Undetermined'] as const)(
      'reports a %s bounce as soft',
      async (bounceType) => {
        const message = sesBounce({ recipients: ['anna@example.org'], bounceType })

        const [event] = await eventsOf(receive(snsNotification(signer, message)))

        expect(event).toMatchObject({ kind: 'bounce', bounceType: 'soft' })
        expect(event?.diagnostic).toMatch(/^4\.2\.2 /)
      },
    )

    it('reports a complaint per complained recipient', async () => {
      const message = sesComplaint({ recipients: ['anna@example.org'], sentAt })

      const events = await eventsOf(receive(snsNotification(signer, message)))

      expect(events).toEqual([
        expect.objectContaining({
          kind: 'complaint',
          bounceType: null,
          recipient: 'anna@example.org',
          occurredAt: new Date('2026-12-01T10:00:00.000Z'),
          diagnostic: 'abuse',
        }),
      ])
    })

    it('does not count a "not-spam" feedback report as a complaint', async () => {
      const message = sesComplaint({ recipients: ['anna@example.org'], feedbackType: 'not-spam' })

      const [event] = await eventsOf(receive(snsNotification(signer, message)))

      expect(event?.kind).toBe('ignored')
    })

    it('reports a delivery per recipient', async () => {
      const recipients = ['anna@example.org', 'bert@example.org', 'carla@example.org']
      const message = sesDelivery({ recipients, sentAt, publishing: 'event' })

      const events = await eventsOf(receive(snsNotification(signer, message)))

      expect(events.map((event) => [event.kind, event.recipient])).toEqual([
        ['delivery', 'anna@example.org'],
        ['delivery', 'bert@example.org'],
        ['delivery', 'carla@example.org'],
      ])
      expect(events[0]?.occurredAt).toEqual(new Date('2026-12-01T09:00:01.000Z'))
    })

    it('keeps other published events, such as a delivery delay, as ignored', async () => {
      const { delivery: _, ...published } = sesDelivery({
        recipients: ['anna@example.org'],
        publishing: 'event',
      })
      const message = {
        ...published,
        eventType: 'DeliveryDelay',
        deliveryDelay: { delayType: 'MailboxFull', delayedRecipients: [] },
      }

      const events = await eventsOf(receive(snsNotification(signer, message)))

      expect(events).toEqual([
        expect.objectContaining({
          kind: 'ignored',
          recipient: 'anna@example.org',
          diagnostic: 'DeliveryDelay',
        }),
      ])
    })

    it('reports nothing for the test message SES sends when the topic is attached', async () => {
      const message = {
        notificationType: 'AmazonSnsSubscriptionSucceeded',
        message:
          `You have successfully subscribed your Amazon SNS topic '${sesTopicArn}' to receive ` +
          `'Bounce' notifications from Amazon SES for identity 'mail.example.net'.`,
      }

      expect(await eventsOf(receive(snsNotification(signer, message)))).toEqual([])
    })
  })

  describe('contact moment', () => {
    it('is read from the smp_contact_moment message tag', async () => {
      const message = sesBounce({ recipients: ['anna@example.org'], contactMomentTag: 4711 })

      const [event] = await eventsOf(receive(snsNotification(signer, message)))

      expect(event?.contactMomentId).toBe(4711)
    })

    it('is read from the X-SMP-Contact-Moment header', async () => {
      const message = sesBounce({ recipients: ['anna@example.org'], contactMomentHeader: 815 })

      const [event] = await eventsOf(receive(snsNotification(signer, message)))

      expect(event?.contactMomentId).toBe(815)
    })

    it('is read from the Message-ID our mailing issued', async () => {
      const messageId = '<cm.1234@mail.example.net>'
      const message = sesComplaint({ recipients: ['anna@example.org'], messageId })

      const [event] = await eventsOf(receive(snsNotification(signer, message)))

      expect(event).toMatchObject({ contactMomentId: 1234, messageId })
    })

    it('is read from commonHeaders when the headers list was left out', async () => {
      const message = sesDelivery({
        recipients: ['anna@example.org'],
        messageId: '<cm.77@mail.example.net>',
      })
      const mail = message['mail'] as Record<string, unknown>
      delete mail['headers']

      const [event] = await eventsOf(receive(snsNotification(signer, message)))

      expect(event).toMatchObject({ contactMomentId: 77, messageId: '<cm.77@mail.example.net>' })
    })

    it('is null when the mail carries none of them', async () => {
      const message = sesBounce({ recipients: ['anna@example.org'] })

      const [event] = await eventsOf(receive(snsNotification(signer, message)))

      expect(event?.contactMomentId).toBeNull()
    })
  })

  describe('malformed bodies', () => {
    const request = (body: string) => ({ body, headers: { 'Content-Type': 'text/plain' } })

    it('are refused when not JSON', async () => {
      await expectMalformed(receive(request('Type=Notification')), /SNS message is not valid JSON/)
    })

    it('are refused when a signed field is missing, naming it', async () => {
      const webhook = snsNotification(signer, sesBounce({ recipients: ['anna@example.org'] }))
      const { Signature: _, ...unsigned } = JSON.parse(webhook.body) as Record<string, unknown>

      await expectMalformed(receive(request(JSON.stringify(unsigned))), /Signature is missing/)
    })

    it('are refused with an unknown Type or SignatureVersion', async () => {
      const webhook = snsNotification(signer, sesBounce({ recipients: ['anna@example.org'] }))

      await expectMalformed(receive(altered(webhook, { Type: 'Surprise' })), /Type should be/)
      await expectMalformed(
        receive(altered(webhook, { SignatureVersion: '3' })),
        /SignatureVersion should be "1" \| "2"/,
      )
    })

    it('are refused when the signed Message is not JSON', async () => {
      const webhook = snsNotification(signer, 'Hello from a topic that is not SES')

      await expectMalformed(receive(webhook), /SES notification is not valid JSON/)
    })

    it('are refused when a bounce lacks its recipients, naming the field', async () => {
      const message = sesBounce({ recipients: ['anna@example.org'] })
      delete (message['bounce'] as Record<string, unknown>)['bouncedRecipients']

      await expectMalformed(
        receive(snsNotification(signer, message)),
        /SES bounce is not valid: bouncedRecipients is missing/,
      )
    })
  })
})
