/**
 * The bulk path for `consent_states`: derives every person's effective consent per type from
 * the whole ledger in one statement, for data loaded in bulk, where offering each record to
 * the state one by one (server/consent/effectiveConsent.ts) would take hours. It applies the
 * same SPEC §2 rule: per person and type, hard records before soft ones, then the newest by
 * recorded_at and id.
 */
import { sql } from 'drizzle-orm'

export const derivedConsentStates = sql`
  select distinct on (person_id, opt_in_type_id)
    person_id, opt_in_type_id, opt_in, soft, id as deciding_record_id, recorded_at as decided_at
  from consent_records
  order by person_id, opt_in_type_id, soft, recorded_at desc, id desc`

export const rebuildConsentStates = sql`
  insert into consent_states
    (person_id, opt_in_type_id, opt_in, soft, deciding_record_id, decided_at)
  ${derivedConsentStates}`
