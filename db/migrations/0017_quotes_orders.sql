CREATE SEQUENCE "public"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."quote_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "title" varchar(200);--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "discount_pct" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "tax_rate" numeric(6, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_owner_time_idx" ON "orders" USING btree ("owner_id","ordered_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_status_time_idx" ON "orders" USING btree ("status","ordered_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "orders_quote_uq" ON "orders" USING btree ("quote_id") WHERE "orders"."quote_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_deal_idx" ON "orders" USING btree ("deal_id") WHERE "orders"."deal_id" is not null;--> statement-breakpoint
CREATE INDEX "products_active_name_idx" ON "products" USING btree ("active","name");--> statement-breakpoint
CREATE INDEX "products_name_trgm" ON "products" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "quotes_owner_created_idx" ON "quotes" USING btree ("owner_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "quotes_status_created_idx" ON "quotes" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "quotes_created_idx" ON "quotes" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_discount_ck" CHECK ("quotes"."discount" >= 0 and "quotes"."discount" <= "quotes"."subtotal");--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_discount_pct_ck" CHECK ("quotes"."discount_pct" between 0 and 100);--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_tax_rate_ck" CHECK ("quotes"."tax_rate" between 0 and 100);--> statement-breakpoint
-- Quotes written before the tax rate was stored: the rate their tax implies on the discounted subtotal.
UPDATE "quotes" SET "tax_rate" = LEAST(100, round("tax" * 100 / ("subtotal" - "discount"), 3)) WHERE "subtotal" - "discount" > 0 AND "tax" > 0;
