DROP INDEX "customers_name_sort_idx";--> statement-breakpoint
CREATE INDEX "customers_name_sort_idx" ON "customers" USING btree (lower("name"),"id");