/**
 * Verifies the consent ledger's hash chain: every record's hash matches its fields, its
 * description and its predecessor, every predecessor exists, each person's records form one
 * unbroken line, and that line ends at the head the trigger kept (so removing the newest
 * records shows too). Names the first record (by id) where that fails.
 */
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from './client.ts'

export type LedgerVerdict =
  | { intact: true; records: number }
  | { intact: false; records: number; firstBrokenRecordId: number; reason: string }

export async function verifyLedger(db: Database): Promise<LedgerVerdict> {
  const [total] = rowsOf<{ records: number | string }>(
    await db.execute(sql`select count(*) as records from consent_records`),
  )
  const records = Number(total?.records ?? 0)

  const [broken] = rowsOf<{ id: number | string; reason: string }>(
    await db.execute(sql`
      with checked as (
        select r.id,
          r.hash is not distinct from consent_record_hash(r, r.previous_hash) as hash_ok,
          r.description = '[anonymised]'
            or r.description_hash = sha256(convert_to(r.description, 'UTF8')) as description_ok,
          r.previous_hash is null or exists (
            select 1 from consent_records p
            where p.person_id = r.person_id and p.hash = r.previous_hash and p.id <> r.id
          ) as link_ok,
          count(*) filter (where r.previous_hash is null) over (partition by r.person_id) as roots,
          count(*) over (partition by r.person_id, r.previous_hash) as successors,
          exists (
            select 1 from consent_chain_heads h
            where h.person_id = r.person_id
              and (h.hash = r.hash or exists (
                select 1 from consent_records s where s.person_id = r.person_id and s.previous_hash = r.hash))
          ) as reaches_head
        from consent_records r
      )
      select id,
        case
          when not hash_ok then 'its hash does not match its contents'
          when not description_ok then 'its description was changed'
          when not link_ok then 'the record before it is missing or was changed'
          when roots <> 1 then 'the person''s chain has no single start'
          when successors <> 1 then 'two records follow the same predecessor'
          else 'the newest records after it were removed'
        end as reason
      from checked
      where not (
        hash_ok and description_ok and link_ok and roots = 1 and successors = 1 and reaches_head
      )
      order by id
      limit 1`),
  )

  if (!broken) return { intact: true, records }
  return { intact: false, records, firstBrokenRecordId: Number(broken.id), reason: broken.reason }
}
