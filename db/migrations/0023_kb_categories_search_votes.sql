CREATE TABLE "kb_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(80) NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_votes" (
	"article_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"helpful" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_votes_article_id_user_id_pk" PRIMARY KEY("article_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "category_id" uuid;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "helpful_yes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "helpful_no" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, regexp_replace(title, '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])', ' \1 ', 'g')), 'A') || setweight(to_tsvector('english'::regconfig, regexp_replace(body, '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])', ' \1 ', 'g')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "kb_votes" ADD CONSTRAINT "kb_votes_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_votes" ADD CONSTRAINT "kb_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kb_categories_name_uq" ON "kb_categories" USING btree (lower("name"));--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_category_id_kb_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."kb_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kb_articles_search_idx" ON "kb_articles" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "kb_articles_status_category_idx" ON "kb_articles" USING btree ("status","category_id","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "kb_articles_tags_idx" ON "kb_articles" USING gin ("tags");--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_helpful_ck" CHECK ("kb_articles"."helpful_yes" >= 0 and "kb_articles"."helpful_no" >= 0);