CREATE TYPE "public"."campaign_skip_reason" AS ENUM('no_consent', 'unsubscribed', 'bounced', 'duplicate', 'no_address');--> statement-breakpoint
ALTER TYPE "public"."campaign_status" ADD VALUE 'paused';--> statement-breakpoint
ALTER TYPE "public"."campaign_member_status" ADD VALUE 'sending';--> statement-breakpoint
ALTER TYPE "public"."campaign_member_status" ADD VALUE 'skipped';--> statement-breakpoint
ALTER TYPE "public"."campaign_member_status" ADD VALUE 'holdout';--> statement-breakpoint
DROP INDEX "campaign_members_token_uq";--> statement-breakpoint
DROP INDEX "campaign_members_status_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "consent_source" varchar(60);--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "bounced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "skip_reason" "campaign_skip_reason";--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "send_key" uuid;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "bot_open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD COLUMN "click_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "from_name" varchar(120);--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "from_address" varchar(254);--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "links" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_per_minute" integer DEFAULT 600 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "holdout_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "holdout_seed" varchar(64) DEFAULT gen_random_uuid()::text NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "attribution_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "window_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "audience_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "sent_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "failed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "skipped_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "holdout_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "opened_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "clicked_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "unsubscribed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "bounced_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "bot_open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "campaign_members_claim_idx" ON "campaign_members" USING btree ("campaign_id","status","next_attempt_at");--> statement-breakpoint
ALTER TABLE "campaign_members" DROP COLUMN "token";--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_holdout_ck" CHECK ("campaigns"."holdout_percent" between 0 and 50);--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_rate_ck" CHECK ("campaigns"."rate_per_minute" between 1 and 100000);--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_attribution_ck" CHECK ("campaigns"."attribution_days" between 1 and 365);