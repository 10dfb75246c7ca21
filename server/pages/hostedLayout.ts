/** The frame of every page this server shows people: preference, confirmation, unsubscribe. */
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { Language } from '../../db/schema/index.ts'

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>

export function hostedLayout(
  language: Language,
  title: string,
  body: Markup,
  options: { scriptSrc?: string } = {},
) {
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/assets/hosted-page.css" />
        ${options.scriptSrc ? html`<script type="module" src="${options.scriptSrc}"></script>` : ''}
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`
}
