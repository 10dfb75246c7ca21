/**
 * Workload 5: the generic bounce webhook in batches of 1,000 events (each linked to its
 * person, counted, the person recounted), in events per second, against node:http storing
 * the same rows with one multi-row INSERT.
 */
import type { Recipient } from '../setup.ts'
import {
  countedRows,
  throughputComparison,
  type Workload,
  warmThenLoad,
} from '../runner/measurement.ts'
import { nth } from './personTokens.ts'

export const batchSize = 1000

export const bounceWebhook: Workload = async ({ plan, amounts, product, floor }) => {
  const eventsOf = (side: string, recipients: Recipient[], withPerson: boolean) =>
    batchesOf(recipients).map((batch, number) =>
      JSON.stringify({
        events: batch.map((recipient, index) => ({
          id: `bench-${plan.runId}-${side}-${number}-${index}`,
          type: 'bounce',
          bounceType: 'soft',
          status: '4.2.2',
          email: recipient.email,
          contactMomentId: recipient.contactMomentId,
          ...(withPerson ? { personId: recipient.personId } : {}),
          occurredAt: new Date().toISOString(),
          diagnostic: '452 4.2.2 Mailbox full',
        })),
      }),
    )
  const load = { connections: 2, maxSeconds: 90 }
  const stored = (side: string) => `select count(*) from bounce_events
    where provider = 'generic' and provider_event_id like 'bench-${plan.runId}-${side}-%'`

  const floorHost = await floor()
  const floorBodies = eventsOf('f', plan.floorBounces, true)
  const floorSide = await warmThenLoad(
    floorHost,
    {
      ...load,
      request: (n) => ({
        method: 'POST',
        path: '/bounces',
        headers: { 'content-type': 'application/json' },
        body: nth(floorBodies, n),
      }),
    },
    amounts.bounceBatches,
    1,
  )
  const floorRows = await countedRows(floorHost, stored('f'), floorSide.succeeded * batchSize)

  const productHost = await product()
  const productBodies = eventsOf('p', plan.productBounces, false)
  const productSide = await warmThenLoad(
    productHost,
    {
      ...load,
      request: (n) => ({
        method: 'POST',
        path: '/webhooks/generic',
        headers: { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' },
        body: nth(productBodies, n),
      }),
    },
    amounts.bounceBatches,
    1,
  )
  const productRows = await countedRows(productHost, stored('p'), productSide.succeeded * batchSize)

  return [
    throughputComparison(
      '5. Bounce webhook (1,000/batch)',
      'events/s',
      productSide,
      floorSide,
      { of: 'ratio', atLeast: 0.3 },
      {
        perRequest: batchSize,
        failures: productRows.missing + floorRows.missing,
        notes: [
          productRows.note && `product: ${productRows.note}`,
          floorRows.note && `floor: ${floorRows.note}`,
        ],
      },
    ),
  ]
}

function batchesOf(recipients: Recipient[]): Recipient[][] {
  const batches: Recipient[][] = []
  for (let from = 0; from + batchSize <= recipients.length; from += batchSize) {
    batches.push(recipients.slice(from, from + batchSize))
  }
  return batches
}
