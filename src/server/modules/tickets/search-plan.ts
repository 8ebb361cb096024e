/**
 * How a word search reads the tickets, chosen from how often its words occur. No single plan is
 * fast for every word: a common word is found by reading the newest tickets until a page
 * matches (a few dozen rows), which for a rare word reads thousands of rows and for words that
 * never occur together reads the whole table; the full-text (GIN) index finds a rare word's
 * tickets at once but must then fetch and sort every match, hundreds of thousands for a common
 * word. Measured on 1,000,000 generated tickets (EXPLAIN ANALYZE, PostgreSQL 15), fetching a
 * match through the index cost about as much as reading two more of the newest rows.
 */
import { foldVietnamese } from '../../../common/text.ts';

/** How often words occur in tickets' search text, from PostgreSQL's statistics (ANALYZE). */
export interface WordStatistics {
  /** Tickets in the table, as the statistics counted them. */
  rows: number;
  /** The share of tickets containing each of the most common words (folded, as vn_norm folds them). */
  shares: ReadonlyMap<string, number>;
}

export type SearchPlan =
  /**
   * Read the newest tickets, at most `scanned` of them and at most `passing` of those that pass
   * the other filters; if no full page matches there, ask the index.
   */
  | { kind: 'newest-first'; scanned: number; passing: number }
  /**
   * Ask the full-text index for every match, then sort them; but first, when the words may
   * have thousands of matches, for those of the last `recentDays[0]` days before the page's
   * position, then of the last `recentDays[1]` days (a full page there is the newest page
   * overall), so that only a few of the matches' rows are fetched.
   */
  | { kind: 'index'; recentDays: readonly number[] };

/** The newest rows passing the filters read at least, when the words are common or their frequency unknown. */
export const DEFAULT_WINDOW = 2000;
/** Cost of fetching and sorting one match found through the index, in newest rows read. */
const INDEX_MATCH_COST = 2;
/** How many times the rows a page should need the window allows (a margin for uneven spread). */
const MARGIN = 3;
/**
 * From how many matches the index is first asked for recent ones: fetching every match's row to
 * sort them cost ~1.6 ms per thousand on 1,000,000 tickets (EXPLAIN ANALYZE), while the recent
 * ones cost an index range read of those days' tickets.
 */
export const RECENT_FIRST_MATCHES = 2000;
/** The recent spans asked first, in days. */
export const RECENT_DAYS = [7, 60] as const;

/**
 * The words of a search as the 'simple' text-search parser splits the folded text (letters and
 * digits; the parser's extra compound tokens for hyphenated words are left out, which only
 * matters for the estimate, never for what the search finds).
 */
export function searchWords(q: string): string[] {
  return [...new Set(foldVietnamese(q).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))];
}

/**
 * The cheaper plan for a page of `limit` tickets matching every word of `q`.
 *
 * Without statistics (a database before its first ANALYZE) the newest DEFAULT_WINDOW rows passing the
 * filters are read first, then the index. A word the statistics do not list is rarer than every
 * listed one (PostgreSQL keeps the most common words), so the index finds it. Otherwise the
 * words' shares, multiplied as if they occurred independently, give how many newest rows a page
 * needs and how many matches the index would fetch; the newest rows are read when that is
 * clearly cheaper (by MARGIN), and never more of them than the index would have cost. The window
 * also counts the rows that pass the other filters, as many as a page should need with the
 * margin: filters may keep a common word rare among the rows they let through (an agency's own
 * tickets), and the index would fetch every match of a common word. Several words are assumed
 * independent, which two common words that never occur together contradict: their window is
 * counted in rows read whatever the filters let through, so that it is read in vain quickly
 * before the index answers (it fetches only the rows containing all the words).
 */
export function chooseSearchPlan(stats: WordStatistics | null, q: string, limit: number): SearchPlan {
  if (!stats || stats.shares.size === 0 || stats.rows <= 0) return { kind: 'newest-first', scanned: Infinity, passing: DEFAULT_WINDOW };
  const words = searchWords(q);
  if (words.length === 0) return { kind: 'index', recentDays: [] };
  // A word the statistics do not list occurs at most as often as the least common listed one.
  const unlisted = Math.min(...stats.shares.values());
  // A number of four digits or more (a phone number, part of a code) is taken as rare whatever
  // the bound: asking for recent matches first would only add the span's index read.
  const rare = words.some((w) => /^\d{4,}$/.test(w));
  const byIndex = (matches: number): SearchPlan => ({ kind: 'index', recentDays: matches >= RECENT_FIRST_MATCHES && !rare ? RECENT_DAYS : [] });
  let share = 1;
  for (const word of words) {
    const s = stats.shares.get(word);
    if (s === undefined) return byIndex(Math.min(share, unlisted) * stats.rows);
    share *= s;
  }
  const rowsForPage = limit / share;
  const indexCost = INDEX_MATCH_COST * share * stats.rows;
  if (MARGIN * rowsForPage > indexCost) return byIndex(share * stats.rows);
  const passing = Math.ceil(Math.max(DEFAULT_WINDOW, MARGIN * rowsForPage));
  return { kind: 'newest-first', scanned: Math.ceil(words.length === 1 ? indexCost : Math.min(indexCost, passing)), passing };
}
