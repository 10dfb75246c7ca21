import {
  assert,
  assertEqual,
  checkboxes,
  ledger,
  mountLoaded,
  part,
  recordsSince,
  text,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

/** Adds a stylesheet to the page until `removeStyles` runs. */
const added: HTMLStyleElement[] = []
function addPageStyles(css: string) {
  const style = document.createElement('style')
  style.textContent = css
  document.head.append(style)
  added.push(style)
}
function removeStyles() {
  for (const style of added.splice(0)) style.remove()
}

function isRendered(element: HTMLElement): boolean {
  const box = element.getBoundingClientRect()
  const style = getComputedStyle(element)
  return (
    box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
  )
}

describe('<smp-preferences> theming', () => {
  afterEach(() => {
    removeStyles()
    unmountAll()
  })

  it('keeps working under a hostile page stylesheet', async () => {
    addPageStyles(`
      *:not(html):not(body):not(smp-preferences) { display: none !important; }
      input, button, label, fieldset, legend, p, a, span, div, form {
        display: none !important; visibility: hidden !important; opacity: 0 !important;
        width: 0 !important; height: 0 !important; position: absolute !important;
      }
      [part] { display: none !important; }
    `)
    const before = await ledger()
    const element = await mountLoaded()

    const controls = [...checkboxes(element), part(element, 'save')!, part(element, 'privacy')!]
    for (const control of controls) {
      assert(isRendered(control), `${control.getAttribute('part')} is rendered`)
    }
    assertEqual(getComputedStyle(part(element, 'save')!).opacity, '1', 'opacity of save')

    const input = checkboxes(element)[0]!
    input.click()
    part(element, 'save')?.click()
    await waitFor(() => text(part(element, 'status')) === 'Voorkeuren opgeslagen', 'saved')
    const added = await recordsSince(before)
    assertEqual(
      added.map(({ type }) => type),
      [input.name],
      'records added',
    )
  })

  it('gives two elements on one page their own accent colours and parts', async () => {
    addPageStyles(`
      .warm { --smp-accent: rgb(170, 34, 0); --smp-radius: 0px; }
      .cool { --smp-accent: rgb(0, 68, 170); }
      .cool::part(save) { border-radius: 20px; text-transform: uppercase; }
      .cool::part(legend) { font-size: 30px; }
    `)
    const warm = await mountLoaded({ class: 'warm' })
    const cool = await mountLoaded({ class: 'cool' })
    const style = (element: HTMLElement, name: string) => getComputedStyle(part(element, name)!)

    assertEqual(style(warm, 'save').backgroundColor, 'rgb(170, 34, 0)', 'warm accent')
    assertEqual(style(cool, 'save').backgroundColor, 'rgb(0, 68, 170)', 'cool accent')
    assertEqual(getComputedStyle(checkboxes(warm)[0]!).accentColor, 'rgb(170, 34, 0)', 'warm box')
    assertEqual(getComputedStyle(checkboxes(cool)[0]!).accentColor, 'rgb(0, 68, 170)', 'cool box')
    assertEqual(style(warm, 'save').borderTopLeftRadius, '0px', 'warm radius')
    assertEqual(style(cool, 'save').borderTopLeftRadius, '20px', 'cool radius from ::part')
    assertEqual(style(cool, 'save').textTransform, 'uppercase', 'cool ::part(save)')
    assertEqual(style(cool, 'legend').fontSize, '30px', 'cool ::part(legend)')
    assert(style(warm, 'legend').fontSize !== '30px', 'the warm legend keeps its size')
  })

  it('names every visual piece as a part', async () => {
    const element = await mountLoaded()
    const names = new Set<string>()
    const collect = () => {
      for (const node of element.shadowRoot?.querySelectorAll('[part]') ?? []) {
        for (const name of node.getAttribute('part')!.split(' ')) names.add(name)
      }
    }

    collect()
    part(element, 'unsubscribe')?.click()
    await waitFor(() => part(element, 'confirm') !== null, 'the confirmation')
    collect()

    const expected = ['form', 'fieldset', 'legend', 'type', 'label', 'checkbox', 'description']
    expected.push('subgroups', 'fixed', 'state', 'note', 'actions', 'save', 'unsubscribe')
    expected.push('confirmation', 'confirm', 'cancel', 'status', 'privacy')
    for (const name of expected) assert(names.has(name), `part "${name}" is rendered`)
  })
})
