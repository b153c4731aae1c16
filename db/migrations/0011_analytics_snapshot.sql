CREATE TABLE "analytics_basket_rules" (
	"run_id" uuid NOT NULL,
	"antecedent_id" uuid NOT NULL,
	"consequent_id" uuid NOT NULL,
	"support" double precision NOT NULL,
	"confidence" double precision NOT NULL,
	"lift" double precision NOT NULL,
	"orders" integer NOT NULL,
	CONSTRAINT "analytics_basket_rules_run_id_antecedent_id_consequent_id_pk" PRIMARY KEY("run_id","antecedent_id","consequent_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_clusters" (
	"run_id" uuid NOT NULL,
	"cluster" smallint NOT NULL,
	"size" integer NOT NULL,
	"centroid" jsonb NOT NULL,
	"label" text NOT NULL,
	"mean_recency_days" double precision NOT NULL,
	"mean_frequency" double precision NOT NULL,
	"mean_monetary" numeric(14, 2) NOT NULL,
	"mean_predicted_clv" numeric(14, 2),
	CONSTRAINT "analytics_clusters_run_id_cluster_pk" PRIMARY KEY("run_id","cluster")
);
--> statement-breakpoint
CREATE TABLE "analytics_current" (
	"kind" varchar(40) PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"previous_run_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_scores" DROP CONSTRAINT "customer_scores_run_id_analytics_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "customer_scores" DROP CONSTRAINT "customer_scores_customer_id_customers_id_fk";
--> statement-breakpoint
DROP INDEX "customer_scores_segment_idx";--> statement-breakpoint
DROP INDEX "customer_scores_cluster_idx";--> statement-breakpoint
DROP INDEX "customer_scores_customer_idx";--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD COLUMN "step" varchar(40);--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD COLUMN "trigger" varchar(20) DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD COLUMN "timings" jsonb;--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD COLUMN "order_count" integer;--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD COLUMN "customer_count" integer;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "first_order_on" date;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "last_order_on" date;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "purchase_days" integer;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "textbook_clv" numeric(14, 2);--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "clv_band" smallint;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "expected_value" numeric(14, 2);--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "expected_purchases_30" double precision;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "expected_purchases_90" double precision;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "expected_purchases_365" double precision;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "churn_reasons" jsonb;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "active_months" smallint[];--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "clv_horizon_months" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "clv_acquisition_cost" numeric(14, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "analytics_time_unit" varchar(4) DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "rfm_window_months" integer;--> statement-breakpoint
ALTER TABLE "analytics_basket_rules" ADD CONSTRAINT "analytics_basket_rules_run_id_analytics_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analytics_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_basket_rules" ADD CONSTRAINT "analytics_basket_rules_antecedent_id_products_id_fk" FOREIGN KEY ("antecedent_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_basket_rules" ADD CONSTRAINT "analytics_basket_rules_consequent_id_products_id_fk" FOREIGN KEY ("consequent_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_clusters" ADD CONSTRAINT "analytics_clusters_run_id_analytics_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analytics_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_current" ADD CONSTRAINT "analytics_current_run_id_analytics_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analytics_runs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_current" ADD CONSTRAINT "analytics_current_previous_run_id_analytics_runs_id_fk" FOREIGN KEY ("previous_run_id") REFERENCES "public"."analytics_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_basket_rules_lift_idx" ON "analytics_basket_rules" USING btree ("run_id","antecedent_id","lift" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD CONSTRAINT "analytics_runs_trigger_ck" CHECK ("analytics_runs"."trigger" in ('manual', 'schedule', 'start', 'cli', 'seed', 'import'));--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_clv_horizon_ck" CHECK ("settings"."clv_horizon_months" between 1 and 120);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_clv_acquisition_cost_ck" CHECK ("settings"."clv_acquisition_cost" >= 0);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_analytics_unit_ck" CHECK ("settings"."analytics_time_unit" in ('day', 'week'));--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_rfm_window_ck" CHECK ("settings"."rfm_window_months" is null or "settings"."rfm_window_months" between 1 and 600);