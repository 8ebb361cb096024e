/** SQL for live updates: who may hear of a ticket's change. */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';

/** When a ticket last changed, and every unit that sees it. */
export interface ChangeAudience {
  at: Date;
  /**
   * The units that handle or handled the ticket and every unit above them: a unit sees a
   * ticket when it, or a unit below it, is in ticket_agencies (the tickets module's scope).
   */
  unitIds: string[];
}

/**
 * One query per change, whatever the number of open streams: the ticket by its unique code,
 * its agencies by ticket_agencies_ticket_idx, then up the org tree by primary key (UNION: once per unit).
 */
export async function findChangeAudience(db: Executor, code: string): Promise<ChangeAudience | undefined> {
  const rows = await queryRows<{ at: Date | string; unit_ids: string[] | null }>(
    db,
    sql`WITH RECURSIVE t AS (SELECT id, updated_at FROM tickets WHERE code = ${code}),
      up AS (
        SELECT o.id, o.parent_id FROM ticket_agencies ta JOIN org_units o ON o.id = ta.org_unit_id WHERE ta.ticket_id = (SELECT id FROM t)
        UNION
        SELECT p.id, p.parent_id FROM org_units p JOIN up ON p.id = up.parent_id
      )
      SELECT t.updated_at AS at, ARRAY(SELECT DISTINCT id::text FROM up) AS unit_ids FROM t`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return { at: new Date(row.at), unitIds: row.unit_ids ?? [] };
}
