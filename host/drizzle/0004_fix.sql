CREATE TABLE "fix_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"direction" text NOT NULL,
	"seq" integer NOT NULL,
	"msg_type" text NOT NULL,
	"raw" text NOT NULL,
	"ts" bigint NOT NULL,
	CONSTRAINT "fix_messages_direction_check" CHECK ("fix_messages"."direction" in ('in', 'out'))
);
--> statement-breakpoint
CREATE TABLE "fix_order_links" (
	"account" text NOT NULL,
	"client_order_id" text NOT NULL,
	"session_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "fix_order_links_pk" PRIMARY KEY("account","client_order_id")
);
--> statement-breakpoint
CREATE INDEX "fix_messages_session_ts_idx" ON "fix_messages" USING btree ("session_id","ts");