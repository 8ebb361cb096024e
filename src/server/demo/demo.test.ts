import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../common/text.ts';
import { EXTENSION_STATUSES, TICKET_STATUSES } from '../../common/tickets.ts';
import { queryRows } from '../db/database.ts';
import { describeEachEngine } from '../../test/harness.ts';
import { verifyAuditChain } from '../modules/audit/audit.service.ts';
import { anonymousActor, type Actor } from '../modules/auth/actor.ts';
import { listTickets } from '../modules/tickets/tickets.service.ts';
import { seededRandom } from './demo-random.ts';
import { generateDemoTickets, loadPlanningContext } from './demo.service.ts';
import { creationTimes } from './demo-times.ts';
import { TicketPlanner } from './ticket-generator.ts';
import { CHANNEL_MIX, type DemoContext } from './ticket-plan.ts';

const operator: Actor = { ...anonymousActor('test', '127.0.0.1', null), kind: 'user', username: 'op', roles: ['operator'] };

function planTitles(context: DemoContext, seed: string, count: number, now: Date, years = 3) {
  const random = seededRandom(seed);
  const times = creationTimes(random, count, years, now);
  const planner = new TicketPlanner(context, random, now);
  return Array.from(times, (ms) => planner.plan(ms));
}

describeEachEngine('demo ticket generator', (ctx) => {
  const count = 300;
  let context: DemoContext;

  beforeAll(async () => {
    // As generateDemoTickets plans.
    context = await loadPlanningContext(ctx.database, ctx.clock.now());
    await generateDemoTickets(ctx.database, { tickets: count, seed: 'test', now: ctx.clock.now(), codePrefix: ctx.config.ticketCodePrefix, batchSize: 120 });
  }, 120_000);

  it('numbers the codes of each year without gaps, in order of creation, and leaves the counter on the last', async () => {
    const rows = await queryRows<{ code: string }>(ctx.database.db, sql`SELECT code FROM tickets ORDER BY created_at, code`);
    expect(rows).toHaveLength(count);
    const byYear = new Map<string, number[]>();
    for (const { code } of rows) {
      const [, year, n] = code.split('-');
      byYear.set(year!, [...(byYear.get(year!) ?? []), Number(n)]);
    }
    expect(byYear.size).toBeGreaterThanOrEqual(3);
    const counters = await queryRows<{ year: number; last: number }>(ctx.database.db, sql`SELECT year, last FROM ticket_code_counters`);
    for (const [year, numbers] of byYear) {
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(counters.find((c) => c.year === Number(year))?.last).toBe(numbers.length);
    }
  });

  it("gives every ticket the status of its last event, with events in time order, and a lifecycle's worth of states", async () => {
    const mismatched = await queryRows<{ code: string }>(
      ctx.database.db,
      sql`SELECT t.code FROM tickets t WHERE t.status IS DISTINCT FROM (SELECT e.to_status FROM ticket_events e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1)`,
    );
    expect(mismatched).toEqual([]);
    const unordered = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM ticket_events a JOIN ticket_events b ON a.ticket_id = b.ticket_id AND b.id > a.id AND b.at < a.at`,
    );
    expect(unordered[0]!.n).toBe(0);
    const firsts = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM tickets t WHERE (SELECT e.action FROM ticket_events e WHERE e.ticket_id = t.id ORDER BY e.id LIMIT 1) <> 'created'`,
    );
    expect(firsts[0]!.n).toBe(0);
    const statuses = await queryRows<{ status: string }>(ctx.database.db, sql`SELECT DISTINCT status FROM tickets`);
    expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['closed', 'answered', 'rejected']));
  });

  it('gives every forwarded ticket a lead agency with its ticket_agencies row, and rejected ones a reason', async () => {
    const missing = await queryRows<{ code: string }>(
      ctx.database.db,
      sql`SELECT t.code FROM tickets t
          WHERE EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'forward')
            AND (t.lead_agency_id IS NULL OR NOT EXISTS (SELECT 1 FROM ticket_agencies a WHERE a.ticket_id = t.id AND a.org_unit_id = t.lead_agency_id AND a.role = 'lead'))`,
    );
    expect(missing).toEqual([]);
    const agencyStates = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM tickets WHERE status IN ('forwarded', 'in_progress', 'waiting_citizen', 'answer_submitted') AND lead_agency_id IS NULL`,
    );
    expect(agencyStates[0]!.n).toBe(0);
    const answered = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM tickets WHERE status IN ('answered', 'closed') AND (answer IS NULL OR answered_at IS NULL)`);
    expect(answered[0]!.n).toBe(0);
    const rejected = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM tickets WHERE status = 'rejected' AND (reject_reason IS NULL OR (reject_reason = 'out_of_scope') <> (out_of_scope_code IS NOT NULL))`,
    );
    expect(rejected[0]!.n).toBe(0);
    const noContact = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.ticket_id = t.id AND i.direction = 'in')`);
    expect(noContact[0]!.n).toBe(0);
  });

  it('runs each ticket’s stage clock through its history: open tickets have a due time, waiting ones are paused, finished ones keep the answer deadline', async () => {
    const rows = await queryRows<{ status: string; stage: string | null; due: Date | string | null; paused: Date | string | null; answer_due: Date | string | null; policy: string | null }>(
      ctx.database.db,
      sql`SELECT status, stage, stage_due_at AS due, stage_paused_at AS paused, answer_due_at AS answer_due, deadline_policy_id AS policy FROM tickets`,
    );
    expect(rows.filter((r) => r.policy === null)).toEqual([]);
    const stageOf: Record<string, string> = { new: 'triage', returned: 'triage', forwarded: 'acceptance', in_progress: 'answer', waiting_citizen: 'answer', answer_submitted: 'review' };
    for (const r of rows) {
      if (r.status in stageOf) {
        expect(r.stage, r.status).toBe(stageOf[r.status]);
        expect(r.status === 'waiting_citizen' ? r.paused : r.due, r.status).not.toBeNull();
      } else {
        expect(r.stage, r.status).toBeNull();
      }
    }
    // Every ticket an agency accepted carries its answer deadline, also once answered or closed.
    const accepted = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM tickets t WHERE t.answer_due_at IS NULL AND EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'accept')`,
    );
    expect(accepted[0]!.n).toBe(0);
  });

  it('lets some lead agencies ask for more time, each request with its events, and approvals moving the answer deadline', async () => {
    const rows = await queryRows<{ status: string; ticket_status: string; lead: boolean; asked: number; decided: number; granted: string | Date | null; answer_due: string | Date | null; reopened: number }>(
      ctx.database.db,
      sql`SELECT e.status, t.status AS ticket_status, e.agency_id = t.lead_agency_id AS lead, e.granted_due_at AS granted, t.answer_due_at AS answer_due, t.reopen_count AS reopened,
            (SELECT count(*)::int FROM ticket_events v WHERE v.ticket_id = t.id AND v.action = 'request-extension') AS asked,
            (SELECT count(*)::int FROM ticket_events v WHERE v.ticket_id = t.id AND v.action = 'decide-extension') AS decided
          FROM ticket_extensions e JOIN tickets t ON t.id = e.ticket_id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.asked).toBe(1);
      expect(r.decided).toBe(r.status === 'requested' ? 0 : 1);
      // A request still waiting is on a ticket the agency is still working on.
      if (r.status === 'requested') expect(['in_progress', 'waiting_citizen']).toContain(r.ticket_status);
      if (r.status === 'approved' && r.reopened === 0) expect(new Date(r.answer_due!).getTime()).toBe(new Date(r.granted!).getTime());
    }
    const noRow = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM ticket_events v WHERE v.action = 'request-extension' AND NOT EXISTS (SELECT 1 FROM ticket_extensions e WHERE e.ticket_id = v.ticket_id)`,
    );
    expect(noRow[0]!.n).toBe(0);
  });

  it('keeps the audit chain intact, with one summary row per batch', async () => {
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
    const rows = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'demo.generated'`);
    expect(rows[0]!.n).toBe(Math.ceil(count / 120));
  });

  it('finds generated tickets by a word typed without accents', async () => {
    const [sample] = await queryRows<{ code: string; title: string }>(ctx.database.db, sql`SELECT code, title FROM tickets WHERE domain_code IS NOT NULL ORDER BY code LIMIT 1`);
    const deps = { database: ctx.database, config: ctx.config, clock: ctx.clock };
    const found = await listTickets(deps, operator, { q: foldVietnamese(sample!.title), limit: 100 });
    expect(found.items.map((t) => t.code)).toContain(sample!.code);
    const hasWord = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM tickets WHERE title ILIKE '%điện%'`);
    if (hasWord[0]!.n > 0) expect((await listTickets(deps, operator, { q: 'dien', limit: 5 })).items.length).toBeGreaterThan(0);
  });

  it('gives the same titles for the same seed, in code order', async () => {
    const rows = await queryRows<{ title: string }>(ctx.database.db, sql`SELECT title FROM tickets ORDER BY created_at, code`);
    const planned = planTitles(context, 'test', count, ctx.clock.now()).map((p) => p.ticket.title);
    expect(rows.map((r) => r.title)).toEqual(planned);
    expect(planTitles(context, 'other seed', count, ctx.clock.now()).map((p) => p.ticket.title)).not.toEqual(planned);
  });

  describe('on a larger sample (planned in memory)', () => {
    it('follows the channel mix, covers every state, and leaves old tickets mostly done and recent ones often open', () => {
      const now = ctx.clock.now();
      const plans = planTitles(context, 'mix', 12_000, now);
      const share = (channel: string) => plans.filter((p) => p.ticket.origin_channel === channel).length / plans.length;
      const total = Object.values(CHANNEL_MIX).reduce((a, b) => a + b, 0);
      for (const [channel, weight] of Object.entries(CHANNEL_MIX)) {
        const expected = weight / total;
        // About four standard deviations of a binomial share: a fluke fails once in ~15,000 runs.
        const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / plans.length) + 0.001;
        expect(Math.abs(share(channel) - expected), channel).toBeLessThan(tolerance);
      }
      // Every state, 'new' and the brief 'returned' included, shows in a busy recent month.
      const busyMonth = planTitles(context, 'busy month', 10_000, now, 0.08);
      const statuses = new Set(busyMonth.map((p) => p.ticket.status));
      for (const s of TICKET_STATUSES) expect(statuses.has(s), s).toBe(true);
      const age = (p: (typeof plans)[number]) => now.getTime() - Date.parse(p.ticket.created_at as string);
      const old = plans.filter((p) => age(p) > 365 * 86_400_000);
      const recent = plans.filter((p) => age(p) < 5 * 86_400_000);
      const done = (p: (typeof plans)[number]) => ['closed', 'answered', 'rejected'].includes(p.ticket.status);
      expect(old.filter(done).length / old.length).toBeGreaterThan(0.95);
      expect(recent.filter((p) => !done(p)).length / recent.length).toBeGreaterThan(0.3);
      expect(plans.some((p) => (p.ticket.reopen_count as number) > 0)).toBe(true);
      expect(plans.some((p) => p.events.some((e) => e.action === 'return'))).toBe(true);
      // Extension requests: approved, refused, and (in a busy month) some still waiting for a supervisor, which the queue counters count.
      const extensions = new Set(busyMonth.flatMap((p) => (p.extension ? [p.extension.status] : [])));
      expect([...extensions].sort()).toEqual([...EXTENSION_STATUSES].sort());
      // Returning contacts: the same person behind several tickets.
      const contacts = new Set(plans.map((p) => p.ticket.contact_id));
      expect(contacts.size).toBeLessThan(plans.length * 0.95);
    });
  });
});
