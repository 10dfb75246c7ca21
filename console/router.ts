/** URL paths under /admin, so every screen survives a reload and can be bookmarked. */

export const personTabs = ['preferences', 'contact', 'administration'] as const
export type PersonTab = (typeof personTabs)[number]

export type Route =
  | { screen: 'persons'; query: string }
  | { screen: 'person'; personId: number; tab: PersonTab }
  | { screen: 'types' | 'ledger' | 'queries' | 'mailings' | 'charts' | 'groups' }

export const base = '/admin'

const simpleScreens = ['types', 'ledger', 'queries', 'mailings', 'charts', 'groups'] as const

export function currentRoute(): Route {
  const parts = location.pathname.slice(base.length).split('/').filter(Boolean)
  const [first, second, third] = parts

  if (first === 'persons' && second && /^[0-9]+$/.test(second)) {
    const tab = personTabs.find((candidate) => candidate === third) ?? 'preferences'
    return { screen: 'person', personId: Number(second), tab }
  }
  const screen = simpleScreens.find((candidate) => candidate === first)
  if (screen) return { screen }
  return { screen: 'persons', query: new URLSearchParams(location.search).get('q') ?? '' }
}

export const routeChangedEvent = 'smp-route-changed'

/** Goes to a console path without reloading; `replace` keeps the browser history short. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(routeChangedEvent))
}

export function personPath(id: number, tab: PersonTab = 'preferences'): string {
  return tab === 'preferences' ? `${base}/persons/${id}` : `${base}/persons/${id}/${tab}`
}
