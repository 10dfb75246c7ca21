/**
 * The page a sign-up confirmation mail links to. Opening it changes nothing (mail scanners
 * open links too); the person confirms with the button, which posts back to the same address.
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Language } from '../../db/schema/index.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { hostedLayout } from './hostedLayout.ts'
import { tokenInUrl } from './tokenInUrl.ts'
import { mintPreferenceLink } from '../preferences/preferenceLinks.ts'
import { confirmSignUp, findSignUpRequest, type SignUpDependencies } from '../signUps/signUpFlow.ts'

const texts = {
  nl: {
    title: 'Aanmelding bevestigen',
    ask: 'Klik op de knop om uw aanmelding te bevestigen.',
    button: 'Ja, ik bevestig mijn aanmelding',
    confirmed: 'Dank u wel! Uw aanmelding is bevestigd.',
    already: 'Deze aanmelding was al bevestigd.',
    manage: 'Uw voorkeuren bekijken of wijzigen',
    expired: 'Deze link is verlopen. Meld u opnieuw aan om een nieuwe link te ontvangen.',
    unknown: 'Deze link is niet (meer) geldig.',
  },
  en: {
    title: 'Confirm your sign-up',
    ask: 'Press the button to confirm your sign-up.',
    button: 'Yes, I confirm my sign-up',
    confirmed: 'Thank you! Your sign-up is confirmed.',
    already: 'This sign-up was confirmed before.',
    manage: 'View or change your preferences',
    expired: 'This link has expired. Sign up again to receive a new link.',
    unknown: 'This link is not valid (any more).',
  },
} as const

const tokenShape = /^[A-Za-z0-9_-]{20,100}$/

export function confirmationPageRoutes(deps: SignUpDependencies) {
  return new Hono<AppEnv>()
    .use('/:token', tokenInUrl)
    .get('/:token', async (c) => {
      const token = c.req.param('token')
      const request = tokenShape.test(token) ? await findSignUpRequest(deps.db, token) : null
      if (!request) return c.html(page('nl', html`<p>${texts.nl.unknown}</p>`), 404)

      const language = request.language
      const text = texts[language]
      if (request.confirmedAt) return c.html(page(language, html`<p>${text.already}</p>`))
      if (request.expiresAt <= deps.clock()) {
        return c.html(page(language, html`<p>${text.expired}</p>`), 410)
      }

      return c.html(
        page(
          language,
          html`<p>${text.ask}</p>
            <form method="post"><button type="submit">${text.button}</button></form>`,
        ),
      )
    })
    .post('/:token', async (c) => {
      const token = c.req.param('token')
      const outcome = tokenShape.test(token)
        ? await confirmSignUp(deps, token)
        : ({ status: 'unknown' } as const)

      if (outcome.status === 'unknown')
        return c.html(page('nl', html`<p>${texts.nl.unknown}</p>`), 404)
      const text = texts[outcome.language]
      if (outcome.status === 'expired')
        return c.html(page(outcome.language, html`<p>${text.expired}</p>`), 410)

      c.var.logger.info({ personId: outcome.personId, status: outcome.status }, 'sign-up confirmed')
      // A link that was used before hands out no new preference link: it may have been forwarded.
      if (outcome.status === 'already-confirmed') {
        return c.html(page(outcome.language, html`<p role="status">${text.already}</p>`))
      }
      const link = await mintPreferenceLink(
        deps.db,
        {
          personId: outcome.personId,
          contactMomentId: null,
          lifetimeDays: 1,
          now: deps.clock(),
          language: outcome.language,
        },
        deps,
      )
      return c.html(
        page(
          outcome.language,
          html`<p role="status">${text.confirmed}</p>
            <p>
              <a href="${new URL(link.url).pathname}${new URL(link.url).search}">${text.manage}</a>
            </p>`,
        ),
      )
    })
}

function page(language: Language, body: Parameters<typeof hostedLayout>[2]) {
  return hostedLayout(language, texts[language].title, body)
}
