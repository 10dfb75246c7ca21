/** The hosted preference page at /p/<token>, where links in mailings land. */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { AppEnv } from '../http/appEnv.ts'
import { hostedLayout } from './hostedLayout.ts'
import { tokenInUrl } from './tokenInUrl.ts'

const tokenShape = /^[A-Za-z0-9._-]{10,300}$/

const texts = {
  nl: {
    title: 'Uw e-mailvoorkeuren',
    intro: 'Kies welke berichten u van ons wilt ontvangen.',
    broken: 'Deze link is niet compleet. Gebruik de link uit uw meest recente e-mail.',
  },
  en: {
    title: 'Your email preferences',
    intro: 'Choose which messages you want to receive.',
    broken: 'This link is incomplete. Use the link from your latest email.',
  },
} as const

export function hostedPageRoutes(options: { widgetPath: string }) {
  return new Hono<AppEnv>().get('/:token', tokenInUrl, (c) => {
    const token = c.req.param('token')
    const lang = c.req.query('lang') === 'en' ? 'en' : 'nl'
    const text = texts[lang]
    if (!tokenShape.test(token)) {
      return c.html(hostedLayout(lang, text.title, html`<p>${text.broken}</p>`), 404)
    }

    return c.html(
      hostedLayout(
        lang,
        text.title,
        html`<p>${text.intro}</p>
          <smp-preferences token="${token}" lang="${lang}"></smp-preferences>`,
        { scriptSrc: options.widgetPath },
      ),
    )
  })
}
