import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { auditLog } from '../../db/schema/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;

/** Locks a chain until the transaction ends, and returns its last row's seq and hash. */
export async function lockChainTail(db: Executor, chain: number): Promise<{ seq: number; hash: string } | undefined> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(10220100, ${chain})`);
  const [tail] = await queryRows<{ seq: number; hash: string }>(
    db,
    sql`SELECT seq::int8 AS seq, hash FROM audit_log WHERE chain = ${chain} ORDER BY seq DESC LIMIT 1`,
  );
  return tail ? { seq: Number(tail.seq), hash: tail.hash } : undefined;
}

export async function insertAuditRow(db: Executor, row: Omit<AuditRow, 'id'>): Promise<void> {
  await db.insert(auditLog).values(row);
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
