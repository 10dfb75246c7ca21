/**
 * Workload 6: a mailing's audience over every person (effective opt-in for the newsletter
 * and mailable), streamed as NDJSON with a contact moment and signed links per recipient,
 * against the hand-written query streamed by node:http from a postgres.js cursor. Measured
 * as the time until the last row has arrived.
 */
import { loopbackOnly } from '../runner/load.ts'
import { countedRows, judged, type Workload } from '../runner/measurement.ts'

export const audience: Workload = async ({ plan, product, floor }) => {
  const floorHost = await floor()
  const bare = await streamedLines(`${floorHost.url}/audience?type=${plan.typeIds.nieuwsbrief}`, {
    method: 'GET',
  })

  const productHost = await product()
  const own = await streamedLines(
    `${productHost.url}/api/v1/mailings/${plan.audienceMailingId}/recipients?format=ndjson`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ criteria: { optIn: 'nieuwsbrief', mailable: true } }),
    },
  )
  const moments = await countedRows(
    productHost,
    `select count(*) from contact_moments where mailing_id = ${plan.audienceMailingId}`,
    own.lines,
  )

  const sameAudience = own.lines === bare.lines && own.status === 200 && bare.status === 200
  return [
    judged({
      workload: '6. Audience stream (all persons)',
      unit: 's',
      product: own.seconds,
      floor: bare.seconds,
      ratio: own.seconds / bare.seconds,
      goal: { of: 'ratio', atMost: 1.5 },
      failures: (sameAudience ? 0 : 1) + moments.missing,
      notes: [
        `${own.lines} recipients (${(own.bytes / 1e6).toFixed(0)} MB), floor ${bare.lines} rows`,
        ...(sameAudience ? [] : [`statuses ${own.status} and ${bare.status}, or counts differ`]),
        ...(moments.note ? [`contact moments: ${moments.note}`] : []),
      ],
    }),
  ]
}

/** Reads a streamed answer to its end, counting lines and bytes; gives up after 5 minutes. */
async function streamedLines(url: string, init: RequestInit) {
  loopbackOnly(url)
  const started = performance.now()
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(300_000) })
  let lines = 0
  let bytes = 0
  const reader = response.body?.getReader()
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    const part = read.value
    bytes += part.length
    for (let index = part.indexOf(10); index !== -1; index = part.indexOf(10, index + 1)) {
      lines += 1
    }
  }
  return { status: response.status, lines, bytes, seconds: (performance.now() - started) / 1000 }
}
