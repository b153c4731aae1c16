DROP TABLE "analytics_cohort_cells" CASCADE;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "active_months" smallint[];