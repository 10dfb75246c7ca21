import type { RecordedConsent } from '../../widget/api.ts'
import {
  assert,
  assertEqual,
  assertSame,
  checkbox,
  checkboxes,
  labelText,
  ledger,
  mountLoaded,
  nextEvent,
  part,
  recordsSince,
  serverTypes,
  text,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

async function saveAndWait(element: HTMLElement, message: string) {
  part(element, 'save')?.click()
  await waitFor(() => text(part(element, 'status')) === message, `status "${message}"`)
}

describe('<smp-preferences> saving', () => {
  afterEach(unmountAll)

  it('records one consent record with the label shown and its channel', async () => {
    const before = await ledger()
    const element = await mountLoaded()
    const input = checkbox(element, 'vrienden-nieuwsbrief')
    const shown = labelText(input)
    input.click()
    const chosen = input.checked

    await saveAndWait(element, 'Voorkeuren opgeslagen')

    const added = await recordsSince(before)
    assertEqual(added.length, 1, 'records added')
    const [record] = added
    assertEqual(record?.type, input.name, 'type')
    assertEqual(record?.optIn, chosen, 'optIn')
    assertEqual(record?.description, shown, 'description')
    assertEqual(record?.channel, 'preference_centre', 'channel')
    const now = (await serverTypes('nl')).find((type) => type.key === input.name)
    assertEqual(now?.optIn, chosen, 'effective consent after saving')
    assertEqual(checkbox(element, input.name).checked, chosen, 'checkbox after saving')
  })

  it('records only changed types, with the channel and language of the element', async () => {
    const before = await ledger()
    const element = await mountLoaded({ lang: 'en', channel: 'web_form' })
    const first = checkbox(element, 'vrienden-nieuwsbrief')
    const second = checkbox(element, 'servicemail')
    first.click()
    second.click()
    second.click()
    const expected = { type: first.name, optIn: first.checked, description: labelText(first) }

    await saveAndWait(element, 'Preferences saved')

    const added = await recordsSince(before)
    assertEqual(
      added.map(({ type, optIn, description, channel }) => ({ type, optIn, description, channel })),
      [{ ...expected, channel: 'web_form' }],
      'records added',
    )
  })

  it('ticks the parent with a subgroup and unticks the subgroups with their parent', async () => {
    const element = await mountLoaded()
    const parent = checkbox(element, 'nieuwsbrief')
    const youth = checkbox(element, 'jongeren')
    if (parent.checked) parent.click()
    await element.updateComplete

    youth.click()
    await element.updateComplete
    assertEqual(parent.checked, true, 'parent ticked by its subgroup')

    parent.click()
    await element.updateComplete
    assertEqual(youth.checked, false, 'subgroup unticked with its parent')
    assertEqual(checkbox(element, 'educatie').checked, false, 'other subgroup unticked too')
  })

  it('records nothing and says so when nothing changed', async () => {
    const before = await ledger()
    const element = await mountLoaded()

    await saveAndWait(element, 'U heeft niets gewijzigd.')

    assertEqual((await recordsSince(before)).length, 0, 'records added')
  })

  it('fires smp-change and smp-saved out of the shadow root', async () => {
    const element = await mountLoaded()
    const input = checkboxes(element)[0]!

    const changed = nextEvent<{ type: string; optIn: boolean }>('smp-change')
    input.click()
    const change = await changed
    assertEqual(change.detail, { type: input.name, optIn: input.checked }, 'smp-change detail')
    assert(change.bubbles && change.composed, 'smp-change bubbles and is composed')
    assertSame(change.target, element, 'smp-change target')

    const saved = nextEvent<{ recorded: RecordedConsent[] }>('smp-saved')
    part(element, 'save')?.click()
    const save = await saved
    assert(save.bubbles && save.composed, 'smp-saved bubbles and is composed')
    const [newest] = await ledger()
    assertEqual(
      save.detail.recorded.map(({ id, type, optIn }) => ({ id, type, optIn })),
      [{ id: newest?.id, type: input.name, optIn: input.checked }],
      'smp-saved detail',
    )
  })
})
