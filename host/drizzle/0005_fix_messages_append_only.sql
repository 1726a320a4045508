-- The FIX message log is append-only, like the audit trail: the database refuses to change or
-- remove a message. A row trigger refuses UPDATE and DELETE of any row, a statement trigger refuses
-- TRUNCATE (and UPDATE/DELETE statements that match no row, so an attempt never passes silently).
CREATE FUNCTION "fix_messages_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'fix_messages is append-only'
		USING ERRCODE = 'P0001', DETAIL = format('%s on fix_messages refused', TG_OP),
		HINT = 'FIX messages are kept as sent and received; they are never changed or removed';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "fix_messages_append_only_row"
	BEFORE UPDATE OR DELETE ON "fix_messages"
	FOR EACH ROW EXECUTE FUNCTION "fix_messages_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "fix_messages_append_only_statement"
	BEFORE UPDATE OR DELETE OR TRUNCATE ON "fix_messages"
	FOR EACH STATEMENT EXECUTE FUNCTION "fix_messages_refuse_change"();
