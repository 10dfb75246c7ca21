/** The per-request variables every route module can rely on. */
import type { Logger } from '../logger.ts'
import type { OperatorIdentity } from './operatorAuth.ts'

export interface AppEnv {
  Variables: {
    requestId: string
    logger: Logger
    operator: OperatorIdentity
  }
}
