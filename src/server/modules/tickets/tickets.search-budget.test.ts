import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, type Cast } from '../../../test/ticket-fixtures.ts';

/**
 * A word search that would take long stops at its budget (SEARCH_BUDGET_MS, here 40 ms) and
 * answers with the newest matches it found, saying so; `exhaustive=true` runs it to the end. To
 * make the full-text query slow whatever the machine, vn_norm (which every search calls on its
 * words) is made to sleep 150 ms for the test's search.
 */
describeEachEngine(
  'word search time budget',
  (ctx) => {
    let cast: Cast;
    const base = Date.parse('2026-02-02T01:00:00Z');
    const codes = Array.from({ length: 30 }, (_, i) => `1022-2026-8${String(i).padStart(5, '0')}`);

    beforeAll(async () => {
      cast = await castOf(ctx);
      // "cống thoát" in every third ticket; tickets one minute apart, the last the newest.
      const rows = codes.map((code, i) => ({ code, content: `Phản ánh ${i}${i % 3 === 0 ? ' cống thoát nước tắc' : ''}`, at: new Date(base + i * 60_000).toISOString() }));
      await ctx.database.db.execute(sql`
        INSERT INTO tickets (code, type, title, content, origin_channel, status, created_at, updated_at)
        SELECT r->>'code', 'feedback', r->>'content', r->>'content', 'phone_in', 'new', (r->>'at')::timestamptz, (r->>'at')::timestamptz
        FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`);
    });

    const search = async (query: string) => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?${query}`, headers: cast.operator.headers });
      expect(res.statusCode).toBe(200);
      return res.json() as { items: Array<{ code: string }>; nextCursor: string | null; complete: boolean };
    };
    const matching = codes.filter((_, i) => i % 3 === 0).reverse();

    it('answers a quick search completely', async () => {
      const page = await search('q=cong+thoat&limit=5');
      expect(page.items.map((t) => t.code)).toEqual(matching.slice(0, 5));
      expect(page.complete).toBe(true);
      expect(page.nextCursor).not.toBeNull();
    });

    it('stops a slow search at its budget on PostgreSQL with the newest matches found, and runs it to the end when asked', async () => {
      // Sleeps only for this word, so that the rest of the database is untouched.
      await ctx.database.db.execute(sql.raw(`CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent_immutable('public.unaccent'::regdictionary, input)) FROM pg_sleep(CASE WHEN input = 'chậm cống' THEN 0.15 ELSE 0 END) $$`));
      try {
        const budgeted = await search(`q=${encodeURIComponent('chậm cống')}&limit=5`);
        const exhaustive = await search(`q=${encodeURIComponent('chậm cống')}&limit=5&exhaustive=true`);
        // No ticket has "chậm": the newest tickets read first find nothing, then the index is asked.
        expect(exhaustive).toEqual({ items: [], nextCursor: null, complete: true });
        if (ctx.engine === 'postgres') {
          expect(budgeted).toEqual({ items: [], nextCursor: null, complete: false });
        } else {
          // PGlite cannot stop a running statement: its searches always run to the end.
          expect(budgeted.complete).toBe(true);
        }
      } finally {
        await ctx.database.db.execute(sql.raw(`CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
          AS $$ SELECT lower(public.unaccent_immutable('public.unaccent'::regdictionary, input)) $$`));
      }
    });

    it('keeps the matches found before the budget ran out, newest first, and offers no next page', async () => {
      await ctx.database.db.execute(sql.raw(`CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent_immutable('public.unaccent'::regdictionary, input)) FROM pg_sleep(CASE WHEN input = 'cống thoát' THEN 0.15 ELSE 0 END) $$`));
      try {
        // 10 matches, fewer than a page of 20: the newest rows read first hold all 10, and the index must confirm there are no more.
        const budgeted = await search(`q=${encodeURIComponent('cống thoát')}&limit=20`);
        expect(budgeted.items.map((t) => t.code)).toEqual(matching);
        expect(budgeted.complete).toBe(ctx.engine !== 'postgres');
        expect(budgeted.nextCursor).toBeNull();
      } finally {
        await ctx.database.db.execute(sql.raw(`CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
          AS $$ SELECT lower(public.unaccent_immutable('public.unaccent'::regdictionary, input)) $$`));
      }
    });
  },
  { env: { SEARCH_BUDGET_MS: '40' } },
);
