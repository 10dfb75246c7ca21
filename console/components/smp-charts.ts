/**
 * Charts of consent and bounces: opt-ins and opt-outs per type over time, current consent per
 * type, and bounces and complaints per mailing.
 */
import { html, nothing } from 'lit'
import { api, type BouncesPerMailing, type ConsentOverTime, type CurrentConsent } from '../api.ts'
import { errorText } from '../errors.ts'
import { formatDate, localised, t } from '../i18n.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-chart.ts'

const colours = {
  optIn: '#2e7d32',
  optOut: '#c62828',
  hard: '#8e2417',
  soft: '#d08c00',
  complaint: '#5e35b1',
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10)

export class SmpCharts extends LocalisedElement {
  static override properties = {
    overTime: { state: true },
    current: { state: true },
    bounces: { state: true },
    period: { state: true },
    type: { state: true },
    failure: { state: true },
  }

  static override styles = sharedStyles

  declare private overTime: ConsentOverTime | null
  declare private current: CurrentConsent | null
  declare private bounces: BouncesPerMailing | null
  declare private period: { from: string; to: string; interval: string }
  /** The type whose opt-ins and opt-outs are drawn over time; empty: all types together. */
  declare private type: string
  declare private failure: string

  constructor() {
    super()
    const today = new Date()
    const yearAgo = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth() + 1, 1))
    this.period = { from: isoDate(yearAgo), to: isoDate(today), interval: 'month' }
    this.type = ''
    this.overTime = null
    this.current = null
    this.bounces = null
    this.failure = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load(async () => {
      ;[this.current, this.bounces] = await Promise.all([
        api.currentConsent(),
        api.bouncesPerMailing(),
      ])
    })
    void this.loadOverTime()
  }

  private loadOverTime() {
    return this.load(async () => {
      this.overTime = await api.consentOverTime(this.period)
    })
  }

  private async load(fetchFigures: () => Promise<void>) {
    try {
      await fetchFigures()
    } catch (error) {
      this.failure = errorText(error)
    }
  }

  override render() {
    return html`<h1>${t('navCharts')}</h1>
      <p class="error" role="alert">${this.failure}</p>
      <section class="panel" aria-labelledby="over-time">
        <h2 id="over-time">${t('chartOverTime')}</h2>
        ${this.periodForm()} ${this.overTimeChart()}
      </section>
      <section class="panel" aria-labelledby="current">
        <h2 id="current">${t('chartCurrent')}</h2>
        ${this.currentChart()}
      </section>
      <section class="panel" aria-labelledby="bounces">
        <h2 id="bounces">${t('chartBounces')}</h2>
        ${this.bouncesChart()}
      </section>`
  }

  private periodForm() {
    return html`<form @submit=${this.applyPeriod}>
      <div class="grid">
        <div class="field">
          <label for="from">${t('from')}</label>
          <input id="from" name="from" type="date" required .value=${this.period.from} />
        </div>
        <div class="field">
          <label for="to">${t('to')}</label>
          <input id="to" name="to" type="date" required .value=${this.period.to} />
        </div>
        <div class="field">
          <label for="interval">${t('interval')}</label>
          <select id="interval" name="interval">
            ${(['day', 'week', 'month'] as const).map(
              (interval) =>
                html`<option value=${interval} ?selected=${this.period.interval === interval}>
                  ${t(`interval_${interval}`)}
                </option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="type">${t('type')}</label>
          <select id="type" name="type">
            <option value="" ?selected=${this.type === ''}>${t('allTypesTogether')}</option>
            ${this.overTime?.series.map(
              (series) =>
                html`<option value=${series.type} ?selected=${this.type === series.type}>
                  ${localised(series.labels)}
                </option>`,
            )}
          </select>
        </div>
      </div>
      <button type="submit">${t('show')}</button>
    </form>`
  }

  private overTimeChart() {
    const figures = this.overTime
    if (!figures) return html`<p role="status">${t('loading')}</p>`
    const series = figures.series.filter((entry) => !this.type || entry.type === this.type)
    const sum = (pick: (entry: (typeof series)[number]) => number[]) =>
      figures.periods.map((_, index) =>
        series.reduce((total, entry) => total + (pick(entry)[index] ?? 0), 0),
      )

    return html`<smp-chart
      kind="line"
      label=${t('chartOverTime')}
      .figures=${{
        labels: figures.periods.map((period) => formatDate(period)),
        datasets: [
          { label: t('optIns'), data: sum((entry) => entry.optIns), color: colours.optIn },
          { label: t('optOuts'), data: sum((entry) => entry.optOuts), color: colours.optOut },
        ],
      }}
    ></smp-chart>`
  }

  private currentChart() {
    const figures = this.current
    if (!figures) return html`<p role="status">${t('loading')}</p>`
    return html`<smp-chart
      stacked
      horizontal
      label=${t('chartCurrent')}
      .figures=${{
        labels: figures.types.map((entry) => localised(entry.labels)),
        datasets: [
          {
            label: t('optedIn'),
            data: figures.types.map((entry) => entry.optedIn),
            color: colours.optIn,
          },
          {
            label: t('optedOut'),
            data: figures.types.map((entry) => entry.optedOut),
            color: colours.optOut,
          },
        ],
      }}
    ></smp-chart>`
  }

  private bouncesChart() {
    const figures = this.bounces
    if (!figures) return html`<p role="status">${t('loading')}</p>`
    if (figures.mailings.length === 0) return html`<p>${t('noMailings')}</p>`
    const counted = figures.mailings.some(
      (mailing) => mailing.hardBounces + mailing.softBounces + mailing.complaints > 0,
    )
    if (!counted) return html`<p>${t('noDataYet')}</p>`
    return html`<smp-chart
        label=${t('chartBounces')}
        .figures=${{
          labels: figures.mailings.map((mailing) => mailing.name),
          datasets: [
            {
              label: t('hardBounces'),
              data: figures.mailings.map((mailing) => mailing.hardBounces),
              color: colours.hard,
            },
            {
              label: t('softBounces'),
              data: figures.mailings.map((mailing) => mailing.softBounces),
              color: colours.soft,
            },
            {
              label: t('complaints'),
              data: figures.mailings.map((mailing) => mailing.complaints),
              color: colours.complaint,
            },
          ],
        }}
      ></smp-chart>
      ${nothing}`
  }

  private applyPeriod(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    this.type = String(form.get('type') ?? '')
    this.period = {
      from: String(form.get('from')),
      to: String(form.get('to')),
      interval: String(form.get('interval')),
    }
    void this.loadOverTime()
  }
}

customElements.define('smp-charts', SmpCharts)
