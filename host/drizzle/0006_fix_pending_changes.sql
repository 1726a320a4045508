ALTER TABLE "fix_order_links" ADD COLUMN "pending_kind" text;--> statement-breakpoint
ALTER TABLE "fix_order_links" ADD COLUMN "pending_cl_ord_id" text;--> statement-breakpoint
ALTER TABLE "fix_order_links" ADD COLUMN "pending_orig_cl_ord_id" text;