/**
 * Workload 7: anonymisation of a batch of persons through the operator API, in persons per
 * second, and the access report PDF of a person with 500 consent records, in ms per report.
 * There is no floor for these: the figures stand on their own.
 */
import { runLoad } from '../runner/load.ts'
import { countedRows, judged, loadNotes, type Workload } from '../runner/measurement.ts'
import { between } from './personTokens.ts'

export const privacy: Workload = async ({ plan, amounts, product }) => {
  const host = await product()
  const operator = { authorization: `Bearer ${plan.apiKey}` }

  const anonymised = await runLoad({
    url: host.url,
    amount: plan.anonymise.count,
    connections: 4,
    maxSeconds: 120,
    request: (n) => ({
      method: 'POST',
      path: `/api/v1/persons/${plan.anonymise.from + n}/anonymise`,
      headers: operator,
    }),
  })
  const rows = await countedRows(
    host,
    `select count(*) from persons where id ${between(plan.anonymise)} and anonymised`,
    anonymised.succeeded,
    anonymised.unanswered,
  )

  const reports = await runLoad({
    url: host.url,
    amount: amounts.reports,
    connections: 1,
    maxSeconds: 60,
    request: () => ({
      method: 'GET',
      path: `/api/v1/persons/${plan.reportPersonId}/personal-data.pdf?lang=nl`,
      headers: operator,
    }),
  })

  return [
    judged({
      workload: `7a. Anonymisation (batch of ${plan.anonymise.count})`,
      unit: 'persons/s',
      product: anonymised.perSecond,
      floor: null,
      ratio: null,
      goal: null,
      failures: anonymised.failed + rows.missing,
      productLatency: { p50Ms: anonymised.p50Ms, p99Ms: anonymised.p99Ms },
      notes: [
        `${anonymised.succeeded} anonymised in ${anonymised.seconds.toFixed(1)} s`,
        ...loadNotes('product', anonymised),
        ...(rows.note ? [rows.note] : []),
      ],
    }),
    judged({
      workload: '7b. Access report PDF (500 records)',
      unit: 'ms/report',
      product: reports.meanMs,
      floor: null,
      ratio: null,
      goal: null,
      failures: reports.failed,
      productLatency: { p50Ms: reports.p50Ms, p99Ms: reports.p99Ms },
      notes: [`${reports.succeeded} reports, one at a time`, ...loadNotes('product', reports)],
    }),
  ]
}
