CREATE TABLE "operator_group_members" (
	"group_id" bigint NOT NULL,
	"operator_id" bigint NOT NULL,
	CONSTRAINT "operator_group_members_group_id_operator_id_pk" PRIMARY KEY("group_id","operator_id")
);
--> statement-breakpoint
CREATE TABLE "operator_groups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "operator_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"can_add_types" boolean DEFAULT false NOT NULL,
	CONSTRAINT "operator_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "operator_sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "operator_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"operator_id" bigint NOT NULL,
	"api_key_id" bigint NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "operator_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "opt_in_type_permissions" (
	"opt_in_type_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"can_view" boolean NOT NULL,
	"can_change" boolean NOT NULL,
	CONSTRAINT "opt_in_type_permissions_opt_in_type_id_group_id_pk" PRIMARY KEY("opt_in_type_id","group_id"),
	CONSTRAINT "opt_in_type_permissions_change_needs_view" CHECK ("opt_in_type_permissions"."can_view" or not "opt_in_type_permissions"."can_change")
);
--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "operator_group_members" ADD CONSTRAINT "operator_group_members_group_id_operator_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."operator_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_group_members" ADD CONSTRAINT "operator_group_members_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sessions" ADD CONSTRAINT "operator_sessions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sessions" ADD CONSTRAINT "operator_sessions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_in_type_permissions" ADD CONSTRAINT "opt_in_type_permissions_opt_in_type_id_opt_in_types_id_fk" FOREIGN KEY ("opt_in_type_id") REFERENCES "public"."opt_in_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_in_type_permissions" ADD CONSTRAINT "opt_in_type_permissions_group_id_operator_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."operator_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operator_sessions_expiry_idx" ON "operator_sessions" USING btree ("expires_at");