-- Anonymisation may only replace a consent record's description with the fixed marker
-- '[anonymised]'; any other new text would rewrite the proof instead of removing data.
CREATE OR REPLACE FUNCTION refuse_consent_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND current_setting('smp.ledger_anonymisation', true) = 'on'
     AND NEW.description = '[anonymised]'
     AND (to_jsonb(NEW) - 'description') = (to_jsonb(OLD) - 'description') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent records are append-only: % refused', TG_OP
    USING ERRCODE = 'raise_exception', HINT = 'record a new opt-in or opt-out instead';
END;
$$;
