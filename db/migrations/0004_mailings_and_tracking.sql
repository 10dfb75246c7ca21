CREATE TABLE "mailing_counters" (
	"mailing_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"machine" boolean NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "mailing_counters_mailing_id_kind_machine_pk" PRIMARY KEY("mailing_id","kind","machine"),
	CONSTRAINT "mailing_counters_kind_check" CHECK ("mailing_counters"."kind" in ('open', 'click'))
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tracking_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"mailing_id" bigint NOT NULL,
	"contact_moment_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"machine" boolean NOT NULL,
	"machine_reason" text,
	"ip_address" text,
	"user_agent" text,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mailings" ADD COLUMN "links" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD COLUMN "profiling" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mailing_counters" ADD CONSTRAINT "mailing_counters_mailing_id_mailings_id_fk" FOREIGN KEY ("mailing_id") REFERENCES "public"."mailings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_mailing_id_mailings_id_fk" FOREIGN KEY ("mailing_id") REFERENCES "public"."mailings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_contact_moment_id_contact_moments_id_fk" FOREIGN KEY ("contact_moment_id") REFERENCES "public"."contact_moments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tracking_events_contact_moment_idx" ON "tracking_events" USING btree ("contact_moment_id");--> statement-breakpoint
CREATE INDEX "tracking_events_person_idx" ON "tracking_events" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "tracking_events_occurred_at_idx" ON "tracking_events" USING btree ("occurred_at");