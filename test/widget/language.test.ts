import {
  assertEqual,
  checkbox,
  checkboxes,
  labelText,
  mountLoaded,
  mountSignUp,
  part,
  selfService,
  serverTypes,
  settled,
  siteOffer,
  text,
  typeEmail,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

describe('<smp-preferences> language', () => {
  const pageLanguage = document.documentElement.lang
  afterEach(() => {
    unmountAll()
    document.documentElement.lang = pageLanguage
  })

  it('speaks Dutch by default, with the Dutch labels from the server', async () => {
    const expected = selfService(await serverTypes('nl'))
    const element = await mountLoaded()

    assertEqual(text(part(element, 'save')), 'Opslaan', 'save button')
    assertEqual(part(element, 'form')?.lang, 'nl', 'language of the form')
    assertEqual(
      checkboxes(element).map(labelText),
      expected.map((type) => type.label),
      'labels',
    )
  })

  it('speaks English with lang="en", with the English labels from the server', async () => {
    const expected = selfService(await serverTypes('en'))
    const element = await mountLoaded({ lang: 'en' })

    assertEqual(text(part(element, 'save')), 'Save', 'save button')
    const legend = text(part(element, 'legend'))
    assertEqual(legend, 'Which messages would you like to receive?', 'legend')
    assertEqual(
      checkboxes(element).map(labelText),
      expected.map((type) => type.label),
      'labels',
    )
  })

  it('follows the page language when it has no lang of its own', async () => {
    document.documentElement.lang = 'en'
    const element = await mountLoaded()

    assertEqual(text(part(element, 'save')), 'Save', 'save button')
  })

  it('ignores a page language it does not speak', async () => {
    document.documentElement.lang = 'de'
    const element = await mountLoaded()

    assertEqual(text(part(element, 'save')), 'Opslaan', 'save button')
  })

  it('keeps unsaved choices when the language changes', async () => {
    const english = await serverTypes('en')
    const element = await mountLoaded()
    const first = checkboxes(element)[0]!
    const chosen = !first.checked
    first.click()

    element.lang = 'en'
    await element.updateComplete
    await settled(element)

    assertEqual(labelText(checkbox(element, first.name)), english[0]!.label, 'English label')

    assertEqual(checkbox(element, first.name).checked, chosen, 'the choice made before')
  })
})

describe('<smp-preferences site> language', () => {
  afterEach(unmountAll)

  it('switches texts and reloads labels, keeping the address, choices and errors', async () => {
    const english = await siteOffer('en')
    const element = await mountSignUp()
    const first = checkboxes(element)[0]!
    first.click()
    typeEmail(element, 'iemand@voorbeeld')
    part(element, 'signup')?.click()
    await waitFor(() => part(element, 'field-error') !== null, 'a field error')

    element.lang = 'en'
    await element.updateComplete
    await settled(element)

    assertEqual(text(part(element, 'email-label')), 'Email address', 'email label')
    assertEqual(text(part(element, 'signup')), 'Sign up', 'sign-up button')
    assertEqual(
      checkboxes(element).map(labelText),
      english.types.map((type) => type.label),
      'English labels from the server',
    )
    assertEqual((part(element, 'email') as HTMLInputElement).value, 'iemand@voorbeeld', 'address')
    assertEqual(checkbox(element, first.name).checked, true, 'the choice made before')
    const expected = 'This is not a valid email address. For example: name@example.org'
    assertEqual(text(part(element, 'field-error')), expected, 'the error, now in English')
  })
})
