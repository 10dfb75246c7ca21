import {
  assert,
  assertEqual,
  checkbox,
  checkboxes,
  labelText,
  mount,
  mountLoaded,
  part,
  selfService,
  serverTypes,
  testEnv,
  text,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

describe('<smp-preferences> rendering', () => {
  afterEach(unmountAll)

  it('shows a loading message until the preferences arrive', async () => {
    const { api, token } = await testEnv()
    const element = mount({ api, token })
    await element.updateComplete

    assertEqual(text(part(element, 'loading')), 'Bezig met laden…', 'loading text')
    await waitFor(() => checkboxes(element).length > 0, 'checkboxes')
    assert(!part(element, 'loading'), 'the loading message is gone once loaded')
  })

  it('shows each self-service type as a labelled checkbox with its description', async () => {
    const expected = selfService(await serverTypes('nl'))
    const element = await mountLoaded()

    assertEqual(
      checkboxes(element).map((input) => input.name),
      expected.map((type) => type.key),
      'checkboxes in server order',
    )
    for (const type of expected) {
      const input = checkbox(element, type.key)
      assertEqual(input.labels?.length, 1, `number of <label>s of ${type.key}`)
      assertEqual(labelText(input), type.label, `label of ${type.key}`)
      assertEqual(input.checked, type.optIn, `checked state of ${type.key}`)
      if (!type.description) continue
      const description = element.shadowRoot?.getElementById(
        input.getAttribute('aria-describedby') ?? '',
      )
      assertEqual(text(description ?? null), type.description, `description of ${type.key}`)
    }
  })

  it('puts the checkboxes in a fieldset with a legend', async () => {
    const element = await mountLoaded()

    const fieldset = part(element, 'fieldset')
    assertEqual(fieldset?.tagName, 'FIELDSET', 'fieldset element')
    const legend = text(fieldset?.querySelector('legend') ?? null)
    assertEqual(legend, 'Welke berichten wilt u ontvangen?', 'legend')
    assert(
      checkboxes(element).every((input) => fieldset?.contains(input)),
      'every checkbox is inside the fieldset',
    )
  })

  it('indents subgroups under their parent', async () => {
    const subgroups = (await serverTypes('nl')).filter((type) => type.parentKey)
    assert(subgroups.length > 0, 'the demo data has subgroups')
    const element = await mountLoaded()

    for (const type of subgroups) {
      const input = checkbox(element, type.key)
      const group = input.closest('[part~="subgroups"]')
      assert(group, `${type.key} is in a subgroup list`)
      const parentType = group.closest('[part~="type"]')
      const parentInput = parentType?.querySelector('input')
      assertEqual(parentInput?.name, type.parentKey, `parent of ${type.key}`)
      const parentLeft = parentInput?.getBoundingClientRect().left ?? 0
      const indent = input.getBoundingClientRect().left - parentLeft
      assert(indent > 10, `${type.key} is indented (by ${indent}px)`)
    }
  })
})
