/** Operator API: create, list and read persons. */
import { Hono } from 'hono'
import * as v from 'valibot'
import { desc, eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { auditLog } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { requireRole } from '../http/operatorAuth.ts'
import { calendarDate, idParam, languageSchema } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { emailAddressSchema, normaliseEmail } from './emailAddress.ts'
import { presentPerson } from './presentPerson.ts'
import { getPerson, insertPerson, listPersons } from './repository.ts'
import { updatePerson } from './updatePerson.ts'

const optionalText = (maxLength: number) =>
  v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(maxLength))))

const personFields = {
  firstName: optionalText(100),
  infix: optionalText(30),
  lastName: optionalText(150),
  street: optionalText(200),
  houseNumber: optionalText(20),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: optionalText(2),
  email: v.optional(v.nullable(emailAddressSchema)),
  phone: optionalText(30),
  mobilePhone: optionalText(30),
  iban: v.optional(
    v.nullable(
      v.pipe(
        v.string(),
        v.transform((value) => value.replace(/\s+/g, '').toUpperCase()),
        v.regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/, 'Use an IBAN such as NL91ABNA0417164300.'),
      ),
    ),
  ),
  bsn: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[0-9]{9}$/, 'Use nine digits.')))),
  birthDate: v.optional(v.nullable(calendarDate)),
  language: v.optional(languageSchema, 'nl'),
  deceased: v.optional(v.boolean(), false),
  relationshipEndedOn: v.optional(v.nullable(calendarDate)),
}

const newPerson = v.pipe(
  v.strictObject(personFields),
  v.check(
    (person) => Boolean(person.email || person.lastName || person.firstName),
    'Give at least an email address or a name.',
  ),
)

/** The same fields, each optional; `null` clears a field. */
const personChanges = v.pipe(
  v.strictObject({
    ...personFields,
    language: v.optional(languageSchema),
    deceased: v.optional(v.boolean()),
    bouncer: v.optional(v.literal(false, 'A bouncer can only be released (false).')),
  }),
  v.check((changes) => Object.keys(changes).length > 0, 'Send at least one field to change.'),
)

const personListQuery = v.object({
  email: v.optional(v.pipe(v.string(), v.maxLength(254), v.transform(normaliseEmail))),
  /** An id, or part of an email address or a name. */
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  afterId: v.optional(v.pipe(v.string(), v.regex(/^[0-9]{1,16}$/), v.transform(Number)), '0'),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,4}$/),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(500),
    ),
    '50',
  ),
})

export function personRoutes(deps: { db: Database; clock: Clock }) {
  const { db } = deps

  return new Hono<AppEnv>()
    .get('/', validate('query', personListQuery), async (c) => {
      const filter = c.req.valid('query')
      const page = await listPersons(db, filter)
      const last = page.at(-1)

      return c.json({
        persons: page.map(presentPerson),
        nextAfterId: page.length === filter.limit && last ? last.id : null,
      })
    })
    .post('/', requireRole('editor'), validate('json', newPerson), async (c) => {
      const person = await insertPerson(db, c.req.valid('json'))
      c.var.logger.info({ personId: person.id }, 'person created')

      return c.json(presentPerson(person), 201, { location: `/api/v1/persons/${person.id}` })
    })
    .patch(
      '/:id',
      requireRole('editor'),
      validate('param', idParam),
      validate('json', personChanges),
      async (c) => {
        const { id } = c.req.valid('param')
        const person = await updatePerson(db, id, c.req.valid('json'), {
          apiKeyId: c.var.operator.apiKeyId,
          clock: deps.clock,
        })
        c.var.logger.info({ personId: id }, 'person updated')

        return c.json(presentPerson(person))
      },
    )
    .get('/:id/audit', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      await getPerson(db, id)
      const entries = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.personId, id))
        .orderBy(desc(auditLog.id))
      return c.json({ entries })
    })
    .get('/:id', validate('param', idParam), async (c) => {
      return c.json(presentPerson(await getPerson(db, c.req.valid('param').id)))
    })
}
