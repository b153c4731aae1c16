CREATE TABLE "duplicate_candidates" (
	"customer_a" uuid NOT NULL,
	"customer_b" uuid NOT NULL,
	"strength" smallint NOT NULL,
	"reasons" text[] NOT NULL,
	"name_similarity" real NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duplicate_candidates_customer_a_customer_b_pk" PRIMARY KEY("customer_a","customer_b"),
	CONSTRAINT "duplicate_candidates_order_ck" CHECK ("duplicate_candidates"."customer_a" < "duplicate_candidates"."customer_b")
);
--> statement-breakpoint
CREATE TABLE "duplicate_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"customers" integer NOT NULL,
	"compared" integer NOT NULL,
	"found" integer NOT NULL,
	"kept" integer NOT NULL,
	"large_blocks" integer NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "duplicate_candidates_customer_a_customers_id_fk" FOREIGN KEY ("customer_a") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "duplicate_candidates_customer_b_customers_id_fk" FOREIGN KEY ("customer_b") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_candidates_b_idx" ON "duplicate_candidates" USING btree ("customer_b");