/** Runs axe-core's WCAG 2.2 A and AA rules on the widget in the test page. */
import type { AxeResults, RunOptions } from 'axe-core'

type Axe = { run(context: Element, options: RunOptions): Promise<AxeResults> }

/** The rules of these WCAG levels; best-practice rules about whole pages do not apply here. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

let loaded: Promise<Axe> | undefined

/** axe's own browser build, from node_modules, as a classic script. */
function loadAxe(): Promise<Axe> {
  loaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = '/node_modules/axe-core/axe.min.js'
    script.onload = () => resolve((window as unknown as { axe: Axe }).axe)
    script.onerror = () => reject(new Error('axe-core did not load'))
    document.head.append(script)
  })
  return loaded
}

/** Fails with every violation, the rule, the elements and axe's explanation. */
export async function assertNoAxeViolations(element: Element, state: string) {
  const axe = await loadAxe()
  const { violations, passes } = await axe.run(element, {
    runOnly: { type: 'tag', values: wcagTags },
  })

  if (violations.length) {
    const found = violations.map(
      ({ id, help, nodes }) => `${id} (${help}): ${nodes.map((node) => node.html).join(', ')}`,
    )
    throw new Error(`axe found ${violations.length} violation(s) in ${state}:\n${found.join('\n')}`)
  }
  // No rule passing would mean axe looked at nothing, e.g. an empty shadow root.
  if (!passes.length) throw new Error(`axe checked nothing in ${state}`)
}
