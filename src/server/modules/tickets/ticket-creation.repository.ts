/**
 * A new ticket is one SQL statement, and so one transaction and one round trip: the contact
 * (recognised, completed or created) and its phone, the interaction it came from, the audit
 * row, the first history event, the idempotency key, the acknowledgements queued for the
 * citizen, the ticket itself with the next code of the year's gapless sequence, and the live
 * notice. It is a named prepared statement on PostgreSQL, so each connection plans it once.
 *
 * The statement also checks that what the application computed the triage deadline from (the
 * deadline version in force and the calendar, cached in the process) has not changed since (one
 * settings version, raised by a trigger on any change) and otherwise refuses to write anything;
 * the caller then reloads them and tries again.
 */
import { getTableColumns } from 'drizzle-orm';
import type { Database, FixedStatement } from '../../db/database.ts';
import { tickets } from '../../db/schema/index.ts';
import { DEADLINE_SETTINGS_VERSION_SQL } from '../calendar/calendar.repository.ts';
import { appendCtes } from '../audit/audit.repository.ts';
import { interactionCte, recognitionCtes } from '../contacts/contacts.repository.ts';
import type { TicketDetail } from './tickets.repository.ts';

/** The ticket's own values, in placeholder order after the contact's and the interaction's. */
const TICKET_FIELDS = [
  'id',
  'type',
  'domainCode',
  'title',
  'content',
  'address',
  'communeCode',
  'lat',
  'lng',
  'contactPhone',
  'publicConsent',
  'priority',
  'createdById',
  'now',
  'deadlinePolicyId',
  'stage',
  'stageStartedAt',
  'stageDueAt',
  'answerDueAt',
  'codePrefix',
  'year',
  'eventActorId',
  'eventActorLabel',
  'eventData',
  'idempotencyKey',
  'requestHash',
  'idempotencyAt',
  'settingsVersion',
  'outboxChannels',
  'outboxRecipients',
  'outboxSubjects',
  'outboxBodies',
  'outboxKinds',
  'outboxDedupeKeys',
] as const;
export type NewTicketValues = Record<(typeof TICKET_FIELDS)[number], unknown>;

const CONTACT_FIRST = 1;
const INTERACTION_FIRST = CONTACT_FIRST + 11;
const TICKET_FIRST = INTERACTION_FIRST + 13;
const AUDIT_FIRST = TICKET_FIRST + TICKET_FIELDS.length;

const $ = (field: (typeof TICKET_FIELDS)[number]) => `$${TICKET_FIRST + TICKET_FIELDS.indexOf(field)}`;

/** Every column of the ticket but its search vector, under the names drizzle gives them. */
const RETURNED = Object.entries(getTableColumns(tickets))
  .filter(([key]) => key !== 'search')
  .map(([key, column]) => `t.${column.name} AS "${key}"`)
  .join(', ');

const TEXT = `WITH ${recognitionCtes(CONTACT_FIRST)},
  ${interactionCte(INTERACTION_FIRST, $('id'))},
  ${appendCtes(AUDIT_FIRST)},
  ev AS (
    INSERT INTO ticket_events (ticket_id, at, actor_id, actor_label, action, to_status, visibility, data)
    VALUES (${$('id')}::uuid, ${$('now')}::timestamptz, ${$('eventActorId')}::text, ${$('eventActorLabel')}::text, 'created', 'new', 'public', ${$('eventData')}::jsonb)
    RETURNING 1
  ), ik AS (
    INSERT INTO idempotency_keys (key, ticket_id, request_hash, created_at)
    SELECT ${$('idempotencyKey')}::text, ${$('id')}::uuid, ${$('requestHash')}::text, ${$('idempotencyAt')}::timestamptz
    WHERE ${$('idempotencyKey')}::text IS NOT NULL
    RETURNING 1
  ), guard AS (
    SELECT CASE
      WHEN ${DEADLINE_SETTINGS_VERSION_SQL} IS DISTINCT FROM ${$('settingsVersion')}::text THEN app_refuse('stale_settings')
      WHEN ${$('communeCode')}::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org_units WHERE code = ${$('communeCode')}::text) THEN app_refuse('unknown_commune')
      ELSE 0 END AS ok
  ), pre AS MATERIALIZED (
    -- Everything else is written, and the guard passed, before the year's counter is taken
    -- (the counter's WHERE needs this row's value): from then on every other new ticket of the
    -- year waits for this statement to commit.
    SELECT (SELECT ok FROM guard) + count(*) AS n
    FROM (SELECT 1 FROM audit_row UNION ALL SELECT 1 FROM ev UNION ALL SELECT 1 FROM ia UNION ALL SELECT 1 FROM ik) x
  ), n AS (
    INSERT INTO ticket_code_counters (year, last) SELECT ${$('year')}::int, 1 FROM pre WHERE pre.n > 0
    ON CONFLICT (year) DO UPDATE SET last = ticket_code_counters.last + 1
    RETURNING ${$('codePrefix')}::text || '-' || year::text || '-' || lpad(last::text, greatest(6, length(last::text)), '0') AS code
  ), t AS (
    INSERT INTO tickets (id, code, type, domain_code, title, content, address, commune_id, lat, lng, contact_id, contact_name, contact_phone,
      public_consent, origin_channel, priority, status, created_by_id, created_at, updated_at,
      deadline_policy_id, stage, stage_started_at, stage_due_at, answer_due_at)
    SELECT ${$('id')}::uuid, n.code, ${$('type')}::text, ${$('domainCode')}::text, ${$('title')}::text, ${$('content')}::text, ${$('address')}::text,
      (SELECT id FROM org_units WHERE code = ${$('communeCode')}::text), ${$('lat')}::float8, ${$('lng')}::float8,
      (SELECT id FROM c), (SELECT name FROM c), ${$('contactPhone')}::text, ${$('publicConsent')}::boolean, $${INTERACTION_FIRST}::text,
      ${$('priority')}::text, 'new', ${$('createdById')}::uuid, ${$('now')}::timestamptz, ${$('now')}::timestamptz,
      ${$('deadlinePolicyId')}::uuid, ${$('stage')}::text, ${$('stageStartedAt')}::timestamptz, ${$('stageDueAt')}::timestamptz, ${$('answerDueAt')}::timestamptz
    FROM n
    RETURNING *
  ), ob AS (
    INSERT INTO outbox_messages (channel, recipient, subject, body, kind, ticket_id, dedupe_key, next_attempt_at, created_at)
    SELECT m.channel, m.recipient, replace(m.subject, '{code}', t.code), replace(m.body, '{code}', t.code), m.kind, t.id,
      replace(m.dedupe_key, '{id}', t.id::text), ${$('now')}::timestamptz, ${$('now')}::timestamptz
    FROM t, unnest(${$('outboxChannels')}::text[], ${$('outboxRecipients')}::text[], ${$('outboxSubjects')}::text[], ${$('outboxBodies')}::text[],
      ${$('outboxKinds')}::text[], ${$('outboxDedupeKeys')}::text[]) AS m(channel, recipient, subject, body, kind, dedupe_key)
    RETURNING 1
  )
  SELECT ${RETURNED},
    (SELECT name FROM domains WHERE code = t.domain_code) AS "domainName",
    (SELECT count(*) FROM ob)::int AS "queued",
    -- Announces the new ticket to live consoles (delivered at commit, on both engines).
    pg_notify('ticket_changes', json_build_object('code', t.code, 'status', 'new', 'agencyId', NULL)::text)::text AS "notified"
  FROM t`;

// Every creation updates the year's counter row, so creations run one after another from the
// counter on. They go in groups (statement-groups.ts): one transaction, one round trip and one
// commit per group, the counter's lock taken once per group. Each group takes that lock first,
// creating the year's row if need be, so that it never holds another row (a contact, an audit
// chain's head) that a group waiting for the counter, of this process or another, would need.
// Measured (bench/profile.ts create, 2 cores, 20 connections): 877/s at 1.57 ms of CPU per
// ticket (server + PostgreSQL) one statement at a time, three at once; 1,230–1,340/s at
// 0.92–0.99 ms in groups one at a time; two groups at once (the second queued on the lock) did
// worse, 1,120–1,170/s at 1.1 ms.
const YEAR = TICKET_FIRST + TICKET_FIELDS.indexOf('year') - 1;
const CREATE_TICKET: FixedStatement = {
  name: 'ticket_create_1',
  text: TEXT,
  group: {
    concurrency: 1,
    maxGroup: 64,
    first: (calls) => {
      const years = [...new Set(calls.map((values) => Number(values[YEAR])))].sort((a, b) => a - b);
      if (!years.every(Number.isInteger)) throw new RangeError('a ticket without its year');
      return `INSERT INTO ticket_code_counters AS c (year, last) SELECT y, 0 FROM unnest(ARRAY[${years.join(',')}]::int[]) y ORDER BY y
        ON CONFLICT (year) DO UPDATE SET last = c.last`;
    },
  },
};

/** Runs the creation statement: the new ticket's row, or a database error (nothing written). */
export async function insertTicket(database: Database, values: unknown[]): Promise<CreatedTicketRow> {
  const [row] = await database.run<CreatedTicketRow>(CREATE_TICKET, values);
  return row!;
}

/** The statement's values: the contact's and the interaction's, the ticket's, then the audit row's. */
export function createTicketValues(contact: unknown[], interaction: unknown[], ticket: NewTicketValues, audit: unknown[]): unknown[] {
  return [...contact, ...interaction, ...TICKET_FIELDS.map((f) => ticket[f] ?? null), ...audit];
}

export type CreatedTicketRow = TicketDetail & { domainName: string | null; queued: number; notified: string };

/** A message to queue with the new ticket: `{code}` in subject and body and `{id}` in the key are filled in. */
export interface Acknowledgement {
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  kind: string;
  dedupeKey: string;
}

/** The outbox part of NewTicketValues. */
export function outboxValues(messages: Acknowledgement[]): Pick<NewTicketValues, `outbox${string}` & keyof NewTicketValues> {
  return {
    outboxChannels: messages.map((m) => m.channel),
    outboxRecipients: messages.map((m) => m.recipient),
    outboxSubjects: messages.map((m) => m.subject),
    outboxBodies: messages.map((m) => m.body),
    outboxKinds: messages.map((m) => m.kind),
    outboxDedupeKeys: messages.map((m) => m.dedupeKey),
  };
}

/** The SQLSTATE, constraint and message of a database error from either driver, when it is one. */
export function databaseErrorOf(err: unknown): { code: string; constraint: string | undefined; message: string } | undefined {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (!e || typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  return { code: e.code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined, message: String(e.message ?? '') };
}
