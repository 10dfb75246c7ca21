/**
 * Demo data for a fictional charity, "Stichting Groene Toekomst": the opt-in types of
 * SPEC §3, a few invented persons, and one sent mailing. Loading twice adds nothing.
 */
import type { Database } from '../db/client.ts'
import {
  contactMoments,
  documents,
  donations,
  mailings,
  type NewOptInType,
  type NewPerson,
  type NewSite,
  payments,
  persons,
} from '../db/schema/index.ts'
import type { Clock } from '../server/clock.ts'
import { recordConsents } from '../server/consent/recordConsent.ts'
import { findOptInTypeByKey, insertOptInType } from '../server/optInTypes/repository.ts'
import { findSiteByKey, insertSite } from '../server/sites/repository.ts'

type DemoType = Omit<NewOptInType, 'parentId'> & { parentKey?: string }

export const demoTypes: DemoType[] = [
  {
    key: 'nieuwsbrief',
    labels: { nl: 'Nieuwsbrief', en: 'Newsletter' },
    descriptions: {
      nl: 'Maandelijks nieuws over onze projecten.',
      en: 'Monthly news about our projects.',
    },
    kind: 'hard',
    sortOrder: 10,
  },
  {
    key: 'educatie',
    parentKey: 'nieuwsbrief',
    labels: { nl: 'Educatie', en: 'Education' },
    descriptions: { nl: 'Lesmateriaal en lezingen.', en: 'Teaching material and talks.' },
    kind: 'hard',
    sortOrder: 11,
  },
  {
    key: 'jongeren',
    parentKey: 'nieuwsbrief',
    labels: { nl: 'Jongeren', en: 'Youth' },
    descriptions: {
      nl: 'Acties en nieuws voor jongeren.',
      en: 'Campaigns and news for young people.',
    },
    kind: 'hard',
    sortOrder: 12,
  },
  {
    key: 'zakelijk',
    parentKey: 'nieuwsbrief',
    labels: { nl: 'Zakelijk', en: 'Business' },
    descriptions: { nl: 'Nieuws voor zakelijke partners.', en: 'News for business partners.' },
    kind: 'hard',
    sortOrder: 13,
  },
  {
    key: 'servicemail',
    labels: { nl: 'Servicemail', en: 'Service mail' },
    descriptions: {
      nl: 'Berichten over uw donaties en uw lidmaatschap.',
      en: 'Messages about your donations and membership.',
    },
    kind: 'soft',
    sortOrder: 20,
  },
  {
    key: 'profileren',
    labels: { nl: 'Profileren', en: 'Profiling' },
    descriptions: {
      nl: 'Wij analyseren uw gegevens om u berichten te sturen die bij u passen.',
      en: 'We analyse your data to send you messages that suit you.',
    },
    kind: 'soft',
    profiling: true,
    selfService: false,
    optOutNotes: {
      nl: 'Wilt u niet dat wij uw gegevens analyseren? Laat het ons weten per brief of telefonisch (030 123 45 67).',
      en: 'Do you not want us to analyse your data? Tell us by letter or by telephone (030 123 45 67).',
    },
    sortOrder: 30,
  },
  {
    key: 'vrienden-nieuwsbrief',
    labels: { nl: 'Vrienden-nieuwsbrief', en: "Friends' newsletter" },
    descriptions: {
      nl: 'Extra nieuws voor onze vaste vrienden.',
      en: 'Extra news for our regular friends.',
    },
    kind: 'hard',
    sortOrder: 40,
  },
]

/** Invented people; the addresses use the reserved example.org domain. */
export const demoPersons: NewPerson[] = [
  {
    firstName: 'Fenna',
    lastName: 'Brouwersma',
    email: 'fenna.brouwersma@example.org',
    street: 'Lindelaan',
    houseNumber: '12',
    postalCode: '9711 AB',
    city: 'Groningen',
    country: 'NL',
  },
  {
    firstName: 'Joris',
    infix: 'van',
    lastName: 'Oosterwijck',
    email: 'joris.vanoosterwijck@example.org',
    city: 'Utrecht',
    country: 'NL',
  },
  {
    firstName: 'Amira',
    lastName: 'Haddouchi',
    email: 'amira.haddouchi@example.org',
    city: 'Rotterdam',
    country: 'NL',
    language: 'en',
  },
]

export const demoSite = {
  name: 'Stichting Groene Toekomst',
  publicKey: 'pk_demo',
  privacyStatementUrl: '/demo/privacy',
  allowedOrigins: [],
} satisfies NewSite

export interface DemoData {
  personId: number
  contactMomentId: number
}

export async function seedDemo(db: Database, clock: Clock): Promise<DemoData> {
  if (!(await findSiteByKey(db, demoSite.publicKey))) await insertSite(db, demoSite)

  const existing = await db.select().from(contactMoments).limit(1)
  if (existing[0]) return { personId: existing[0].personId, contactMomentId: existing[0].id }

  const typeIds = new Map<string, number>()
  for (const { parentKey, ...type } of demoTypes) {
    const parentId = parentKey ? (typeIds.get(parentKey) ?? null) : null
    const created =
      (await findOptInTypeByKey(db, type.key)) ?? (await insertOptInType(db, { ...type, parentId }))
    typeIds.set(created.key, created.id)
  }

  const people = await db.insert(persons).values(demoPersons).returning()
  const service = typeIds.get('servicemail')
  const newsletter = typeIds.get('nieuwsbrief')
  if (!service || !newsletter) throw new Error('The demo types were not created.')

  // Everyone with a relationship gets service mail softly (SPEC §3); one signed up for the news.
  await recordConsents(
    db,
    [
      ...people.map((person) => ({
        personId: person.id,
        optInTypeId: service,
        optIn: true,
        channel: 'automatic' as const,
        description: 'Servicemail voor iedereen met een relatie',
        soft: true,
      })),
      {
        personId: people[0]!.id,
        optInTypeId: newsletter,
        optIn: true,
        channel: 'web_form' as const,
        description: 'Ja, ik wil de nieuwsbrief ontvangen',
        soft: false,
      },
    ],
    clock,
  )

  await seedTransactions(db, people[0]!.id, people[1]!.id)

  const [mailing] = await db
    .insert(mailings)
    .values({
      name: 'Nieuwsbrief december',
      subject: 'Ons nieuws van december',
      optInTypeId: newsletter,
      sentAt: clock(),
    })
    .returning()
  const moments = await db
    .insert(contactMoments)
    .values(people.map((person) => ({ mailingId: mailing!.id, personId: person.id })))
    .returning()

  return { personId: moments[0]!.personId, contactMomentId: moments[0]!.id }
}

/** Donations, payments and documents, so the access report and anonymisation have real data. */
async function seedTransactions(db: Database, fennaId: number, jorisId: number) {
  const fennaIban = 'NL91ABNA0417164300'
  const gifts = await db
    .insert(donations)
    .values([
      {
        personId: fennaId,
        amountCents: 2500,
        donatedOn: '2025-03-14',
        method: 'direct_debit',
        iban: fennaIban,
        campaign: 'Bomenplan 2025',
      },
      {
        personId: fennaId,
        amountCents: 5000,
        donatedOn: '2025-11-02',
        method: 'ideal',
        iban: fennaIban,
        campaign: 'Najaarsactie',
      },
      {
        personId: jorisId,
        amountCents: 1000,
        donatedOn: '2026-01-20',
        method: 'bank_transfer',
        iban: 'NL20INGB0001234567',
        campaign: null,
      },
    ])
    .returning()
  await db.insert(payments).values(
    gifts.map((gift) => ({
      donationId: gift.id,
      personId: gift.personId,
      amountCents: gift.amountCents,
      paidOn: gift.donatedOn,
      method: gift.method,
      iban: gift.iban,
    })),
  )
  await db.insert(documents).values([
    {
      personId: fennaId,
      kind: 'donation_deed',
      title: 'Schenkingsakte periodieke gift 2025-2029',
      fileName: 'schenkingsakte-brouwersma.txt',
      contentType: 'text/plain',
      content: Buffer.from(
        'Schenkingsakte. Schenker: Fenna Brouwersma, Lindelaan 12, 9711 AB Groningen. ' +
          'Jaarlijks bedrag: EUR 300, vijf jaar, van rekening NL91ABNA0417164300.',
      ),
    },
  ])
}
