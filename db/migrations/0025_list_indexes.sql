DROP INDEX "activities_customer_time_idx";--> statement-breakpoint
DROP INDEX "activities_owner_time_idx";--> statement-breakpoint
DROP INDEX "analytics_basket_rules_lift_idx";--> statement-breakpoint
DROP INDEX "analytics_runs_kind_started_idx";--> statement-breakpoint
DROP INDEX "customers_owner_idx";--> statement-breakpoint
DROP INDEX "kb_articles_status_category_idx";--> statement-breakpoint
DROP INDEX "order_imports_created_idx";--> statement-breakpoint
DROP INDEX "leads_owner_status_idx";--> statement-breakpoint
DROP INDEX "leads_status_idx";--> statement-breakpoint
DROP INDEX "orders_customer_time_idx";--> statement-breakpoint
DROP INDEX "orders_owner_time_idx";--> statement-breakpoint
DROP INDEX "orders_status_time_idx";--> statement-breakpoint
DROP INDEX "quotes_owner_created_idx";--> statement-breakpoint
DROP INDEX "quotes_status_created_idx";--> statement-breakpoint
DROP INDEX "quotes_created_idx";--> statement-breakpoint
DROP INDEX "cases_customer_idx";--> statement-breakpoint
DROP INDEX "audit_log_at_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_idx";--> statement-breakpoint
CREATE INDEX "deals_open_stage_amount_idx" ON "deals" USING btree ("stage_id","amount") WHERE "deals"."status" = 'open' and "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_open_close_idx" ON "deals" USING btree ("expected_close_date","owner_id","stage_id","forecast_category","amount") WHERE "deals"."status" = 'open' and "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_deleted_idx" ON "deals" USING btree ("id") WHERE "deals"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "activities_customer_time_idx" ON "activities" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_owner_time_idx" ON "activities" USING btree ("owner_id","occurred_at");--> statement-breakpoint
CREATE INDEX "analytics_basket_rules_lift_idx" ON "analytics_basket_rules" USING btree ("run_id","antecedent_id","lift");--> statement-breakpoint
CREATE INDEX "analytics_runs_kind_started_idx" ON "analytics_runs" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "customers_owner_idx" ON "customers" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "kb_articles_status_category_idx" ON "kb_articles" USING btree ("status","category_id","updated_at");--> statement-breakpoint
CREATE INDEX "order_imports_created_idx" ON "order_imports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "leads_owner_status_idx" ON "leads" USING btree ("owner_id","status","created_at");--> statement-breakpoint
CREATE INDEX "leads_status_idx" ON "leads" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "orders_customer_time_idx" ON "orders" USING btree ("customer_id","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_owner_time_idx" ON "orders" USING btree ("owner_id","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_status_time_idx" ON "orders" USING btree ("status","ordered_at");--> statement-breakpoint
CREATE INDEX "quotes_owner_created_idx" ON "quotes" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "quotes_status_created_idx" ON "quotes" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "quotes_created_idx" ON "quotes" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "cases_customer_idx" ON "cases" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","created_at");