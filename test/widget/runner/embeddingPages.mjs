// @ts-check
/**
 * Pages of an imaginary site owner, served by web-test-runner on its own origin: one embeds
 * the widget from the preference server's origin as the README shows, one embeds it under a
 * strict Content-Security-Policy through a reverse proxy on the site's own origin.
 */

/** The policy the widget must live with: no inline script or style, no eval. */
export const strictCsp = "default-src 'self'; script-src 'self'; style-src 'self'"

/** Query parameters a test may turn into attributes of the embedded element. */
const attributeNames = ['token', 'site', 'lang', 'channel']

/**
 * @param {() => string} api - The preference server's origin, known once it runs.
 * @returns {import('@web/test-runner').TestRunnerConfig['middleware']}
 */
export function embeddingPages(api) {
  return [
    async (context, next) => {
      const { path, query } = context
      const attributes = attributeNames
        .filter((name) => typeof query[name] === 'string')
        .map((name) => ` ${name}="${escapeHtml(String(query[name]))}"`)
        .join('')

      if (path === '/embed/other-origin.html') {
        context.type = 'html'
        context.body = page(`${api()}/widget/smp-preferences.js`, `api="${api()}"${attributes}`)
        return
      }

      if (path === '/embed/strict-csp.html') {
        context.set('content-security-policy', strictCsp)
        context.type = 'html'
        context.body = page('/embed/widget/smp-preferences.js', `api="/embed"${attributes}`)
        return
      }

      if (path === '/embed/violations.js') {
        context.type = 'js'
        context.body = recordViolations
        return
      }

      if (path.startsWith('/embed/api/') || path.startsWith('/embed/widget/')) {
        await proxy(context, `${api()}${context.url.slice('/embed'.length)}`)
        return
      }

      return next()
    },
  ]
}

/**
 * A plain site page. Its inline script must never run under the strict policy, which shows
 * that the policy is in force; violations.js records every violation the page reports.
 *
 * @param {string} widgetSource
 * @param {string} attributes
 */
function page(widgetSource, attributes) {
  return `<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8" />
    <title>Stichting Voorbeeld</title>
    <script src="/embed/violations.js"></script>
    <script type="module" src="${widgetSource}"></script>
    <script>document.documentElement.dataset.inlineScriptRan = 'yes'</script>
  </head>
  <body>
    <h1>Stichting Voorbeeld</h1>
    <smp-preferences ${attributes}></smp-preferences>
  </body>
</html>`
}

const recordViolations = `window.cspViolations = []
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI)
})
`

/**
 * Forwards one request to the preference server, as a site's reverse proxy would.
 *
 * @param {import('koa').Context} context
 * @param {string} target
 */
async function proxy(context, target) {
  const chunks = []
  for await (const chunk of context.req) chunks.push(chunk)
  /** @type {Record<string, string>} */
  const headers = {}
  for (const name of ['accept', 'authorization', 'content-type']) {
    const value = context.get(name)
    if (value) headers[name] = value
  }

  const response = await fetch(target, {
    method: context.method,
    headers,
    body: chunks.length ? Buffer.concat(chunks) : undefined,
  })

  context.status = response.status
  context.set('content-type', response.headers.get('content-type') ?? 'application/octet-stream')
  context.body = Buffer.from(await response.arrayBuffer())
}

/** @param {string} value */
function escapeHtml(value) {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
