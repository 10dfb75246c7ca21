CREATE TABLE "saved_queries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_queries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_api_key_id" bigint,
	"updated_by_api_key_id" bigint,
	CONSTRAINT "saved_queries_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "saved_query_uses" (
	"query_id" bigint NOT NULL,
	"used_query_id" bigint NOT NULL,
	CONSTRAINT "saved_query_uses_query_id_used_query_id_pk" PRIMARY KEY("query_id","used_query_id")
);
--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD COLUMN "auto_opt_in_query_id" bigint;--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD COLUMN "auto_opt_out_query_id" bigint;--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD COLUMN "grant_on_sign_up" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_queries" ADD CONSTRAINT "saved_queries_created_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("created_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_queries" ADD CONSTRAINT "saved_queries_updated_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("updated_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_query_uses" ADD CONSTRAINT "saved_query_uses_query_id_saved_queries_id_fk" FOREIGN KEY ("query_id") REFERENCES "public"."saved_queries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_query_uses" ADD CONSTRAINT "saved_query_uses_used_query_id_saved_queries_id_fk" FOREIGN KEY ("used_query_id") REFERENCES "public"."saved_queries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_query_uses_used_idx" ON "saved_query_uses" USING btree ("used_query_id");--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD CONSTRAINT "opt_in_types_auto_opt_in_query_id_saved_queries_id_fk" FOREIGN KEY ("auto_opt_in_query_id") REFERENCES "public"."saved_queries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD CONSTRAINT "opt_in_types_auto_opt_out_query_id_saved_queries_id_fk" FOREIGN KEY ("auto_opt_out_query_id") REFERENCES "public"."saved_queries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_in_types" ADD CONSTRAINT "opt_in_types_automatic_only_soft" CHECK ("opt_in_types"."kind" = 'soft' or ("opt_in_types"."auto_opt_in_query_id" is null
        and "opt_in_types"."auto_opt_out_query_id" is null and not "opt_in_types"."grant_on_sign_up"));