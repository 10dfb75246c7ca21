import {
  assert,
  assertEqual,
  checkbox,
  checkboxes,
  ledger,
  linkTo,
  mailboxMark,
  mount,
  nextMail,
  mountLoaded,
  part,
  recordsSince,
  redirectFetch,
  testEnv,
  text,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

const expiredNl = 'Deze link is verlopen.'
const offlineNl = 'De server is niet bereikbaar. Uw keuzes blijven bewaard; probeer het opnieuw.'

async function errorShown(element: HTMLElement): Promise<string> {
  await waitFor(() => part(element, 'error') !== null, 'an error message')
  const alert = part(element, 'error')?.querySelector('[role="alert"]') ?? null
  return text(alert)
}

describe('<smp-preferences> failures', () => {
  let restoreFetch = () => {}
  afterEach(() => {
    restoreFetch()
    unmountAll()
  })

  it('explains an expired link and offers a new one instead of a form or retry', async () => {
    const { api, expiredToken } = await testEnv()
    const element = mount({ api, token: expiredToken })

    assertEqual(await errorShown(element), expiredNl, 'the expired-link message')
    assertEqual(checkboxes(element).length, 0, 'checkboxes')
    assert(!part(element, 'retry'), 'no retry, as it cannot help')
    assertEqual(text(part(element, 'renew')), 'Stuur mij een nieuwe link', 'renew button')
  })

  it('mails a fresh link that works when the person asks for one', async () => {
    const { api, expiredToken, demoEmail } = await testEnv()
    const mark = await mailboxMark()
    const element = mount({ api, token: expiredToken })
    await errorShown(element)

    part(element, 'renew')?.click()
    await waitFor(() => text(part(element, 'status')) !== '', 'a confirmation')

    assertEqual(
      text(part(element, 'status')),
      'Wij hebben u een nieuwe link gestuurd. Kijk in uw inbox.',
      'status',
    )
    assert(!part(element, 'error'), 'the error is gone')
    const mail = await nextMail(demoEmail, mark)
    const fresh = new URL(linkTo(mail, '/p/')).pathname.slice('/p/'.length)
    const renewed = mount({ api, token: fresh })
    await waitFor(() => checkboxes(renewed).length > 0, 'the fresh link to show preferences')
  })

  it('explains a tampered link in English with lang="en" and offers nothing', async () => {
    const { api, token } = await testEnv()
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    const element = mount({ api, token: tampered, lang: 'en' })

    const message = await errorShown(element)
    assertEqual(
      message,
      'This link is not valid. Use the link in our most recent email.',
      'message',
    )
    assertEqual(checkboxes(element).length, 0, 'checkboxes')
    assert(!part(element, 'renew') && !part(element, 'retry'), 'no button, as none can help')
  })

  it('explains when the server cannot be reached and loads on retry', async () => {
    const { api, token, closedApi } = await testEnv()
    restoreFetch = redirectFetch(api, closedApi)
    const element = mount({ api, token })

    assertEqual(await errorShown(element), offlineNl, 'message')
    assertEqual(checkboxes(element).length, 0, 'checkboxes')

    restoreFetch()
    part(element, 'retry')?.click()
    await waitFor(() => checkboxes(element).length > 0, 'checkboxes after retry')
    assert(!part(element, 'error'), 'the error is gone')
  })

  it('keeps the choices when saving fails and records them on retry', async () => {
    const { api, closedApi } = await testEnv()
    const before = await ledger()
    const element = await mountLoaded()
    const input = checkboxes(element)[0]!
    input.click()
    const chosen = input.checked

    restoreFetch = redirectFetch(api, closedApi)
    part(element, 'save')?.click()
    assertEqual(await errorShown(element), offlineNl, 'message')
    assertEqual(checkbox(element, input.name).checked, chosen, 'choice after the failure')
    assertEqual(text(part(element, 'status')), '', 'no saved announcement')
    restoreFetch()
    assertEqual((await recordsSince(before)).length, 0, 'records while offline')

    part(element, 'retry')?.click()
    await waitFor(() => text(part(element, 'status')) === 'Voorkeuren opgeslagen', 'saved')
    const added = await recordsSince(before)
    assertEqual(
      added.map(({ type, optIn }) => ({ type, optIn })),
      [{ type: input.name, optIn: chosen }],
      'records after retry',
    )
    assertEqual(checkbox(element, input.name).checked, chosen, 'choice after retry')
  })

  it('shows the outage when nothing listens at the api address', async () => {
    const { token, closedApi } = await testEnv()
    const element = mount({ api: closedApi, token })

    assertEqual(await errorShown(element), offlineNl, 'message')
    assert(part(element, 'retry'), 'a retry button')
  })
})
