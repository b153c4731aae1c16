ALTER TABLE "pipeline_stages" ADD COLUMN "names" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Databases seeded before stages had translations: the demo stages get their 简体中文 names (db/seed/reference.ts).
UPDATE "pipeline_stages" s SET "names" = jsonb_build_object('zh-CN', v.zh)
FROM (VALUES ('Prospecting', '初步接洽'), ('Qualification', '需求确认'), ('Proposal', '方案报价'),
             ('Negotiation', '商务谈判'), ('Commit', '承诺成交'), ('Closed Won', '赢单'), ('Closed Lost', '输单')) AS v(en, zh)
WHERE s."name" = v.en AND s."names" = '{}'::jsonb;
