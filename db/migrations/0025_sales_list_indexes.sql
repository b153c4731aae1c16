DROP INDEX "quotes_created_idx";--> statement-breakpoint
CREATE INDEX "deals_open_stage_amount_idx" ON "deals" USING btree ("stage_id","amount") WHERE "deals"."status" = 'open' and "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_open_close_idx" ON "deals" USING btree ("expected_close_date","owner_id","stage_id","forecast_category","amount") WHERE "deals"."status" = 'open' and "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_deleted_idx" ON "deals" USING btree ("id") WHERE "deals"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "quotes_created_idx" ON "quotes" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);