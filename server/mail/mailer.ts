/**
 * Sends mail: every message is first kept in the outbox table, then handed to the SMTP
 * server when SMTP_URL is set. Without SMTP (the embedded default) the outbox is all there is.
 */
import { eq } from 'drizzle-orm'
import { createTransport, type Transporter } from 'nodemailer'
import type { Database } from '../../db/client.ts'
import { outboxMails } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { Logger } from '../logger.ts'

export interface OutgoingMail {
  /** What the mail is for, e.g. `sign-up-confirmation`; shown in the outbox. */
  purpose: string
  personId: number | null
  to: string
  subject: string
  text: string
  html: string
}

export interface Mailer {
  /** Keeps the mail and tries to deliver it; a failed delivery is recorded, not thrown. */
  send(mail: OutgoingMail): Promise<void>
}

export interface MailerSettings {
  smtpUrl: string | undefined
  from: string
}

export function createMailer(
  deps: { db: Database; clock: Clock; logger: Logger },
  settings: MailerSettings,
): Mailer {
  const transport = settings.smtpUrl ? createTransport(settings.smtpUrl) : null

  return {
    async send(mail) {
      const [stored] = await deps.db
        .insert(outboxMails)
        .values({
          purpose: mail.purpose,
          personId: mail.personId,
          recipient: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          status: transport ? 'sending' : 'stored',
          createdAt: deps.clock(),
        })
        .returning({ id: outboxMails.id })
      if (!stored || !transport) return

      await deliver(transport, settings.from, mail, stored.id, deps)
    },
  }
}

async function deliver(
  transport: Transporter,
  from: string,
  mail: OutgoingMail,
  outboxId: number,
  deps: { db: Database; clock: Clock; logger: Logger },
): Promise<void> {
  try {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    })
    await deps.db
      .update(outboxMails)
      .set({ status: 'sent', sentAt: deps.clock() })
      .where(eq(outboxMails.id, outboxId))
    deps.logger.info({ outboxId, purpose: mail.purpose }, 'mail sent')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    await deps.db
      .update(outboxMails)
      .set({ status: 'failed', error: reason.slice(0, 500) })
      .where(eq(outboxMails.id, outboxId))
    deps.logger.warn({ outboxId, purpose: mail.purpose }, 'mail delivery failed')
  }
}
