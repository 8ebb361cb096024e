/** The hash that links an audit row to the previous row of its chain. Pure, so verify can redo it. */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);
/** Parallel chains; an entity always maps to the same one. */
export const AUDIT_CHAINS = 8;

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedFields {
  chain: number;
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export function auditRowHash(prevHash: string, row: HashedFields): string {
  const body = canonicalJson({ ...row, at: row.at.toISOString(), changes: row.changes ?? null });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The hashed text of a row split around its `seq`: `before + seq + after` is exactly the body
 * `auditRowHash` hashes. The database fills in the seq (and the previous hash) when it appends
 * the row, so the chain's tail need not travel to the application and back.
 */
export function auditBodyAround(row: Omit<HashedFields, 'seq'>): { before: string; after: string } {
  const SEQ = -1;
  const body = canonicalJson({ ...row, seq: SEQ, at: row.at.toISOString(), changes: row.changes ?? null });
  // Keys are sorted and "seq" sorts after "requestId" and before "userAgent" at the top level;
  // find it there, not inside `changes` (which may have a key of that name).
  const marker = `,"seq":${SEQ},"userAgent":`;
  const at = body.lastIndexOf(marker);
  if (at < 0) throw new Error('audit body without its seq');
  return { before: body.slice(0, at + ',"seq":'.length), after: body.slice(at + `,"seq":${SEQ}`.length) };
}

/** The chain of an entity: stable, spread evenly. */
export function chainOf(entityType: string, entityId: string | null): number {
  const digest = createHash('sha256').update(`${entityType}:${entityId ?? ''}`).digest();
  return digest.readUInt16BE(0) % AUDIT_CHAINS;
}
