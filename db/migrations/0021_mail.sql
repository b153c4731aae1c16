CREATE TYPE "public"."mail_direction" AS ENUM('out', 'in');--> statement-breakpoint
CREATE TYPE "public"."mail_status" AS ENUM('queued', 'sent', 'failed', 'received', 'ignored');--> statement-breakpoint
CREATE TABLE "mail_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mail_id" uuid NOT NULL,
	"case_id" uuid,
	"filename" varchar(200) NOT NULL,
	"content_type" varchar(200) NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea",
	"skipped" varchar(40),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "mail_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"direction" "mail_direction" NOT NULL,
	"status" "mail_status" NOT NULL,
	"message_id" varchar(998) NOT NULL,
	"in_reply_to" varchar(998),
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"from_address" varchar(254) NOT NULL,
	"from_name" varchar(200),
	"to_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" varchar(998) NOT NULL,
	"text" text,
	"html" text,
	"case_id" uuid,
	"comment_id" uuid,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "mail_messages_attempts_ck" CHECK ("mail_messages"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "mail_attachments" ADD CONSTRAINT "mail_attachments_mail_id_mail_messages_id_fk" FOREIGN KEY ("mail_id") REFERENCES "public"."mail_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_attachments" ADD CONSTRAINT "mail_attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_comment_id_case_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."case_comments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_attachments_mail_idx" ON "mail_attachments" USING btree ("mail_id");--> statement-breakpoint
CREATE INDEX "mail_attachments_case_idx" ON "mail_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_messages_message_id_uq" ON "mail_messages" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_messages_seq_uq" ON "mail_messages" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "mail_messages_case_idx" ON "mail_messages" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "mail_messages_direction_idx" ON "mail_messages" USING btree ("direction","seq");