/**
 * Closes, every hour, the answered tickets the citizen neither rated nor reopened within the
 * auto-close delay of the ticket's deadline policy version (AUTO_CLOSE_DAYS calendar days when
 * the version sets none) after the answer. It finds candidates a batch at a time, then
 * closes each through `autoCloseTicket` (the "close" transition, by the system) with the
 * version it read: a ticket that changed meanwhile is skipped, and a second run finds nothing
 * left to close, so running twice (or on two workers) closes nothing twice.
 */
import { z } from 'zod';
import { defineJob, type JobContext } from '../../jobs/job-definition.ts';
import { autoCloseTicket } from './ticket-transitions.ts';
import { findAutoCloseCandidates } from './tickets.repository.ts';
import type { TicketsDeps } from './tickets.service.ts';

export const AUTO_CLOSE_JOB = 'tickets.auto-close';
const BATCH = 200;
/** At most this many batches per run; the next run (an hour later) carries on. */
const MAX_BATCHES = 25;


export interface AutoCloseResult {
  candidates: number;
  closed: number;
  skipped: number;
}

/** One run: closes what qualifies now. */
export async function autoCloseAnswered(deps: TicketsDeps, options: { batch?: number; maxBatches?: number } = {}): Promise<AutoCloseResult> {
  const days = deps.config.autoCloseDays;
  const batch = options.batch ?? BATCH;
  const now = deps.clock.now();
  const result: AutoCloseResult = { candidates: 0, closed: 0, skipped: 0 };
  let after: { answeredAt: Date; id: string } | undefined;
  for (let i = 0; i < (options.maxBatches ?? MAX_BATCHES); i++) {
    const found = await findAutoCloseCandidates(deps.database.db, now, days, batch, after);
    result.candidates += found.length;
    for (const c of found) {
      if (await autoCloseTicket(deps, c.code, c.version, days)) result.closed++;
      else result.skipped++;
    }
    if (found.length < batch) break;
    const last = found.at(-1)!;
    after = { answeredAt: last.answeredAt, id: last.id };
  }
  return result;
}

export const autoCloseJob = defineJob({
  name: AUTO_CLOSE_JOB,
  schema: z.object({}).loose(),
  // Every hour, five past (Asia/Ho_Chi_Minh, as every schedule).
  schedule: { cron: '5 * * * *' },
  async handle(_data, ctx: JobContext) {
    const result = await autoCloseAnswered({ database: ctx.database, clock: ctx.clock, config: ctx.config });
    if (result.candidates > 0) ctx.log.info({ ...result, fallbackDays: ctx.config.autoCloseDays }, 'answered tickets closed automatically');
  },
});
