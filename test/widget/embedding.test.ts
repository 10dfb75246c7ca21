import type { SmpPreferences } from '../../widget/smp-preferences.ts'
import {
  assert,
  assertEqual,
  checkboxes,
  freshAddress,
  ledger,
  linkTo,
  mailboxMark,
  nextMail,
  part,
  recordsSince,
  testEnv,
  text,
  typeEmail,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

interface SitePage {
  window: Window
  document: Document
  element: SmpPreferences
  violations: () => string[]
}

const frames: HTMLIFrameElement[] = []

/** The site page's own inline script, blocked on purpose to show the policy is in force. */
const pagesOwnViolation = 'script-src-elem inline'

/**
 * Opens one of the site owner's pages of test/widget/runner/embeddingPages.mjs in a frame on
 * this origin and waits for the widget in it to show checkboxes.
 */
async function openSitePage(path: string, attributes: Record<string, string>): Promise<SitePage> {
  const frame = document.createElement('iframe')
  frame.src = `${path}?${new URLSearchParams(attributes)}`
  document.body.append(frame)
  frames.push(frame)
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }))

  const page = frame.contentDocument!
  const element = page.querySelector('smp-preferences') as SmpPreferences
  await waitFor(() => checkboxes(element).length > 0, `checkboxes on ${path}`, 10_000)
  const violations = () =>
    (frame.contentWindow as unknown as { cspViolations: string[] }).cspViolations
  return { window: frame.contentWindow!, document: page, element, violations }
}

async function saveFirstBox(element: HTMLElement) {
  const before = await ledger()
  const input = checkboxes(element)[0]!
  input.click()
  part(element, 'save')?.click()
  await waitFor(() => text(part(element, 'status')) === 'Voorkeuren opgeslagen', 'saved')
  const added = await recordsSince(before)
  assertEqual(
    added.map(({ type, optIn }) => ({ type, optIn })),
    [{ type: input.name, optIn: input.checked }],
    'records added',
  )
}

describe('<smp-preferences> embedded on a site', () => {
  afterEach(() => {
    for (const frame of frames.splice(0)) frame.remove()
  })

  describe('served from another origin than the preference server', () => {
    it('loads the script from the server and saves a person’s choice', async () => {
      const { api, token } = await testEnv()
      assert(new URL(api).origin !== location.origin, 'the api is on another origin')

      const page = await openSitePage('/embed/other-origin.html', { token })

      const loaded = page.window.performance.getEntriesByType('resource').map(({ name }) => name)
      assert(loaded.includes(`${api}/widget/smp-preferences.js`), `scripts: ${loaded.join(', ')}`)
      const defined = page.window.customElements.get('smp-preferences')
      assert(defined && defined !== customElements.get('smp-preferences'), 'defined by that script')
      await saveFirstBox(page.element)
    })

    it('lets a visitor sign up', async () => {
      const { site } = await testEnv()
      const address = freshAddress('other-origin')
      const mark = await mailboxMark()
      const { element } = await openSitePage('/embed/other-origin.html', { site })

      typeEmail(element, address)
      checkboxes(element)[0]!.click()
      part(element, 'signup')?.click()
      await waitFor(() => text(part(element, 'status')).startsWith('Bijna klaar!'), 'inbox message')
      linkTo(await nextMail(address, mark), '/confirm/')
    })
  })

  describe('under a strict Content-Security-Policy', () => {
    it('renders and saves with no inline script, inline style or eval allowed', async () => {
      const { token } = await testEnv()
      const page = await openSitePage('/embed/strict-csp.html', { token })

      assertEqual(page.document.documentElement.dataset.inlineScriptRan, undefined, 'inline script')
      await saveFirstBox(page.element)
      assertEqual(page.violations(), [pagesOwnViolation], 'policy violations')
    })

    it('lets a visitor sign up', async () => {
      const { site } = await testEnv()
      const page = await openSitePage('/embed/strict-csp.html', { site })

      typeEmail(page.element, freshAddress('csp'))
      checkboxes(page.element)[0]!.click()
      part(page.element, 'signup')?.click()
      await waitFor(() => text(part(page.element, 'status')).startsWith('Bijna klaar!'), 'done')
      assertEqual(page.violations(), [pagesOwnViolation], 'policy violations')
    })
  })
})
