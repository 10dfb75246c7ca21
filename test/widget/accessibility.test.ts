import { sendKeys } from '@web/test-runner-commands'
import { assertNoAxeViolations } from './support/axe.ts'
import {
  assert,
  assertEqual,
  assertSame,
  checkboxes,
  freshAddress,
  mount,
  mountLoaded,
  mountSignUp,
  newPerson,
  part,
  redirectFetch,
  testEnv,
  text,
  typeEmail,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

/** WCAG's relative luminance of an `rgb()` colour. */
function luminance(colour: string): number {
  const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/g) ?? []).map(Number).map((channel) => {
    const c = channel / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

describe('<smp-preferences> accessibility', () => {
  let restoreFetch = () => {}
  afterEach(() => {
    restoreFetch()
    unmountAll()
  })

  describe('axe-core finds no WCAG 2.2 AA violation', () => {
    it('in the identified form, with a type that cannot be changed here', async () => {
      const element = await mountLoaded()
      assert(part(element, 'fixed'), 'the demo data has a fixed type')

      await assertNoAxeViolations(element, 'the identified form')
    })

    it('in the sign-up form', async () => {
      await assertNoAxeViolations(await mountSignUp(), 'the sign-up form')
    })

    it('in the sign-up form showing validation errors', async () => {
      const element = await mountSignUp()
      typeEmail(element, 'not an address')
      part(element, 'signup')?.click()
      await waitFor(() => part(element, 'field-error') !== null, 'a field error')

      await assertNoAxeViolations(element, 'the sign-up form with errors')
    })

    it('after signing up', async () => {
      const element = await mountSignUp()
      typeEmail(element, freshAddress('axe'))
      checkboxes(element)[0]!.click()
      part(element, 'signup')?.click()
      await waitFor(() => text(part(element, 'status')) !== '', 'the inbox message')

      await assertNoAxeViolations(element, 'the sign-up confirmation')
    })

    it('when the server cannot be reached', async () => {
      const { api, token, closedApi } = await testEnv()
      restoreFetch = redirectFetch(api, closedApi)
      const element = mount({ api, token })
      await waitFor(() => part(element, 'retry') !== null, 'the retry button')

      await assertNoAxeViolations(element, 'the network error')
    })

    it('with an expired link', async () => {
      const { api, expiredToken } = await testEnv()
      const element = mount({ api, token: expiredToken })
      await waitFor(() => part(element, 'renew') !== null, 'the renew button')

      await assertNoAxeViolations(element, 'the expired link')
    })

    it('while asking to confirm unsubscribing from everything', async () => {
      const { token } = await newPerson()
      const element = await mountLoaded({ token })
      part(element, 'unsubscribe')?.click()
      await waitFor(() => part(element, 'confirm') !== null, 'the confirmation')

      await assertNoAxeViolations(element, 'the unsubscribe confirmation')
    })
  })

  it('shows a focus ring with at least 3:1 contrast on every control reached by Tab', async () => {
    const element = await mountLoaded()
    ;(document.activeElement as HTMLElement | null)?.blur()
    const page = getComputedStyle(document.body).backgroundColor
    const background = page === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : page

    const reached: string[] = []
    for (let presses = 0; presses < 50; presses++) {
      await sendKeys({ press: 'Tab' })
      const focused = element.shadowRoot?.activeElement as HTMLElement | null
      if (!focused) break
      const style = getComputedStyle(focused)
      const name = `${focused.getAttribute('part')} ${focused.getAttribute('name') ?? ''}`.trim()
      assertEqual(style.outlineStyle, 'solid', `outline style of ${name}`)
      assert(parseFloat(style.outlineWidth) >= 2, `outline of ${name} is ${style.outlineWidth}`)
      const ratio = contrast(style.outlineColor, background)
      assert(ratio >= 3, `focus ring of ${name} has contrast ${ratio.toFixed(2)}:1`)
      reached.push(focused.getAttribute('part') ?? '')
    }

    for (const name of ['checkbox', 'save', 'unsubscribe', 'privacy']) {
      assert(reached.includes(name), `Tab reaches ${name} (reached ${reached.join(', ')})`)
    }
  })

  it('announces results in a polite live region that exists before they arrive', async () => {
    const element = await mountLoaded()
    const status = part(element, 'status')

    assertEqual(status?.getAttribute('role'), 'status', 'role of the status part')
    part(element, 'save')?.click()
    await waitFor(() => text(part(element, 'status')) !== '', 'an announcement')
    assertSame(part(element, 'status'), status, 'the same live region element')
  })
})
