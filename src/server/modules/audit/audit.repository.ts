import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { sqlFromText, type Executor } from '../../db/database.ts';
import { auditChainHeads, auditLog } from '../../db/schema/index.ts';
import { GENESIS_HASH } from './audit-hash.ts';

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
 * The two CTEs that append an audit row, `audit_head` and `audit_row`, written with the
 * placeholders $first … $first+11 for `appendValues(row)`. The head's upsert locks the chain's
 * row (waiting for any other appender, then reading its newest version) and computes the hash
 * in the database from the text `auditRowHash` hashes, so verification stays in TypeScript.
 */
export function appendCtes(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  const hashAfter = (prev: string, seq: string) => `encode(sha256(convert_to(${prev} || E'\\n' || ${$(10)}::text || ${seq}::text || ${$(11)}::text, 'UTF8')), 'hex')`;
  return `audit_head AS (
      INSERT INTO audit_chain_heads AS h (chain, seq, prev_hash, hash)
      VALUES (${$(0)}::smallint, 1, '${GENESIS_HASH}', ${hashAfter(`'${GENESIS_HASH}'`, '1')})
      ON CONFLICT (chain) DO UPDATE SET seq = h.seq + 1, prev_hash = h.hash, hash = ${hashAfter('h.hash', '(h.seq + 1)')}
      RETURNING seq, prev_hash, hash
    ), audit_row AS (
      INSERT INTO audit_log (chain, seq, at, actor_id, actor_label, action, entity_type, entity_id, changes, request_id, ip, user_agent, prev_hash, hash)
      SELECT ${$(0)}::smallint, seq, ${$(1)}::timestamptz, ${$(2)}::text, ${$(3)}::text, ${$(4)}::text, ${$(5)}::text, ${$(6)}::text, ${$(7)}::jsonb,
        ${$(8)}::text, ${$(9)}::text, ${$(12)}::text, prev_hash, hash
      FROM audit_head
      RETURNING 1
    )`;
}

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
