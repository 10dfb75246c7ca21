-- The consent ledger is legal proof: rows are never changed or removed.
-- The single exception is anonymisation, which may blank the free-text description of a
-- record (it can hold an operator's note about the person) inside a transaction that first
-- ran: SELECT set_config('smp.ledger_anonymisation', 'on', true)
CREATE FUNCTION refuse_consent_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND current_setting('smp.ledger_anonymisation', true) = 'on'
     AND (to_jsonb(NEW) - 'description') = (to_jsonb(OLD) - 'description') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent records are append-only: % refused', TG_OP
    USING ERRCODE = 'raise_exception', HINT = 'record a new opt-in or opt-out instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consent_records_append_only
  BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION refuse_consent_record_change();
--> statement-breakpoint
CREATE TRIGGER consent_records_no_truncate
  BEFORE TRUNCATE ON consent_records
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_consent_record_change();
