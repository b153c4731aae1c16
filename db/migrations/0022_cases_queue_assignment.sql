ALTER TABLE "contacts" ADD COLUMN "locale" varchar(10);--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "locale" varchar(10);--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_due_at" timestamp with time zone GENERATED ALWAYS AS (least(case when first_responded_at is null then first_response_due_at end, resolution_due_at)) STORED;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "case_assignment" varchar(20) DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "case_assignment_by_language" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "case_round_robin_last" uuid;--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("sla_due_at","id") WHERE "cases"."status" in ('new','open','pending');--> statement-breakpoint
CREATE INDEX "cases_assignee_open_due_idx" ON "cases" USING btree ("assignee_id","sla_due_at","id") WHERE "cases"."status" in ('new','open','pending');--> statement-breakpoint
CREATE INDEX "cases_due_idx" ON "cases" USING btree ("sla_due_at","id");--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_case_assignment_ck" CHECK ("settings"."case_assignment" in ('manual', 'round_robin', 'least_loaded'));