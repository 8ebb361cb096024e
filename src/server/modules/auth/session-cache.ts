/**
 * Live sessions kept in memory for a few seconds. Every request of a signed-in user resolves its
 * cookie; without this each one paid a query (and its planning) before doing any work.
 *
 * Security: the cache holds what the database said at most SESSION_CACHE_MS ago, and the session's
 * own limits (expiry, idle timeout, revocation seen) are checked on every request. Signing out,
 * ending sessions and any change to an account (roles, unit, status, password, two-factor) call
 * `forgetCachedSessions()` after their transaction commits: they take effect at once on the copy
 * that made them and within SESSION_CACHE_MS on other copies behind the same load balancer.
 */
import type { Executor } from '../../db/database.ts';
import * as repo from './auth.repository.ts';

export const SESSION_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type LiveSessionRow = NonNullable<Awaited<ReturnType<typeof repo.findLiveSession>>>;

const cache = new Map<string, { row: LiveSessionRow | undefined; until: number }>();
// Bumped by every invalidation: a look-up that started before it must not store what it read,
// since it may have read the database as it was before the change committed.
let generation = 0;

/** Drops every cached session; call it after the transaction that changed sign-in state commits. */
export function forgetCachedSessions(): void {
  generation++;
  cache.clear();
}

/**
 * The session row with its user behind a token hash, from the cache or the database (undefined
 * when the database has no live one). The caller still checks expiry and idleness against now.
 */
export async function cachedSessionRow(db: Executor, tokenHash: string, now: Date, idleSince: Date): Promise<LiveSessionRow | undefined> {
  const at = Date.now();
  const hit = cache.get(tokenHash);
  if (hit && hit.until > at) return hit.row;
  const started = generation;
  const row = await repo.findLiveSession(db, tokenHash, now, idleSince);
  if (started === generation) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(tokenHash, { row, until: at + SESSION_CACHE_MS });
  }
  return row;
}
