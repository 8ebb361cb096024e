/**
 * The audit trail. `recordAudit` is called inside the transaction of the change it records,
 * so a rolled-back change leaves no audit row and a committed one always has its row.
 * Secrets never go in: callers pass only the fields that changed, and `redactSecrets` strips
 * anything that looks like a password, token or code.
 */
import type { Executor } from '../../db/database.ts';
import { AUDIT_CHAINS, GENESIS_HASH, auditBodyAround, auditRowHash, chainOf } from './audit-hash.ts';
import * as repo from './audit.repository.ts';

/** Who acted, and from where: what every audit row records besides the change itself. */
export interface AuditActor {
  actorId: string | null;
  actorLabel: string;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const systemAuditActor: AuditActor = { actorId: null, actorLabel: 'system', requestId: null, ip: null, userAgent: null };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Changed fields: { field: { from, to } }, or any small description of the action. */
  changes?: Record<string, unknown> | null;
}

const SECRET_KEY = /pass(word)?|secret|token|otp|recovery|hash/i;

/** A copy of `value` with secret-looking fields replaced, at every level. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v)]));
}

function newAuditRow(actor: AuditActor, entry: AuditEntry, at: Date): repo.NewAuditRow {
  // Round-trip through JSON so the hash covers exactly what jsonb will give back.
  const changes = entry.changes ? (JSON.parse(JSON.stringify(redactSecrets(entry.changes))) as Record<string, unknown>) : null;
  const fields = {
    chain: chainOf(entry.entityType, entry.entityId),
    at: new Date(at.getTime()),
    actorId: actor.actorId,
    actorLabel: actor.actorLabel,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes,
    requestId: actor.requestId,
    ip: actor.ip,
    userAgent: actor.userAgent ? actor.userAgent.slice(0, 300) : null,
  };
  const { before, after } = auditBodyAround(fields);
  return { ...fields, bodyBefore: before, bodyAfter: after };
}

/**
 * Appends one row to the audit trail, in the caller's transaction: one statement (the database
 * takes the chain's head, reads the tail and computes the hash).
 */
export async function recordAudit(t: Executor, actor: AuditActor, entry: AuditEntry, at: Date): Promise<void> {
  await repo.appendRow(t, newAuditRow(actor, entry, at));
}

/**
 * The same append folded into a statement of the caller's own (ticket creation, whose
 * repository uses the CTEs of `appendCtes`): the values of their placeholders.
 */
export function auditAppendValues(actor: AuditActor, entry: AuditEntry, at: Date): unknown[] {
  return repo.appendValues(newAuditRow(actor, entry, at));
}

export interface AuditVerification {
  ok: boolean;
  rowsChecked: number;
  /**
   * The first row that breaks its chain, and how; `missing_at_end` names the chain's last row
   * left when rows after it (up to the head's seq) were deleted (id 0: the chain has none).
   */
  firstBad?: { id: number; chain: number; seq: number; problem: 'altered' | 'missing_before' | 'out_of_order' | 'missing_at_end' };
}

/** Walks every chain and names the first row that was altered, deleted, or reordered. */
export async function verifyAuditChain(db: Executor): Promise<AuditVerification> {
  let rowsChecked = 0;
  // Read before the rows: an append committed meanwhile then only adds rows past the head.
  const heads = await repo.chainHeads(db);
  for (let chain = 0; chain < AUDIT_CHAINS; chain++) {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let lastSeq = 0;
    let lastId = 0;
    for (;;) {
      const page = await repo.chainPage(db, chain, lastSeq, 1000);
      if (page.length === 0) break;
      for (const row of page) {
        rowsChecked++;
        const bad = (problem: NonNullable<AuditVerification['firstBad']>['problem']): AuditVerification => ({
          ok: false,
          rowsChecked,
          firstBad: { id: row.id, chain, seq: row.seq, problem },
        });
        if (row.seq !== expectedSeq) return bad('missing_before');
        if (row.prevHash !== prevHash) return bad('out_of_order');
        const { id: _id, hash, prevHash: _p, ...fields } = row;
        if (auditRowHash(prevHash, fields) !== hash) return bad('altered');
        prevHash = hash;
        expectedSeq++;
        lastSeq = row.seq;
        lastId = row.id;
      }
    }
    const head = heads.get(chain);
    if (head && head.seq > lastSeq) return { ok: false, rowsChecked, firstBad: { id: lastId, chain, seq: lastSeq, problem: 'missing_at_end' } };
  }
  return { ok: true, rowsChecked };
}

export const searchAudit = repo.searchAudit;
