CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"desk_id" text NOT NULL,
	"currency" text NOT NULL,
	"starting_equity" numeric NOT NULL,
	"trading_state" text DEFAULT 'ACTIVE' NOT NULL,
	"state_reason" jsonb,
	CONSTRAINT "accounts_trading_state_check" CHECK ("accounts"."trading_state" in ('ACTIVE', 'HALTED', 'REDUCING'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"ts" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"account" text,
	"subject" text,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_seq_positive" CHECK ("audit_log"."seq" >= 1),
	CONSTRAINT "audit_log_hash_format" CHECK ("audit_log"."hash" ~ '^[0-9a-f]{64}$' and "audit_log"."prev_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "desks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"execution_id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"client_order_id" text NOT NULL,
	"account" text NOT NULL,
	"instrument" text NOT NULL,
	"side" text NOT NULL,
	"price" numeric NOT NULL,
	"quantity" numeric NOT NULL,
	"fee" numeric NOT NULL,
	"fee_currency" text NOT NULL,
	"liquidity" text NOT NULL,
	"venue" text NOT NULL,
	"ts" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"client_order_id" text NOT NULL,
	"account" text NOT NULL,
	"instrument" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"quantity" numeric NOT NULL,
	"limit_price" numeric,
	"stop_price" numeric,
	"time_in_force" text NOT NULL,
	"expire_at" bigint,
	"display_quantity" numeric,
	"post_only" boolean,
	"reduce_only" boolean,
	"strategy" text,
	"venue" text NOT NULL,
	"venue_order_id" text,
	"state" text NOT NULL,
	"cum_quantity" numeric NOT NULL,
	"leaves_quantity" numeric NOT NULL,
	"avg_price" numeric,
	"submitted_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"reject_reason" jsonb,
	"replaced_by" text,
	"replaces" text,
	CONSTRAINT "orders_account_client_order_id_unique" UNIQUE("account","client_order_id"),
	CONSTRAINT "orders_state_check" CHECK ("orders"."state" in ('Canceled', 'Expired', 'Filled', 'New', 'PartiallyFilled', 'PendingCancel', 'PendingNew', 'PendingReplace', 'Rejected', 'Replaced'))
);
--> statement-breakpoint
CREATE TABLE "risk_limits" (
	"account" text NOT NULL,
	"rule" text NOT NULL,
	"limits" jsonb NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "risk_limits_pk" PRIMARY KEY("account","rule")
);
--> statement-breakpoint
CREATE TABLE "risk_verdicts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"client_order_id" text NOT NULL,
	"account" text NOT NULL,
	"rule" text NOT NULL,
	"pass" boolean NOT NULL,
	"code" text,
	"reason" text,
	"compared" jsonb NOT NULL,
	"ts" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_desk_id_desks_id_fk" FOREIGN KEY ("desk_id") REFERENCES "public"."desks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_order_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_desk_idx" ON "accounts" USING btree ("desk_id");--> statement-breakpoint
CREATE INDEX "audit_log_ts_idx" ON "audit_log" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "audit_log_account_seq_idx" ON "audit_log" USING btree ("account","seq");--> statement-breakpoint
CREATE INDEX "executions_order_idx" ON "executions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "executions_account_ts_idx" ON "executions" USING btree ("account","ts");--> statement-breakpoint
CREATE INDEX "executions_ts_idx" ON "executions" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "orders_working_idx" ON "orders" USING btree ("state") WHERE "orders"."state" not in ('Canceled', 'Expired', 'Filled', 'Rejected', 'Replaced');--> statement-breakpoint
CREATE INDEX "orders_account_created_idx" ON "orders" USING btree ("account","created_at");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "risk_verdicts_order_idx" ON "risk_verdicts" USING btree ("order_id");