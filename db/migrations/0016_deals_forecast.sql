CREATE TYPE "public"."forecast_category" AS ENUM('pipeline', 'best_case', 'commit', 'omitted');--> statement-breakpoint
CREATE TABLE "sales_quotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"month" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "sales_quotas_month_ck" CHECK (extract(day from "sales_quotas"."month") = 1),
	CONSTRAINT "sales_quotas_amount_ck" CHECK ("sales_quotas"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "forecast_category" "forecast_category" DEFAULT 'pipeline' NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_quotas" ADD CONSTRAINT "sales_quotas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sales_quotas_user_month_uq" ON "sales_quotas" USING btree ("user_id","month");--> statement-breakpoint
CREATE INDEX "sales_quotas_month_idx" ON "sales_quotas" USING btree ("month");--> statement-breakpoint
CREATE INDEX "deals_list_name_idx" ON "deals" USING btree ("name","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_list_amount_idx" ON "deals" USING btree ("amount","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_list_close_idx" ON "deals" USING btree ("expected_close_date","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_list_entered_idx" ON "deals" USING btree ("stage_entered_at","id") WHERE "deals"."deleted_at" is null;