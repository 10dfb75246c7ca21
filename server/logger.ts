/** The server's one structured logger: a JSON object per event, never personal data. */
import { pino, type DestinationStream, type Logger } from 'pino'

export type { Logger }

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'smp' },
      // Personal data and secrets must never reach a log, even by accident in an error.
      redact: {
        paths: ['token', 'email', '*.token', '*.email', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    options.destination,
  )
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
