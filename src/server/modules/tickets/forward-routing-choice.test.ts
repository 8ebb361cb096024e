import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

describeEachEngine('the operator’s routing choice', (ctx) => {
  let cast: Cast;
  const api = ticketApi(ctx, () => cast.operator);
  const forwardData = async (code: string) =>
    (
      await queryRows<{ data: Record<string, unknown> }>(
        ctx.database.db,
        sql`SELECT e.data FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = ${code} AND e.action = 'forward' ORDER BY e.id DESC LIMIT 1`,
      )
    )[0]!.data;

  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  it('records the rank of the chosen agency among the suggestions in the forward event', async () => {
    const { code } = await api.create(cast.operator);
    const routingChoice = { rank: 2, suggestedCodes: ['so-y-te', 'so-xay-dung', 'phuong-cao-lanh'] };
    expect((await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung', routingChoice })).statusCode).toBe(200);
    expect(await forwardData(code)).toEqual({ leadAgency: 'so-xay-dung', cooperating: [], routingChoice });
  });

  it('records a choice outside the suggestions as rank null, and nothing when the caller sends none', async () => {
    const outside = (await api.create(cast.operator)).code;
    await api.act(cast.operator, outside, 'forward', { leadAgencyCode: 'so-y-te', routingChoice: { rank: null, suggestedCodes: ['so-xay-dung'] } });
    expect((await forwardData(outside)).routingChoice).toEqual({ rank: null, suggestedCodes: ['so-xay-dung'] });

    const plain = (await api.create(cast.operator)).code;
    await api.act(cast.operator, plain, 'forward', { leadAgencyCode: 'so-y-te' });
    expect(await forwardData(plain)).toEqual({ leadAgency: 'so-y-te', cooperating: [] });
  });

  it('refuses a malformed choice and forwards nothing', async () => {
    const { code } = await api.create(cast.operator);
    for (const routingChoice of [{ rank: 0, suggestedCodes: [] }, { rank: 1 }, { rank: 1.5, suggestedCodes: [] }, { rank: 1, suggestedCodes: [], extra: true }]) {
      const res = await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te', routingChoice });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    expect((await api.get(cast.operator, code)).body.status).toBe('new');
  });
});
