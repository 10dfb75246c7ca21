/**
 * Raw mails as they land in a bounce mailbox: RFC 3464 delivery status notifications in
 * Postfix's layout, an out-of-office reply and a challenge-response mail. Lines end in CRLF.
 */
import type { ProviderWebhook } from './webhookRequest.ts'

export interface DsnRecipient {
  address: string
  action?: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded'
  /** Left out when null; 5.1.1 for failed, 4.4.1 for delayed and 2.0.0 otherwise by default. */
  status?: string | null
  diagnosticCode?: string | null
  /** The address the mail was sent to, when it differs from where it ended up. */
  originalRecipient?: string
}

export interface DsnOptions {
  recipients: DsnRecipient[]
  /** The report's own Message-ID; null leaves the header out. */
  messageId?: string | null
  /** The Message-ID of our mail, found in the returned headers. */
  originalMessageId?: string
  /** Put as X-SMP-Contact-Moment in the returned headers. */
  contactMoment?: number
  /** How the original is returned: only its headers (the default), all of it, or not at all. */
  originalPart?: 'text/rfc822-headers' | 'message/rfc822' | 'none'
  /** Encode the delivery-status part in base64, as some servers do. */
  base64?: boolean
  at?: Date
}

const boundary = '4F1C2B3.1764579605/mx.example.net'

export function deliveryStatusNotification(options: DsnOptions): string {
  const at = options.at ?? new Date('2026-12-01T09:00:05Z')
  const messageId =
    options.messageId === undefined ? '<20261201090005.4F1C2B3@mx.example.net>' : options.messageId
  const statusFields = [
    'Reporting-MTA: dns; mx.example.net',
    'X-Postfix-Queue-ID: 4F1C2B3',
    'X-Postfix-Sender: rfc822; bounces@mail.example.net',
    `Arrival-Date: ${rfc5322Date(new Date(at.getTime() - 4000))}`,
    ...options.recipients.flatMap((recipient) => ['', ...recipientFields(recipient)]),
  ].join('\r\n')

  const parts = [
    [
      'Content-Description: Notification',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'This is the mail system at host mx.example.net.',
      '',
      "I'm sorry to have to inform you that your message could not",
      "be delivered to one or more recipients. It's attached below.",
      '',
      ...options.recipients.map(
        (recipient) => `<${recipient.address}>: ${recipient.action ?? 'failed'}`,
      ),
    ],
    [
      'Content-Description: Delivery report',
      'Content-Type: message/delivery-status',
      ...(options.base64
        ? ['Content-Transfer-Encoding: base64', '', ...base64Lines(`${statusFields}\r\n`)]
        : ['', statusFields]),
    ],
  ]
  const originalPart = options.originalPart ?? 'text/rfc822-headers'
  const withBody = originalPart === 'message/rfc822'
  if (originalPart !== 'none') {
    parts.push([
      `Content-Description: Undelivered ${withBody ? 'Message' : 'Message Headers'}`,
      `Content-Type: ${originalPart}`,
      'Content-Transfer-Encoding: 8bit',
      '',
      ...originalMessage(options, withBody),
    ])
  }

  return [
    'Return-Path: <>',
    `Received: by mx.example.net (Postfix) id 4F1C2B3; ${rfc5322Date(at)}`,
    `Date: ${rfc5322Date(at)}`,
    'From: MAILER-DAEMON@mx.example.net (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    'To: bounces@mail.example.net',
    // Postfix marks its own reports like this; they are still reports.
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    ...(messageId ? [`Message-Id: ${messageId}`] : []),
    '',
    'This is a MIME-encapsulated message.',
    '',
    ...parts.flatMap((part) => [`--${boundary}`, ...part, '']),
    `--${boundary}--`,
    '',
  ].join('\r\n')
}

/** An RFC 3834 out-of-office reply to our mail. */
export function outOfOfficeReply(options: { from: string; inReplyTo?: string }): string {
  const inReplyTo = options.inReplyTo ?? '<cm.42@mail.example.net>'
  return [
    `From: Anna de Vries <${options.from}>`,
    'To: news@mail.example.net',
    'Subject: Automatisch antwoord: Nieuws van december',
    'Date: Tue, 1 Dec 2026 10:00:07 +0100',
    'Message-ID: <AM0PR01MB0001.ooo@example.org>',
    `In-Reply-To: ${inReplyTo}`,
    `References: ${inReplyTo}`,
    'Auto-Submitted: auto-replied',
    'X-Auto-Response-Suppress: All',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Ik ben tot en met 4 januari afwezig en lees mijn e-mail niet.',
    '',
  ].join('\r\n')
}

/** A challenge-response system asking the sender to prove it is a person. */
export function challengeResponseMail(options: { from: string; inReplyTo?: string }): string {
  const inReplyTo = options.inReplyTo ?? '<cm.42@mail.example.net>'
  return [
    `From: ${options.from}`,
    'To: news@mail.example.net',
    'Subject: Please confirm your message to anna@example.org',
    'Date: Tue, 1 Dec 2026 10:00:09 +0100',
    'Message-ID: <challenge.9f8e7d@verify.example.org>',
    `In-Reply-To: ${inReplyTo}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="c-r-1"',
    '',
    '--c-r-1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'I protect my inbox. Click the link below to have your message delivered:',
    'https://verify.example.org/confirm?c=9f8e7d',
    '--c-r-1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>I protect my inbox. <a href="https://verify.example.org/confirm?c=9f8e7d">Confirm</a></p>',
    '--c-r-1--',
    '',
  ].join('\r\n')
}

/** A spam complaint in ARF (RFC 5965): a report, but not a delivery status report. */
export function abuseFeedbackReport(options: { originalRecipient: string }): string {
  return [
    'From: <feedbackloop@isp.example.com>',
    'To: abuse@mail.example.net',
    'Subject: FW: Nieuws van december',
    'Date: Tue, 1 Dec 2026 11:00:00 +0100',
    'Message-ID: <arf.1@isp.example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
    '',
    '--arf',
    'Content-Type: text/plain',
    '',
    'This is an email abuse report.',
    '--arf',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    `Original-Rcpt-To: ${options.originalRecipient}`,
    '--arf',
    'Content-Type: text/rfc822-headers',
    '',
    'Message-ID: <cm.42@mail.example.net>',
    '--arf--',
    '',
  ].join('\r\n')
}

/** The POST of a raw mail to the DSN endpoint (the route adds its own authentication). */
export function dsnWebhook(rawMessage: string, contentType = 'message/rfc822'): ProviderWebhook {
  return { body: rawMessage, headers: { 'Content-Type': contentType } }
}

function recipientFields(recipient: DsnRecipient): string[] {
  const action = recipient.action ?? 'failed'
  const status =
    recipient.status === undefined
      ? action === 'failed'
        ? '5.1.1'
        : action === 'delayed'
          ? '4.4.1'
          : '2.0.0'
      : recipient.status
  const diagnosticCode =
    recipient.diagnosticCode === undefined
      ? action === 'failed'
        ? `smtp; 550 5.1.1 <${recipient.address}>: Recipient address rejected:\r\n` +
          '    User unknown in virtual mailbox table'
        : null
      : recipient.diagnosticCode

  return [
    `Final-Recipient: rfc822; ${recipient.address}`,
    `Original-Recipient: rfc822;${recipient.originalRecipient ?? recipient.address}`,
    `Action: ${action}`,
    ...(status === null ? [] : [`Status: ${status}`]),
    'Remote-MTA: dns; mx.example.org',
    ...(diagnosticCode === null ? [] : [`Diagnostic-Code: ${diagnosticCode}`]),
  ]
}

function originalMessage(options: DsnOptions, withBody: boolean): string[] {
  return [
    'Return-Path: <bounces@mail.example.net>',
    'From: Nieuwsbrief <news@mail.example.net>',
    `To: ${options.recipients.map((recipient) => recipient.address).join(', ')}`,
    'Subject: Nieuws van december',
    `Message-ID: ${options.originalMessageId ?? '<20261201085959.ABC123@mail.example.net>'}`,
    ...(options.contactMoment ? [`X-SMP-Contact-Moment: ${options.contactMoment}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(withBody ? ['', 'Beste Anna, dit is het nieuws van december.'] : []),
  ]
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

function base64Lines(text: string): string[] {
  return (
    Buffer.from(text)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  )
}
