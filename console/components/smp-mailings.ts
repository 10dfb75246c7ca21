/** The mailings, and the report of the one chosen: sent, opens, clicks, unsubscribes, bounces. */
import { html, nothing } from 'lit'
import { api, type Mailing, type MailingReport, type OptInType } from '../api.ts'
import { errorText } from '../errors.ts'
import { formatDateTime, localised, t } from '../i18n.ts'
import { channelName } from './channelName.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'

export class SmpMailings extends LocalisedElement {
  static override properties = {
    mailings: { state: true },
    chosen: { state: true },
    report: { state: true },
    types: { state: true },
    failure: { state: true },
  }

  static override styles = sharedStyles

  declare private mailings: Mailing[] | null
  declare private chosen: Mailing | null
  declare private report: MailingReport | null
  declare private types: OptInType[]
  declare private failure: string

  constructor() {
    super()
    this.mailings = null
    this.chosen = null
    this.report = null
    this.types = []
    this.failure = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void api
      .mailings()
      .then(({ mailings }) => (this.mailings = mailings))
      .catch((error: unknown) => {
        this.mailings = []
        this.failure = errorText(error)
      })
    // Without the types the table still works, showing each type by its key.
    void api
      .optInTypes()
      .then(({ types }) => (this.types = types))
      .catch(() => {})
  }

  private async show(mailing: Mailing) {
    this.chosen = mailing
    this.report = null
    this.failure = ''
    try {
      this.report = await api.mailingReport(mailing.id)
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('#report')?.focus()
    } catch (error) {
      this.failure = errorText(error)
    }
  }

  override render() {
    return html`<h1>${t('navMailings')}</h1>
      <p class="error" role="alert">${this.failure}</p>
      ${this.table()} ${this.reportPanel()}`
  }

  private table() {
    if (this.mailings === null) return html`<p role="status">${t('loading')}</p>`
    if (this.mailings.length === 0) return html`<p>${t('noMailings')}</p>`

    return html`<div class="table-wrap" role="region" aria-label=${t('navMailings')} tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('name')}</th>
            <th scope="col">${t('subject')}</th>
            <th scope="col">${t('type')}</th>
            <th scope="col">${t('sentAt')}</th>
            <th scope="col"><span class="visually-hidden">${t('actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.mailings.map(
            (mailing) =>
              html`<tr>
                <td>${mailing.name}</td>
                <td>${mailing.subject}</td>
                <td>${mailing.type ? this.typeLabel(mailing.type) : '–'}</td>
                <td>${formatDateTime(mailing.sentAt) || t('notSent')}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    aria-label=${t('reportNamed', { name: mailing.name })}
                    @click=${() => this.show(mailing)}
                  >
                    ${t('report')}
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private typeLabel(key: string) {
    return localised(this.types.find((type) => type.key === key)?.labels) || key
  }

  private reportPanel() {
    const report = this.report
    if (!this.chosen || !report) return nothing
    const byChannel = Object.entries(report.unsubscribes.byChannel)

    return html`<section class="panel" id="report" tabindex="-1" aria-labelledby="report-title">
      <h2 id="report-title">${t('reportOf', { name: this.chosen.name })}</h2>
      <dl>
        <dt>${t('sent')}</dt>
        <dd>${report.sent}</dd>
        <dt>${t('opens')}</dt>
        <dd>
          ${t('peopleMachines', { people: report.opens.human, machines: report.opens.machine })}
        </dd>
        <dt>${t('clicks')}</dt>
        <dd>
          ${t('peopleMachines', { people: report.clicks.human, machines: report.clicks.machine })}
        </dd>
        <dt>${t('unsubscribes')}</dt>
        <dd>
          ${report.unsubscribes.total}
          ${
            byChannel.length
              ? html`(${byChannel
                  .map(([channel, count]) => `${channelName(channel)}: ${count}`)
                  .join(', ')})`
              : nothing
          }
        </dd>
        <dt>${t('hardBounces')}</dt>
        <dd>${report.bounces.hard}</dd>
        <dt>${t('softBounces')}</dt>
        <dd>${report.bounces.soft}</dd>
        <dt>${t('complaints')}</dt>
        <dd>${report.complaints}</dd>
      </dl>
    </section>`
  }
}

customElements.define('smp-mailings', SmpMailings)
