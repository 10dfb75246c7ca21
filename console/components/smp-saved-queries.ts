/** The saved queries (zoekvragen), each with the number of persons it selects right now. */
import { html, nothing } from 'lit'
import { api, type SavedQuery } from '../api.ts'
import { errorText } from '../errors.ts'
import { t, tCount } from '../i18n.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'

export class SmpSavedQueries extends LocalisedElement {
  static override properties = {
    queries: { state: true },
    counts: { state: true },
    failure: { state: true },
  }

  static override styles = sharedStyles

  declare private queries: SavedQuery[] | null
  /** Preview counts by query id; a string is the reason the preview failed. */
  declare private counts: Map<number, number | string>
  declare private failure: string

  constructor() {
    super()
    this.queries = null
    this.counts = new Map()
    this.failure = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load() {
    try {
      this.queries = (await api.savedQueries()).queries
    } catch (error) {
      this.queries = []
      this.failure = errorText(error)
    }
  }

  private async preview(query: SavedQuery) {
    let outcome: number | string
    try {
      outcome = (await api.previewQuery(query.id)).count
    } catch (error) {
      outcome = errorText(error)
    }
    this.counts = new Map(this.counts).set(query.id, outcome)
  }

  override render() {
    return html`<h1>${t('navQueries')}</h1>
      <p class="error" role="alert">${this.failure}</p>
      ${this.table()}`
  }

  private table() {
    if (this.queries === null) return html`<p role="status">${t('loading')}</p>`
    if (this.queries.length === 0) return html`<p>${t('noQueries')}</p>`

    return html`<div class="table-wrap" role="region" aria-label=${t('navQueries')} tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('number')}</th>
            <th scope="col">${t('name')}</th>
            <th scope="col">${t('description')}</th>
            <th scope="col">${t('usedBy')}</th>
            <th scope="col">${t('previewCount')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.queries.map((query) => {
            const count = this.counts.get(query.id)
            const users = [
              ...query.usedBy.types,
              ...query.usedBy.queries.map((id) => `#${id}`),
            ].join(', ')
            return html`<tr>
              <td>${query.id}</td>
              <td>${query.name}</td>
              <td>${query.description}</td>
              <td>${users || '–'}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  aria-label=${t('countNamed', { name: query.name })}
                  @click=${() => this.preview(query)}
                >
                  ${t('count')}
                </button>
                ${
                  count === undefined
                    ? nothing
                    : html`<output class=${typeof count === 'number' ? '' : 'error'}
                        >${typeof count === 'number' ? tCount('personsCount', count) : count}</output
                      >`
                }
              </td>
            </tr>`
          })}
        </tbody>
      </table>
    </div>`
  }
}

customElements.define('smp-saved-queries', SmpSavedQueries)
