CREATE TABLE "consent_chain_heads" (
	"person_id" bigint PRIMARY KEY NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent_chain_heads" ADD CONSTRAINT "consent_chain_heads_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Each person's current head: the record that no other record of theirs follows.
INSERT INTO consent_chain_heads (person_id, hash)
SELECT r.person_id, r.hash FROM consent_records r
WHERE NOT EXISTS (
  SELECT 1 FROM consent_records n WHERE n.person_id = r.person_id AND n.previous_hash = r.hash
)
ON CONFLICT (person_id) DO NOTHING;
--> statement-breakpoint
-- The head, not the highest id, is the predecessor: with several writers ids are handed out
-- before records are chained, and the advisory lock orders them by commit.
CREATE OR REPLACE FUNCTION chain_consent_record() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  previous bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(7301004, hashtext(NEW.person_id::text));
  SELECT hash INTO previous FROM consent_chain_heads WHERE person_id = NEW.person_id;
  NEW.description_hash := sha256(convert_to(NEW.description, 'UTF8'));
  NEW.previous_hash := previous;
  NEW.hash := consent_record_hash(NEW, previous);
  INSERT INTO consent_chain_heads (person_id, hash) VALUES (NEW.person_id, NEW.hash)
    ON CONFLICT (person_id) DO UPDATE SET hash = excluded.hash;
  RETURN NEW;
END;
$$;
