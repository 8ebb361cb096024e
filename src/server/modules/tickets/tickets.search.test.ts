import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, type Cast } from '../../../test/ticket-fixtures.ts';
import { chooseSearchPlan, RECENT_DAYS } from './search-plan.ts';
import { searchByIndex } from './ticket-list.repository.ts';
import { wordStatistics } from './search-words.repository.ts';

/**
 * 160 tickets, one a minute (two at a time every ten, to check the order of equal times):
 * "phản ánh" in all of them, "đèn đường" in the even ones and "nước sạch" in the odd ones,
 * both only in the four oldest, "cầu khỉ" in two, every third closed, every fourth handled
 * by Sở Y tế. With statistics, a common word is read newest first, "cầu khỉ" through the index,
 * and "đèn nước" newest first in vain before the index finds the four oldest.
 */
const COUNT = 160;

describeEachEngine('ticket search plans: the same results whichever plan the words get', (ctx) => {
  let cast: Cast;

  beforeAll(async () => {
    cast = await castOf(ctx);
    const base = Date.parse('2026-01-05T01:00:00Z');
    const rows = Array.from({ length: COUNT }, (_, i) => {
      const words = ['Phản ánh số', String(i), i % 2 === 0 ? 'đèn đường hỏng' : 'nước sạch yếu', i < 4 ? 'cả đèn lẫn nước' : '', i === 7 || i === 100 ? 'cầu khỉ gãy' : ''];
      return {
        code: `1022-2026-9${String(i).padStart(5, '0')}`,
        content: words.join(' ').trim(),
        status: i % 3 === 0 ? 'closed' : 'new',
        at: new Date(base + (i - (i % 10 === 5 ? 1 : 0)) * 60_000).toISOString(),
      };
    });
    await ctx.database.db.execute(sql`
      INSERT INTO tickets (code, type, title, content, origin_channel, status, created_at, updated_at)
      SELECT r->>'code', 'feedback', left(r->>'content', 40), r->>'content', 'phone_in', r->>'status', (r->>'at')::timestamptz, (r->>'at')::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`);
    await ctx.database.db.execute(sql`
      INSERT INTO ticket_agencies (ticket_id, org_unit_id, role, since)
      SELECT t.id, o.id, 'lead', t.created_at FROM tickets t, org_units o
      WHERE o.code = 'so-y-te' AND t.code LIKE '1022-2026-9%' AND substr(t.code, 11)::int % 4 = 0`);
    await ctx.database.db.execute(sql`ANALYZE tickets`);
  });

  it('chooses from the word statistics: newest first for common words, the index for rare ones', async () => {
    const stats = await wordStatistics(ctx.database.db);
    expect(stats?.shares.get('phan')).toBeCloseTo(1, 1);
    expect(stats?.shares.get('den')).toBeCloseTo(0.5, 1);
    expect(chooseSearchPlan(stats, 'phản ánh', 6).kind).toBe('newest-first');
    expect(chooseSearchPlan(stats, 'cầu khỉ', 6)).toEqual({ kind: 'index', recentDays: [] });
    expect(chooseSearchPlan(stats, '0912345678', 6)).toEqual({ kind: 'index', recentDays: [] });
    const pair = chooseSearchPlan(stats, 'đèn nước', 6);
    expect(pair.kind === 'newest-first' && pair.scanned < COUNT).toBe(true);
  });

  it('finds the same tickets, newest first, page after page, within the caller’s scope and filters', async () => {
    const expected = async (q: string, closedOnly: boolean, unit: string | null) =>
      (
        await queryRows<{ code: string }>(
          ctx.database.db,
          sql`SELECT code FROM tickets t WHERE search @@ plainto_tsquery('simple', vn_norm(${q}))
              ${closedOnly ? sql`AND status = 'closed'` : sql``}
              ${unit ? sql`AND EXISTS (SELECT 1 FROM ticket_agencies ta JOIN org_units o ON o.id = ta.org_unit_id WHERE ta.ticket_id = t.id AND o.code = ${unit})` : sql``}
              ORDER BY created_at DESC, id DESC`,
        )
      ).map((r) => r.code);
    const found = async (as: Cast['operator'], q: string, closedOnly: boolean) => {
      const codes: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `q=${encodeURIComponent(q)}&limit=5${closedOnly ? '&status=closed' : ''}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?${query}`, headers: as.headers });
        expect(res.statusCode).toBe(200);
        const body = res.json() as { items: Array<{ code: string }>; nextCursor: string | null };
        codes.push(...body.items.map((t) => t.code));
        cursor = body.nextCursor;
      } while (cursor);
      return codes;
    };
    const queries = ['phản ánh', 'ĐÈN', 'đèn đường', 'đèn nước', 'cầu khỉ', 'khong co tu nay'];
    for (const q of queries) {
      for (const closedOnly of [false, true]) {
        expect(await found(cast.operator, q, closedOnly), `${q} ${closedOnly}`).toEqual(await expected(q, closedOnly, null));
        expect(await found(cast.ytFocal, q, closedOnly), `${q} ${closedOnly} (Sở Y tế)`).toEqual(await expected(q, closedOnly, 'so-y-te'));
      }
    }
    // The pair found only in the four oldest tickets, after the newest rows were read in vain.
    expect(await found(cast.operator, 'đèn nước', false)).toEqual(['1022-2026-900003', '1022-2026-900002', '1022-2026-900001', '1022-2026-900000']);
  });

  it('finds the newest matches through the index when it asks the recent days first, page after page', async () => {
    // "kênh mương" in 40 tickets, one every four days back from 2026-02-26: 2 in the last 7
    // days, 15 in the last 60, the rest older.
    const newest = Date.parse('2026-02-26T03:00:00Z');
    const rows = Array.from({ length: 40 }, (_, i) => ({ code: `1022-2026-8${String(i).padStart(5, '0')}`, at: new Date(newest - i * 4 * 86_400_000).toISOString() }));
    await ctx.database.db.execute(sql`
      INSERT INTO tickets (code, type, title, content, origin_channel, status, created_at, updated_at)
      SELECT r->>'code', 'feedback', 'Kênh mương', 'Kênh mương bị bồi lắng, đề nghị nạo vét.', 'phone_in', 'new', (r->>'at')::timestamptz, (r->>'at')::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`);
    const where = sql`search @@ plainto_tsquery('simple', vn_norm('kenh muong'))`;
    const all = rows.map((r) => r.code);
    const now = new Date('2026-02-27T00:00:00Z');
    for (const limit of [2, 3, 6, 20, 50]) {
      const codes: string[] = [];
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const keyset = after ? sql`AND (created_at, id) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``;
        const { rows: page } = await searchByIndex(ctx.database.db, sql`${where} ${keyset}`, limit, after?.createdAt ?? now, RECENT_DAYS);
        codes.push(...page.map((t) => t.code));
        if (page.length < limit) break;
        after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
      }
      expect(codes, `pages of ${limit}`).toEqual(all);
    }
  });
});
