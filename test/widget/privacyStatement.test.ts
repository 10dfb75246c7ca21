import {
  assert,
  assertEqual,
  captureConsoleErrors,
  changeAnswer,
  checkboxes,
  mount,
  mountLoaded,
  mountSignUp,
  part,
  siteOffer,
  testEnv,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

/** Mounts the element while the server's answer is changed, and waits for its verdict. */
async function mountWithAnswer(
  attributes: Record<string, string>,
  path: string,
  change: (body: Record<string, unknown>) => unknown,
) {
  const console = captureConsoleErrors()
  const restore = changeAnswer(path, change)
  try {
    const element = mount(attributes)
    await waitFor(() => console.messages.length > 0, 'a console error')
    await element.updateComplete
    return { element, errors: console.messages }
  } finally {
    restore()
    console.restore()
  }
}

function assertNothingRendered(element: HTMLElement) {
  assertEqual(element.shadowRoot?.children.length, 0, 'rendered elements')
  assertEqual(checkboxes(element).length, 0, 'checkboxes')
}

describe('<smp-preferences> privacy statement', () => {
  afterEach(unmountAll)

  it('links the statement the server names for the person’s site', async () => {
    const { api, token, site } = await testEnv()
    const response = await fetch(`${api}/api/v1/preferences?site=${site}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const expected = ((await response.json()) as { site: { privacyStatementUrl: string } }).site
    const element = await mountLoaded({ site })

    const link = part(element, 'privacy') as HTMLAnchorElement
    assertEqual(link.href, expected.privacyStatementUrl, 'href')
    assertEqual(link.textContent?.trim(), 'Privacyverklaring', 'link text')
  })

  it('links the site’s statement on the sign-up form', async () => {
    const offer = await siteOffer('en')
    const element = await mountSignUp({ lang: 'en' })

    const link = part(element, 'privacy') as HTMLAnchorElement
    assertEqual(link.href, offer.privacyStatementUrl, 'href')
    assertEqual(link.textContent?.trim(), 'Privacy statement', 'link text')
  })

  it('shows no form and says why when the person’s site has no statement', async () => {
    const { api, token } = await testEnv()
    const { element, errors } = await mountWithAnswer(
      { api, token },
      '/api/v1/preferences',
      (body) => ({ ...body, site: null }),
    )

    assertNothingRendered(element)
    assert(errors[0]?.includes('privacy statement'), `console: ${errors}`)
  })

  it('shows no sign-up form and says why when the site’s statement is empty', async () => {
    const { api, site } = await testEnv()
    const { element, errors } = await mountWithAnswer({ api, site }, '/api/v1/sites/', (body) => ({
      ...body,
      privacyStatementUrl: '',
    }))

    assertNothingRendered(element)
    assert(errors[0]?.includes('privacy statement'), `console: ${errors}`)
  })

  it('treats a statement address that is not a web page as none', async () => {
    const { api, site } = await testEnv()
    const { element } = await mountWithAnswer({ api, site }, '/api/v1/sites/', (body) => ({
      ...body,
      privacyStatementUrl: 'javascript:alert(1)',
    }))

    assertNothingRendered(element)
  })
})
