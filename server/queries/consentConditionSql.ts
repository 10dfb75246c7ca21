/**
 * SQL for consent conditions. Effective consent comes from `consent_states`, which holds
 * the SPEC §2 outcome per person and type; "any record" and "no record" look at the ledger
 * itself, so they hold even for a record that did not decide anything.
 */
import { type SQL, sql } from 'drizzle-orm'
import { consentRecords, consentStates, persons } from '../../db/schema/index.ts'
import type { ConsentOperator } from './definition.ts'

export function consentConditionSql(operator: ConsentOperator, optInTypeId: number): SQL {
  if (operator === 'optedIn') return effectiveConsent(optInTypeId, sql`${consentStates.optIn}`)
  if (operator === 'optedOut') return effectiveConsent(optInTypeId, sql`not ${consentStates.optIn}`)
  if (operator === 'anyRecord') return anyRecord(optInTypeId)
  return sql`not ${anyRecord(optInTypeId)}`
}

function effectiveConsent(optInTypeId: number, decision: SQL): SQL {
  return sql`exists (
    select 1 from ${consentStates}
    where ${consentStates.personId} = ${persons.id}
      and ${consentStates.optInTypeId} = ${optInTypeId}
      and ${decision}
  )`
}

/** Whether the person has any record, in or out, hard or soft, for the type. */
export function anyRecord(optInTypeId: number): SQL {
  return sql`exists (
    select 1 from ${consentRecords}
    where ${consentRecords.personId} = ${persons.id}
      and ${consentRecords.optInTypeId} = ${optInTypeId}
  )`
}
