CREATE TABLE "team_counts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"customers" integer NOT NULL,
	"open_deals" integer NOT NULL,
	"open_deal_value" numeric(14, 2) NOT NULL,
	"open_cases" integer NOT NULL,
	"open_tasks" integer NOT NULL,
	"overdue_tasks" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_counts" ADD CONSTRAINT "team_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;