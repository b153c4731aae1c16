DROP INDEX "customers_created_idx";--> statement-breakpoint
DROP INDEX "customers_updated_idx";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_first_name_sort_idx" ON "contacts" USING btree (lower("first_name"),"id") WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("created_at","id") WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_email_sort_idx" ON "contacts" USING btree ("email","id") WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_email_sort_idx" ON "customers" USING btree ("email","id");--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("updated_at","id");