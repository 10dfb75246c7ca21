/**
 * The whole consent ledger for operators: filtered by type, channel, period, in/out and soft,
 * newest first, as JSON pages or as one streamed CSV file.
 */
import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import { consentChannels, consentRecords, optInTypes } from '../../db/schema/index.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { csvLine } from '../http/csv.ts'
import { errorForLog } from '../http/errorForLog.ts'
import { optInTypeKey, reportingDate } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { typeAccessOf, viewableTypeIds } from '../operators/typeAccess.ts'
import { recordedOnDays } from './recordedOnDays.ts'

const yesNo = v.pipe(
  v.picklist(['true', 'false'], 'Use "true" or "false".'),
  v.transform((value) => value === 'true'),
)

const ledgerFilter = v.pipe(
  v.object({
    type: v.optional(optInTypeKey),
    channel: v.optional(v.picklist(consentChannels)),
    /** Whole UTC days, both included. */
    from: v.optional(reportingDate),
    to: v.optional(reportingDate),
    optIn: v.optional(yesNo),
    soft: v.optional(yesNo),
    /** Continues a listing after this record, i.e. with older records. */
    afterId: v.optional(v.pipe(v.string(), v.regex(/^[0-9]{1,15}$/), v.transform(Number))),
    limit: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[0-9]{1,3}$/),
        v.transform(Number),
        v.minValue(1),
        v.maxValue(500),
      ),
      '100',
    ),
  }),
  v.check(
    (filter) => !filter.from || !filter.to || filter.from <= filter.to,
    '"from" must not be after "to".',
  ),
)

type LedgerFilter = v.InferOutput<typeof ledgerFilter>

const csvColumns = [
  'id',
  'recorded_at',
  'person_id',
  'type',
  'channel',
  'opt_in',
  'soft',
  'description',
  'contact_moment_id',
]

/** Rows per query while streaming CSV: small enough to keep memory flat. */
const csvPageSize = 1000

export function ledgerRoutes(deps: { db: Database }) {
  const { db } = deps

  const page = async (filter: LedgerFilter, visibleTypeIds: number[], limit: number) =>
    db
      .select({ record: consentRecords, type: optInTypes.key })
      .from(consentRecords)
      .innerJoin(optInTypes, eq(optInTypes.id, consentRecords.optInTypeId))
      .where(conditionsOf(filter, visibleTypeIds))
      .orderBy(desc(consentRecords.id))
      .limit(limit)

  return new Hono<AppEnv>()
    .get('/consent-records', validate('query', ledgerFilter), async (c) => {
      const filter = c.req.valid('query')
      const visible = viewableTypeIds(await typeAccessOf(db, c.var.operator))

      const rows = await page(filter, visible, filter.limit)
      const last = rows.at(-1)
      return c.json({
        records: rows.map(({ record, type }) => ({
          id: record.id,
          recordedAt: record.recordedAt.toISOString(),
          personId: record.personId,
          type,
          channel: record.channel,
          optIn: record.optIn,
          description: record.description,
          soft: record.soft,
          contactMomentId: record.contactMomentId,
        })),
        nextAfterId: rows.length === filter.limit && last ? last.record.id : null,
      })
    })
    .get('/consent-records.csv', validate('query', ledgerFilter), async (c) => {
      const filter = c.req.valid('query')
      const visible = viewableTypeIds(await typeAccessOf(db, c.var.operator))
      c.var.logger.info({ operatorId: c.var.operator.operatorId }, 'consent ledger exported')

      c.header('content-type', 'text/csv; charset=utf-8')
      c.header('content-disposition', 'attachment; filename="consent-records.csv"')
      return stream(c, async (out) => {
        try {
          await out.write(csvLine(csvColumns))
          let afterId = filter.afterId
          for (;;) {
            const rows = await page({ ...filter, afterId }, visible, csvPageSize)
            for (const { record, type } of rows) await out.write(csvLine(csvRow(record, type)))
            if (rows.length < csvPageSize) break
            afterId = rows.at(-1)!.record.id
          }
        } catch (error) {
          // The status is sent already; cutting the file short tells the client it failed.
          c.var.logger.error({ error: errorForLog(error) }, 'ledger export failed')
          out.abort()
        }
      })
    })
}

function conditionsOf(filter: LedgerFilter, visibleTypeIds: number[]): SQL | undefined {
  return and(
    // An operator who may view no type sees an empty ledger.
    visibleTypeIds.length > 0 ? inArray(consentRecords.optInTypeId, visibleTypeIds) : sql`false`,
    filter.type !== undefined ? eq(optInTypes.key, filter.type) : undefined,
    filter.channel !== undefined ? eq(consentRecords.channel, filter.channel) : undefined,
    recordedOnDays(filter),
    filter.optIn !== undefined ? eq(consentRecords.optIn, filter.optIn) : undefined,
    filter.soft !== undefined ? eq(consentRecords.soft, filter.soft) : undefined,
    filter.afterId !== undefined ? lt(consentRecords.id, filter.afterId) : undefined,
  )
}

function csvRow(record: typeof consentRecords.$inferSelect, type: string): string[] {
  return [
    String(record.id),
    record.recordedAt.toISOString(),
    String(record.personId),
    type,
    record.channel,
    String(record.optIn),
    String(record.soft),
    record.description,
    record.contactMomentId === null ? '' : String(record.contactMomentId),
  ]
}
