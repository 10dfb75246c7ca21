/**
 * A Chart.js bar or line chart on a canvas, with the same figures as a table for screen
 * readers and keyboard users. Chart.js draws on the canvas and sets sizes through the CSSOM,
 * which the console's content security policy allows.
 *
 * @attr label - What the chart shows; names the canvas image and the table.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartData,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js'
import { css, html, type PropertyValues } from 'lit'
import { t } from '../i18n.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
)

export interface ChartFigures {
  labels: string[]
  datasets: { label: string; data: number[]; color: string }[]
}

export class SmpChart extends LocalisedElement {
  static override properties = {
    label: {},
    kind: {},
    stacked: { type: Boolean },
    horizontal: { type: Boolean },
    figures: { attribute: false },
  }

  static override styles = [
    sharedStyles,
    css`
      .canvas {
        position: relative;
        height: 18rem;
        margin: 0 0 0.5rem;
      }
      details {
        margin: 0 0 1rem;
      }
      summary {
        cursor: pointer;
        color: var(--accent);
      }
    `,
  ]

  declare label: string
  declare kind: 'bar' | 'line'
  declare stacked: boolean
  declare horizontal: boolean
  declare figures: ChartFigures
  private chart: Chart | null = null

  constructor() {
    super()
    this.label = ''
    this.kind = 'bar'
    this.stacked = false
    this.horizontal = false
    this.figures = { labels: [], datasets: [] }
  }

  override render() {
    return html`<div class="canvas"><canvas role="img" aria-label=${this.label}></canvas></div>
      <details>
        <summary>${t('chartAsTable')}</summary>
        <div
          class="table-wrap"
          role="region"
          aria-label=${t('tableOf', { name: this.label })}
          tabindex="0"
        >
          <table>
            <thead>
              <tr>
                <th scope="col"><span class="visually-hidden">${this.label}</span></th>
                ${this.figures.datasets.map((set) => html`<th scope="col">${set.label}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${this.figures.labels.map(
                (label, index) =>
                  html`<tr>
                    <th scope="row">${label}</th>
                    ${this.figures.datasets.map((set) => html`<td>${set.data[index] ?? 0}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>`
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('figures')) return
    const data = this.chartData()

    if (this.chart) {
      this.chart.data = data
      this.chart.update()
      return
    }
    const canvas = this.renderRoot.querySelector('canvas')
    if (!canvas) return
    this.chart = new Chart(canvas, {
      type: this.kind,
      data,
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: this.horizontal ? 'y' : 'x',
        scales: {
          x: { stacked: this.stacked, ticks: { precision: 0 } },
          y: { stacked: this.stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.chart?.destroy()
    this.chart = null
  }

  /** Figures the chart drew, for tests and debugging: what the canvas shows, as numbers. */
  get drawnData(): ChartData | null {
    return this.chart?.data ?? null
  }

  private chartData(): ChartData<'bar' | 'line'> {
    return {
      labels: this.figures.labels,
      datasets: this.figures.datasets.map((set) => ({
        label: set.label,
        data: set.data,
        backgroundColor: set.color,
        borderColor: set.color,
      })),
    }
  }
}

customElements.define('smp-chart', SmpChart)
