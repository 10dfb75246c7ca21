/**
 * Workload 1: the widget's POST /api/v1/preferences (Hono, valibot, Drizzle: one consent
 * record and the state update) against node:http doing the same INSERT with postgres.js.
 */
import {
  countedRows,
  throughputComparison,
  type Workload,
  warmThenLoad,
} from '../runner/measurement.ts'
import { between, nth, personTokens } from './personTokens.ts'

export const consentWrite: Workload = async ({ plan, amounts, secret, product, floor }) => {
  const marker = `Nieuwsbrief (bench ${plan.runId})`
  const newsletter = plan.typeIds.nieuwsbrief!
  const tokens = personTokens(plan.productWrites, secret)
  const load = { connections: 10, maxSeconds: 60 }

  const floorHost = await floor()
  const floorSide = await warmThenLoad(
    floorHost,
    {
      ...load,
      request: (n) => ({
        method: 'POST',
        path: '/consent',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          personId: plan.floorWrites.from + (n % plan.floorWrites.count),
          optInTypeId: newsletter,
          optIn: n % 2 === 0,
          channel: 'preference_centre',
          description: marker,
          contactMomentId: null,
        }),
      }),
    },
    amounts.writes,
    amounts.warmUp,
  )
  const floorRows = await countedRows(
    floorHost,
    `select count(*) from consent_records
     where person_id ${between(plan.floorWrites)} and description = '${marker}'`,
    floorSide.succeeded,
  )

  const productHost = await product()
  const productSide = await warmThenLoad(
    productHost,
    {
      ...load,
      request: (n) => ({
        method: 'POST',
        path: '/api/v1/preferences',
        headers: { authorization: `Bearer ${nth(tokens, n)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          changes: [{ type: 'nieuwsbrief', optIn: n % 2 === 0, labelText: marker }],
        }),
      }),
    },
    amounts.writes,
    amounts.warmUp,
  )
  const productRows = await countedRows(
    productHost,
    `select count(*) from consent_records
     where person_id ${between(plan.productWrites)} and description = '${marker}'`,
    productSide.succeeded,
  )

  return [
    throughputComparison(
      '1. Consent write (widget POST)',
      'req/s',
      productSide,
      floorSide,
      { of: 'ratio', atLeast: 0.5 },
      {
        failures: productRows.missing + floorRows.missing,
        notes: [
          productRows.note && `product: ${productRows.note}`,
          floorRows.note && `floor: ${floorRows.note}`,
        ],
      },
    ),
  ]
}
