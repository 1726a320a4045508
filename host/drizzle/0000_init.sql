CREATE TABLE "bars" (
	"instrument" text NOT NULL,
	"ts" bigint NOT NULL,
	"source" text NOT NULL,
	"open" numeric NOT NULL,
	"high" numeric NOT NULL,
	"low" numeric NOT NULL,
	"close" numeric NOT NULL,
	"volume" numeric NOT NULL,
	CONSTRAINT "bars_pk" PRIMARY KEY("instrument","ts"),
	CONSTRAINT "bars_ts_minute_aligned" CHECK ("bars"."ts" % 60000 = 0)
);
--> statement-breakpoint
CREATE TABLE "plugin_kv" (
	"plugin_id" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plugin_kv_pk" PRIMARY KEY("plugin_id","key")
);
--> statement-breakpoint
CREATE TABLE "plugin_state" (
	"plugin_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_version" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
