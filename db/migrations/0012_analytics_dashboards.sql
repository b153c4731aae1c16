ALTER TABLE "activities" ADD COLUMN "origin" varchar(40);--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "revenue_12m" numeric(14, 2);--> statement-breakpoint
CREATE UNIQUE INDEX "activities_open_origin_uq" ON "activities" USING btree ("customer_id","origin") WHERE "activities"."origin" is not null and "activities"."type" = 'task' and "activities"."completed_at" is null and "activities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customer_scores_p_alive_idx" ON "customer_scores" USING btree ("run_id","p_alive");--> statement-breakpoint
CREATE INDEX "customer_scores_clv_band_idx" ON "customer_scores" USING btree ("run_id","clv_band");--> statement-breakpoint
CREATE INDEX "customer_scores_rf_idx" ON "customer_scores" USING btree ("run_id","r_score","f_score");--> statement-breakpoint
CREATE INDEX "customer_scores_first_order_idx" ON "customer_scores" USING btree ("run_id","first_order_on");