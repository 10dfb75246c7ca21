/**
 * The unsubscribe address of a mailing. A POST with `List-Unsubscribe=One-Click` (RFC 8058,
 * as mail providers send it, or from this page's button) records the opt-out. A GET changes
 * nothing, since link scanners and previewers fetch every URL: it shows a confirm button and
 * the preference centre.
 */
import { and, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Database } from '../../db/client.ts'
import {
  contactMoments,
  type Language,
  mailings,
  optInTypes,
  persons,
} from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { hostedLayout } from './hostedLayout.ts'
import { tokenInUrl } from './tokenInUrl.ts'
import { unsubscribeByContactMoment } from '../mailings/oneClickUnsubscribe.ts'
import { localise } from '../optInTypes/localise.ts'
import { InvalidLinkError, type LinkClaims, verifyLinkToken } from '../tokens/linkToken.ts'
import { signPersonToken } from '../tokens/personToken.ts'

const texts = {
  nl: {
    title: 'Afmelden',
    ask: (type: string) => `Wilt u geen e-mail meer ontvangen voor “${type}”?`,
    button: 'Ja, meld mij af',
    done: (type: string) => `U bent afgemeld voor “${type}”.`,
    preferences: 'Of kies hieronder precies welke berichten u wilt ontvangen.',
    invalid: 'Deze afmeldlink is niet geldig.',
    expired: 'Deze afmeldlink is verlopen. Gebruik de link uit een recentere e-mail.',
    missing: 'Het verzoek mist "List-Unsubscribe=One-Click".',
  },
  en: {
    title: 'Unsubscribe',
    ask: (type: string) => `Do you no longer want to receive email for “${type}”?`,
    button: 'Yes, unsubscribe me',
    done: (type: string) => `You are unsubscribed from “${type}”.`,
    preferences: 'Or choose below exactly which messages you want to receive.',
    invalid: 'This unsubscribe link is not valid.',
    expired: 'This unsubscribe link has expired. Use the link from a more recent email.',
    missing: 'The request lacks "List-Unsubscribe=One-Click".',
  },
} as const

export function unsubscribePageRoutes(deps: {
  db: Database
  secret: string
  previousSecrets: string[]
  clock: Clock
  widgetPath: string
}) {
  const { db, secret, clock } = deps
  const secrets = [secret, ...deps.previousSecrets]

  const context = async (claims: LinkClaims) => {
    const [row] = await db
      .select({ personId: persons.id, language: persons.language, labels: optInTypes.labels })
      .from(contactMoments)
      .innerJoin(persons, eq(persons.id, contactMoments.personId))
      .innerJoin(mailings, eq(mailings.id, contactMoments.mailingId))
      .innerJoin(optInTypes, eq(optInTypes.id, mailings.optInTypeId))
      .where(and(eq(contactMoments.id, claims.contactMomentId), eq(persons.anonymised, false)))
    return row && { ...row, typeLabel: localise(row.labels, row.language) }
  }

  return new Hono<AppEnv>()
    .use('/:token', tokenInUrl)
    .get('/:token', async (c) => {
      const claims = verifiedClaims(c.req.param('token'), secrets, clock())
      if ('refusal' in claims)
        return c.html(page('nl', html`<p>${texts.nl[claims.refusal]}</p>`), claims.status)
      const found = await context(claims)
      if (!found) return c.html(page('nl', html`<p>${texts.nl.invalid}</p>`), 404)

      const text = texts[found.language]
      const personToken = signPersonToken(
        {
          personId: found.personId,
          contactMomentId: claims.contactMomentId,
          expiresAt: claims.expiresAt,
        },
        secret,
      )
      return c.html(
        hostedLayout(
          found.language,
          text.title,
          html`<p>${text.ask(found.typeLabel)}</p>
            <form method="post">
              <input type="hidden" name="List-Unsubscribe" value="One-Click" />
              <button type="submit">${text.button}</button>
            </form>
            <p>${text.preferences}</p>
            <smp-preferences token="${personToken}" lang="${found.language}"></smp-preferences>`,
          { scriptSrc: deps.widgetPath },
        ),
      )
    })
    .post('/:token', async (c) => {
      const claims = verifiedClaims(c.req.param('token'), secrets, clock())
      if ('refusal' in claims)
        return c.html(page('nl', html`<p>${texts.nl[claims.refusal]}</p>`), claims.status)
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      if (body['List-Unsubscribe'] !== 'One-Click') {
        return c.html(page('nl', html`<p>${texts.nl.missing}</p>`), 400)
      }

      const outcome = await unsubscribeByContactMoment(db, claims.contactMomentId, clock)
      const found = await context(claims)
      if (outcome === 'unknown-contact-moment' || !found) {
        return c.html(page('nl', html`<p>${texts.nl.invalid}</p>`), 404)
      }
      c.var.logger.info(
        { contactMomentId: claims.contactMomentId, outcome },
        'one-click unsubscribe',
      )

      const text = texts[found.language]
      return c.html(page(found.language, html`<p role="status">${text.done(found.typeLabel)}</p>`))
    })
}

type Verified = LinkClaims | { refusal: 'invalid' | 'expired'; status: 404 | 410 }

function verifiedClaims(token: string, secrets: string[], now: Date): Verified {
  try {
    return verifyLinkToken('unsubscribe', token, secrets, now)
  } catch (error) {
    if (!(error instanceof InvalidLinkError)) throw error
    return error.reason === 'expired'
      ? { refusal: 'expired', status: 410 }
      : { refusal: 'invalid', status: 404 }
  }
}

function page(language: Language, body: Parameters<typeof hostedLayout>[2]) {
  return hostedLayout(language, texts[language].title, body)
}
