/**
 * `npm run bench`: the ticket benchmarks with their ceilings and the overload run (a few
 * minutes). Set BENCH_DATABASE_URL=postgres://… (an account that may create databases) to
 * measure PostgreSQL as well as PGlite.
 *
 * Flags (after `--`): --startup adds start-up times; --search-1m adds search over 1,000,000
 * generated tickets on each engine (generation takes several minutes per engine;
 * BENCH_SEARCH_TICKETS changes the count); --only-search skips the ticket benchmarks.
 * Env: BENCH_ENGINES=pglite,postgres, BENCH_SECONDS per scenario (default 8),
 * BENCH_CONNECTIONS (default 20), BENCH_SEED_TICKETS (tickets generated before the runs).
 * Results are printed and written as JSON under bench/results/.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { startup: { type: 'boolean', default: false }, 'search-1m': { type: 'boolean', default: false }, 'only-search': { type: 'boolean', default: false } },
});
const searches = values['search-1m'] || values['only-search'];
if (values.startup) await import('./startup.ts');
if (!values['only-search']) await import('./tickets.ts');
if (searches) await import('./search.ts');
