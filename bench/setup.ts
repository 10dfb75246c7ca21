/**
 * What the workloads need beside the invented data: ten active opt-in types, a site with a
 * privacy statement (the widget shows nothing without one), an operator key, mailings with contact moments, and disjoint ranges of persons, so that no workload
 * touches another's persons and every write can be counted afterwards.
 */
import { type SQL, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../db/client.ts'
import { createOperatorWithKey } from '../server/operators/apiKeys.ts'
import { findOptInTypeByKey, insertOptInType } from '../server/optInTypes/repository.ts'
import { findSiteByKey, insertSite } from '../server/sites/repository.ts'

/** The demo's seven types and three more, so a preference read shows ten. */
const extraTypes = [
  ['evenementen', 'Evenementen', 'Events'],
  ['petities', 'Petities', 'Petitions'],
  ['nalatenschap', 'Nalatenschap', 'Legacy giving'],
] as const

const benchSite = {
  name: 'Stichting Groene Toekomst',
  publicKey: 'pk_bench',
  privacyStatementUrl: 'https://example.org/privacy',
  allowedOrigins: [],
}

/** Requests per workload, scaled down on PGlite. */
export interface Amounts {
  writes: number
  reads: number
  tracking: number
  unsubscribes: number
  bounceBatches: number
  anonymisations: number
  reports: number
  warmUp: number
}

/** A range of person ids, `from` to `from + count - 1`. */
export interface PersonRange {
  from: number
  count: number
}

export interface BenchPlan {
  runId: string
  apiKey: string
  typeIds: Record<string, number>
  reads: PersonRange
  productWrites: PersonRange
  floorWrites: PersonRange
  anonymise: PersonRange
  /** Contact moments of one mailing, for opens and clicks. */
  trackingMailingId: number
  trackingMoments: number[]
  productUnsubscribes: { mailingId: number; moments: number[] }
  floorUnsubscribes: { mailingId: number; moments: number[] }
  productBounces: Recipient[]
  floorBounces: Recipient[]
  audienceMailingId: number
  reportPersonId: number
}

export interface Recipient {
  personId: number
  email: string
  contactMomentId: number
}

export async function prepareBench(db: Database, amounts: Amounts, runId: string) {
  const typeIds = await tenTypes(db)
  if (!(await findSiteByKey(db, benchSite.publicKey))) await insertSite(db, benchSite)
  const { key: apiKey } = await createOperatorWithKey(
    db,
    { email: `bench-${runId}@example.org`, name: 'Benchmark', role: 'admin' },
    'bench',
  )
  const ranges = await personRanges(db)
  const newsletter = typeIds.nieuwsbrief!
  const mailing = (name: string) => insertMailing(db, `${name} ${runId}`, newsletter)
  const requests = (count: number) => count + 2 * amounts.warmUp

  const reads = ranges.take(requests(amounts.reads))
  const productWrites = ranges.take(requests(amounts.writes))
  const floorWrites = ranges.take(requests(amounts.writes))
  const anonymise = ranges.take(amounts.anonymisations)

  const trackingMailingId = await mailing('bench tracking')
  const trackingRange = ranges.take(requests(amounts.tracking))
  const trackingMoments = (await momentsFor(db, trackingMailingId, trackingRange)).map(
    (moment) => moment.contactMomentId,
  )

  const unsubscribers = async (name: string) => {
    const mailingId = await mailing(name)
    const range = ranges.take(requests(amounts.unsubscribes) * 4)
    const optedIn = sql`and exists (select 1 from consent_states s where s.person_id = p.id
      and s.opt_in_type_id = ${newsletter} and s.opt_in)`
    const moments = await momentsFor(db, mailingId, range, optedIn)
    return { mailingId, moments: moments.map((moment) => moment.contactMomentId) }
  }
  const productUnsubscribes = await unsubscribers('bench unsubscribe')
  const floorUnsubscribes = await unsubscribers('bench unsubscribe floor')

  const bounceMailingId = await mailing('bench bounces')
  const bounceRecipients = (count: number) =>
    momentsFor(db, bounceMailingId, ranges.take(count * 1000))
  const productBounces = await bounceRecipients(amounts.bounceBatches + 1)
  const floorBounces = await bounceRecipients(amounts.bounceBatches + 1)

  return {
    runId,
    apiKey,
    typeIds,
    reads,
    productWrites,
    floorWrites,
    anonymise,
    trackingMailingId,
    trackingMoments,
    productUnsubscribes,
    floorUnsubscribes,
    productBounces,
    floorBounces,
    audienceMailingId: await mailing('bench audience'),
    reportPersonId: await personWithRecords(db, newsletter, 500),
  } satisfies BenchPlan
}

async function tenTypes(db: Database): Promise<Record<string, number>> {
  for (const [key, nl, en] of extraTypes) {
    if (await findOptInTypeByKey(db, key)) continue
    await insertOptInType(db, {
      key,
      labels: { nl, en },
      descriptions: { nl: `Berichten over ${nl.toLowerCase()}.`, en: `News on ${en}.` },
      kind: 'hard',
      sortOrder: 50,
    })
  }
  const rows = rowsOf<{ id: number; key: string }>(
    await db.execute(sql`select id, key from opt_in_types where active`),
  )
  if (rows.length !== 10) throw new Error(`Expected 10 active opt-in types, found ${rows.length}.`)
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.id)]))
}

/** Hands out consecutive, disjoint ranges of the persons that are not anonymised. */
async function personRanges(db: Database) {
  const [bounds] = rowsOf<{ first: string; last: string }>(
    await db.execute(sql`select min(id) as first, max(id) as last from persons`),
  )
  let next = Number(bounds?.first)
  const last = Number(bounds?.last)

  return {
    take(count: number): PersonRange {
      if (next + count - 1 > last) {
        throw new Error(`The benchmark needs more persons than the ${last} generated.`)
      }
      const range = { from: next, count }
      next += count
      return range
    },
  }
}

async function insertMailing(db: Database, name: string, optInTypeId: number): Promise<number> {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into mailings (name, subject, opt_in_type_id)
      values (${name}, ${name}, ${optInTypeId}) returning id`),
  )
  return Number(row?.id)
}

/** A contact moment of the mailing for every (matching) person in the range. */
async function momentsFor(
  db: Database,
  mailingId: number,
  range: PersonRange,
  condition: SQL = sql``,
): Promise<Recipient[]> {
  const rows = rowsOf<{ id: string; person_id: string; email: string }>(
    await db.execute(sql`
      with made as (
        insert into contact_moments (mailing_id, person_id)
        select ${mailingId}, p.id from persons p
        where p.id between ${range.from} and ${range.from + range.count - 1} ${condition}
        returning id, person_id)
      select made.id, made.person_id, p.email
      from made join persons p on p.id = made.person_id
      order by made.id`),
  )
  return rows.map((row) => ({
    personId: Number(row.person_id),
    email: row.email,
    contactMomentId: Number(row.id),
  }))
}

/** A new person with `count` consent records through the ledger's trigger, for the PDF. */
async function personWithRecords(db: Database, typeId: number, count: number): Promise<number> {
  const [person] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into persons (first_name, last_name, email, city, country)
      values ('Rapport', 'Persoon', 'rapport.persoon@example.org', 'Utrecht', 'NL')
      returning id`),
  )
  const personId = Number(person?.id)

  await db.execute(sql`
    insert into consent_records
      (recorded_at, person_id, channel, opt_in, opt_in_type_id, description, soft)
    select now() - (${count} - n) * interval '1 day', ${personId}, 'preference_centre',
      n % 2 = 0, ${typeId}, 'Nieuwsbrief', false
    from generate_series(1, ${count}::int) as n
    order by n`)
  await db.execute(sql`
    insert into consent_states
      (person_id, opt_in_type_id, opt_in, soft, deciding_record_id, decided_at)
    select person_id, opt_in_type_id, opt_in, soft, id, recorded_at
    from consent_records where person_id = ${personId}
    order by id desc limit 1`)
  return personId
}
