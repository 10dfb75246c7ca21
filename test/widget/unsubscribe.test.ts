import type { RecordedConsent } from '../../widget/api.ts'
import {
  assert,
  assertEqual,
  assertSame,
  checkbox,
  checkboxes,
  ledger,
  mountLoaded,
  newPerson,
  nextEvent,
  part,
  selfService,
  serverTypes,
  text,
  unmountAll,
  waitFor,
  type TestPerson,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

/** A new person who opted in to the newsletter and one subgroup through the widget. */
async function subscribedPerson(): Promise<{ person: TestPerson; element: HTMLElement }> {
  const person = await newPerson()
  const element = await mountLoaded({ token: person.token })
  for (const key of ['nieuwsbrief', 'educatie']) checkbox(element, key).click()
  part(element, 'save')?.click()
  await waitFor(() => text(part(element, 'status')) === 'Voorkeuren opgeslagen', 'saved')
  return { person, element }
}

async function askToUnsubscribe(element: HTMLElement) {
  part(element, 'unsubscribe')?.click()
  await waitFor(() => part(element, 'confirm') !== null, 'the confirmation question')
}

describe('<smp-preferences> full unsubscribe', () => {
  afterEach(unmountAll)

  it('asks first, with the question as the label of its two buttons', async () => {
    const { element } = await subscribedPerson()

    await askToUnsubscribe(element)

    const group = part(element, 'confirmation')
    const question = element.shadowRoot?.getElementById(
      group?.getAttribute('aria-labelledby') ?? '',
    )
    assert(text(question ?? null).startsWith('Wilt u zich echt overal voor afmelden?'), 'question')
    assertEqual(text(part(element, 'confirm')), 'Ja, meld mij overal af', 'confirm button')
    assertEqual(text(part(element, 'cancel')), 'Annuleren', 'cancel button')
    assertSame(element.shadowRoot?.activeElement, part(element, 'confirm'), 'focus')
  })

  it('records nothing when cancelled and returns focus to the button', async () => {
    const { person, element } = await subscribedPerson()
    const before = await ledger(person)

    await askToUnsubscribe(element)
    part(element, 'cancel')?.click()
    await waitFor(() => part(element, 'unsubscribe') !== null, 'the unsubscribe button')

    assert(!part(element, 'confirm'), 'the question is gone')
    assertSame(element.shadowRoot?.activeElement, part(element, 'unsubscribe'), 'focus')
    assertEqual((await ledger(person)).length, before.length, 'records')
    assertEqual(checkbox(element, 'nieuwsbrief').checked, true, 'still subscribed')
  })

  it('opts out of every self-service type once confirmed, and says so', async () => {
    const { person, element } = await subscribedPerson()
    const types = await serverTypes('nl', person.token)
    const before = await ledger(person)

    await askToUnsubscribe(element)
    const unsubscribed = nextEvent<{ recorded: RecordedConsent[] }>('smp-unsubscribed')
    part(element, 'confirm')?.click()
    await waitFor(() => text(part(element, 'status')) === 'U bent overal afgemeld.', 'status')

    const now = await serverTypes('nl', person.token)
    for (const type of selfService(now)) assertEqual(type.optIn, false, `consent for ${type.key}`)
    const fixed = now.filter((type) => !type.selfService)
    assertEqual(
      fixed.map((type) => type.optIn),
      types.filter((type) => !type.selfService).map((type) => type.optIn),
      'types that are not self-service keep their state',
    )
    assert(
      checkboxes(element).every((input) => !input.checked),
      'no box ticked',
    )
    assert(!part(element, 'confirm'), 'the question is gone')

    const added = (await ledger(person)).filter(
      (record) => !before.some((old) => old.id === record.id),
    )
    assert(added.length > 0 && added.every((record) => !record.optIn), 'only opt-outs were added')
    assert(
      added.every((record) => selfService(now).some((type) => type.key === record.type)),
      'only for self-service types',
    )
    const { detail } = await unsubscribed
    assertEqual(
      detail.recorded.map((record) => record.id).sort(),
      added.map((record) => record.id).sort(),
      'smp-unsubscribed detail',
    )
  })
})

describe('<smp-preferences> types the person cannot change here', () => {
  afterEach(unmountAll)

  it('shows their state and the note on how to change them, without a checkbox', async () => {
    const fixed = (await serverTypes('nl')).filter((type) => !type.selfService)
    assert(fixed.length > 0, 'the demo data has a type that is not self-service')
    const element = await mountLoaded()

    const shown = [...(element.shadowRoot?.querySelectorAll('[part~="fixed"]') ?? [])]
    assertEqual(shown.length, fixed.length, 'fixed types shown')
    for (const type of fixed) {
      const block = shown
        .find((node) => text(node).startsWith(type.label))
        ?.closest('[part~="type"]')
      assert(block, `${type.label} is shown`)
      assert(!block.querySelector('input'), `no checkbox for ${type.key}`)
      const state = text(block.querySelector('[part~="state"]'))
      assertEqual(state, type.optIn ? 'aan' : 'uit', `state of ${type.key}`)
      assertEqual(
        text(block.querySelector('[part~="note"]')),
        type.optOutNote,
        `note of ${type.key}`,
      )
    }
  })
})
