/**
 * The SQL the floors run: written by hand, the same statements the product's code issues for
 * each workload (or, for bounces and audiences, the least a database needs to do the job).
 */

/** One consent record and the state update of SPEC §2, as recordConsent.ts does them. */
export const insertConsentRecord = `
  insert into consent_records
    (recorded_at, person_id, channel, opt_in, opt_in_type_id, description, soft,
     contact_moment_id)
  values (now(), $1, $2, $3, $4, $5, false, $6)
  returning id, person_id, opt_in_type_id, opt_in, soft, recorded_at`

export const offerToConsentState = `
  insert into consent_states
    (person_id, opt_in_type_id, opt_in, soft, deciding_record_id, decided_at)
  values ($1, $2, $3, $4, $5, $6)
  on conflict (person_id, opt_in_type_id) do update set
    opt_in = excluded.opt_in, soft = excluded.soft,
    deciding_record_id = excluded.deciding_record_id, decided_at = excluded.decided_at
  where (consent_states.soft and not excluded.soft)
    or (consent_states.soft = excluded.soft
      and (excluded.decided_at, excluded.deciding_record_id)
        > (consent_states.decided_at, consent_states.deciding_record_id))`

/** What the preference GET reads: the person check, the types with state, the site. */
export const personIsKnown = `select anonymised from persons where id = $1`

export const typesWithState = `
  select t.*, s.*
  from opt_in_types t
  left join consent_states s on s.opt_in_type_id = t.id and s.person_id = $1
  where t.active
  order by t.sort_order, t.id`

export const defaultSite = `select * from sites where active order by id limit 1`

/** A batch of delivery events as one multi-row INSERT, one array parameter per column. */
export const insertBounceEvents = `
  insert into bounce_events
    (provider, provider_event_id, kind, bounce_type, recipient, person_id, contact_moment_id,
     matched, diagnostic, payload, occurred_at, received_at)
  select 'generic', id, kind, bounce_type, recipient, person_id, contact_moment_id,
    person_id is not null, diagnostic, payload::jsonb, occurred_at, now()
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
    $7::text[], $8::text[], $9::timestamptz[])
    as e(id, kind, bounce_type, recipient, person_id, contact_moment_id, diagnostic, payload,
      occurred_at)
  on conflict (provider, provider_event_id) do nothing`

/** A mailing's audience (SPEC §8): an effective opt-in for the type, and mailable. */
export const audience = `
  select p.id, p.email, p.language
  from persons p
  where exists (
      select 1 from consent_states s
      where s.person_id = p.id and s.opt_in_type_id = $1 and s.opt_in)
    and not p.deceased and not p.bouncer
    and p.email is not null and p.email <> ''
    and p.email_validity = 'valid' and not p.anonymised
  order by p.id`
