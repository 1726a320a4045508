-- The audit trail is append-only: the database refuses to change or remove a record.
-- A row trigger refuses UPDATE and DELETE of any row, a statement trigger refuses TRUNCATE
-- (and UPDATE/DELETE statements that match no row, so an attempt never passes silently).
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only'
		USING ERRCODE = 'P0001', DETAIL = format('%s on audit_log refused', TG_OP),
		HINT = 'audit records are never changed or removed; append a correcting record instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only_row"
	BEFORE UPDATE OR DELETE ON "audit_log"
	FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only_statement"
	BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
