/**
 * The units below an agency are kept in memory for a few seconds by the ticket lists
 * (ticket-list.repository.ts): looking them up before every list cost an agency's inbox 13 % of
 * its throughput. As with sessions (auth/session-cache.ts), a change to the tree made through
 * this copy (a unit added, a unit's parent changed, the reference data loaded) calls
 * `forgetCachedSubtrees()` after its transaction commits: it reaches lists at once on this copy
 * and within SUBTREE_CACHE_MS on other copies behind the same load balancer.
 */
export const SUBTREE_CACHE_MS = 5_000;

let generation = 0;

/** Makes every kept subtree stale; call it after the transaction that changed the tree commits. */
export function forgetCachedSubtrees(): void {
  generation++;
}

/**
 * The current generation: a subtree read under an older one is stale, and one whose look-up
 * started before a change must not be kept as current (it may have read the tree before the
 * change committed).
 */
export function subtreeGeneration(): number {
  return generation;
}
