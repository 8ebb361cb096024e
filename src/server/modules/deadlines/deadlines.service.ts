/**
 * Deadline policies as versioned data (admin API), and the stage clock tickets run on: each
 * ticket keeps the version it was created under, and every transition moves its clock.
 */
import { tx, type Database, type Executor } from '../../db/database.ts';
import type { DeadlineOverride } from '../../db/schema/deadlines.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { localToday } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { cachedWorkingCalendar, forgetWorkingCalendar, workingCalendarOf } from '../calendar/calendar.service.ts';
import * as repo from './deadlines.repository.ts';
import { clockMayChange, closeOfOfficeOn, extendAnswer, limitsFor, stageAfter, startStage, type StageState } from './stage-clock.ts';

export interface DeadlinesDeps {
  database: Database;
  clock: Clock;
}

export interface DeadlinePolicyView {
  id: string;
  decision: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  triageHours: number;
  acceptanceHours: number;
  answerDays: number;
  reviewHours: number;
  reopenWindowDays: number | null;
  autoCloseDays: number | null;
  overrides: DeadlineOverride[];
  note: string | null;
  inForce: boolean;
  createdAt: string;
}

function view(row: repo.DeadlinePolicyRow, today: string): DeadlinePolicyView {
  return {
    id: row.id,
    decision: row.decision,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    triageHours: row.triageHours,
    acceptanceHours: row.acceptanceHours,
    answerDays: row.answerDays,
    reviewHours: row.reviewHours,
    reopenWindowDays: row.reopenWindowDays,
    autoCloseDays: row.autoCloseDays,
    overrides: row.overrides,
    note: row.note,
    inForce: row.effectiveFrom <= today && (row.effectiveTo === null || row.effectiveTo >= today),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every version, newest first, with the one in force today marked. */
export async function listDeadlinePolicies(deps: DeadlinesDeps): Promise<DeadlinePolicyView[]> {
  const today = localToday(deps.clock.now());
  return (await repo.listPolicies(deps.database.db)).map((r) => view(r, today));
}

export interface NewDeadlinePolicy {
  decision: string;
  effectiveFrom: string;
  effectiveTo?: string | undefined;
  triageHours: number;
  acceptanceHours: number;
  answerDays: number;
  reviewHours: number;
  reopenWindowDays?: number | undefined;
  autoCloseDays?: number | undefined;
  overrides?: DeadlineOverride[] | undefined;
  note?: string | undefined;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Adds a version. It takes effect today or later; the open-ended version in force before it
 * ends the day before. Any other overlap is refused (409 deadline_policy.overlap), and nothing
 * is saved.
 */
export async function createDeadlinePolicy(deps: DeadlinesDeps, actor: Actor, input: NewDeadlinePolicy): Promise<DeadlinePolicyView> {
  const now = deps.clock.now();
  const today = localToday(now);
  const invalid = (path: string, message: string) => new AppError('request.validation_failed', { errors: [{ path, message }] });
  const decision = input.decision.normalize('NFC').trim();
  if (!decision) throw invalid('decision', 'Hãy ghi số và ngày của quyết định ban hành (ví dụ "Quyết định số 12/2026/QĐ-UBND").');
  if (input.effectiveFrom < today) throw new AppError('deadline_policy.in_past', { detail: `Ngày hiệu lực ${input.effectiveFrom} đã qua; sớm nhất là ${today}.` });
  if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) throw invalid('effectiveTo', 'Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.');
  const overrides = (input.overrides ?? []).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as DeadlineOverride);
  const seen = new Set<string>();
  overrides.forEach((o, i) => {
    if (o.type === undefined && o.domainCode === undefined) throw invalid(`overrides/${i}`, 'Mỗi ngoại lệ phải nêu loại phiếu hoặc lĩnh vực.');
    if (!['triageHours', 'acceptanceHours', 'answerDays', 'reviewHours'].some((k) => k in o)) throw invalid(`overrides/${i}`, 'Ngoại lệ phải đặt ít nhất một thời hạn.');
    const key = `${o.type ?? '*'}|${o.domainCode ?? '*'}`;
    if (seen.has(key)) throw invalid(`overrides/${i}`, 'Trùng loại phiếu và lĩnh vực với một ngoại lệ khác.');
    seen.add(key);
  });
  const domainCodes = [...new Set(overrides.flatMap((o) => (o.domainCode ? [o.domainCode] : [])))];
  const known = await repo.existingDomainCodes(deps.database.db, domainCodes);
  const unknown = domainCodes.find((c) => !known.has(c));
  if (unknown) throw invalid('overrides', `Không có lĩnh vực "${unknown}".`);

  const row = await tx(deps.database, async (t) => {
    await repo.lockPolicies(t);
    const overlapping = await repo.findOverlapping(t, input.effectiveFrom, input.effectiveTo ?? null);
    // The open-ended version in force before the new one is superseded: it ends the day before.
    const superseded = overlapping.filter((p) => p.effectiveTo === null && p.effectiveFrom < input.effectiveFrom);
    const clash = overlapping.filter((p) => !superseded.includes(p));
    if (clash.length > 0) {
      throw new AppError('deadline_policy.overlap', {
        detail: `Trùng thời gian hiệu lực với: ${clash.map((p) => `"${p.decision}" (${p.effectiveFrom} – ${p.effectiveTo ?? 'không thời hạn'})`).join('; ')}.`,
      });
    }
    for (const p of superseded) await repo.endPolicy(t, p.id, dayBefore(input.effectiveFrom));
    const created = await repo.insertPolicy(t, {
      decision,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
      triageHours: input.triageHours,
      acceptanceHours: input.acceptanceHours,
      answerDays: input.answerDays,
      reviewHours: input.reviewHours,
      reopenWindowDays: input.reopenWindowDays ?? null,
      autoCloseDays: input.autoCloseDays ?? null,
      overrides,
      note: input.note?.normalize('NFC').trim() || null,
      createdById: actor.userId,
      createdAt: now,
    });
    await recordAudit(
      t,
      toAuditActor(actor),
      { action: 'deadline_policy.created', entityType: 'deadline_policy', entityId: created.id, changes: { decision, effectiveFrom: input.effectiveFrom, superseded: superseded.map((p) => p.id) } },
      now,
    );
    return created;
  });
  return view(row, today);
}

/** The version a ticket runs on: its own, else (older rows) the one in force when it was created. */
async function policyOf(db: Executor, ticket: { deadlinePolicyId: string | null; createdAt: Date }): Promise<repo.DeadlinePolicyRow | undefined> {
  if (ticket.deadlinePolicyId) return repo.findPolicy(db, ticket.deadlinePolicyId);
  return repo.findPolicyOn(db, localToday(ticket.createdAt));
}

/** The version in force on a local date, per database, as this process last read it (under that settings version). */
const policiesInForce = new WeakMap<Database, { date: string; settingsVersion: string; policy: repo.DeadlinePolicyRow | undefined }>();

/** What a new ticket's clock was computed from, for the creating statement to check. */
export interface NewTicketClock {
  clock: Partial<StageState> & { deadlinePolicyId: string | null };
  /** The local date whose version in force was used, and the settings version both came from. */
  today: string;
  settingsVersion: string;
}

/**
 * The clock columns of a new ticket: the version in force today, and the triage stage started.
 * Both the version and the working calendar come from this process's cache, without a round
 * trip: the creating statement compares the settings version (DEADLINE_SETTINGS_VERSION_SQL)
 * and refuses to write on a stale one; the caller then calls `forgetNewTicketSettings` and asks again.
 */
export async function clockForNewTicket(deps: DeadlinesDeps, ticket: { type: string; domainCode: string | null }, now: Date): Promise<NewTicketClock> {
  const today = localToday(now);
  // The calendar first: a version read after its settings version can only be newer, which the
  // statement then notices.
  const { settingsVersion, calendar } = await cachedWorkingCalendar(deps.database);
  let known = policiesInForce.get(deps.database);
  if (!known || known.date !== today || known.settingsVersion !== settingsVersion) {
    known = { date: today, settingsVersion, policy: await repo.findPolicyOn(deps.database.db, today) };
    policiesInForce.set(deps.database, known);
  }
  const policy = known.policy;
  const clock = policy ? { deadlinePolicyId: policy.id, ...startStage('triage', now, limitsFor(policy, ticket.type, ticket.domainCode), calendar) } : { deadlinePolicyId: null };
  return { clock, today, settingsVersion };
}

/** Drops the cached version in force and calendar (a creating statement found them stale). */
export function forgetNewTicketSettings(database: Database): void {
  policiesInForce.delete(database);
  forgetWorkingCalendar(database);
}

/**
 * The clock columns after a transition, inside its transaction `t`; undefined when the clock is
 * not touched or the ticket has no policy.
 */
export async function clockAfterTransition(
  deps: DeadlinesDeps,
  t: Executor,
  ticket: StageState & { type: string; domainCode: string | null; deadlinePolicyId: string | null; createdAt: Date },
  action: string,
  toStatus: string,
  now: Date,
): Promise<Partial<StageState> | undefined> {
  if (!clockMayChange(action, toStatus, ticket.stage)) return undefined;
  const policy = await policyOf(t, ticket);
  if (!policy) return undefined;
  const calendar = await workingCalendarOf(deps.database, t);
  return stageAfter(action, toStatus, ticket, now, limitsFor(policy, ticket.type, ticket.domainCode), calendar);
}

/** The citizen's reopen window of the ticket's version, or undefined to use the configuration. */
export async function reopenWindowDaysOf(t: Executor, ticket: { deadlinePolicyId: string | null; createdAt: Date }): Promise<number | undefined> {
  return (await policyOf(t, ticket))?.reopenWindowDays ?? undefined;
}

/** The auto-close delay (days after the answer) of the ticket's version, or undefined to use the configuration. */
export async function autoCloseDaysOf(t: Executor, ticket: { deadlinePolicyId: string | null; createdAt: Date }): Promise<number | undefined> {
  return (await policyOf(t, ticket))?.autoCloseDays ?? undefined;
}

/** The close of office hours on local `date` (the next working day's when it is not one), in `t`. */
export async function answerDueOn(deps: DeadlinesDeps, t: Executor, date: string): Promise<Date> {
  return closeOfOfficeOn(date, await workingCalendarOf(deps.database, t));
}

/** The clock columns after an approved extension moves the answer deadline to `newDue`. */
export async function clockAfterExtension(deps: DeadlinesDeps, t: Executor, ticket: StageState, newDue: Date): Promise<Partial<StageState>> {
  return extendAnswer(ticket, newDue, await workingCalendarOf(deps.database, t));
}
