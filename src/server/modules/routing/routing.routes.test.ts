import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

type Suggestions = {
  communeCode: string | null;
  successorCommuneCodes: string[];
  items: Array<{ rank: number; agencyCode: string; cooperatingAgencyCodes: string[]; rule: { id: string; priority: number; communeCode: string | null } | null; forwardsLast90Days: number; reason: string }>;
};

describeEachEngine('routing rules and forward suggestions', (ctx) => {
  let cast: Cast;
  /** A ward that ended on 30/6/2025 and became part of phường Cao Lãnh. */
  let oldWard: string;
  const api = ticketApi(ctx, () => cast.operator);
  const rules = (method: 'GET' | 'POST', url = '', payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url: `/api/v1/routing-rules${url}`, headers: cast.admin.headers, ...(payload ? { payload } : {}) });
  const suggestions = async (code: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${code}/routing-suggestions`, headers: cast.operator.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Suggestions;
  };

  beforeAll(async () => {
    cast = await castOf(ctx);
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/org-units?on=all&q=${encodeURIComponent('Hoa An')}` });
    const found = (res.json().items as Array<{ code: string; validTo: string | null; successorCodes: string[] }>).find((u) => u.validTo && u.successorCodes.includes('phuong-cao-lanh'));
    if (!found) throw new Error('no ended unit merged into phường Cao Lãnh');
    oldWard = found.code;
  });

  it('refuses rules pointing to an ended unit, naming the successor, and saves nothing', async () => {
    const lead = await rules('POST', '', { domainCode: 'land', leadAgencyCode: 'old-tp-cao-lanh' });
    expect(lead.statusCode).toBe(422);
    expect(lead.json()).toMatchObject({ code: 'routing_rule.unit_ended', errors: [{ path: 'leadAgencyCode' }] });
    expect(lead.json().detail).toMatch(/chấm dứt hoạt động từ ngày 01\/07\/2025; hãy chọn đơn vị kế thừa: .*phuong-cao-lanh/);
    const commune = await rules('POST', '', { communeCode: oldWard, leadAgencyCode: 'so-xay-dung' });
    expect(commune.statusCode).toBe(422);
    expect(commune.json().detail).toContain('(phuong-cao-lanh)');
    expect((await rules('POST', '', { domainCode: 'khong-co', leadAgencyCode: 'so-xay-dung' })).json().code).toBe('request.validation_failed');
    expect((await rules('POST', '', { communeCode: 'so-y-te', leadAgencyCode: 'so-xay-dung' })).statusCode).toBe(422);
    expect((await rules('GET')).json().items).toEqual([]);
  });

  it('ranks agencies by matching rule, then by operators’ choices for similar tickets; an ended commune matches through its successor', async () => {
    const specific = await rules('POST', '', { domainCode: 'land', communeCode: 'phuong-cao-lanh', leadAgencyCode: 'so-xay-dung', cooperatingAgencyCodes: ['so-y-te', 'so-xay-dung'], priority: 10 });
    expect(specific.statusCode).toBe(201);
    expect(specific.json()).toMatchObject({ communeCode: 'phuong-cao-lanh', leadAgencyCode: 'so-xay-dung', cooperatingAgencyCodes: ['so-y-te'], priority: 10, active: true });
    expect((await rules('POST', '', { domainCode: 'land', leadAgencyCode: 'so-nong-nghiep-moi-truong' })).statusCode).toBe(201);
    // Operators sent two similar tickets (land, phường Cao Lãnh) to Sở Tài chính, one elsewhere to Sở Y tế.
    for (const [communeCode, agency] of [['phuong-cao-lanh', 'so-tai-chinh'], ['phuong-cao-lanh', 'so-tai-chinh'], [undefined, 'so-y-te']] as const) {
      const t = await api.create(cast.operator, { domainCode: 'land', ...(communeCode ? { communeCode } : {}) });
      expect((await api.act(cast.operator, t.code, 'forward', { leadAgencyCode: agency })).statusCode).toBe(200);
    }

    const ticket = await api.create(cast.operator, { domainCode: 'land', communeCode: oldWard });
    const got = await suggestions(ticket.code);
    expect(got).toMatchObject({ communeCode: oldWard, successorCommuneCodes: ['phuong-cao-lanh'] });
    expect(got.items.map((i) => [i.agencyCode, i.forwardsLast90Days])).toEqual([
      ['so-xay-dung', 0],
      ['so-nong-nghiep-moi-truong', 0],
      ['so-tai-chinh', 2],
    ]);
    expect(got.items[0]).toMatchObject({ rank: 1, cooperatingAgencyCodes: ['so-y-te'], rule: { id: specific.json().id, priority: 10, communeCode: 'phuong-cao-lanh' } });
    expect(got.items[0]!.reason).toContain('Theo quy tắc chuyển phiếu: lĩnh vực Đất đai, Phường Cao Lãnh');
    expect(got.items[2]).toMatchObject({ rule: null, reason: '2 phiếu tương tự (cùng lĩnh vực, cùng xã/phường) được chuyển đến đơn vị này trong 90 ngày qua.' });

    // Disabled rules no longer speak; the list keeps them on request.
    expect((await rules('POST', `/${specific.json().id}/disable`)).json()).toMatchObject({ active: false });
    expect((await suggestions(ticket.code)).items.map((i) => i.agencyCode)).toEqual(['so-nong-nghiep-moi-truong', 'so-tai-chinh']);
    expect((await rules('GET')).json().items).toHaveLength(1);
    expect((await rules('GET', '?includeDisabled=true')).json().items).toHaveLength(2);
    expect((await rules('POST', `/00000000-0000-4000-8000-000000000000/disable`)).statusCode).toBe(404);
    // Agencies do not see suggestions; a ticket nobody has is not found.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.code}/routing-suggestions`, headers: cast.xdFocal.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets/1022-2026-999999/routing-suggestions', headers: cast.operator.headers })).statusCode).toBe(404);
  });
});
