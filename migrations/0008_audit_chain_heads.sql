CREATE TABLE "audit_chain_heads" (
	"chain" smallint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"prev_hash" text NOT NULL
);
--> statement-breakpoint
-- Each chain's head starts at its current tail (chains without rows start on their first append).
INSERT INTO "audit_chain_heads" ("chain", "seq", "hash", "prev_hash")
SELECT DISTINCT ON ("chain") "chain", "seq", "hash", "prev_hash" FROM "audit_log" ORDER BY "chain", "seq" DESC;
--> statement-breakpoint
-- Aborts the statement that calls it with SQLSTATE P1022 and `reason` as the message: lets one
-- statement refuse its whole work on a condition it checks itself (ticket creation).
CREATE FUNCTION app_refuse(reason text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P1022', MESSAGE = reason;
END
$$;
