import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { sqlFromText, type Executor } from '../../db/database.ts';
import { auditChainHeads, auditLog } from '../../db/schema/index.ts';
import { AUDIT_CHAINS, GENESIS_HASH } from './audit-hash.ts';

export type AuditRow = typeof auditLog.$inferSelect;

/** A row to append; its seq, previous hash and hash are the database's to fill in. */
export interface NewAuditRow {
  chain: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The hashed text around the seq (see auditBodyAround). */
  bodyBefore: string;
  bodyAfter: string;
}

/**
 * The CTEs that append an audit row, ending with `audit_row`, written with the placeholders
 * $first … $first+12 for `appendValues(row)`. The hash is computed in the database from the text
 * `auditRowHash` hashes, so verification stays in TypeScript.
 *
 * The chain's head comes from one of two places. Alone, the head's upsert locks the chain's row
 * (waiting for any other appender, then reading its newest version) and moves it on. In a
 * transaction that holds the head (`holdChainHeads`), it is kept in a setting of the
 * transaction and moved on there, and `writeHeldChainHeads` stores it once at the end: many
 * appends then leave one new version of the head's row, not one each.
 */
export function appendCtes(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  const hashAfter = (prev: string, seq: string) => `encode(sha256(convert_to(${prev} || E'\\n' || ${$(10)}::text || ${seq}::text || ${$(11)}::text, 'UTF8')), 'hex')`;
  const held = `nullif(current_setting('${HELD_HEAD}' || ${$(0)}::smallint, true), '')`;
  return `audit_held AS (
      SELECT ${held} AS head
    ), audit_head AS (
      INSERT INTO audit_chain_heads AS h (chain, seq, prev_hash, hash)
      SELECT ${$(0)}::smallint, 1, '${GENESIS_HASH}', ${hashAfter(`'${GENESIS_HASH}'`, '1')} FROM audit_held WHERE head IS NULL
      ON CONFLICT (chain) DO UPDATE SET seq = h.seq + 1, prev_hash = h.hash, hash = ${hashAfter('h.hash', '(h.seq + 1)')}
      RETURNING seq, prev_hash, hash
    ), audit_moved AS MATERIALIZED (
      SELECT seq, prev_hash, hash, set_config('${HELD_HEAD}' || ${$(0)}::smallint, concat_ws(' ', seq, prev_hash, hash), true) AS held
      FROM (SELECT seq, prev_hash, ${hashAfter('prev_hash', 'seq')} AS hash
        FROM (SELECT split_part(head, ' ', 1)::bigint + 1 AS seq, split_part(head, ' ', 3) AS prev_hash FROM audit_held WHERE head IS NOT NULL) p) m
    ), audit_row AS (
      INSERT INTO audit_log (chain, seq, at, actor_id, actor_label, action, entity_type, entity_id, changes, request_id, ip, user_agent, prev_hash, hash)
      SELECT ${$(0)}::smallint, seq, ${$(1)}::timestamptz, ${$(2)}::text, ${$(3)}::text, ${$(4)}::text, ${$(5)}::text, ${$(6)}::text, ${$(7)}::jsonb,
        ${$(8)}::text, ${$(9)}::text, ${$(12)}::text, prev_hash, hash
      FROM (SELECT seq, prev_hash, hash FROM audit_head UNION ALL SELECT seq, prev_hash, hash FROM audit_moved) next
      RETURNING 1
    )`;
}

/** The setting (one per chain, for the transaction) that holds a chain's head: "seq prev_hash hash". */
const HELD_HEAD = 't1022.audit_head_';

/**
 * The statement that locks the heads of `chains` (in order, creating a head that is missing at
 * seq 0) and holds them in the transaction's settings for `appendCtes`.
 */
export function holdChainHeads(chains: number[]): string {
  return `WITH held AS (
      INSERT INTO audit_chain_heads AS h (chain, seq, prev_hash, hash)
      SELECT c, 0, '${GENESIS_HASH}', '${GENESIS_HASH}' FROM unnest(ARRAY[${chainList(chains)}]::smallint[]) c ORDER BY c
      ON CONFLICT (chain) DO UPDATE SET seq = h.seq
      RETURNING chain, seq, prev_hash, hash
    ) SELECT count(set_config('${HELD_HEAD}' || chain, concat_ws(' ', seq, prev_hash, hash), true)) FROM held`;
}

/** The statement that stores the heads of `chains` held by `holdChainHeads`, as `appendCtes` moved them on. */
export function writeHeldChainHeads(chains: number[]): string {
  return `UPDATE audit_chain_heads h SET seq = split_part(x.head, ' ', 1)::bigint, prev_hash = split_part(x.head, ' ', 2), hash = split_part(x.head, ' ', 3)
    FROM (SELECT c, nullif(current_setting('${HELD_HEAD}' || c, true), '') AS head FROM unnest(ARRAY[${chainList(chains)}]::smallint[]) c) x
    WHERE h.chain = x.c AND x.head IS NOT NULL`;
}

const chainList = (chains: number[]) => {
  const list = [...new Set(chains)].sort((a, b) => a - b);
  if (!list.length || !list.every((c) => Number.isInteger(c) && c >= 0 && c < AUDIT_CHAINS)) throw new RangeError('not an audit chain');
  return list.join(',');
};

/** The values of `appendCtes`' placeholders, in order. */
export function appendValues(row: NewAuditRow): unknown[] {
  return [
    row.chain,
    row.at.toISOString(),
    row.actorId,
    row.actorLabel,
    row.action,
    row.entityType,
    row.entityId,
    row.changes === null ? null : JSON.stringify(row.changes),
    row.requestId,
    row.ip,
    row.bodyBefore,
    row.bodyAfter,
    row.userAgent,
  ];
}

/** Appends `row` after its chain's tail: one statement. */
export async function appendRow(db: Executor, row: NewAuditRow): Promise<void> {
  await db.execute(sqlFromText(`WITH ${appendCtes(1)} SELECT count(*) FROM audit_row`, appendValues(row)));
}

/** Each chain's head (its last seq and hash), for verification. */
export async function chainHeads(db: Executor): Promise<Map<number, { seq: number; hash: string }>> {
  const rows = await db.select({ chain: auditChainHeads.chain, seq: auditChainHeads.seq, hash: auditChainHeads.hash }).from(auditChainHeads);
  return new Map(rows.map((r) => [r.chain, { seq: r.seq, hash: r.hash }]));
}

/** One chain in order, a page at a time (for verification). */
export async function chainPage(db: Executor, chain: number, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.chain, chain), sql`${auditLog.seq} > ${afterSeq}`))
    .orderBy(auditLog.seq)
    .limit(limit);
}

export interface AuditFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
}

/** Newest first, keyset-paginated by id. */
export async function searchAudit(db: Executor, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  const conditions: Array<SQL | undefined> = [
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lte(auditLog.at, filter.to) : undefined,
    filter.beforeId ? lt(auditLog.id, filter.beforeId) : undefined,
  ];
  return db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).limit(limit);
}
