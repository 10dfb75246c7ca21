/** Operator API for a person's rights of access and portability: PDF, JSON, CSV and the schema. */
import { type Context, Hono } from 'hono'
import type { Database } from '../../db/client.ts'
import { recordAudit } from '../audit/auditTrail.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { idParam, languageQuery } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { renderAccessReport } from './accessReport.ts'
import { personalDataToCsv } from './exportCsv.ts'
import { personalDataSchema } from './exportSchema.ts'
import { collectPersonalData } from './personalData.ts'

export interface PrivacyExportDependencies {
  db: Database
  clock: Clock
  /** SMP_RETENTION_PERSONS_DAYS: how long a person is kept after the relationship ended. */
  personRetentionDays: number
}

/** Personal data must not linger in caches; the file name holds the id, never the name. */
const privateDownload = (personId: number, extension: string) => ({
  'cache-control': 'no-store',
  'content-disposition': `attachment; filename="personal-data-${personId}.${extension}"`,
})

export function privacyExportRoutes(deps: PrivacyExportDependencies) {
  /** Collects the data and notes in the audit trail who took it out, and in what form. */
  const collect = async (c: Context<AppEnv>, personId: number, format: 'pdf' | 'json' | 'csv') => {
    const data = await collectPersonalData(deps.db, personId, {
      clock: deps.clock,
      personRetentionDays: deps.personRetentionDays,
      withDocumentContents: format === 'json',
    })
    await recordAudit(
      deps.db,
      [
        {
          action: 'personal-data-exported',
          personId,
          apiKeyId: c.var.operator.apiKeyId,
          details: { format },
        },
      ],
      deps.clock(),
    )
    return data
  }

  return new Hono<AppEnv>()
    .get('/personal-data.schema.json', (c) => {
      return c.json(personalDataSchema, 200, { 'content-type': 'application/schema+json' })
    })
    .get(
      '/:id/personal-data.pdf',
      validate('param', idParam),
      validate('query', languageQuery),
      async (c) => {
        const { id } = c.req.valid('param')
        const data = await collect(c, id, 'pdf')
        const pdf = await renderAccessReport(data, { language: c.req.valid('query').lang })
        c.var.logger.info({ personId: id }, 'access report made')

        return c.body(new Uint8Array(pdf), 200, {
          'content-type': 'application/pdf',
          ...privateDownload(id, 'pdf'),
        })
      },
    )
    .get('/:id/personal-data.json', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      const data = await collect(c, id, 'json')
      c.var.logger.info({ personId: id }, 'personal data exported as JSON')

      return c.json(data, 200, { 'cache-control': 'no-store' })
    })
    .get('/:id/personal-data.csv', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      const csv = personalDataToCsv(await collect(c, id, 'csv'))
      c.var.logger.info({ personId: id }, 'personal data exported as CSV')

      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        ...privateDownload(id, 'csv'),
      })
    })
}
