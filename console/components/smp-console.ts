/**
 * The operator console: signs the operator in, then shows the screen the URL names, with the
 * navigation, the language switch and sign-out around it.
 */
import { css, html, nothing } from 'lit'
import { ApiError, api, type Session, sessionEndedEvent } from '../api.ts'
import { errorText } from '../errors.ts'
import { language, setLanguage, t } from '../i18n.ts'
import type { MessageKey } from '../messages.ts'
import { Permissions, rightsChangedEvent } from '../permissions.ts'
import { base, currentRoute, navigate, type Route, routeChangedEvent } from '../router.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-ledger.ts'
import './smp-mailings.ts'
import './smp-person-card.ts'
import './smp-person-search.ts'
import './smp-saved-queries.ts'
import './smp-sign-in.ts'
import './smp-opt-in-types.ts'
import './smp-user-groups.ts'

/** The menu; `adminOnly` screens are left out for everyone else. */
const screens: { path: string; screen: Route['screen']; label: MessageKey; adminOnly?: true }[] = [
  { path: `${base}/persons`, screen: 'persons', label: 'navPersons' },
  { path: `${base}/types`, screen: 'types', label: 'navTypes' },
  { path: `${base}/ledger`, screen: 'ledger', label: 'navLedger' },
  { path: `${base}/queries`, screen: 'queries', label: 'navQueries' },
  { path: `${base}/mailings`, screen: 'mailings', label: 'navMailings' },
  { path: `${base}/charts`, screen: 'charts', label: 'navCharts' },
  { path: `${base}/groups`, screen: 'groups', label: 'navGroups', adminOnly: true },
]

export class SmpConsole extends LocalisedElement {
  static override properties = {
    session: { state: true },
    route: { state: true },
    failure: { state: true },
    menuOpen: { state: true },
  }

  static override styles = [
    sharedStyles,
    css`
      header {
        background: var(--accent-dark);
        color: #fff;
        padding: 0.5rem 1rem;
        display: grid;
        grid-template-columns: 1fr auto;
        align-items: center;
        gap: 0 1rem;
      }
      /* On a wide screen the menu's parts sit in the header's grid as if unwrapped. */
      #menu-panel {
        display: contents;
      }
      .brand {
        font-weight: 700;
        font-size: 1.1rem;
      }
      .menu-toggle {
        display: none;
      }
      nav {
        grid-column: 1 / -1;
      }
      .who {
        justify-self: end;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      header button {
        background: transparent;
        border-color: #fff;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        margin: 0.5rem 0 0;
        padding: 0;
      }
      nav a {
        color: #fff;
        display: inline-block;
        padding: 0.25rem 0;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
        text-decoration-thickness: 3px;
      }
      main {
        padding: 1rem;
        max-width: 72rem;
        margin: 0 auto;
      }
      /* On a phone the menu folds behind one button, so the screen starts near the top. */
      @media (max-width: 40rem) {
        .menu-toggle {
          display: inline-block;
        }
        #menu-panel {
          display: block;
          grid-column: 1 / -1;
          padding: 0.5rem 0 0.25rem;
        }
        header.folded #menu-panel {
          display: none;
        }
        nav ul {
          flex-direction: column;
          gap: 0;
        }
        nav a {
          padding: 0.4rem 0;
        }
      }
    `,
  ]

  /** undefined: still asking the server whether a session exists. */
  declare private session: Session | null | undefined
  declare private route: Route
  declare private failure: string
  /** Whether the folded phone menu is open; wider screens always show it. */
  declare private menuOpen: boolean

  constructor() {
    super()
    this.session = undefined
    this.route = currentRoute()
    this.failure = ''
    this.menuOpen = false
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('popstate', this.followUrl)
    window.addEventListener(routeChangedEvent, this.followUrl)
    window.addEventListener(sessionEndedEvent, this.forgetSession)
    window.addEventListener(rightsChangedEvent, this.takeNewRights)
    this.addEventListener('click', this.followLink)
    void this.loadSession()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('popstate', this.followUrl)
    window.removeEventListener(routeChangedEvent, this.followUrl)
    window.removeEventListener(sessionEndedEvent, this.forgetSession)
    window.removeEventListener(rightsChangedEvent, this.takeNewRights)
    this.removeEventListener('click', this.followLink)
  }

  private async loadSession() {
    try {
      this.session = await api.session()
    } catch (error) {
      this.session = null
      if (!(error instanceof ApiError && error.status === 401)) this.failure = errorText(error)
    }
  }

  private followUrl = () => {
    this.route = currentRoute()
    this.menuOpen = false
  }

  private forgetSession = () => {
    this.session = null
  }

  private takeNewRights = (event: Event) => {
    this.session = (event as CustomEvent<Session>).detail
  }

  /** Console links change the screen without a reload; downloads and new tabs go as usual. */
  private followLink = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const link = event
      .composedPath()
      .find((target): target is HTMLAnchorElement => target instanceof HTMLAnchorElement)
    if (!link || link.hasAttribute('download') || link.target) return
    const url = new URL(link.href)
    if (url.origin !== location.origin || !url.pathname.startsWith(base)) return

    event.preventDefault()
    navigate(url.pathname + url.search)
  }

  override render() {
    document.title = `${t('appTitle')} – ${t(this.titleKey())}`

    const folded = Boolean(this.session) && !this.menuOpen
    return html`<header class=${folded ? 'folded' : ''}>
        <span class="brand">${t('appTitle')}</span>
        ${
          this.session
            ? html`<button
                type="button"
                class="menu-toggle"
                aria-expanded=${this.menuOpen ? 'true' : 'false'}
                aria-controls="menu-panel"
                @click=${() => (this.menuOpen = !this.menuOpen)}
              >
                ${t('menu')}
              </button>`
            : nothing
        }
        <div id="menu-panel">
          <div class="who">
            ${
              this.session
                ? html`<span
                    >${`${this.session.operator.name} (${t(`role_${this.session.operator.role}`)})`}</span
                  >`
                : nothing
            }
            ${this.languageSwitch()}
            ${
              this.session
                ? html`<button type="button" @click=${this.signOut}>${t('signOut')}</button>`
                : nothing
            }
          </div>
          ${this.session ? this.navigation() : nothing}
        </div>
      </header>
      <main>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${
          this.session?.operator.role === 'viewer'
            ? html`<p class="muted">${t('viewerNote')}</p>`
            : nothing
        }
        ${this.content()}
      </main>`
  }

  private titleKey(): MessageKey {
    if (!this.session) return 'signInTitle'
    if (this.route.screen === 'person') return 'personCard'
    return screens.find((entry) => entry.screen === this.route.screen)?.label ?? 'navPersons'
  }

  private languageSwitch() {
    const other = language() === 'nl' ? 'en' : 'nl'
    return html`<button type="button" lang=${other} @click=${() => setLanguage(other)}>
      ${other === 'en' ? 'English' : 'Nederlands'}
    </button>`
  }

  private navigation() {
    const active = this.route.screen === 'person' ? 'persons' : this.route.screen
    const isAdmin = this.session?.operator.role === 'admin'
    return html`<nav aria-label=${t('navLabel')}>
      <ul>
        ${screens
          .filter((entry) => isAdmin || !entry.adminOnly)
          .map(
            (entry) =>
              html`<li>
                <a href=${entry.path} aria-current=${entry.screen === active ? 'page' : 'false'}
                  >${t(entry.label)}</a
                >
              </li>`,
          )}
      </ul>
    </nav>`
  }

  private content() {
    if (this.session === undefined) return html`<p role="status">${t('loading')}</p>`
    if (this.session === null) {
      return html`<smp-sign-in @signed-in=${this.signedIn}></smp-sign-in>`
    }

    const permissions = new Permissions(this.session)
    const route = this.route
    switch (route.screen) {
      case 'person':
        return html`<smp-person-card
          .personId=${route.personId}
          .tab=${route.tab}
          .permissions=${permissions}
        ></smp-person-card>`
      case 'types':
        return html`<smp-opt-in-types .permissions=${permissions}></smp-opt-in-types>`
      case 'ledger':
        return html`<smp-ledger .permissions=${permissions}></smp-ledger>`
      case 'queries':
        return html`<smp-saved-queries .permissions=${permissions}></smp-saved-queries>`
      case 'mailings':
        return html`<smp-mailings></smp-mailings>`
      case 'groups':
        return html`<smp-user-groups .permissions=${permissions}></smp-user-groups>`
      case 'charts':
        // Chart.js is most of the console's weight, so it loads only for this screen.
        void import('./smp-charts.ts')
        return html`<smp-charts></smp-charts>`
      case 'persons':
        return html`<smp-person-search .query=${route.query}></smp-person-search>`
    }
  }

  private signedIn(event: CustomEvent<Session>) {
    this.failure = ''
    this.session = event.detail
  }

  private async signOut() {
    try {
      await api.signOut()
      this.session = null
      navigate(`${base}/persons`, { replace: true })
    } catch (error) {
      this.failure = errorText(error)
    }
  }
}

customElements.define('smp-console', SmpConsole)
