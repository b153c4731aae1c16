CREATE TABLE "campaign_results" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"cost" numeric(14, 2) NOT NULL,
	"revenue" numeric(14, 2) NOT NULL,
	"holdout_revenue" numeric(14, 2) NOT NULL,
	"converted_count" integer NOT NULL,
	"holdout_converted_count" integer NOT NULL,
	"sent_members" integer NOT NULL,
	"holdout_members" integer NOT NULL,
	"sent_mean" double precision,
	"sent_variance" double precision,
	"holdout_mean" double precision,
	"holdout_variance" double precision,
	"roi" double precision,
	"incremental_per_member" double precision,
	"ci_low" double precision,
	"ci_high" double precision,
	"relative_lift" double precision,
	"caveats" text[] DEFAULT '{}'::text[] NOT NULL,
	"window_closes_at" timestamp with time zone,
	"clicked_count_seen" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_sizes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"segment_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"member_count" integer NOT NULL,
	"source" varchar(16) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_results" ADD CONSTRAINT "campaign_results_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_sizes" ADD CONSTRAINT "segment_sizes_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_sizes_segment_at_idx" ON "segment_sizes" USING btree ("segment_id","at");--> statement-breakpoint
CREATE INDEX "segment_sizes_at_idx" ON "segment_sizes" USING btree ("at");