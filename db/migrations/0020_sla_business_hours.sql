CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(80) NOT NULL,
	"time_zone" varchar(64) NOT NULL,
	"periods" jsonb NOT NULL,
	"holidays" date[] DEFAULT '{}'::date[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "business_calendars_periods_ck" CHECK (jsonb_typeof("business_calendars"."periods") = 'array' and jsonb_array_length("business_calendars"."periods") = 7)
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_paused_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_response_paused_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_response_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolution_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "calendar_id" uuid;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "escalate_notify" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "escalate_reassign_to" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_name_uq" ON "business_calendars" USING btree (lower("name"));--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_escalate_reassign_to_users_id_fk" FOREIGN KEY ("escalate_reassign_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_first_response_due_idx" ON "cases" USING btree ("first_response_due_at") WHERE "cases"."status" in ('new','open') and "cases"."first_responded_at" is null;