CREATE TABLE "lead_capture_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ip" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_score_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(20) NOT NULL,
	"value" varchar(100) NOT NULL,
	"points" smallint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "lead_score_rules_points_ck" CHECK ("lead_score_rules"."points" between -100 and 100),
	CONSTRAINT "lead_score_rules_kind_ck" CHECK ("lead_score_rules"."kind" in ('source', 'industry', 'employees', 'activity', 'email_domain'))
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "industry" varchar(60);--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "employees" integer;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "title" varchar(100);--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "score_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "duplicates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "captured_via" varchar(20) DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "capture_ip" varchar(64);--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "capture_page" varchar(500);--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "lead_assignment" varchar(20) DEFAULT 'round_robin' NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "lead_round_robin_last" uuid;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "lead_thanks_url" varchar(500);--> statement-breakpoint
CREATE INDEX "lead_capture_attempts_ip_at_idx" ON "lead_capture_attempts" USING btree ("ip","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_score_rules_kind_value_uq" ON "lead_score_rules" USING btree ("kind",lower("value"));--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("created_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_score_idx" ON "leads" USING btree ("score","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_owner_created_idx" ON "leads" USING btree ("owner_id","created_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_owner_score_idx" ON "leads" USING btree ("owner_id","score","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_source_idx" ON "leads" USING btree ("source") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_search_trgm" ON "leads" USING gin (("first_name" || ' ' || coalesce("last_name", '') || ' ' || coalesce("company", '') || ' ' || coalesce("email", '')) gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_lead_assignment_ck" CHECK ("settings"."lead_assignment" in ('round_robin', 'least_loaded'));
--> statement-breakpoint
-- The starting score rules (admins edit them at /admin/lead-scoring): every database gets the same ones.
INSERT INTO "lead_score_rules" ("kind", "value", "points") VALUES
	('source', 'Referral', 25),
	('source', 'Partner', 20),
	('source', 'Web form', 15),
	('source', 'Trade show', 15),
	('source', 'Website', 10),
	('source', 'Cold call', 0),
	('industry', 'Software', 15),
	('industry', 'Manufacturing', 10),
	('industry', 'Financial Services', 10),
	('employees', '50', 10),
	('employees', '200', 20),
	('employees', '1000', 30),
	('activity', '7', 15),
	('activity', '30', 5),
	('email_domain', 'company', 15),
	('email_domain', 'free', -10);
