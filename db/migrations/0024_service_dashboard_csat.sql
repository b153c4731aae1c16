ALTER TABLE "cases" ADD COLUMN "csat_token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_response_business_minutes" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolution_business_minutes" integer;--> statement-breakpoint
CREATE INDEX "cases_first_response_window_idx" ON "cases" USING btree ("first_responded_at","assignee_id","first_response_due_at","first_response_breached_at","first_response_business_minutes") WHERE "cases"."first_responded_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_resolution_window_idx" ON "cases" USING btree ("resolved_at","assignee_id","status","resolution_due_at","resolution_breached_at","resolution_business_minutes") WHERE "cases"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_csat_window_idx" ON "cases" USING btree ("csat_answered_at","assignee_id","csat_rating") WHERE "cases"."csat_answered_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_created_channel_idx" ON "cases" USING btree ("created_at","channel","assignee_id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_business_minutes_ck" CHECK (coalesce("cases"."first_response_business_minutes", 0) >= 0 and coalesce("cases"."resolution_business_minutes", 0) >= 0);--> statement-breakpoint
-- Ratings stored before the answer time existed: answered when the case was resolved (the best known time).
UPDATE "cases" SET "csat_answered_at" = coalesce("resolved_at", "updated_at") WHERE "csat_rating" IS NOT NULL AND "csat_answered_at" IS NULL;
