/**
 * Workload 2: GET /api/v1/preferences for persons among a million, ten opt-in types each,
 * against the same SQL (person check, types with state, site) through postgres.js.
 */
import { throughputComparison, type Workload, warmThenLoad } from '../runner/measurement.ts'
import { nth, personTokens } from './personTokens.ts'

export const preferenceRead: Workload = async ({ plan, amounts, secret, product, floor }) => {
  const tokens = personTokens(plan.reads, secret)
  const load = { connections: 10, maxSeconds: 60 }

  const floorSide = await warmThenLoad(
    await floor(),
    {
      ...load,
      request: (n) => ({
        method: 'GET',
        path: `/preferences?person=${plan.reads.from + (n % plan.reads.count)}`,
      }),
    },
    amounts.reads,
    amounts.warmUp,
  )

  const productHost = await product()
  const sample = await fetch(`${productHost.url}/api/v1/preferences?lang=nl`, {
    headers: { authorization: `Bearer ${nth(tokens, 0)}` },
  })
  const { types } = (await sample.json()) as { types?: unknown[] }
  const productSide = await warmThenLoad(
    productHost,
    {
      ...load,
      request: (n) => ({
        method: 'GET',
        path: '/api/v1/preferences?lang=nl',
        headers: { authorization: `Bearer ${nth(tokens, n)}` },
      }),
    },
    amounts.reads,
    amounts.warmUp,
  )

  const tenTypes = types?.length === 10
  return [
    throughputComparison(
      '2. Preference read (10 types)',
      'req/s',
      productSide,
      floorSide,
      { of: 'ratio', atLeast: 0.6 },
      {
        failures: tenTypes ? 0 : 1,
        notes: [tenTypes ? null : `the answer held ${types?.length} types, not 10`],
      },
    ),
  ]
}
