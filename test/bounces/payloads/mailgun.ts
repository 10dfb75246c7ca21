/** Mailgun webhook bodies (JSON), signed with the account's webhook signing key. */
import { createHmac, randomBytes } from 'node:crypto'
import type { ProviderWebhook } from './webhookRequest.ts'

export const mailgunSigningKey = 'a4e1c2b3d4e5f60718293a4b5c6d7e8f'

export type MailgunEventName =
  'accepted' | 'delivered' | 'failed' | 'complained' | 'opened' | 'clicked' | 'unsubscribed'

export interface MailgunEventOptions {
  recipient: string
  /** For failed events; permanent unless given. */
  severity?: 'permanent' | 'temporary'
  /** Sent as the user variable smp_contact_moment (`v:smp_contact_moment`). */
  contactMoment?: number
  /** The Message-ID header our mailing set; Mailgun returns it without angle brackets. */
  messageId?: string
  at?: Date
  id?: string
}

export function mailgunEventData(
  event: MailgunEventName,
  options: MailgunEventOptions,
): Record<string, unknown> {
  const domain = options.recipient.split('@')[1] ?? 'example.org'
  const common = {
    id: options.id ?? randomBytes(16).toString('base64url'),
    timestamp: (options.at ?? new Date()).getTime() / 1000,
    'log-level': event === 'failed' ? 'error' : 'info',
    event,
    envelope: {
      sender: 'bounces@mg.example.net',
      transport: 'smtp',
      targets: options.recipient,
    },
    flags: { 'is-routed': false, 'is-authenticated': true, 'is-test-mode': false },
    'recipient-domain': domain,
    recipient: options.recipient,
    message: {
      headers: {
        to: options.recipient,
        'message-id': options.messageId ?? '20261201090000.1.A1B2C3D4E5F6@mg.example.net',
        from: 'Nieuwsbrief <news@mg.example.net>',
        subject: 'Nieuws van december',
      },
      attachments: [],
      size: 4213,
    },
    tags: ['nieuwsbrief'],
    campaigns: [],
    'user-variables': options.contactMoment
      ? { smp_contact_moment: String(options.contactMoment) }
      : {},
  }

  if (event === 'failed') {
    const permanent = (options.severity ?? 'permanent') === 'permanent'
    return {
      ...common,
      severity: permanent ? 'permanent' : 'temporary',
      reason: permanent ? 'bounce' : 'generic',
      'delivery-status': permanent
        ? {
            'attempt-no': 1,
            code: 550,
            'enhanced-code': '5.1.1',
            message: '5.1.1 The email account that you tried to reach does not exist.',
            description: '',
            'mx-host': `mx.${domain}`,
            'session-seconds': 0.42,
          }
        : {
            'attempt-no': 2,
            code: 452,
            'enhanced-code': '4.2.2',
            message: '4.2.2 The email account that you tried to reach is over quota.',
            description: '',
            'retry-seconds': 600,
            'mx-host': `mx.${domain}`,
          },
    }
  }
  if (event === 'delivered') {
    return {
      ...common,
      'delivery-status': {
        'attempt-no': 1,
        code: 250,
        message: 'OK',
        description: '',
        tls: true,
        'mx-host': `mx.${domain}`,
      },
    }
  }
  return common
}

/** The POST Mailgun makes: signature and event data, signed at `signedAt` (now unless given). */
export function mailgunWebhook(
  eventData: Record<string, unknown>,
  options: { signingKey?: string; signedAt?: Date; token?: string } = {},
): ProviderWebhook {
  const timestamp = String(Math.floor((options.signedAt ?? new Date()).getTime() / 1000))
  const token = options.token ?? randomBytes(25).toString('hex')
  const signature = createHmac('sha256', options.signingKey ?? mailgunSigningKey)
    .update(timestamp + token)
    .digest('hex')

  return {
    body: JSON.stringify({ signature: { timestamp, token, signature }, 'event-data': eventData }),
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'mailgun/treq-16.12.0' },
  }
}
