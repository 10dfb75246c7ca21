import {
  assertEqual,
  checkbox,
  checkboxes,
  labelText,
  mountLoaded,
  part,
  serverTypes,
  settled,
  text,
  unmountAll,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

describe('<smp-preferences> language', () => {
  const pageLanguage = document.documentElement.lang
  afterEach(() => {
    unmountAll()
    document.documentElement.lang = pageLanguage
  })

  it('speaks Dutch by default, with the Dutch labels from the server', async () => {
    const expected = await serverTypes('nl')
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
    const expected = await serverTypes('en')
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
