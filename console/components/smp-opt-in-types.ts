/**
 * The opt-in types table, with a form to create a type or edit one: labels and descriptions
 * per language, channel, kind, parent (subgroups), policies and automatic consent queries.
 */
import { css, html, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import {
  api,
  mediaChannels,
  type OperatorGroup,
  type OptInType,
  type OptInTypeFields,
  type SavedQuery,
  type TypePermission,
} from '../api.ts'
import { errorText } from '../errors.ts'
import { localised, t } from '../i18n.ts'
import { type Permissions, readRightsAgain } from '../permissions.ts'
import { channelName } from './channelName.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-dialog.ts'
import { yesNo } from './yesNo.ts'

/** The type being edited; null key: a new type. */
type Editing = { key: string | null; type: OptInType | null } | null

export class SmpOptInTypes extends LocalisedElement {
  static override properties = {
    permissions: { attribute: false },
    types: { state: true },
    queries: { state: true },
    groups: { state: true },
    grants: { state: true },
    editing: { state: true },
    busy: { state: true },
    failure: { state: true },
    formFailure: { state: true },
    notice: { state: true },
  }

  static override styles = [
    sharedStyles,
    css`
      .subgroup td:first-child {
        padding-left: 1.5rem;
      }
    `,
  ]

  declare permissions: Permissions
  declare private types: OptInType[] | null
  declare private queries: SavedQuery[]
  /** User groups, for admins, who set which groups may view or change a type. */
  declare private groups: OperatorGroup[]
  /** The grants of the type being edited; empty: open to every operator by role. */
  declare private grants: TypePermission[]
  declare private editing: Editing
  declare private busy: boolean
  declare private failure: string
  declare private formFailure: string
  declare private notice: string

  constructor() {
    super()
    this.types = null
    this.queries = []
    this.groups = []
    this.grants = []
    this.editing = null
    this.busy = false
    this.failure = ''
    this.formFailure = ''
    this.notice = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load() {
    try {
      const [{ types }, { queries }] = await Promise.all([api.optInTypes(), api.savedQueries()])
      this.types = types.filter((type) => this.permissions.canViewType(type.key))
      this.queries = queries
      if (this.permissions.role === 'admin') this.groups = (await api.operatorGroups()).groups
    } catch (error) {
      this.types = []
      this.failure = errorText(error)
    }
  }

  override render() {
    return html`<h1>${t('navTypes')}</h1>
      <p class="notice" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.failure}</p>
      ${
        this.permissions.canAddTypes
          ? html`<div class="actions">
              <button type="button" @click=${() => this.edit(null)}>${t('newType')}</button>
            </div>`
          : nothing
      }
      ${this.table()} ${this.form()}`
  }

  private table() {
    if (this.types === null) return html`<p role="status">${t('loading')}</p>`
    return html`<div class="table-wrap" role="region" aria-label=${t('navTypes')} tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('label')}</th>
            <th scope="col">${t('key')}</th>
            <th scope="col">${t('mediaChannel')}</th>
            <th scope="col">${t('kind')}</th>
            <th scope="col">${t('selfService')}</th>
            <th scope="col">${t('profiling')}</th>
            <th scope="col">${t('grantOnSignUp')}</th>
            <th scope="col">${t('active')}</th>
            <th scope="col"><span class="visually-hidden">${t('actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.types.map(
            (type) =>
              html`<tr class=${type.parentKey ? 'subgroup' : ''}>
                <td>${localised(type.labels)}</td>
                <td>${type.key}</td>
                <td>${channelName(type.channel)}</td>
                <td>${t(`kind_${type.kind}`)}</td>
                <td>${yesNo(type.selfService)}</td>
                <td>${yesNo(type.profiling)}</td>
                <td>${yesNo(type.grantOnSignUp)}</td>
                <td>${yesNo(type.active)}</td>
                <td>
                  ${
                    this.permissions.canEditType(type.key)
                      ? html`<button
                          type="button"
                          class="secondary"
                          aria-label=${t('editNamed', { name: localised(type.labels) })}
                          @click=${() => this.edit(type)}
                        >
                          ${t('edit')}
                        </button>`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private async edit(type: OptInType | null) {
    this.formFailure = ''
    this.notice = ''
    this.renderRoot.querySelector('form')?.reset()
    this.grants = []
    if (type && this.groups.length > 0) {
      try {
        this.grants = (await api.typePermissions(type.key)).permissions
      } catch (error) {
        this.failure = errorText(error)
        return
      }
    }
    this.editing = { key: type?.key ?? null, type }
  }

  /** The grants ticked in the form; a group that may change may also view. */
  private grantsFrom(form: FormData): TypePermission[] {
    return this.groups
      .map((group) => {
        const change = form.has(`change-${group.id}`)
        return { groupId: group.id, view: change || form.has(`view-${group.id}`), change }
      })
      .filter((grant) => grant.view)
  }

  private grantsFieldset() {
    if (this.groups.length === 0) return nothing
    const grantOf = (group: OperatorGroup) =>
      this.grants.find((grant) => grant.groupId === group.id)
    return html`<fieldset>
      <legend>${t('groupRights')}</legend>
      <p class="muted">${t('groupRightsHint')}</p>
      ${this.groups.map(
        (group) =>
          html`<fieldset>
            <legend>${group.name}</legend>
            <label class="inline">
              <input
                type="checkbox"
                name=${`view-${group.id}`}
                .checked=${live(grantOf(group)?.view ?? false)}
              />${t('mayView')}
            </label>
            <label class="inline">
              <input
                type="checkbox"
                name=${`change-${group.id}`}
                .checked=${live(grantOf(group)?.change ?? false)}
              />${t('mayChange')}
            </label>
          </fieldset>`,
      )}
    </fieldset>`
  }

  private form() {
    const type = this.editing?.type ?? null
    const parents = (this.types ?? []).filter(
      (candidate) => candidate.parentKey === null && candidate.key !== type?.key,
    )
    const queryOptions = (selected: number | null | undefined) =>
      html`<option value="" ?selected=${!selected}>${t('none')}</option>
        ${this.queries.map(
          (query) =>
            html`<option value=${query.id} ?selected=${query.id === selected}>
              ${query.name}
            </option>`,
        )}`
    const text = (name: string, label: string, value = '', required = false) =>
      html`<div class="field">
        <label for=${name}>${label}</label>
        <input
          id=${name}
          name=${name}
          .value=${live(value)}
          ?required=${required}
          maxlength="200"
        />
      </div>`
    const area = (name: string, label: string, value = '') =>
      html`<div class="field">
        <label for=${name}>${label}</label>
        <textarea id=${name} name=${name} rows="2" .value=${live(value)}></textarea>
      </div>`
    const check = (name: string, label: string, checked: boolean) =>
      html`<div class="field">
        <label class="inline"
          ><input type="checkbox" name=${name} .checked=${live(checked)} />${label}</label
        >
      </div>`

    return html`<smp-dialog
      heading=${type ? t('editType', { name: localised(type.labels) }) : t('newType')}
      ?open=${this.editing !== null}
      @close=${() => (this.editing = null)}
    >
      <form @submit=${this.submit}>
        ${
          type
            ? nothing
            : html`<div class="field">
                <label for="key">${t('key')}</label>
                <input
                  id="key"
                  name="key"
                  required
                  pattern="[a-z0-9][a-z0-9\\-]{0,62}"
                  aria-describedby="key-hint"
                />
                <p id="key-hint" class="muted">${t('keyHint')}</p>
              </div>`
        }
        <div class="grid">
          ${text('label-nl', t('labelNl'), type?.labels.nl, true)}
          ${text('label-en', t('labelEn'), type?.labels.en)}
        </div>
        ${area('description-nl', t('descriptionNl'), type?.descriptions.nl)}
        ${area('description-en', t('descriptionEn'), type?.descriptions.en)}
        <div class="grid">
          <div class="field">
            <label for="channel">${t('mediaChannel')}</label>
            <select id="channel" name="channel">
              ${mediaChannels.map(
                (channel) =>
                  html`<option value=${channel} ?selected=${type?.channel === channel}>
                    ${channelName(channel)}
                  </option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="kind">${t('kind')}</label>
            <select id="kind" name="kind">
              <option value="hard" ?selected=${type?.kind !== 'soft'}>${t('kind_hard')}</option>
              <option value="soft" ?selected=${type?.kind === 'soft'}>${t('kind_soft')}</option>
            </select>
          </div>
          <div class="field">
            <label for="parent">${t('parent')}</label>
            <select id="parent" name="parentKey">
              <option value="" ?selected=${!type?.parentKey}>${t('none')}</option>
              ${parents.map(
                (parent) =>
                  html`<option value=${parent.key} ?selected=${type?.parentKey === parent.key}>
                    ${localised(parent.labels)}
                  </option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="sort-order">${t('sortOrder')}</label>
            <input
              id="sort-order"
              name="sortOrder"
              type="number"
              step="1"
              .value=${live(String(type?.sortOrder ?? 0))}
            />
          </div>
        </div>
        <fieldset>
          <legend>${t('policies')}</legend>
          ${check('selfService', t('selfService'), type?.selfService ?? true)}
          ${check('grantOnSignUp', t('grantOnSignUp'), type?.grantOnSignUp ?? false)}
          ${type ? check('active', t('active'), type.active) : nothing}
          <div class="field">
            <label class="inline"
              ><input
                type="checkbox"
                name="profiling"
                .checked=${live(type?.profiling ?? false)}
                aria-describedby="profiling-hint"
              />${t('profilingPolicy')}</label
            >
            <p id="profiling-hint" class="muted">${t('profilingHint')}</p>
          </div>
        </fieldset>
        ${area('opt-out-note-nl', t('optOutNoteNl'), type?.optOutNotes?.nl)}
        ${area('opt-out-note-en', t('optOutNoteEn'), type?.optOutNotes?.en)}
        <div class="grid">
          <div class="field">
            <label for="auto-in">${t('autoOptInQuery')}</label>
            <select id="auto-in" name="autoOptInQueryId">
              ${queryOptions(type?.autoOptInQueryId)}
            </select>
          </div>
          <div class="field">
            <label for="auto-out">${t('autoOptOutQuery')}</label>
            <select id="auto-out" name="autoOptOutQueryId">
              ${queryOptions(type?.autoOptOutQueryId)}
            </select>
          </div>
        </div>
        <p class="muted">${t('autoQueriesHint')}</p>
        ${this.grantsFieldset()}
        <p class="error" role="alert">${this.formFailure}</p>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('save')}</button>
          <button type="button" class="secondary" @click=${() => (this.editing = null)}>
            ${t('cancel')}
          </button>
        </div>
      </form>
    </smp-dialog>`
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const text = (name: string) => String(form.get(name) ?? '').trim()
    const localisedField = (nl: string, en: string) =>
      text(en) ? { nl: text(nl), en: text(en) } : { nl: text(nl) }
    const queryId = (name: string) => (text(name) ? Number(text(name)) : null)
    const notes = localisedField('opt-out-note-nl', 'opt-out-note-en')

    const fields: Partial<OptInTypeFields> = {
      labels: localisedField('label-nl', 'label-en'),
      descriptions: localisedField('description-nl', 'description-en'),
      channel: text('channel') as OptInTypeFields['channel'],
      kind: text('kind') === 'soft' ? 'soft' : 'hard',
      parentKey: text('parentKey') || null,
      sortOrder: Number(text('sortOrder') || 0),
      selfService: form.has('selfService'),
      grantOnSignUp: form.has('grantOnSignUp'),
      profiling: form.has('profiling'),
      optOutNotes: notes.nl || notes.en ? notes : null,
      autoOptInQueryId: queryId('autoOptInQueryId'),
      autoOptOutQueryId: queryId('autoOptOutQueryId'),
    }
    const existing = this.editing?.key ?? null

    this.busy = true
    this.formFailure = ''
    try {
      const saved = existing
        ? await api.changeOptInType(existing, { ...fields, active: form.has('active') })
        : await api.createOptInType({ key: text('key'), ...fields })
      if (this.groups.length > 0) {
        await api.setTypePermissions(saved.key, this.grantsFrom(form))
      }
      // The saved type replaces the listed one at once, so opening it again before the list
      // is read anew shows what was saved.
      this.types = this.types?.map((type) => (type.key === saved.key ? saved : type)) ?? null
      this.editing = null
      await Promise.all([this.load(), readRightsAgain()])
      this.notice = t('typeSaved', { name: localised(saved.labels) })
    } catch (error) {
      this.formFailure = errorText(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('smp-opt-in-types', SmpOptInTypes)
