/** Mails a person a fresh preference link, e.g. when the one they followed has expired. */
import type { Database } from '../../db/client.ts'
import type { Language, Site } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { Mailer } from '../mail/mailer.ts'
import { mayMailOnRequest } from '../mail/mailThrottle.ts'
import { composeMail, type MailPurpose } from '../mail/templates.ts'
import { isMailable } from '../persons/mailable.ts'
import { getPerson } from '../persons/repository.ts'
import { defaultLinkLifetimeDays, mintPreferenceLink } from './preferenceLinks.ts'

export async function sendFreshPreferenceLink(
  deps: { db: Database; clock: Clock; secret: string; publicUrl: string; mailer: Mailer },
  request: {
    personId: number
    language: Language
    site: Site | null
    purpose?: MailPurpose
  },
): Promise<void> {
  const person = await getPerson(deps.db, request.personId)
  // Nothing to send to; the caller answers the same either way, so nobody learns this.
  if (!person.email || person.anonymised || !isMailable(person)) return
  if (!(await mayMailOnRequest(deps.db, person.email, deps.clock()))) return

  const link = await mintPreferenceLink(
    deps.db,
    {
      personId: person.id,
      contactMomentId: null,
      lifetimeDays: defaultLinkLifetimeDays,
      now: deps.clock(),
      language: request.language,
    },
    deps,
  )
  const content = composeMail(request.purpose ?? 'fresh-preference-link', request.language, {
    link: link.url,
    siteName: request.site?.name ?? deps.publicUrl,
  })

  await deps.mailer.send({
    purpose: request.purpose ?? 'fresh-preference-link',
    personId: person.id,
    to: person.email,
    ...content,
  })
}
