/** A real logger whose lines are kept in memory, to check what the server writes. */
import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../server/logger.ts'

export interface CapturedLogs {
  logger: Logger
  /** Everything written so far, one JSON line per event. */
  text(): string
}

export function captureLogs(): CapturedLogs {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })

  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') }
}
