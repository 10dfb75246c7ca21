/** Checks that consent_states equals the SPEC §2 rule folded over the whole ledger. */
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.ts'

/** Person-type pairs whose kept state differs from the ledger; none when all is well. */
export async function statesDisagreeingWithLedger(db: Database): Promise<number> {
  const [row] = rowsOf<{ disagreeing: number | string }>(
    await db.execute(sql`
      with deciding as (
        select distinct on (person_id, opt_in_type_id) person_id, opt_in_type_id, id, opt_in
        from consent_records
        order by person_id, opt_in_type_id, soft, recorded_at desc, id desc
      )
      select count(*) as disagreeing
      from deciding d
      full join consent_states s
        on s.person_id = d.person_id and s.opt_in_type_id = d.opt_in_type_id
      where s.deciding_record_id is distinct from d.id or s.opt_in is distinct from d.opt_in`),
  )
  return Number(row?.disagreeing ?? 0)
}
