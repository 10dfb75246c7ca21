/**
 * The customer card (klantkaart): a person's name and state, with the tabs Preferences,
 * Contact details and Administration. The tab is part of the URL.
 */
import { css, html, type PropertyValues } from 'lit'
import { api, type OptInType, type Person } from '../api.ts'
import { errorText } from '../errors.ts'
import { formatDate, t } from '../i18n.ts'
import type { MessageKey } from '../messages.ts'
import type { Permissions } from '../permissions.ts'
import { base, navigate, personPath, type PersonTab, personTabs } from '../router.ts'
import { LocalisedElement } from './localisedElement.ts'
import { personName } from './personName.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-administration-tab.ts'
import './smp-contact-tab.ts'
import './smp-preferences-tab.ts'

const tabLabels: Record<PersonTab, MessageKey> = {
  preferences: 'tabPreferences',
  contact: 'tabContact',
  administration: 'tabAdministration',
}

export class SmpPersonCard extends LocalisedElement {
  static override properties = {
    personId: { type: Number },
    tab: {},
    permissions: { attribute: false },
    person: { state: true },
    types: { state: true },
    failure: { state: true },
  }

  static override styles = [
    sharedStyles,
    css`
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        border-bottom: 2px solid var(--accent-dark);
        margin: 0 0 1rem;
      }
      [role='tab'] {
        background: #fff;
        color: var(--accent-dark);
        border-radius: 4px 4px 0 0;
        border-bottom: 0;
      }
      [role='tab'][aria-selected='true'] {
        background: var(--accent-dark);
        color: #fff;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0 0 1rem;
      }
    `,
  ]

  declare personId: number
  declare tab: PersonTab
  declare permissions: Permissions
  declare private person: Person | null
  declare private types: OptInType[]
  declare private failure: string

  constructor() {
    super()
    this.tab = 'preferences'
    this.person = null
    this.types = []
    this.failure = ''
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('personId')) {
      this.person = null
      void this.load()
    }
  }

  private async load() {
    this.failure = ''
    try {
      const [person, { types }] = await Promise.all([api.person(this.personId), api.optInTypes()])
      this.person = person
      this.types = types.filter((type) => this.permissions.canViewType(type.key))
    } catch (error) {
      this.failure = errorText(error)
    }
  }

  /** A tab changed the person and passes them on as the server now has them. */
  private takePerson = (event: CustomEvent<Person>) => {
    this.person = event.detail
  }

  override render() {
    const person = this.person
    if (!person) {
      return html`<p><a href=${`${base}/persons`}>${t('backToSearch')}</a></p>
        ${
          this.failure
            ? html`<p class="error" role="alert">${this.failure}</p>`
            : html`<p role="status">${t('loading')}</p>`
        }`
    }

    return html`<p><a href=${`${base}/persons`}>${t('backToSearch')}</a></p>
      <h1>${person.anonymised ? t('anonymisedPerson') : personName(person)}</h1>
      <div class="badges">
        <span class="badge">${t('personNumber', { id: person.id })}</span>
        ${
          person.anonymised
            ? html`<span class="badge out"
                >${
                  person.anonymisedAt
                    ? t('anonymisedOn', { date: formatDate(person.anonymisedAt) })
                    : t('anonymised')
                }</span
              >`
            : ''
        }
        ${person.email ? html`<span class="badge">${person.email}</span>` : ''}
        <span class="badge ${person.mailable ? 'in' : 'out'}"
          >${person.mailable ? t('mailable') : t('notMailable')}</span
        >
        ${person.deceased ? html`<span class="badge out">${t('deceased')}</span>` : ''}
      </div>
      <p class="error" role="alert">${this.failure}</p>
      <div role="tablist" aria-label=${t('personCard')} @keydown=${this.moveBetweenTabs}>
        ${personTabs.map(
          (tab) =>
            html`<button
              type="button"
              role="tab"
              class="secondary"
              id=${`tab-${tab}`}
              aria-selected=${tab === this.tab ? 'true' : 'false'}
              aria-controls="panel"
              tabindex=${tab === this.tab ? '0' : '-1'}
              @click=${() => this.open(tab)}
            >
              ${t(tabLabels[tab])}
            </button>`,
        )}
      </div>
      <section id="panel" role="tabpanel" aria-labelledby=${`tab-${this.tab}`}>
        ${this.panel(person)}
      </section>`
  }

  private panel(person: Person) {
    switch (this.tab) {
      case 'preferences':
        return html`<smp-preferences-tab
          .person=${person}
          .types=${this.types}
          .permissions=${this.permissions}
        ></smp-preferences-tab>`
      case 'contact':
        return html`<smp-contact-tab
          .person=${person}
          .permissions=${this.permissions}
          @person-changed=${this.takePerson}
        ></smp-contact-tab>`
      case 'administration':
        return html`<smp-administration-tab
          .person=${person}
          .permissions=${this.permissions}
          @person-changed=${this.takePerson}
        ></smp-administration-tab>`
    }
  }

  private open(tab: PersonTab) {
    navigate(personPath(this.personId, tab), { replace: true })
  }

  /** Arrow keys move between tabs, as the ARIA tabs pattern expects. */
  private moveBetweenTabs(event: KeyboardEvent) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    const index = personTabs.indexOf(this.tab)
    const next = personTabs[(index + step + personTabs.length) % personTabs.length]!
    this.open(next)
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus(),
    )
  }
}

customElements.define('smp-person-card', SmpPersonCard)
