CREATE TYPE "public"."order_import_status" AS ENUM('uploading', 'queued', 'running', 'cancelling', 'cancelled', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."order_kind" AS ENUM('sale', 'return');--> statement-breakpoint
CREATE TABLE "order_import_line_counts" (
	"import_id" uuid NOT NULL,
	"order_no" varchar(100) NOT NULL,
	"lines" integer NOT NULL,
	CONSTRAINT "order_import_line_counts_import_id_order_no_pk" PRIMARY KEY("import_id","order_no")
);
--> statement-breakpoint
CREATE TABLE "order_import_rejections" (
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"skipped" boolean DEFAULT false NOT NULL,
	"reasons" jsonb NOT NULL,
	"cells" text[] NOT NULL,
	CONSTRAINT "order_import_rejections_import_id_row_pk" PRIMARY KEY("import_id","row")
);
--> statement-breakpoint
CREATE TABLE "order_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid,
	"source" varchar(10) NOT NULL,
	"file_name" varchar(255) NOT NULL,
	"file_path" text NOT NULL,
	"file_size" bigint NOT NULL,
	"bytes_received" bigint DEFAULT 0 NOT NULL,
	"encoding" varchar(20) DEFAULT 'utf-8' NOT NULL,
	"delimiter" varchar(1) DEFAULT ',' NOT NULL,
	"headers" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"status" "order_import_status" NOT NULL,
	"byte_offset" bigint DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"carry" jsonb,
	"counts" jsonb NOT NULL,
	"rows_per_second" real,
	"bytes_per_second" real,
	"error" text,
	"lease_token" uuid,
	"lease_until" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_imports_bytes_ck" CHECK ("order_imports"."bytes_received" between 0 and "order_imports"."file_size" and "order_imports"."byte_offset" >= 0)
);
--> statement-breakpoint
ALTER TABLE "order_items" DROP CONSTRAINT "order_items_qty_ck";--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_total_ck";--> statement-breakpoint
DROP INDEX "order_items_order_idx";--> statement-breakpoint
DROP INDEX "orders_external_id_uq";--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "line_no" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "kind" "order_kind" DEFAULT 'sale' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_import_line_counts" ADD CONSTRAINT "order_import_line_counts_import_id_order_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."order_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_import_rejections" ADD CONSTRAINT "order_import_rejections_import_id_order_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."order_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_imports" ADD CONSTRAINT "order_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_imports_created_idx" ON "order_imports" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "order_imports_unfinished_idx" ON "order_imports" USING btree ("status") WHERE "order_imports"."status" in ('queued', 'running', 'cancelling');--> statement-breakpoint
CREATE UNIQUE INDEX "order_items_order_line_uq" ON "order_items" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_kind_external_id_uq" ON "orders" USING btree ("kind","external_id");--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_qty_ck" CHECK ("order_items"."quantity" <> 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_total_ck" CHECK (("orders"."kind" = 'sale' and "orders"."total" >= 0) or ("orders"."kind" = 'return' and "orders"."total" <= 0));