/**
 * Workload 4: the RFC 8058 one-click unsubscribe POST, one opted-in recipient per request,
 * against node:http doing the same INSERT (record and state) with postgres.js.
 */
import {
  countedRows,
  throughputComparison,
  type Workload,
  warmThenLoad,
} from '../runner/measurement.ts'
import { linkTokens, nth } from './personTokens.ts'

export const oneClickUnsubscribe: Workload = async ({ plan, amounts, secret, product, floor }) => {
  const { productUnsubscribes: own, floorUnsubscribes: bare } = plan
  const needed = amounts.unsubscribes + amounts.warmUp
  if (own.moments.length < needed || bare.moments.length < needed) {
    throw new Error(`Too few opted-in recipients prepared for ${needed} unsubscribes.`)
  }
  const tokens = linkTokens('unsubscribe', own.moments, secret)
  const load = { connections: 10, maxSeconds: 60 }
  const recordsOf = (mailingId: number) => `select count(*) from consent_records r
    join contact_moments m on m.id = r.contact_moment_id
    where m.mailing_id = ${mailingId} and r.channel = 'one_click_unsubscribe'`

  const floorHost = await floor()
  const persons = await floorHost.query<{ id: string; person_id: string }>(
    `select id, person_id from contact_moments where mailing_id = ${bare.mailingId} order by id`,
  )
  const floorSide = await warmThenLoad(
    floorHost,
    {
      ...load,
      request: (n) => {
        const moment = nth(persons, n)
        return {
          method: 'POST',
          path: '/consent',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            personId: Number(moment.person_id),
            optInTypeId: plan.typeIds.nieuwsbrief,
            optIn: false,
            channel: 'one_click_unsubscribe',
            description: 'Afgemeld met de afmeldlink van de mailing (één klik)',
            contactMomentId: Number(moment.id),
          }),
        }
      },
    },
    amounts.unsubscribes,
    amounts.warmUp,
  )
  const floorRows = await countedRows(floorHost, recordsOf(bare.mailingId), floorSide.succeeded)

  const productHost = await product()
  const productSide = await warmThenLoad(
    productHost,
    {
      ...load,
      request: (n) => ({
        method: 'POST',
        path: `/u/${nth(tokens, n)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    },
    amounts.unsubscribes,
    amounts.warmUp,
  )
  const productRows = await countedRows(
    productHost,
    recordsOf(own.mailingId),
    productSide.succeeded,
  )

  return [
    throughputComparison(
      '4. One-click unsubscribe',
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
