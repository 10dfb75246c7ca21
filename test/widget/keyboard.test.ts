import { sendKeys } from '@web/test-runner-commands'
import {
  assertEqual,
  assertSame,
  checkboxes,
  ledger,
  mountLoaded,
  nextEvent,
  part,
  recordsSince,
  text,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

describe('<smp-preferences> keyboard use', () => {
  afterEach(unmountAll)

  it('reaches the checkboxes with Tab, toggles with Space and saves with Enter', async () => {
    const before = await ledger()
    const element = await mountLoaded()
    const boxes = checkboxes(element)
    const first = boxes[0]!
    const was = first.checked
    ;(document.activeElement as HTMLElement | null)?.blur()

    await sendKeys({ press: 'Tab' })
    assertSame(element.shadowRoot?.activeElement, first, 'focus after one Tab')

    const changed = nextEvent<{ type: string; optIn: boolean }>('smp-change')
    await sendKeys({ press: 'Space' })
    assertEqual(first.checked, !was, 'checked after Space')
    assertEqual((await changed).detail, { type: first.name, optIn: !was }, 'smp-change detail')

    for (let i = 0; i < boxes.length; i++) await sendKeys({ press: 'Tab' })
    assertSame(element.shadowRoot?.activeElement, part(element, 'save'), 'focus on save')
    await sendKeys({ press: 'Enter' })
    await waitFor(() => text(part(element, 'status')) === 'Voorkeuren opgeslagen', 'saved')

    const added = await recordsSince(before)
    assertEqual(
      added.map(({ type, optIn }) => ({ type, optIn })),
      [{ type: first.name, optIn: !was }],
      'records added',
    )
  })
})
