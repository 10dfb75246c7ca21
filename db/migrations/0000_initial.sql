CREATE TABLE "consent_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consent_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"recorded_at" timestamp (6) with time zone NOT NULL,
	"person_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"opt_in" boolean NOT NULL,
	"opt_in_type_id" bigint NOT NULL,
	"description" text NOT NULL,
	"soft" boolean NOT NULL,
	"contact_moment_id" bigint,
	"recorded_by_api_key_id" bigint,
	CONSTRAINT "consent_records_channel_check" CHECK ("consent_records"."channel" in ('preference_centre', 'web_form', 'own_website', 'mailing_link', 'one_click_unsubscribe', 'manual', 'telephone', 'letter', 'automatic', 'bounce', 'complaint'))
);
--> statement-breakpoint
CREATE TABLE "consent_states" (
	"person_id" bigint NOT NULL,
	"opt_in_type_id" bigint NOT NULL,
	"opt_in" boolean NOT NULL,
	"soft" boolean NOT NULL,
	"deciding_record_id" bigint NOT NULL,
	"decided_at" timestamp (6) with time zone NOT NULL,
	CONSTRAINT "consent_states_person_id_opt_in_type_id_pk" PRIMARY KEY("person_id","opt_in_type_id")
);
--> statement-breakpoint
CREATE TABLE "contact_moments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contact_moments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"mailing_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_moments_mailing_person_unique" UNIQUE("mailing_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "mailings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mailings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"opt_in_type_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"operator_id" bigint NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "operators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_email_unique" UNIQUE("email"),
	CONSTRAINT "operators_role_check" CHECK ("operators"."role" in ('viewer', 'editor', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "opt_in_types" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opt_in_types_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"labels" jsonb NOT NULL,
	"descriptions" jsonb DEFAULT '{"nl":""}'::jsonb NOT NULL,
	"channel" text DEFAULT 'email' NOT NULL,
	"kind" text NOT NULL,
	"parent_id" bigint,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opt_in_types_key_unique" UNIQUE("key"),
	CONSTRAINT "opt_in_types_kind_check" CHECK ("opt_in_types"."kind" in ('hard', 'soft')),
	CONSTRAINT "opt_in_types_channel_check" CHECK ("opt_in_types"."channel" in ('email', 'post', 'phone', 'sms')),
	CONSTRAINT "opt_in_types_key_check" CHECK ("opt_in_types"."key" ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
	CONSTRAINT "opt_in_types_not_own_parent" CHECK ("opt_in_types"."parent_id" is distinct from "opt_in_types"."id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"first_name" text,
	"infix" text,
	"last_name" text,
	"street" text,
	"house_number" text,
	"postal_code" text,
	"city" text,
	"country" text,
	"email" text,
	"email_validity" text DEFAULT 'valid' NOT NULL,
	"phone" text,
	"mobile_phone" text,
	"iban" text,
	"bsn" text,
	"birth_date" date,
	"language" text DEFAULT 'nl' NOT NULL,
	"deceased" boolean DEFAULT false NOT NULL,
	"bouncer" boolean DEFAULT false NOT NULL,
	"consecutive_bounces" integer DEFAULT 0 NOT NULL,
	"anonymised" boolean DEFAULT false NOT NULL,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"relationship_ended_on" date,
	CONSTRAINT "persons_email_validity_check" CHECK ("persons"."email_validity" in ('valid', 'invalid', 'unknown')),
	CONSTRAINT "persons_language_check" CHECK ("persons"."language" in ('nl', 'en'))
);
--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_opt_in_type_id_opt_in_types_id_fk" FOREIGN KEY ("opt_in_type_id") REFERENCES "public"."opt_in_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_contact_moment_id_contact_moments_id_fk" FOREIGN KEY ("contact_moment_id") REFERENCES "public"."contact_moments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_recorded_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("recorded_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_states" ADD CONSTRAINT "consent_states_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_states" ADD CONSTRAINT "consent_states_opt_in_type_id_opt_in_types_id_fk" FOREIGN KEY ("opt_in_type_id") REFERENCES "public"."opt_in_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_states" ADD CONSTRAINT "consent_states_deciding_record_id_consent_records_id_fk" FOREIGN KEY ("deciding_record_id") REFERENCES "public"."consent_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_moments" ADD CONSTRAINT "contact_moments_mailing_id_mailings_id_fk" FOREIGN KEY ("mailing_id") REFERENCES "public"."mailings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_moments" ADD CONSTRAINT "contact_moments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailings" ADD CONSTRAINT "mailings_opt_in_type_id_opt_in_types_id_fk" FOREIGN KEY ("opt_in_type_id") REFERENCES "public"."opt_in_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD CONSTRAINT "opt_in_types_parent_id_opt_in_types_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."opt_in_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_records_person_type_idx" ON "consent_records" USING btree ("person_id","opt_in_type_id");--> statement-breakpoint
CREATE INDEX "consent_records_recorded_at_idx" ON "consent_records" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "consent_states_type_opt_in_idx" ON "consent_states" USING btree ("opt_in_type_id","opt_in");--> statement-breakpoint
CREATE INDEX "contact_moments_person_idx" ON "contact_moments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "persons_email_idx" ON "persons" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "persons_created_at_idx" ON "persons" USING btree ("created_at");