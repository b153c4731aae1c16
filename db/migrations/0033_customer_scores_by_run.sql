-- customer_scores becomes a table partitioned by run: each analytics run writes its rows into a
-- table of its own (customer_scores_<run id without dashes>, lib/analytics/partitions.ts), indexed
-- once loaded and attached in the transaction that publishes the run; a pruned run's table is
-- dropped. Loading a fresh table and building its indexes costs about half of inserting into
-- the indexes of every kept run, and a pruned run leaves no dead rows behind for vacuum.
ALTER TABLE "customer_scores" RENAME TO "customer_scores_unpartitioned";--> statement-breakpoint
ALTER TABLE "customer_scores_unpartitioned" RENAME CONSTRAINT "customer_scores_run_id_customer_id_pk" TO "customer_scores_unpartitioned_pk";--> statement-breakpoint
ALTER INDEX "customer_scores_clv_idx" RENAME TO "customer_scores_unpartitioned_clv_idx";--> statement-breakpoint
CREATE TABLE "customer_scores" (LIKE "customer_scores_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("run_id");--> statement-breakpoint
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_run_id_customer_id_pk" PRIMARY KEY ("run_id", "customer_id");--> statement-breakpoint
CREATE INDEX "customer_scores_clv_idx" ON "customer_scores" USING btree ("run_id", "predicted_clv" desc nulls last, "customer_id" desc);--> statement-breakpoint
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT DISTINCT "run_id" FROM "customer_scores_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "customer_scores" FOR VALUES IN (%L)',
      'customer_scores_' || replace(r.run_id::text, '-', ''), r.run_id);
    EXECUTE format('INSERT INTO "customer_scores" SELECT * FROM "customer_scores_unpartitioned" WHERE "run_id" = %L', r.run_id);
  END LOOP;
END $$;--> statement-breakpoint
DROP TABLE "customer_scores_unpartitioned";
