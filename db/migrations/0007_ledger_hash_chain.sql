ALTER TABLE "consent_records" ADD COLUMN "description_hash" "bytea";--> statement-breakpoint
ALTER TABLE "consent_records" ADD COLUMN "previous_hash" "bytea";--> statement-breakpoint
ALTER TABLE "consent_records" ADD COLUMN "hash" "bytea";--> statement-breakpoint
CREATE INDEX "consent_records_person_id_idx" ON "consent_records" USING btree ("person_id","id");--> statement-breakpoint
-- The fields a consent record's hash covers, in one place for the trigger and the verifier.
-- recorded_at in microseconds since the epoch, so the server's time zone does not matter.
CREATE FUNCTION consent_record_fingerprint(record consent_records) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
  SELECT convert_to(concat_ws('|',
    record.id,
    (extract(epoch FROM record.recorded_at) * 1000000)::bigint,
    record.person_id,
    record.channel,
    record.opt_in,
    record.opt_in_type_id,
    record.soft,
    coalesce(record.contact_moment_id::text, ''),
    coalesce(record.recorded_by_api_key_id::text, '')
  ), 'UTF8')
$$;
--> statement-breakpoint
CREATE FUNCTION consent_record_hash(record consent_records, previous bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(coalesce(previous, ''::bytea) || consent_record_fingerprint(record) || record.description_hash)
$$;
--> statement-breakpoint
-- Chains each new record to the person's latest one. The advisory lock keeps two records of
-- one person from both naming the same predecessor; other persons are not held up.
CREATE FUNCTION chain_consent_record() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  previous bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(7301004, hashtext(NEW.person_id::text));
  SELECT hash INTO previous FROM consent_records
    WHERE person_id = NEW.person_id ORDER BY id DESC LIMIT 1;
  NEW.description_hash := sha256(convert_to(NEW.description, 'UTF8'));
  NEW.previous_hash := previous;
  NEW.hash := consent_record_hash(NEW, previous);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consent_records_chain
  BEFORE INSERT ON consent_records
  FOR EACH ROW EXECUTE FUNCTION chain_consent_record();
--> statement-breakpoint
-- Records from before this migration are chained once, in id order per person.
ALTER TABLE consent_records DISABLE TRIGGER consent_records_append_only;
--> statement-breakpoint
DO $$
DECLARE
  record consent_records;
  previous bytea;
  last_person bigint := NULL;
BEGIN
  FOR record IN SELECT * FROM consent_records ORDER BY person_id, id LOOP
    IF last_person IS DISTINCT FROM record.person_id THEN
      previous := NULL;
      last_person := record.person_id;
    END IF;
    record.description_hash := sha256(convert_to(record.description, 'UTF8'));
    UPDATE consent_records SET
      description_hash = record.description_hash,
      previous_hash = previous,
      hash = consent_record_hash(record, previous)
    WHERE id = record.id;
    previous := consent_record_hash(record, previous);
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE consent_records ENABLE TRIGGER consent_records_append_only;
