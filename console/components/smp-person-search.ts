/** Finds persons by name, email address or number and lists them with links to their card. */
import { html, type PropertyValues } from 'lit'
import { api, type Person } from '../api.ts'
import { errorText } from '../errors.ts'
import { t, tCount } from '../i18n.ts'
import { base, navigate, personPath } from '../router.ts'
import { LocalisedElement } from './localisedElement.ts'
import { personName } from './personName.ts'
import { sharedStyles } from './sharedStyles.ts'
import { yesNo } from './yesNo.ts'

export class SmpPersonSearch extends LocalisedElement {
  static override properties = {
    query: {},
    persons: { state: true },
    failure: { state: true },
  }

  static override styles = sharedStyles

  declare query: string
  /** null: the search is running. */
  declare private persons: Person[] | null
  declare private failure: string

  constructor() {
    super()
    this.query = ''
    this.persons = null
    this.failure = ''
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) void this.search()
  }

  private async search() {
    this.persons = null
    this.failure = ''
    try {
      this.persons = (await api.searchPersons(this.query.trim())).persons
    } catch (error) {
      this.persons = []
      this.failure = errorText(error)
    }
  }

  override render() {
    return html`<h1>${t('navPersons')}</h1>
      <form class="panel" role="search" @submit=${this.submit}>
        <label for="q">${t('searchLabel')}</label>
        <div class="actions">
          <input id="q" name="q" type="search" .value=${this.query} autocomplete="off" />
          <button type="submit">${t('search')}</button>
        </div>
      </form>
      <p class="error" role="alert">${this.failure}</p>
      ${this.results()}`
  }

  private results() {
    if (this.persons === null) return html`<p role="status">${t('loading')}</p>`
    if (this.persons.length === 0) return html`<p role="status">${t('noPersonsFound')}</p>`
    const columns = {
      number: t('number'),
      name: t('name'),
      email: t('email'),
      city: t('city'),
      mailable: t('mailable'),
      anonymised: t('anonymised'),
    }

    return html`<p role="status" class="muted">${tCount('personsFound', this.persons.length)}</p>
      <div class="table-wrap" role="region" aria-label=${t('navPersons')} tabindex="0">
        <table class="stack">
          <thead>
            <tr>
              ${Object.values(columns).map((name) => html`<th scope="col">${name}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${this.persons.map(
              (person) =>
                html`<tr>
                  <td data-label=${columns.number}>${person.id}</td>
                  <td data-label=${columns.name}>${this.link(person)}</td>
                  <td data-label=${columns.email}>${person.email ?? ''}</td>
                  <td data-label=${columns.city}>${person.city ?? ''}</td>
                  <td data-label=${columns.mailable}>${yesNo(person.mailable)}</td>
                  <td data-label=${columns.anonymised}>${yesNo(person.anonymised)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
  }

  private link(person: Person) {
    return html`<a href=${personPath(person.id)}>${personName(person)}</a>`
  }

  private submit(event: SubmitEvent) {
    event.preventDefault()
    const q = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim()
    navigate(q ? `${base}/persons?q=${encodeURIComponent(q)}` : `${base}/persons`)
  }
}

customElements.define('smp-person-search', SmpPersonSearch)
