ALTER TABLE "deals" ADD COLUMN "furthest_stage_id" uuid;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_furthest_stage_id_pipeline_stages_id_fk" FOREIGN KEY ("furthest_stage_id") REFERENCES "public"."pipeline_stages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_closed_idx" ON "deals" USING btree ("closed_at") WHERE "deals"."status" <> 'open' and "deals"."deleted_at" is null;--> statement-breakpoint
-- Backfill: the furthest open or won stage each deal reached, from its stage history and current stage.
UPDATE "deals" AS d SET "furthest_stage_id" = f.stage_id
FROM (
  SELECT DISTINCT ON (x.deal_id) x.deal_id, x.stage_id
  FROM (
    SELECT "deal_id", "to_stage_id" AS stage_id FROM "deal_stage_history"
    UNION ALL
    SELECT "id", "stage_id" FROM "deals"
  ) AS x
  JOIN "pipeline_stages" AS s ON s."id" = x.stage_id AND NOT s."is_lost"
  ORDER BY x.deal_id, s."position" DESC
) AS f
WHERE f.deal_id = d."id";--> statement-breakpoint
-- Kept on every insert and stage change, whatever code moves the deal (board, deal page, an
-- accepted quote, a stage removal, the seed): a stage further on than the furthest one reached
-- becomes the furthest; a lost stage is never progress.
CREATE FUNCTION "deals_furthest_stage"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reached integer;
  furthest integer;
BEGIN
  SELECT CASE WHEN "is_lost" THEN NULL ELSE "position" END INTO reached FROM "pipeline_stages" WHERE "id" = NEW."stage_id";
  IF reached IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW."furthest_stage_id" IS NOT NULL THEN
    SELECT "position" INTO furthest FROM "pipeline_stages" WHERE "id" = NEW."furthest_stage_id";
  END IF;
  IF furthest IS NULL OR reached > furthest THEN
    NEW."furthest_stage_id" := NEW."stage_id";
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "deals_furthest_stage" BEFORE INSERT OR UPDATE OF "stage_id" ON "deals"
FOR EACH ROW EXECUTE FUNCTION "deals_furthest_stage"();
