/** The results as a plain-text table, with each workload's notes under it. */
import type { Goal, Measurement } from './measurement.ts'

const headers = [
  'Workload',
  'Unit',
  'Product',
  'Floor',
  'Ratio',
  'Goal',
  'Met',
  'p50/p99 ms',
  'floor p50/p99',
  'Fail',
  'RSS MB',
]

export function formatTable(measurements: Measurement[]): string {
  const rows = measurements.map((m) => [
    m.workload,
    m.unit,
    figure(m.product),
    m.floor === null ? '' : figure(m.floor),
    m.ratio === null ? '' : m.ratio.toFixed(2),
    goalText(m.goal),
    m.met === null ? '' : m.met ? 'yes' : 'NO',
    m.productLatency ? latency(m.productLatency) : '',
    m.floorLatency ? latency(m.floorLatency) : '',
    String(m.failures),
    m.rssMb === undefined ? '' : m.rssMb.toFixed(0),
  ])
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]!.length)),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd()

  const notes = measurements.flatMap((m) => m.notes.map((note) => `  ${m.workload}: ${note}`))
  return [
    line(headers),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n')
}

function figure(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) >= 100) return value.toFixed(0)
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

function latency({ p50Ms, p99Ms }: { p50Ms: number; p99Ms: number }): string {
  return `${figure(p50Ms)}/${figure(p99Ms)}`
}

function goalText(goal: Goal | null): string {
  if (!goal) return ''
  const subject = goal.of === 'ratio' ? '' : 'value '
  if (goal.atLeast !== undefined) return `${subject}≥ ${goal.atLeast}`
  if (goal.atMost !== undefined) return `${subject}≤ ${goal.atMost}`
  return ''
}
