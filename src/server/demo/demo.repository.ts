/**
 * SQL for the demo data: what the generator needs to know (reference data, staff), and bulk
 * writes. Each table of a batch goes in as ONE multi-row INSERT (one round trip per table,
 * the same SQL on PGlite and PostgreSQL).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.ts';
import type { DemoActor, DemoContext, DemoUnit } from './ticket-plan.ts';

const uuid = 'uuid';
const text = 'text';
const time = 'timestamptz';
const int = 'int4';

/** The columns written per table and their types (the rest keep their defaults; tickets.search is generated). */
const COLUMNS = {
  contacts: { id: uuid, kind: text, name: text, email: text, zalo_user_id: text, facebook_id: text, address: text, commune_id: uuid, created_at: time, updated_at: time },
  contact_phones: { contact_id: uuid, phone: text, created_at: time },
  tickets: {
    id: uuid, code: text, type: text, domain_code: text, title: text, content: text, address: text, commune_id: uuid, contact_id: uuid, contact_name: text,
    contact_phone: text, public_consent: 'bool', origin_channel: text, priority: text, status: text, lead_agency_id: uuid, answer: text, answer_draft: text,
    answered_at: time, replied_at: time, reject_reason: text, out_of_scope_code: text, duplicate_of_id: uuid, satisfaction: 'int2', satisfaction_comment: text,
    reopen_count: int, version: int, created_by_id: uuid, created_at: time, updated_at: time, closed_at: time,
    deadline_policy_id: uuid, stage: text, stage_started_at: time, stage_due_at: time, stage_paused_remaining_minutes: 'float8', stage_paused_at: time, answer_due_at: time,
  },
  ticket_agencies: { ticket_id: uuid, org_unit_id: uuid, role: text, since: time, until: time },
  ticket_events: { ticket_id: uuid, at: time, actor_id: text, actor_label: text, action: text, from_status: text, to_status: text, note: text, visibility: text, data: 'jsonb' },
  ticket_extensions: {
    ticket_id: uuid, agency_id: uuid, reason: text, proposed_due_date: 'date', previous_due_at: time, requested_by_id: uuid, requested_at: time, status: text,
    granted_due_at: time, decision_note: text, decided_by_id: uuid, decided_at: time,
  },
  interactions: {
    id: uuid, channel: text, direction: text, contact_id: uuid, ticket_id: uuid, content: text, provider_message_id: text, operator_id: uuid, occurred_at: time,
    caller_number: text, call_started_at: time, call_answered_at: time, call_ended_at: time, call_duration_seconds: int, call_disposition: text, created_at: time,
  },
} as const;

export type BulkTable = keyof typeof COLUMNS;

/** A PostgreSQL array literal: {"a","b",NULL}. Objects become JSON text. */
function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `{${items.join(',')}}`;
}

/**
 * Inserts `rows` (snake_case objects) into `table` in one statement: one array parameter per
 * column, unnested into rows. (Arrays parse about three times faster than the same rows as
 * JSON through json_populate_recordset, and there is no 65,535-parameter limit.)
 */
export async function insertRows(t: Executor, table: BulkTable, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(COLUMNS[table]);
  const arrays = sql.join(
    columns.map(([name, type]) => sql`${arrayLiteral(rows.map((r) => r[name]))}::${sql.raw(type)}[]`),
    sql`, `,
  );
  await t.execute(sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.map(([name]) => name).join(', '))}) SELECT * FROM unnest(${arrays})`);
}

/**
 * Takes `count` numbers of the year's gapless code sequence at once; returns the first. The
 * counter row stays locked until the transaction ends, as with one ticket at a time.
 */
export async function reserveTicketNumbers(t: Executor, year: number, count: number): Promise<number> {
  const [row] = await queryRows<{ last: number }>(
    t,
    sql`INSERT INTO ticket_code_counters (year, last) VALUES (${year}, ${count})
        ON CONFLICT (year) DO UPDATE SET last = ticket_code_counters.last + excluded.last RETURNING last`,
  );
  return Number(row!.last) - count + 1;
}

/** Reference data and staff accounts the generator draws on. */
export async function loadDemoContext(db: Executor, today: string): Promise<DemoContext> {
  const units = await queryRows<DemoUnit & { kind: string; default_for: string | null }>(
    db,
    sql`SELECT id, code, name, kind FROM org_units WHERE (valid_to IS NULL OR valid_to >= ${today}::date) ORDER BY code`,
  );
  const domains = await queryRows<{ code: string; default_agency_id: string | null }>(db, sql`SELECT code, default_agency_id FROM domains WHERE active ORDER BY sort_order, code`);
  const outOfScope = await queryRows<{ code: string }>(db, sql`SELECT code FROM out_of_scope_categories WHERE active ORDER BY code`);
  const staff = await queryRows<{ id: string; username: string; roles: string[]; org_unit_id: string | null }>(
    db,
    sql`SELECT id, username, roles, org_unit_id FROM users WHERE status = 'active' ORDER BY username`,
  );
  const localKinds = new Set(['ward', 'commune']);
  const notAgencies = new Set(['ward', 'commune', 'district', 'province', 'hotline']);
  const focalByUnit = new Map<string, DemoActor[]>();
  for (const u of staff) {
    if (!u.roles.includes('agency_focal') || !u.org_unit_id) continue;
    const list = focalByUnit.get(u.org_unit_id) ?? [];
    list.push({ id: u.id, label: u.username });
    focalByUnit.set(u.org_unit_id, list);
  }
  return {
    domains: domains.map((d) => ({ code: d.code, defaultAgencyId: d.default_agency_id })),
    agencies: new Map(units.filter((u) => !notAgencies.has(u.kind)).map((u) => [u.code, { id: u.id, code: u.code, name: u.name }])),
    communes: units.filter((u) => localKinds.has(u.kind)).map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind })),
    outOfScopeCodes: outOfScope.map((o) => o.code),
    hotline: staff.filter((u) => u.roles.includes('operator') || u.roles.includes('supervisor')).map((u) => ({ id: u.id, label: u.username })),
    supervisors: staff.filter((u) => u.roles.includes('supervisor')).map((u) => ({ id: u.id, label: u.username })),
    focalByUnit,
  };
}

/**
 * Settings for one bulk-load transaction. synchronous_commit off: a crash may lose the last
 * batches, never corrupt anything, and generated data can be generated again. With
 * `skipForeignKeyChecks`, and only for a superuser (as pg_restore --disable-triggers does),
 * foreign keys are not checked row by row: the generator makes every reference from rows it
 * read or wrote itself, and the tests run with the checks on.
 */
export async function prepareBulkLoad(t: Executor, options: { skipForeignKeyChecks: boolean }): Promise<void> {
  await t.execute(sql`SET LOCAL synchronous_commit = off`);
  if (!options.skipForeignKeyChecks) return;
  const [role] = await queryRows<{ superuser: boolean }>(t, sql`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
  if (role?.superuser) await t.execute(sql`SET LOCAL session_replication_role = replica`);
}
