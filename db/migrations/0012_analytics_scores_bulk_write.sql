ALTER TABLE "customer_scores" DROP CONSTRAINT "customer_scores_run_id_analytics_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "customer_scores" DROP CONSTRAINT "customer_scores_customer_id_customers_id_fk";
--> statement-breakpoint
DROP INDEX "customer_scores_segment_idx";--> statement-breakpoint
DROP INDEX "customer_scores_cluster_idx";--> statement-breakpoint
DROP INDEX "customer_scores_value_class_idx";--> statement-breakpoint
DROP INDEX "customer_scores_clv_idx";--> statement-breakpoint
DROP INDEX "customer_scores_churn_idx";--> statement-breakpoint
DROP INDEX "customer_scores_customer_idx";