/**
 * Amazon SES notifications inside signed Amazon SNS messages, shaped like the real ones. The
 * signer makes its own RSA key and self-signed certificate, served as if from an SNS host.
 */
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type SnsEnvelope,
  snsStringToSign,
} from '../../../server/bounces/providers/snsSignature.ts'
import type { ProviderWebhook } from './webhookRequest.ts'

export const sesTopicArn = 'arn:aws:sns:eu-west-1:123456789012:smp-ses-notifications'
const snsEndpoint = 'https://sns.eu-west-1.amazonaws.com'
export const snsCertificateUrl = `${snsEndpoint}/SimpleNotificationService-9c6465fa7f.pem`

export interface SnsSigner {
  certificateUrl: string
  certificatePem: string
  /** For the adapter's `fetchCertificate`: serves the certificate for its URL only. */
  fetchCertificate: (url: string) => Promise<string>
  /** Every URL `fetchCertificate` was asked for, in order. */
  fetchedUrls: string[]
  privateKey: KeyObject
}

/** A new RSA key with a self-signed certificate (made by the openssl command line tool). */
export function createSnsSigner(certificateUrl = snsCertificateUrl): SnsSigner {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const folder = mkdtempSync(join(tmpdir(), 'smp-sns-'))
  let certificatePem: string
  try {
    const keyFile = join(folder, 'key.pem')
    const certificateFile = join(folder, 'certificate.pem')
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }))
    execFileSync('openssl', [
      'req', '-x509', '-new', '-key', keyFile, '-out', certificateFile,
      '-days', '3650', '-subj', '/CN=sns.amazonaws.com', '-sha256',
    ], { stdio: 'pipe' }) // prettier-ignore
    certificatePem = readFileSync(certificateFile, 'utf8')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }

  const fetchedUrls: string[] = []
  return {
    certificateUrl,
    certificatePem,
    fetchedUrls,
    privateKey,
    async fetchCertificate(url) {
      fetchedUrls.push(url)
      if (url !== certificateUrl) throw new Error(`No certificate at ${url} in this test.`)
      return certificatePem
    },
  }
}

export interface SnsMessageOptions {
  topicArn?: string
  messageId?: string
  signatureVersion?: '1' | '2'
  timestamp?: Date
  /** Sign as if the certificate lived here, e.g. to see a foreign host refused. */
  certificateUrl?: string
  subject?: string
}

/** An SNS Notification carrying `message` (an SES notification or anything else) as JSON. */
export function snsNotification(
  signer: SnsSigner,
  message: unknown,
  options: SnsMessageOptions = {},
): ProviderWebhook {
  const topicArn = options.topicArn ?? sesTopicArn
  const envelope = signSnsEnvelope(signer, options, {
    Type: 'Notification',
    MessageId: options.messageId ?? randomUUID(),
    TopicArn: topicArn,
    ...(options.subject === undefined ? {} : { Subject: options.subject }),
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: (options.timestamp ?? new Date()).toISOString(),
  })
  const subscriptionArn = `${topicArn}:0a1b2c3d-4e5f-6789-abcd-ef0123456789`
  const unsubscribeUrl = `${snsEndpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`

  return snsWebhook({ ...envelope, UnsubscribeURL: unsubscribeUrl })
}

/** What SNS posts when a subscription to the topic is made (or, with `unsubscribe`, ended). */
export function snsSubscriptionConfirmation(
  signer: SnsSigner,
  options: SnsMessageOptions & { subscribeUrl?: string; unsubscribe?: boolean } = {},
): ProviderWebhook {
  const topicArn = options.topicArn ?? sesTopicArn
  const token = randomBytes(64).toString('hex')
  const type = options.unsubscribe ? 'UnsubscribeConfirmation' : 'SubscriptionConfirmation'
  const subscribeUrl =
    options.subscribeUrl ??
    `${snsEndpoint}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`

  return snsWebhook(
    signSnsEnvelope(signer, options, {
      Type: type,
      MessageId: options.messageId ?? randomUUID(),
      Token: token,
      TopicArn: topicArn,
      Message: options.unsubscribe
        ? `You have chosen to deactivate subscription ${topicArn}:0a1b2c3d.\n` +
          'To cancel this operation and restore the subscription, visit the SubscribeURL ' +
          'included in this message.'
        : `You have chosen to subscribe to the topic ${topicArn}.\n` +
          'To confirm the subscription, visit the SubscribeURL included in this message.',
      SubscribeURL: subscribeUrl,
      Timestamp: (options.timestamp ?? new Date()).toISOString(),
    }),
  )
}

type UnsignedEnvelope = Omit<SnsEnvelope, 'SignatureVersion' | 'Signature' | 'SigningCertURL'>

function signSnsEnvelope(
  signer: SnsSigner,
  options: SnsMessageOptions,
  fields: UnsignedEnvelope,
): SnsEnvelope {
  const signatureVersion = options.signatureVersion ?? '1'
  const envelope: SnsEnvelope = {
    ...fields,
    SignatureVersion: signatureVersion,
    Signature: '',
    SigningCertURL: options.certificateUrl ?? signer.certificateUrl,
  }
  const algorithm = signatureVersion === '1' ? 'sha1' : 'sha256'
  const signature = sign(algorithm, Buffer.from(snsStringToSign(envelope)), signer.privateKey)

  return { ...envelope, Signature: signature.toString('base64') }
}

function snsWebhook(envelope: SnsEnvelope & { UnsubscribeURL?: string }): ProviderWebhook {
  return {
    body: JSON.stringify(envelope, null, 2),
    headers: {
      'Content-Type': 'text/plain; charset=UTF-8',
      'User-Agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': envelope.Type,
      'x-amz-sns-message-id': envelope.MessageId,
      'x-amz-sns-topic-arn': envelope.TopicArn,
    },
  }
}

export interface SesMailOptions {
  recipients: string[]
  /** The Message-ID header our mailing set, e.g. `<cm.42@mail.example.net>`. */
  messageId?: string
  /** Passed as the message tag `smp_contact_moment` (SES event publishing only). */
  contactMomentTag?: number
  /** Passed as the X-SMP-Contact-Moment header. */
  contactMomentHeader?: number
  /** `event`: published through a configuration set (eventType, tags); else `notification`. */
  publishing?: 'notification' | 'event'
  sentAt?: Date
}

export function sesBounce(
  options: SesMailOptions & {
    bounceType?: 'Permanent' | 'Transient' | 'Undetermined'
    bounceSubType?: string
    status?: string
    diagnosticCode?: string
  },
): Record<string, unknown> {
  const permanent = (options.bounceType ?? 'Permanent') === 'Permanent'
  const status = options.status ?? (permanent ? '5.1.1' : '4.2.2')
  return sesMessage(options, 'Bounce', {
    bounce: {
      feedbackId: '0102017f1234abcd-11112222-3333-4444-5555-666677778888-000000',
      bounceType: options.bounceType ?? 'Permanent',
      bounceSubType: options.bounceSubType ?? (permanent ? 'General' : 'MailboxFull'),
      bouncedRecipients: options.recipients.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status,
        diagnosticCode:
          options.diagnosticCode ??
          (permanent
            ? `smtp; 550 5.1.1 <${emailAddress}>: Recipient address rejected: User unknown`
            : `smtp; 452 4.2.2 <${emailAddress}>: Mailbox full`),
      })),
      timestamp: later(options.sentAt, 2),
      remoteMtaIp: '192.0.2.25',
      reportingMTA: 'dns; a27-12.smtp-out.eu-west-1.amazonses.com',
    },
  })
}

export function sesComplaint(
  options: SesMailOptions & { feedbackType?: string },
): Record<string, unknown> {
  return sesMessage(options, 'Complaint', {
    complaint: {
      feedbackId: '0102017f1234abcd-aaaabbbb-cccc-dddd-eeee-ffff00001111-000000',
      complaintSubType: null,
      complainedRecipients: options.recipients.map((emailAddress) => ({ emailAddress })),
      timestamp: later(options.sentAt, 3600),
      userAgent: 'ExampleMail Feedback Loop (V0.01)',
      complaintFeedbackType: options.feedbackType ?? 'abuse',
      arrivalDate: later(options.sentAt, 3500),
    },
  })
}

export function sesDelivery(options: SesMailOptions): Record<string, unknown> {
  return sesMessage(options, 'Delivery', {
    delivery: {
      timestamp: later(options.sentAt, 1),
      processingTimeMillis: 1004,
      recipients: options.recipients,
      smtpResponse: '250 2.0.0 OK  1700000000 x12si1234567wrb.345 - gsmtp',
      remoteMtaIp: '198.51.100.7',
      reportingMTA: 'a27-30.smtp-out.eu-west-1.amazonses.com',
    },
  })
}

function sesMessage(
  options: SesMailOptions,
  kind: 'Bounce' | 'Complaint' | 'Delivery',
  details: Record<string, unknown>,
): Record<string, unknown> {
  const publishing = options.publishing ?? (options.contactMomentTag ? 'event' : 'notification')
  const sentAt = (options.sentAt ?? new Date()).toISOString()
  const messageId = options.messageId ?? '<0102017f1234abcd-5e6f7a8b@eu-west-1.amazonses.com>'
  const headers = [
    { name: 'From', value: 'Nieuwsbrief <news@mail.example.net>' },
    { name: 'To', value: options.recipients.join(', ') },
    { name: 'Subject', value: 'Nieuws van december' },
    { name: 'Message-ID', value: messageId },
    { name: 'MIME-Version', value: '1.0' },
    ...(options.contactMomentHeader
      ? [{ name: 'X-SMP-Contact-Moment', value: String(options.contactMomentHeader) }]
      : []),
    { name: 'Content-Type', value: 'multipart/alternative; boundary="----=_Part_7_1"' },
  ]

  const mail = {
    timestamp: sentAt,
    source: 'news@mail.example.net',
    sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/mail.example.net',
    sourceIp: '203.0.113.10',
    sendingAccountId: '123456789012',
    callerIdentity: 'smp-mailer',
    messageId: '0102017f1234abcd-5e6f7a8b-9c0d-1e2f-3a4b-5c6d7e8f9a0b-000000',
    destination: options.recipients,
    headersTruncated: false,
    headers,
    commonHeaders: {
      from: ['Nieuwsbrief <news@mail.example.net>'],
      to: options.recipients,
      messageId,
      subject: 'Nieuws van december',
    },
    ...(publishing === 'event'
      ? {
          tags: {
            'ses:operation': ['SendRawEmail'],
            'ses:configuration-set': ['smp-newsletters'],
            'ses:source-ip': ['203.0.113.10'],
            'ses:from-domain': ['mail.example.net'],
            'ses:caller-identity': ['smp-mailer'],
            ...(options.contactMomentTag
              ? { smp_contact_moment: [String(options.contactMomentTag)] }
              : {}),
          },
        }
      : {}),
  }

  const type = publishing === 'event' ? { eventType: kind } : { notificationType: kind }
  return { ...type, ...details, mail }
}

function later(sentAt: Date | undefined, seconds: number): string {
  return new Date((sentAt ?? new Date()).getTime() + seconds * 1000).toISOString()
}
