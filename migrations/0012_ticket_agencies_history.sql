-- ticket_agencies becomes a history: one row per time a ticket was given to an agency. Before,
-- one row per (ticket, agency, role) was reopened when the ticket went to the same agency again,
-- moving its "since": a ticket an agency returned in March and received again in April vanished
-- from the agency's March timeliness report (found by the lifecycle fuzzer, scripts/fuzz-lifecycle.ts).
-- The old key's columns stay indexed, in the same order, for the scope checks by ticket.
ALTER TABLE "ticket_agencies" DROP CONSTRAINT "ticket_agencies_ticket_id_org_unit_id_role_pk";--> statement-breakpoint
ALTER TABLE "ticket_agencies" ADD COLUMN "id" bigint PRIMARY KEY NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "ticket_agencies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "ticket_agencies_ticket_idx" ON "ticket_agencies" USING btree ("ticket_id","org_unit_id","role");