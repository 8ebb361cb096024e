/**
 * How often words occur in tickets, read from the statistics PostgreSQL keeps for the planner
 * (pg_stats.most_common_elems of tickets.search, refreshed by ANALYZE, which autovacuum runs, or
 * the hourly maintenance job where it does not: PGlite, table-statistics.job.ts).
 * Reading them costs nothing at search time: they are kept in memory for a few minutes.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import type { WordStatistics } from './search-plan.ts';

/** How long statistics are kept in memory. Word shares move slowly; a new table gets them within this time of its first ANALYZE. */
const KEEP_MS = 5 * 60_000;

const cached = new WeakMap<Executor, { at: number; stats: Promise<WordStatistics | null> }>();

/** The word statistics of the tickets table, or null when it has never been analysed. */
export function wordStatistics(db: Executor): Promise<WordStatistics | null> {
  const now = performance.now();
  const hit = cached.get(db);
  if (hit && now - hit.at < KEEP_MS) return hit.stats;
  const stats = readWordStatistics(db).catch(() => null);
  cached.set(db, { at: now, stats });
  return stats;
}

async function readWordStatistics(db: Executor): Promise<WordStatistics | null> {
  const [row] = await queryRows<{ rows: number; words: string[] | null; shares: number[] | null }>(
    db,
    sql`SELECT c.reltuples::float8 AS rows, s.most_common_elems::text::text[] AS words, s.most_common_elem_freqs AS shares
        FROM pg_class c
        LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'tickets' AND s.attname = 'search'
        WHERE c.oid = 'tickets'::regclass`,
  );
  if (!row?.words || !row.shares || row.rows <= 0) return null;
  // The shares array ends with the lowest and highest share (and maybe that of nulls): zip by word.
  const shares = new Map<string, number>();
  row.words.forEach((word, i) => shares.set(word, Number(row.shares![i])));
  return { rows: Number(row.rows), shares };
}
