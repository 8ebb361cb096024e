import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { auditLog } from '../../db/schema/index.ts';
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

/** The expression that takes a chain's append lock, held until the transaction ends. */
export const chainLockSql = (chain: number): SQL => sql`pg_advisory_xact_lock(10220100, ${chain}::int)`;

export async function lockChain(db: Executor, chain: number): Promise<void> {
  await db.execute(sql`SELECT ${chainLockSql(chain)}`);
}

/**
 * An INSERT that appends `row` after its chain's tail and hashes it in the database, with the
 * text `auditRowHash` hashes (verification stays in TypeScript). The chain lock must have been
 * taken by an earlier statement, so that this statement's snapshot sees the latest tail.
 */
export function appendRowSql(row: NewAuditRow): SQL {
  return sql`INSERT INTO audit_log (chain, seq, at, actor_id, actor_label, action, entity_type, entity_id, changes, request_id, ip, user_agent, prev_hash, hash)
    SELECT ${row.chain}::smallint, tail.seq + 1, ${row.at.toISOString()}::timestamptz, ${row.actorId}::text, ${row.actorLabel}::text, ${row.action}::text,
      ${row.entityType}::text, ${row.entityId}::text, ${row.changes === null ? null : JSON.stringify(row.changes)}::jsonb, ${row.requestId}::text, ${row.ip}::text,
      ${row.userAgent}::text, tail.hash,
      encode(sha256(convert_to(tail.hash || E'\n' || ${row.bodyBefore}::text || (tail.seq + 1)::text || ${row.bodyAfter}::text, 'UTF8')), 'hex')
    FROM ((SELECT seq, hash FROM audit_log WHERE chain = ${row.chain}::smallint ORDER BY seq DESC LIMIT 1)
          UNION ALL SELECT 0::int8, ${GENESIS_HASH}::text) AS tail
    ORDER BY tail.seq DESC LIMIT 1`;
}

export async function appendRow(db: Executor, row: NewAuditRow): Promise<void> {
  await db.execute(appendRowSql(row));
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
