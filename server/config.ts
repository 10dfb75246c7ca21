/** Reads the server's settings from the environment, with clear errors for bad values. */
import { resolve } from 'node:path'
import * as v from 'valibot'
import type { WebhookSettings } from './bounces/webhookAdapters.ts'
import type { RetentionPolicy } from './jobs/retentionPolicy.ts'

const flag = v.pipe(
  v.picklist(['1', '0', 'true', 'false', 'yes', 'no'], 'Use 1/0, true/false or yes/no.'),
  v.transform((value) => ['1', 'true', 'yes'].includes(value)),
)

const days = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,5}$/, 'Use a number of days.'),
  v.transform(Number),
)

const environment = v.object({
  PORT: v.optional(
    v.pipe(v.string(), v.regex(/^[0-9]{1,5}$/, 'Use a port number.'), v.transform(Number)),
    '3000',
  ),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty()), '127.0.0.1'),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.startsWith('postgres', 'Use a postgres:// URL.'))),
  SMP_DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), './data'),
  SMP_SECRET: v.optional(v.string()),
  SMP_SECRET_PREVIOUS: v.optional(v.string(), ''),
  SMP_PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('Use an absolute URL.'))),
  SMP_DEMO: v.optional(flag),
  SMP_ALLOWED_ORIGINS: v.optional(v.string(), ''),
  SMTP_URL: v.optional(
    v.pipe(v.string(), v.regex(/^smtps?:\/\//, 'Use an smtp:// or smtps:// URL.')),
  ),
  SMTP_FROM: v.optional(v.pipe(v.string(), v.nonEmpty()), 'Voorkeurencentrum <no-reply@localhost>'),
  SMP_LINK_LIFETIME_DAYS: v.optional(
    v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,4}$/, 'Use a number of days.'), v.transform(Number)),
    '365',
  ),
  SMP_RETENTION_SCHEDULE: v.optional(v.string(), '17 3 * * *'),
  SMP_AUTO_CONSENT_SCHEDULE: v.optional(v.string(), '*/15 * * * *'),
  SMP_RETENTION_PERSONS_DAYS: v.optional(days, '1826'),
  SMP_RETENTION_TRACKING_DAYS: v.optional(days, '730'),
  SMP_RETENTION_BOUNCES_DAYS: v.optional(days, '730'),
  SMP_RETENTION_OUTBOX_DAYS: v.optional(days, '365'),
  SMP_RETENTION_SIGN_UPS_DAYS: v.optional(days, '90'),
  SMP_RETENTION_AUDIT_DAYS: v.optional(days, '1826'),
  SMP_SES_TOPIC_ARNS: v.optional(v.string()),
  SMP_SENDGRID_PUBLIC_KEY: v.optional(v.string()),
  SMP_MAILGUN_SIGNING_KEY: v.optional(v.string()),
  SMP_POSTMARK_WEBHOOK_USER: v.optional(v.string()),
  SMP_POSTMARK_WEBHOOK_PASSWORD: v.optional(v.string()),
  SMP_RATE_LIMIT_SCALE: v.optional(
    v.pipe(v.string(), v.decimal('Use a number such as 1 or 0.5.'), v.transform(Number)),
    '1',
  ),
  LOG_LEVEL: v.optional(
    v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'info',
  ),
})

export interface ServerConfig {
  port: number
  host: string
  databaseUrl: string | undefined
  /** The PGlite folder; only used without DATABASE_URL. */
  dataDir: string
  secret: string | undefined
  /** Secrets of before a rotation, which still verify tokens until they are removed. */
  previousSecrets: string[]
  publicUrl: string
  demo: boolean
  /** Origins allowed to call the public API from a browser. */
  allowedOrigins: string[]
  /** Where mail goes; without it mails are only kept in the outbox table. */
  smtpUrl: string | undefined
  mailFrom: string
  /** How long the links in a mailing keep working. */
  linkLifetimeDays: number
  /** A cron pattern (UTC), or null when the job is off ("off"). */
  retentionSchedule: string | null
  retentionPolicy: RetentionPolicy
  /** A cron pattern (UTC) for automatic soft opt-ins and opt-outs, or null ("off"). */
  autoConsentSchedule: string | null
  webhooks: WebhookSettings
  /** Multiplies every public rate limit (see server/http/rateLimits.ts). */
  rateLimitScale: number
  logLevel: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = v.safeParse(environment, withoutEmptyValues(env))
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  }

  const settings = parsed.output
  return {
    port: settings.PORT,
    host: settings.HOST,
    databaseUrl: settings.DATABASE_URL,
    dataDir: resolve(settings.SMP_DATA_DIR),
    secret: settings.SMP_SECRET,
    previousSecrets: settings.SMP_SECRET_PREVIOUS.split(',')
      .map((secret) => secret.trim())
      .filter(Boolean),
    publicUrl: (settings.SMP_PUBLIC_URL ?? `http://localhost:${settings.PORT}`).replace(/\/+$/, ''),
    demo: settings.SMP_DEMO ?? settings.DATABASE_URL === undefined,
    allowedOrigins: settings.SMP_ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    smtpUrl: settings.SMTP_URL,
    mailFrom: settings.SMTP_FROM,
    linkLifetimeDays: settings.SMP_LINK_LIFETIME_DAYS,
    retentionSchedule:
      settings.SMP_RETENTION_SCHEDULE === 'off' ? null : settings.SMP_RETENTION_SCHEDULE,
    autoConsentSchedule:
      settings.SMP_AUTO_CONSENT_SCHEDULE === 'off' ? null : settings.SMP_AUTO_CONSENT_SCHEDULE,
    retentionPolicy: {
      personsDays: settings.SMP_RETENTION_PERSONS_DAYS,
      trackingEventsDays: settings.SMP_RETENTION_TRACKING_DAYS,
      bounceEventsDays: settings.SMP_RETENTION_BOUNCES_DAYS,
      outboxDays: settings.SMP_RETENTION_OUTBOX_DAYS,
      signUpRequestsDays: settings.SMP_RETENTION_SIGN_UPS_DAYS,
      auditLogDays: settings.SMP_RETENTION_AUDIT_DAYS,
    },
    webhooks: {
      // "any" accepts every topic; otherwise a comma-separated list of topic ARNs.
      sesTopicArns:
        settings.SMP_SES_TOPIC_ARNS === undefined
          ? null
          : settings.SMP_SES_TOPIC_ARNS === 'any'
            ? []
            : settings.SMP_SES_TOPIC_ARNS.split(',').map((arn) => arn.trim()),
      sendgridPublicKey: settings.SMP_SENDGRID_PUBLIC_KEY,
      mailgunSigningKey: settings.SMP_MAILGUN_SIGNING_KEY,
      postmark:
        settings.SMP_POSTMARK_WEBHOOK_USER && settings.SMP_POSTMARK_WEBHOOK_PASSWORD
          ? {
              user: settings.SMP_POSTMARK_WEBHOOK_USER,
              password: settings.SMP_POSTMARK_WEBHOOK_PASSWORD,
            }
          : undefined,
    },
    rateLimitScale: settings.SMP_RATE_LIMIT_SCALE,
    logLevel: settings.LOG_LEVEL,
  }
}

/** An empty variable (`FOO=`) means "not set", as shells and .env files usually intend. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  )
}
