import {
  assert,
  assertEqual,
  assertSame,
  captureConsoleErrors,
  checkbox,
  checkboxes,
  freshAddress,
  labelText,
  ledger,
  linkTo,
  mailboxMark,
  mount,
  mountSignUp,
  nextEvent,
  nextMail,
  part,
  redirectFetch,
  siteOffer,
  testEnv,
  text,
  typeEmail,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, beforeEach, describe, it } from './support/mocha.ts'

const inboxNl =
  'Bijna klaar! Kijk in uw inbox: wij hebben u een e-mail gestuurd met een link om verder te gaan.'

/** Counts the sign-up requests the widget sends until `stop` is called. */
function countSignUps() {
  const original = window.fetch
  const counter = { sent: 0, stop: () => (window.fetch = original) }
  window.fetch = (input, init) => {
    if (String(input).includes('/api/v1/sign-ups')) counter.sent++
    return original(input, init)
  }
  return counter
}

function fieldError(element: HTMLElement, field: HTMLElement | null): string {
  const id = field?.getAttribute('aria-describedby') ?? ''
  return text(element.shadowRoot?.getElementById(id) ?? null)
}

async function signUpWith(element: HTMLElement, email: string, keys: string[]) {
  typeEmail(element, email)
  for (const key of keys) checkbox(element, key).click()
  part(element, 'signup')?.click()
  await waitFor(() => text(part(element, 'status')) !== '', 'the inbox message')
}

describe('<smp-preferences site> sign-up for visitors', () => {
  let signUps = countSignUps()
  beforeEach(() => {
    signUps = countSignUps()
  })
  afterEach(() => {
    signUps.stop()
    unmountAll()
  })

  it("shows a labelled email field and the site's types, none ticked", async () => {
    const offer = await siteOffer('nl')
    const element = await mountSignUp()

    const email = part(element, 'email') as HTMLInputElement
    assertEqual(email.type, 'email', 'input type')
    assertEqual(email.autocomplete, 'email', 'autocomplete')
    assertEqual(text(email.labels?.[0] ?? null), 'E-mailadres', 'label of the email field')
    assertEqual(
      checkboxes(element).map((input) => [input.name, labelText(input), input.checked]),
      offer.types.map((type) => [type.key, type.label, false]),
      'checkboxes',
    )
    const fieldset = part(element, 'fieldset')
    assert(
      checkboxes(element).every((input) => fieldset?.contains(input)),
      'all in the fieldset',
    )
    assertEqual(part(element, 'privacy')?.getAttribute('href'), offer.privacyStatementUrl, 'link')
    assert(!part(element, 'save') && !part(element, 'unsubscribe'), 'no identified controls')
  })

  it('refuses an empty address next to the field, focuses it and sends nothing', async () => {
    const element = await mountSignUp()
    checkboxes(element)[0]!.click()

    part(element, 'signup')?.click()
    await waitFor(() => part(element, 'field-error') !== null, 'a field error')

    const email = part(element, 'email')
    assertEqual(fieldError(element, email), 'Vul uw e-mailadres in.', 'error of the field')
    assertEqual(email?.getAttribute('aria-invalid'), 'true', 'aria-invalid')
    assertSame(element.shadowRoot?.activeElement, email, 'focus')
    assertEqual(signUps.sent, 0, 'sign-up requests')
  })

  it('refuses a malformed address and a form without types before sending', async () => {
    const element = await mountSignUp()
    typeEmail(element, 'iemand@voorbeeld')

    part(element, 'signup')?.click()
    await waitFor(() => part(element, 'field-error') !== null, 'a field error')

    const expected = 'Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl'
    assertEqual(fieldError(element, part(element, 'email')), expected, 'email error')
    assertEqual(
      fieldError(element, part(element, 'fieldset')),
      'Kies ten minste één onderwerp.',
      'types',
    )
    assertEqual(signUps.sent, 0, 'sign-up requests')
  })

  it("shows the server's verdict on a field next to that field", async () => {
    const element = await mountSignUp()
    // Passes the widget's loose check; the server refuses an underscore in a domain name.
    typeEmail(element, 'iemand@voorbeeld_x.nl')
    checkboxes(element)[0]!.click()

    part(element, 'signup')?.click()
    await waitFor(() => part(element, 'field-error') !== null, 'a field error')

    assertEqual(signUps.sent, 1, 'sign-up requests')
    const email = part(element, 'email')
    assert(fieldError(element, email).startsWith('Dit is geen geldig e-mailadres.'), 'error')
    assertEqual(email?.getAttribute('aria-invalid'), 'true', 'aria-invalid')
    assertSame(element.shadowRoot?.activeElement, email, 'focus')
    assert(!part(element, 'error'), 'no general error')
  })

  it('answers the same for a new and a known address, and mails each what fits', async () => {
    const { demoEmail } = await testEnv()
    const newcomer = freshAddress('newcomer')
    const mark = await mailboxMark()

    const first = await mountSignUp()
    const signedUp = nextEvent<{ types: string[] }>('smp-signup')
    await signUpWith(first, newcomer, ['nieuwsbrief'])
    assertEqual((await signedUp).detail, { types: ['nieuwsbrief'] }, 'smp-signup detail')
    const second = await mountSignUp()
    await signUpWith(second, demoEmail, ['nieuwsbrief'])

    for (const element of [first, second]) {
      assertEqual(text(part(element, 'status')), inboxNl, 'the inbox message')
      assertEqual(checkboxes(element).length, 0, 'the form is gone')
      assert(!part(element, 'email'), 'the email field is gone')
    }
    assertEqual(second.shadowRoot?.innerHTML, first.shadowRoot?.innerHTML, 'the whole markup')
    linkTo(await nextMail(newcomer, mark), '/confirm/')
    linkTo(await nextMail(demoEmail, mark), '/p/')
    assertEqual((await ledger({ email: newcomer })).length, 0, 'nothing recorded before confirming')
  })

  it('keeps the address and choices when offline and sends them on retry', async () => {
    const { api, closedApi } = await testEnv()
    const address = freshAddress('retry')
    const mark = await mailboxMark()
    const element = await mountSignUp()
    typeEmail(element, address)
    checkbox(element, 'educatie').click()

    const restore = redirectFetch(api, closedApi)
    part(element, 'signup')?.click()
    await waitFor(() => part(element, 'retry') !== null, 'the retry button')
    restore()

    assertEqual((part(element, 'email') as HTMLInputElement).value, address, 'address kept')
    assertEqual(checkbox(element, 'educatie').checked, true, 'choice kept')
    part(element, 'retry')?.click()
    await waitFor(() => text(part(element, 'status')) === inboxNl, 'the inbox message')
    linkTo(await nextMail(address, mark), '/confirm/')
  })

  it('shows nothing and says why in the console for an unknown site key', async () => {
    const { api } = await testEnv()
    const console = captureConsoleErrors()
    try {
      const element = mount({ api, site: 'pk_nobody_has_this' })
      await waitFor(() => console.messages.length > 0, 'a console error')

      assert(console.messages[0]!.includes('pk_nobody_has_this'), `error: ${console.messages}`)
      await element.updateComplete
      assertEqual(element.shadowRoot?.children.length, 0, 'rendered elements')
    } finally {
      console.restore()
    }
  })
})
