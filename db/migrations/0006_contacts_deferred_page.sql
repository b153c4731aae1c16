DROP INDEX "contacts_first_name_sort_idx";--> statement-breakpoint
CREATE INDEX "customers_deleted_idx" ON "customers" USING btree ("id") WHERE "customers"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "contacts_first_name_sort_idx" ON "contacts" USING btree (lower("first_name"),"id","customer_id") WHERE "contacts"."deleted_at" is null;