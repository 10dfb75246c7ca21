/**
 * The saved queries (zoekvragen), each with the number of persons it selects right now, and
 * for editors and admins a form to create, change or delete one.
 */
import { css, html, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import { api, ApiError, type SavedQuery, type SavedQueryFields } from '../api.ts'
import { errorText, fieldProblem, problemView } from '../errors.ts'
import { t, tCount } from '../i18n.ts'
import type { Permissions } from '../permissions.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-dialog.ts'

/**
 * The query being edited (null: a new one), with the form's text as typed so far, so that a
 * new rendering (after counting, or a refusal) keeps it.
 */
type Editing = { query: SavedQuery | null; draft: Draft } | null
type Draft = { name: string; description: string; definition: string }

/** A small selection that is valid in every installation, as a start for a new query. */
const exampleDefinition = {
  all: [{ mailable: true }, { field: 'createdAt', withinLastDays: 30 }],
}

export class SmpSavedQueries extends LocalisedElement {
  static override properties = {
    permissions: { attribute: false },
    queries: { state: true },
    counts: { state: true },
    failure: { state: true },
    notice: { state: true },
    editing: { state: true },
    deleting: { state: true },
    busy: { state: true },
    formFailure: { state: true },
    notJson: { state: true },
    draftCount: { state: true },
    deleteFailure: { state: true },
  }

  static override styles = [
    sharedStyles,
    css`
      textarea.definition {
        font-family: ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace;
        font-size: 0.9rem;
      }
    `,
  ]

  declare permissions: Permissions
  declare private queries: SavedQuery[] | null
  /** Preview counts by query id; a string is the reason the preview failed. */
  declare private counts: Map<number, number | string>
  declare private failure: string
  declare private notice: string
  declare private editing: Editing
  declare private deleting: SavedQuery | null
  declare private busy: boolean
  /** Why the form's last save or count was refused: an `ApiError` or another failure. */
  declare private formFailure: unknown
  /** The definition in the form is not JSON, so it was not sent. */
  declare private notJson: boolean
  declare private draftCount: number | null
  declare private deleteFailure: string

  constructor() {
    super()
    this.queries = null
    this.counts = new Map()
    this.failure = ''
    this.notice = ''
    this.editing = null
    this.deleting = null
    this.busy = false
    this.formFailure = null
    this.notJson = false
    this.draftCount = null
    this.deleteFailure = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private get mayChange(): boolean {
    return this.permissions?.canChangeQueries ?? false
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
      <p class="notice" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.failure}</p>
      ${
        this.mayChange
          ? html`<div class="actions">
              <button type="button" @click=${() => this.edit(null)}>${t('newQuery')}</button>
            </div>`
          : nothing
      }
      ${this.table()} ${this.mayChange ? [this.form(), this.deleteDialog()] : nothing}`
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
            ${
              this.mayChange
                ? html`<th scope="col"><span class="visually-hidden">${t('actions')}</span></th>`
                : nothing
            }
          </tr>
        </thead>
        <tbody>
          ${this.queries.map((query) => {
            const count = this.counts.get(query.id)
            const users = [
              ...query.usedBy.types,
              ...query.usedBy.queries.map((user) => `${user.name} (#${user.id})`),
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
              ${this.mayChange ? this.rowActions(query) : nothing}
            </tr>`
          })}
        </tbody>
      </table>
    </div>`
  }

  private rowActions(query: SavedQuery) {
    return html`<td>
      <button
        type="button"
        class="secondary"
        aria-label=${t('editNamed', { name: query.name })}
        @click=${() => this.edit(query)}
      >
        ${t('edit')}
      </button>
      <button
        type="button"
        class="secondary"
        aria-label=${t('deleteNamed', { name: query.name })}
        @click=${() => this.askDelete(query)}
      >
        ${t('deleteQuery')}
      </button>
    </td>`
  }

  private edit(query: SavedQuery | null) {
    this.notice = ''
    this.formFailure = null
    this.notJson = false
    this.draftCount = null
    this.editing = {
      query,
      draft: {
        name: query?.name ?? '',
        description: query?.description ?? '',
        definition: JSON.stringify(query ? query.definition : exampleDefinition, null, 2),
      },
    }
  }

  private form() {
    const query = this.editing?.query ?? null
    const draft = this.editing?.draft ?? { name: '', description: '', definition: '' }
    const keep = (field: keyof Draft) => (event: InputEvent) => {
      draft[field] = (event.target as HTMLInputElement).value
      if (field === 'definition') this.draftCount = null
    }
    const failure = this.formFailure
    const definitionPaths =
      failure instanceof ApiError
        ? failure.errors
            .map((field) => field.path)
            .filter((path) => path === 'definition' || path.startsWith('definition.'))
        : []
    const definitionInvalid = this.notJson || definitionPaths.length > 0

    return html`<smp-dialog
      heading=${query ? t('editQuery', { name: query.name }) : t('newQuery')}
      ?open=${this.editing !== null}
      @close=${() => (this.editing = null)}
    >
      <form id="query-form" @submit=${this.submit}>
        <div class="field">
          <label for="query-name">${t('name')}</label>
          <input
            id="query-name"
            name="name"
            required
            maxlength="200"
            .value=${live(draft.name)}
            @input=${keep('name')}
            aria-invalid=${fieldProblem(failure, 'name') ? 'true' : 'false'}
            aria-describedby="query-name-problem"
          />
          <p class="field-error" id="query-name-problem">${fieldProblem(failure, 'name')}</p>
        </div>
        <div class="field">
          <label for="query-description">${t('description')}</label>
          <textarea
            id="query-description"
            name="description"
            rows="2"
            maxlength="2000"
            .value=${live(draft.description)}
            @input=${keep('description')}
            aria-invalid=${fieldProblem(failure, 'description') ? 'true' : 'false'}
            aria-describedby="query-description-problem"
          ></textarea>
          <p class="field-error" id="query-description-problem">
            ${fieldProblem(failure, 'description')}
          </p>
        </div>
        <div class="field">
          <label for="query-definition">${t('queryDefinition')}</label>
          <textarea
            id="query-definition"
            class="definition"
            name="definition"
            rows="10"
            spellcheck="false"
            required
            .value=${live(draft.definition)}
            aria-invalid=${definitionInvalid ? 'true' : 'false'}
            aria-describedby="query-definition-problem query-definition-hint"
            @input=${keep('definition')}
          ></textarea>
          <p class="field-error" id="query-definition-problem">
            ${definitionPaths.map(
              (path) =>
                html`<span class="problem-detail">${path}: ${fieldProblem(failure, path)}</span>`,
            )}
          </p>
          <p class="muted" id="query-definition-hint">${t('queryDefinitionHint')}</p>
        </div>
        <p class="error" role="alert">
          ${this.formProblem(['name', 'description', ...definitionPaths])}
        </p>
        <div class="actions">
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.countDraft}>
            ${t('count')}
          </button>
          <output>
            ${this.draftCount === null ? nothing : tCount('personsCount', this.draftCount)}
          </output>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('save')}</button>
          <button type="button" class="secondary" @click=${() => (this.editing = null)}>
            ${t('cancel')}
          </button>
        </div>
      </form>
    </smp-dialog>`
  }

  /** The form's failure above its buttons; a taken name is the one conflict saving meets. */
  private formProblem(shownFields: string[]) {
    if (this.notJson) return t('definitionNotJson')
    const failure = this.formFailure
    if (failure instanceof ApiError && failure.status === 409) return t('queryNameTaken')
    return problemView(failure, shownFields)
  }

  /** The definition typed in the form, or undefined (and a message) when it is not JSON. */
  private definitionIn(form: HTMLFormElement): unknown {
    const text = String(new FormData(form).get('definition') ?? '')
    try {
      const definition: unknown = JSON.parse(text)
      this.notJson = false
      return definition
    } catch {
      this.notJson = true
      return undefined
    }
  }

  private async countDraft() {
    const form = this.renderRoot.querySelector<HTMLFormElement>('#query-form')
    if (!form) return
    this.formFailure = null
    this.draftCount = null
    const definition = this.definitionIn(form)
    if (definition === undefined) return

    this.busy = true
    try {
      this.draftCount = (await api.previewDefinition(definition)).count
    } catch (error) {
      this.formFailure = error
    } finally {
      this.busy = false
    }
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const data = new FormData(form)
    this.formFailure = null
    const definition = this.definitionIn(form)
    if (definition === undefined) return
    const fields: SavedQueryFields = {
      name: String(data.get('name') ?? '').trim(),
      description: String(data.get('description') ?? '').trim(),
      definition,
    }
    const existing = this.editing?.query ?? null

    this.busy = true
    try {
      const saved = existing
        ? await api.changeSavedQuery(existing.id, fields)
        : await api.createSavedQuery(fields)
      this.editing = null
      await this.load()
      this.notice = t('querySaved', { name: saved.name })
    } catch (error) {
      this.formFailure = error
    } finally {
      this.busy = false
    }
  }

  private askDelete(query: SavedQuery) {
    this.notice = ''
    this.deleteFailure = ''
    this.deleting = query
  }

  private deleteDialog() {
    const query = this.deleting
    return html`<smp-dialog
      heading=${query ? t('deleteNamed', { name: query.name }) : ''}
      ?open=${query !== null}
      @close=${() => (this.deleting = null)}
    >
      <p>${query ? t('deleteQueryQuestion', { name: query.name }) : nothing}</p>
      <p class="error" role="alert">${this.deleteFailure}</p>
      <div class="actions">
        <button type="button" class="danger" ?disabled=${this.busy} @click=${this.deleteQuery}>
          ${t('deleteConfirm')}
        </button>
        <button type="button" class="secondary" @click=${() => (this.deleting = null)}>
          ${t('cancel')}
        </button>
      </div>
    </smp-dialog>`
  }

  private async deleteQuery() {
    const query = this.deleting
    if (!query) return

    this.busy = true
    this.deleteFailure = ''
    try {
      await api.deleteSavedQuery(query.id)
      this.deleting = null
      await this.load()
      this.notice = t('queryDeleted', { name: query.name })
    } catch (error) {
      this.deleteFailure =
        error instanceof ApiError && error.status === 409
          ? await this.inUseReason(query)
          : errorText(error)
    } finally {
      this.busy = false
    }
  }

  /**
   * Why the server refused to delete a query in use, in the console's words: the API names the
   * users in English only, so the list is read again and they are named from it.
   */
  private async inUseReason(query: SavedQuery): Promise<string> {
    await this.load()
    const current = this.queries?.find((candidate) => candidate.id === query.id)
    if (!current) return t('errorConflict')
    const users = [
      ...current.usedBy.types.map((key) => t('typeNamed', { key })),
      ...current.usedBy.queries.map((user) => t('queryNumbered', { id: user.id, name: user.name })),
    ]
    if (users.length === 0) return t('queryInUseUnknown', { name: query.name })
    return t('queryInUse', { name: query.name, users: users.join(', ') })
  }
}

customElements.define('smp-saved-queries', SmpSavedQueries)
