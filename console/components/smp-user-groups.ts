/**
 * User groups (gebruikersgroepen), for admins: every group with its members and whether it may
 * add opt-in types, and one form to create a group or to rename it and change its members.
 */
import { html } from 'lit'
import { live } from 'lit/directives/live.js'
import { api, type Operator, type OperatorGroup } from '../api.ts'
import { errorText } from '../errors.ts'
import { t } from '../i18n.ts'
import { type Permissions, readRightsAgain } from '../permissions.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-dialog.ts'
import { yesNo } from './yesNo.ts'

/** The group in the form; `group` null: a new one. */
type Editing = { group: OperatorGroup | null } | null

export class SmpUserGroups extends LocalisedElement {
  static override properties = {
    permissions: { attribute: false },
    groups: { state: true },
    operators: { state: true },
    editing: { state: true },
    busy: { state: true },
    failure: { state: true },
    formFailure: { state: true },
    notice: { state: true },
  }

  static override styles = sharedStyles

  declare permissions: Permissions
  declare private groups: OperatorGroup[] | null
  declare private operators: Operator[]
  declare private editing: Editing
  declare private busy: boolean
  declare private failure: string
  declare private formFailure: string
  declare private notice: string

  constructor() {
    super()
    this.groups = null
    this.operators = []
    this.editing = null
    this.busy = false
    this.failure = ''
    this.formFailure = ''
    this.notice = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.permissions.role === 'admin') void this.load()
  }

  private async load() {
    try {
      const [{ groups }, { operators }] = await Promise.all([api.operatorGroups(), api.operators()])
      this.groups = groups
      this.operators = operators
    } catch (error) {
      this.groups = []
      this.failure = errorText(error)
    }
  }

  override render() {
    if (this.permissions.role !== 'admin') {
      return html`<h1>${t('navGroups')}</h1>
        <p>${t('adminsOnly')}</p>`
    }

    return html`<h1>${t('navGroups')}</h1>
      <p class="muted">${t('groupsIntro')}</p>
      <p class="notice" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.failure}</p>
      <div class="actions">
        <button type="button" @click=${() => this.edit(null)}>${t('newGroup')}</button>
      </div>
      ${this.table()} ${this.form()}`
  }

  private memberNames(group: OperatorGroup): string {
    const names = group.memberIds.map(
      (id) => this.operators.find((operator) => operator.id === id)?.name ?? `#${id}`,
    )
    return names.join(', ') || t('noMembers')
  }

  private table() {
    if (this.groups === null) return html`<p role="status">${t('loading')}</p>`
    if (this.groups.length === 0) return html`<p>${t('noGroups')}</p>`

    return html`<div class="table-wrap" role="region" aria-label=${t('navGroups')} tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('name')}</th>
            <th scope="col">${t('members')}</th>
            <th scope="col">${t('canAddTypes')}</th>
            <th scope="col"><span class="visually-hidden">${t('actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.groups.map(
            (group) =>
              html`<tr>
                <td>${group.name}</td>
                <td>${this.memberNames(group)}</td>
                <td>${yesNo(group.canAddTypes)}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    aria-label=${t('editNamed', { name: group.name })}
                    @click=${() => this.edit(group)}
                  >
                    ${t('edit')}
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private edit(group: OperatorGroup | null) {
    this.formFailure = ''
    this.notice = ''
    this.renderRoot.querySelector('form')?.reset()
    this.editing = { group }
  }

  private form() {
    const group = this.editing?.group ?? null
    const close = () => (this.editing = null)

    return html`<smp-dialog
      heading=${group ? t('editNamed', { name: group.name }) : t('newGroup')}
      ?open=${this.editing !== null}
      @close=${close}
    >
      <form @submit=${this.submit}>
        <div class="field">
          <label for="group-name">${t('name')}</label>
          <input
            id="group-name"
            name="name"
            required
            maxlength="100"
            .value=${live(group?.name ?? '')}
          />
        </div>
        <div class="field">
          <label class="inline"
            ><input
              type="checkbox"
              name="canAddTypes"
              .checked=${live(group?.canAddTypes ?? false)}
            />${t('canAddTypes')}</label
          >
        </div>
        <fieldset>
          <legend>${t('members')}</legend>
          ${this.operators.map(
            (operator) =>
              html`<label class="inline">
                <input
                  type="checkbox"
                  name="member"
                  value=${operator.id}
                  .checked=${live(group?.memberIds.includes(operator.id) ?? false)}
                />
                <span
                  >${operator.name}
                  <span class="muted"
                    >(${operator.email}, ${t(`role_${operator.role}`)})</span
                  ></span
                >
              </label>`,
          )}
        </fieldset>
        <p class="error" role="alert">${this.formFailure}</p>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('save')}</button>
          <button type="button" class="secondary" @click=${close}>${t('cancel')}</button>
        </div>
      </form>
    </smp-dialog>`
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const fields = {
      name: String(form.get('name') ?? '').trim(),
      canAddTypes: form.has('canAddTypes'),
      memberIds: form.getAll('member').map(Number),
    }
    const existing = this.editing?.group ?? null

    this.busy = true
    this.formFailure = ''
    try {
      const saved = existing
        ? await api.changeOperatorGroup(existing.id, fields)
        : await api.createOperatorGroup(fields)
      this.editing = null
      // Membership decides what an operator may see, so the console reads its rights again.
      await Promise.all([this.load(), readRightsAgain()])
      this.notice = t('groupSaved', { name: saved.name })
    } catch (error) {
      this.formFailure = errorText(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('smp-user-groups', SmpUserGroups)
