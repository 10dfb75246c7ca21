/**
 * The Contact details tab: address, email validity and the flags that decide whether a person
 * is mailable. Editors can release a bouncer (untick) and mark a person deceased.
 *
 * @fires person-changed - A flag was changed; `detail` is the person as the server now has them.
 */
import { html } from 'lit'
import { api, type Person } from '../api.ts'
import { errorText } from '../errors.ts'
import { t } from '../i18n.ts'
import type { Permissions } from '../permissions.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import { yesNo } from './yesNo.ts'

export class SmpContactTab extends LocalisedElement {
  static override properties = {
    person: { attribute: false },
    permissions: { attribute: false },
    busy: { state: true },
    failure: { state: true },
    notice: { state: true },
  }

  static override styles = sharedStyles

  declare person: Person
  declare permissions: Permissions
  declare private busy: boolean
  declare private failure: string
  declare private notice: string

  constructor() {
    super()
    this.busy = false
    this.failure = ''
    this.notice = ''
  }

  override render() {
    const person = this.person
    const canChange = this.permissions.canChangePersons && !person.anonymised
    const address = [
      [person.street, person.houseNumber].filter(Boolean).join(' '),
      [person.postalCode, person.city].filter(Boolean).join(' '),
      person.country,
    ]
      .filter(Boolean)
      .join(', ')

    return html`<h2>${t('tabContact')}</h2>
      <dl>
        <dt>${t('email')}</dt>
        <dd>${person.email ?? '–'}</dd>
        <dt>${t('emailValidity')}</dt>
        <dd>${t(`validity_${person.emailValidity}`)}</dd>
        <dt>${t('phone')}</dt>
        <dd>${person.phone ?? '–'}</dd>
        <dt>${t('mobilePhone')}</dt>
        <dd>${person.mobilePhone ?? '–'}</dd>
        <dt>${t('address')}</dt>
        <dd>${address || '–'}</dd>
        <dt>${t('language')}</dt>
        <dd>${t(`language_${person.language}`)}</dd>
        <dt>${t('consecutiveBounces')}</dt>
        <dd>${person.consecutiveBounces}</dd>
        <dt>${t('mailable')}</dt>
        <dd>${yesNo(person.mailable)}</dd>
      </dl>
      <h3>${t('status')}</h3>
      <p class="notice" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.failure}</p>
      ${canChange ? this.statusBoxes() : this.statusFacts()}`
  }

  /**
   * Bouncer and deceased as boxes to tick. The bouncer box stays in place once released, only
   * unticked and disabled: an address becomes a bouncer by bouncing, never by hand.
   */
  private statusBoxes() {
    const person = this.person
    return html`<div class="field">
        <label class="inline">
          <input
            type="checkbox"
            name="bouncer"
            .checked=${person.bouncer}
            ?disabled=${this.busy || !person.bouncer}
            aria-describedby="bouncer-hint"
            @change=${this.releaseBouncer}
          />${t('bouncer')}
        </label>
        <p id="bouncer-hint" class="muted">
          ${person.bouncer ? t('bouncerHint') : t('notBouncerHint')}
        </p>
      </div>
      <div class="field">
        <label class="inline">
          <input
            type="checkbox"
            name="deceased"
            .checked=${person.deceased}
            ?disabled=${this.busy}
            @change=${this.changeDeceased}
          />${t('deceased')}
        </label>
      </div>`
  }

  /** The same flags as plain facts, for whoever cannot change them. */
  private statusFacts() {
    return html`<dl>
      <dt>${t('bouncer')}</dt>
      <dd>${yesNo(this.person.bouncer)}</dd>
      <dt>${t('deceased')}</dt>
      <dd>${yesNo(this.person.deceased)}</dd>
    </dl>`
  }

  private async releaseBouncer(event: Event) {
    await this.change(event, { bouncer: false }, t('bouncerReleased'))
  }

  private async changeDeceased(event: Event) {
    const deceased = (event.target as HTMLInputElement).checked
    await this.change(event, { deceased }, deceased ? t('markedDeceased') : t('markedAlive'))
  }

  /**
   * Sends the change a ticked box asks for. The box keeps the operator's tick meanwhile (the
   * binding only follows the person once the card has read them again), and is put back when
   * the server refuses.
   */
  private async change(
    event: Event,
    changes: { bouncer?: boolean; deceased?: boolean },
    notice: string,
  ) {
    const box = event.target as HTMLInputElement
    this.busy = true
    this.failure = ''
    this.notice = ''
    try {
      const person = await api.changePerson(this.person.id, changes)
      this.dispatchEvent(new CustomEvent('person-changed', { detail: person }))
      this.notice = notice
    } catch (error) {
      box.checked = !box.checked
      this.failure = errorText(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('smp-contact-tab', SmpContactTab)
