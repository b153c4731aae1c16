CREATE TABLE "dashboard_snapshots" (
	"key" varchar(300) PRIMARY KEY NOT NULL,
	"payload" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
