/**
 * `npm run demo:mailing`: creates a mailing for the demo data through the operator API of a
 * running server, selects its audience and prints what one recipient's mail would carry,
 * with a curl line that performs the RFC 8058 one-click unsubscribe.
 *
 * SMP_URL (default http://localhost:3000) and SMP_API_KEY (default: the demo key in the
 * data folder) say which server and key to use.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

const server = (process.env.SMP_URL ?? 'http://localhost:3000').replace(/\/+$/, '')
const apiKey =
  process.env.SMP_API_KEY ??
  (
    await readFile(join(resolve(process.env.SMP_DATA_DIR ?? './data'), 'demo-api-key'), 'utf8')
  ).trim()

async function call(path: string, body: unknown): Promise<Response> {
  const response = await fetch(`${server}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
  return response
}

const mailing = (await (
  await call('/api/v1/mailings', {
    name: `Demo-nieuwsbrief ${new Date().toISOString().slice(0, 16)}`,
    subject: 'Nieuws van Stichting Groene Toekomst',
    type: 'nieuwsbrief',
    links: ['https://www.example.org/projecten'],
  })
).json()) as { id: number }

const recipients = (
  await (
    await call(`/api/v1/mailings/${mailing.id}/recipients`, {
      criteria: { optIn: 'nieuwsbrief', mailable: true },
    })
  ).text()
)
  .trim()
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown> & { headers: Record<string, string> })

const first = recipients[0]
if (!first) {
  process.stdout.write(
    `Mailing ${mailing.id} has no recipients: nobody is opted in and mailable.\n`,
  )
} else {
  const unsubscribeUrl = String(first.unsubscribeUrl)
  process.stdout.write(
    [
      `Mailing ${mailing.id}: ${recipients.length} recipient(s). The first one:`,
      `  To: ${first.email}   (contact moment ${first.contactMomentId})`,
      ...Object.entries(first.headers).map(([name, value]) => `  ${name}: ${value}`),
      `  Preferences: ${first.preferenceUrl}`,
      `  Open pixel:  ${first.openPixelUrl}`,
      '',
      'One-click unsubscribe, as a mail provider sends it:',
      `  curl -X POST -d 'List-Unsubscribe=One-Click' '${unsubscribeUrl}'`,
      '',
    ].join('\n'),
  )
}
