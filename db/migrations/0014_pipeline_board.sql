ALTER TABLE "deals" ADD COLUMN "won_reason" varchar(200);--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "stage_entered_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "deals" SET "stage_entered_at" = coalesce((select max(h."changed_at") from "deal_stage_history" h where h."deal_id" = "deals"."id" and h."to_stage_id" = "deals"."stage_id"), "deals"."created_at");--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "rotting_days" smallint;--> statement-breakpoint
CREATE INDEX "deals_open_column_idx" ON "deals" USING btree ("stage_id","position","id") WHERE "deals"."status" = 'open' and "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_open_owner_column_idx" ON "deals" USING btree ("owner_id","stage_id","position","id") WHERE "deals"."status" = 'open' and "deals"."deleted_at" is null;