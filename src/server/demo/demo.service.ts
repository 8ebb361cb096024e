/**
 * Demo and benchmark data: realistic tickets over several years, written in batches (one
 * transaction per batch, one multi-row INSERT per table). Deterministic from the seed: the
 * same seed on the same reference data gives the same tickets (ids and codes aside).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { tx } from '../db/database.ts';
import { localToday } from '../lib/time.ts';
import { recordAudit, type AuditActor } from '../modules/audit/audit.service.ts';
import { workingCalendarOf } from '../modules/calendar/calendar.service.ts';
import { listDeadlinePolicies } from '../modules/deadlines/deadlines.service.ts';
import { seededRandom } from './demo-random.ts';
import * as repo from './demo.repository.ts';
import { creationTimes } from './demo-times.ts';
import { TicketPlanner } from './ticket-generator.ts';
import { assignCode, type DemoContext, type TicketPlan } from './ticket-plan.ts';

export interface GenerateOptions {
  tickets: number;
  /** How many years back from `now` the tickets spread over. */
  years?: number;
  seed?: string;
  /** The end of the period: the clock's now. */
  now: Date;
  /** The ticket code prefix (config.ticketCodePrefix). */
  codePrefix: string;
  batchSize?: number;
  /** Skip row-by-row foreign-key checks when the database user may (a superuser): for big runs. */
  skipForeignKeyChecks?: boolean;
  onProgress?: (p: { done: number; total: number; perSecond: number }) => void;
}

export interface GenerateResult {
  tickets: number;
  events: number;
  seconds: number;
  perSecond: number;
}

const demoActor: AuditActor = { actorId: null, actorLabel: 'demo-generator', requestId: null, ip: null, userAgent: null };

/** What the planner needs, as of `now`: the reference data and staff, the deadline policies and the working calendar. */
export async function loadPlanningContext(database: Database, now: Date): Promise<DemoContext> {
  return {
    ...(await repo.loadDemoContext(database.db, localToday(now))),
    deadlines: { policies: await listDeadlinePolicies({ database, clock: { now: () => now } }), calendar: await workingCalendarOf(database) },
  };
}

/** Generates `options.tickets` tickets with their contacts, interactions, agencies and history. */
export async function generateDemoTickets(database: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const seed = options.seed ?? '1022';
  const random = seededRandom(seed);
  const years = options.years ?? 3;
  // PGlite runs in this process: smaller batches keep memory and pauses small.
  const batchSize = options.batchSize ?? (database.engine === 'postgres' ? 5000 : 1000);
  const planner = new TicketPlanner(await loadPlanningContext(database, options.now), random, options.now);
  const times = creationTimes(random, options.tickets, years, options.now);
  let events = 0;
  let lastReport = 0;
  let done = 0;

  /** Plans the tickets created at `slice`, yielding now and then so that the batch being written progresses meanwhile. */
  const planBatch = async (slice: Float64Array): Promise<TicketPlan[]> => {
    const plans: TicketPlan[] = [];
    for (let i = 0; i < slice.length; i++) {
      plans.push(planner.plan(slice[i]!));
      if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    }
    return plans;
  };

  const writeBatch = (plans: TicketPlan[]) =>
    tx(database, async (t) => {
      await repo.prepareBulkLoad(t, { skipForeignKeyChecks: options.skipForeignKeyChecks ?? false });
      // Codes in order of creation within each year: reserve each year's block, then number.
      const perYear = new Map<number, number>();
      for (const p of plans) perYear.set(p.year, (perYear.get(p.year) ?? 0) + 1);
      const nextNumber = new Map<number, number>();
      for (const [year, count] of perYear) nextNumber.set(year, await repo.reserveTicketNumbers(t, year, count));
      for (const p of plans) {
        const n = nextNumber.get(p.year)!;
        nextNumber.set(p.year, n + 1);
        assignCode(p, `${options.codePrefix}-${p.year}-${String(n).padStart(6, '0')}`);
      }
      type Row = Record<string, unknown>;
      const rows = (pick: (p: TicketPlan) => Row | Row[] | null): Row[] =>
        plans.flatMap((p) => {
          const v = pick(p);
          return v === null ? [] : Array.isArray(v) ? v : [v];
        });
      await repo.insertRows(t, 'contacts', rows((p) => p.contact));
      await repo.insertRows(t, 'contact_phones', rows((p) => p.phone));
      await repo.insertRows(t, 'tickets', rows((p) => p.ticket));
      await repo.insertRows(t, 'ticket_agencies', rows((p) => p.agencies));
      const eventRows = rows((p) => p.events);
      await repo.insertRows(t, 'ticket_events', eventRows);
      await repo.insertRows(t, 'interactions', rows((p) => p.interactions));
      await repo.insertRows(t, 'ticket_extensions', rows((p) => p.extension));
      // Generated history is not the action of any user: one summary audit row per batch
      // says what was generated, instead of an audit row per invented transition.
      await recordAudit(
        t,
        demoActor,
        { action: 'demo.generated', entityType: 'demo', entityId: null, changes: { seed, tickets: plans.length, firstCode: plans[0]!.ticket.code, lastCode: plans.at(-1)!.ticket.code, events: eventRows.length } },
        new Date(),
      );
      return eventRows.length;
    });

  // A pipeline: the next batch is planned while the database writes the current one.
  let next = times.length ? await planBatch(times.subarray(0, batchSize)) : undefined;
  for (let from = 0; next; from += batchSize) {
    const writing = writeBatch(next);
    const following = from + batchSize < times.length ? planBatch(times.subarray(from + batchSize, from + 2 * batchSize)) : Promise.resolve(undefined);
    done += next.length;
    events += await writing;
    next = await following;
    const now = performance.now();
    if (options.onProgress && (now - lastReport > 1000 || done === times.length)) {
      lastReport = now;
      options.onProgress({ done, total: times.length, perSecond: Math.round(done / ((now - started) / 1000)) });
    }
  }
  // As after any bulk load: the planner's statistics, at once (PGlite has no autovacuum to do it).
  await database.db.execute(sql`ANALYZE`);
  const seconds = (performance.now() - started) / 1000;
  return { tickets: options.tickets, events, seconds, perSecond: Math.round(options.tickets / Math.max(seconds, 0.001)) };
}
