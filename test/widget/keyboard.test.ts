import { sendKeys } from '@web/test-runner-commands'
import {
  assertEqual,
  assertSame,
  checkboxes,
  freshAddress,
  ledger,
  linkTo,
  mailboxMark,
  mountLoaded,
  mountSignUp,
  newPerson,
  nextEvent,
  nextMail,
  part,
  recordsSince,
  text,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

/** Starts keyboard use from the top of the page, as after loading it. */
function blurAll() {
  ;(document.activeElement as HTMLElement | null)?.blur()
}

function focused(element: HTMLElement): Element | null | undefined {
  return element.shadowRoot?.activeElement
}

describe('<smp-preferences> keyboard use', () => {
  afterEach(unmountAll)

  it('reaches the checkboxes with Tab, toggles with Space and saves with Enter', async () => {
    const before = await ledger()
    const element = await mountLoaded()
    const boxes = checkboxes(element)
    const first = boxes[0]!
    const was = first.checked
    blurAll()

    await sendKeys({ press: 'Tab' })
    assertSame(focused(element), first, 'focus after one Tab')

    const changed = nextEvent<{ type: string; optIn: boolean }>('smp-change')
    await sendKeys({ press: 'Space' })
    assertEqual(first.checked, !was, 'checked after Space')
    assertEqual((await changed).detail, { type: first.name, optIn: !was }, 'smp-change detail')

    for (let i = 0; i < boxes.length; i++) await sendKeys({ press: 'Tab' })
    assertSame(focused(element), part(element, 'save'), 'focus on save')
    await sendKeys({ press: 'Enter' })
    await waitFor(() => text(part(element, 'status')) === 'Voorkeuren opgeslagen', 'saved')

    const added = await recordsSince(before)
    assertEqual(
      added.map(({ type, optIn }) => ({ type, optIn })),
      [{ type: first.name, optIn: !was }],
      'records added',
    )
  })

  it('unsubscribes from everything with Enter, after Tab and Enter on the question', async () => {
    const person = await newPerson()
    const element = await mountLoaded({ token: person.token })
    part(element, 'save')?.focus()

    await sendKeys({ press: 'Tab' })
    assertSame(focused(element), part(element, 'unsubscribe'), 'focus on unsubscribe')
    await sendKeys({ press: 'Enter' })
    await waitFor(() => focused(element) === part(element, 'confirm'), 'focus on confirm')

    await sendKeys({ press: 'Tab' })
    assertSame(focused(element), part(element, 'cancel'), 'focus on cancel')
    await sendKeys({ press: 'Enter' })
    await waitFor(() => focused(element) === part(element, 'unsubscribe'), 'focus back')

    await sendKeys({ press: 'Enter' })
    await waitFor(() => focused(element) === part(element, 'confirm'), 'focus on confirm again')
    await sendKeys({ press: 'Enter' })
    await waitFor(() => text(part(element, 'status')) === 'U bent overal afgemeld.', 'status')
    const records = await ledger(person)
    assertEqual(records.length > 0 && records.every((record) => !record.optIn), true, 'opt-outs')
  })

  it('signs up with the keyboard alone', async () => {
    const address = freshAddress('keyboard')
    const mark = await mailboxMark()
    const element = await mountSignUp()
    blurAll()

    await sendKeys({ press: 'Tab' })
    assertSame(focused(element), part(element, 'email'), 'focus on the email field')
    await sendKeys({ type: address })
    await sendKeys({ press: 'Tab' })
    assertSame(focused(element), checkboxes(element)[0], 'focus on the first type')
    await sendKeys({ press: 'Space' })
    await sendKeys({ press: 'Enter' })

    await waitFor(() => text(part(element, 'status')).startsWith('Bijna klaar!'), 'inbox message')
    linkTo(await nextMail(address, mark), '/confirm/')
  })
})
