CREATE INDEX "bounce_events_recipient_idx" ON "bounce_events" USING btree (lower("recipient"));--> statement-breakpoint
CREATE INDEX "consent_states_opted_in_idx" ON "consent_states" USING btree ("opt_in_type_id","person_id") WHERE "consent_states"."opt_in";--> statement-breakpoint
CREATE INDEX "outbox_mails_person_idx" ON "outbox_mails" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "outbox_mails_recipient_idx" ON "outbox_mails" USING btree (lower("recipient"));--> statement-breakpoint
CREATE INDEX "sign_up_requests_person_idx" ON "sign_up_requests" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sign_up_requests_email_idx" ON "sign_up_requests" USING btree (lower("email"));