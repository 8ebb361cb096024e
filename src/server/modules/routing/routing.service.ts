/**
 * Routing: rules (domain, commune, ticket type → lead agency + cooperating agencies, with a
 * priority) kept by administrators, and ranked suggestions for the forward dialog with the reason
 * for each: the rule that matched, and how often operators chose the agency for similar tickets.
 * Units ended in the 2025 reform never get new rules; a ticket naming one routes by its successor.
 */
import type { TICKET_TYPES } from '../../../common/tickets.ts';
import { tx, type Database } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { localToday } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import type { Config } from '../../config.ts';
import { similarForwards } from '../reports/reports.service.ts';
import { routingFactsOf } from '../tickets/tickets.service.ts';
import * as repo from './routing.repository.ts';

export interface RoutingDeps {
  database: Database;
  config: Config;
  clock: Clock;
}

/** How far back the suggestions look at operators' choices. */
export const HISTORY_DAYS = 90;

const COMMUNE_KINDS = ['commune', 'ward'];
const TYPE_VI: Record<string, string> = { feedback: 'phản ánh', petition: 'kiến nghị', question: 'hỏi đáp', suggestion: 'góp ý', care: 'chăm sóc khách hàng' };
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10).split('-').reverse().join('/');

export interface RuleView {
  id: string;
  domainCode: string | null;
  communeCode: string | null;
  communeName: string | null;
  ticketType: string | null;
  leadAgencyCode: string;
  leadAgencyName: string;
  cooperatingAgencyCodes: string[];
  priority: number;
  active: boolean;
  note: string | null;
  createdAt: string;
  disabledAt: string | null;
}

async function views(deps: RoutingDeps, rules: repo.RuleRow[]): Promise<RuleView[]> {
  const ids = [...new Set(rules.flatMap((r) => [r.leadAgencyId, ...r.cooperatingAgencyIds, ...(r.communeId ? [r.communeId] : [])]))];
  const units = new Map((await repo.findUnitsById(deps.database.db, ids)).map((u) => [u.id, u]));
  return rules.map((r) => ({
    id: r.id,
    domainCode: r.domainCode,
    communeCode: r.communeId ? (units.get(r.communeId)?.code ?? null) : null,
    communeName: r.communeId ? (units.get(r.communeId)?.name ?? null) : null,
    ticketType: r.ticketType,
    leadAgencyCode: units.get(r.leadAgencyId)!.code,
    leadAgencyName: units.get(r.leadAgencyId)!.name,
    cooperatingAgencyCodes: r.cooperatingAgencyIds.map((id) => units.get(id)!.code).sort(),
    priority: r.priority,
    active: r.active,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    disabledAt: r.disabledAt?.toISOString() ?? null,
  }));
}

/** The rules, highest priority first; disabled ones only when asked. */
export async function listRoutingRules(deps: RoutingDeps, includeDisabled: boolean): Promise<RuleView[]> {
  return views(deps, await repo.listRules(deps.database.db, includeDisabled));
}

export interface NewRoutingRule {
  domainCode?: string | undefined;
  communeCode?: string | undefined;
  ticketType?: (typeof TICKET_TYPES)[number] | undefined;
  leadAgencyCode: string;
  cooperatingAgencyCodes?: string[] | undefined;
  priority?: number | undefined;
  note?: string | undefined;
}

/**
 * Adds a rule. Every unit it names must exist and be in force: one that ended (the 2025 reform)
 * is refused with 422 `routing_rule.unit_ended` naming its successors. Nothing is saved then.
 */
export async function createRoutingRule(deps: RoutingDeps, actor: Actor, input: NewRoutingRule): Promise<RuleView> {
  const db = deps.database.db;
  const today = localToday(deps.clock.now());
  const invalid = (path: string, message: string) => new AppError('request.validation_failed', { errors: [{ path, message }] });
  if (input.domainCode && !(await repo.domainExists(db, input.domainCode))) throw invalid('domainCode', `Không có lĩnh vực "${input.domainCode}".`);
  const cooperatingCodes = [...new Set(input.cooperatingAgencyCodes ?? [])].filter((c) => c !== input.leadAgencyCode);
  const named = [
    ...(input.communeCode ? [{ path: 'communeCode', code: input.communeCode }] : []),
    { path: 'leadAgencyCode', code: input.leadAgencyCode },
    ...cooperatingCodes.map((code) => ({ path: 'cooperatingAgencyCodes', code })),
  ];
  const units = new Map((await repo.findUnitsByCode(db, named.map((n) => n.code))).map((u) => [u.code, u]));
  for (const n of named) {
    const unit = units.get(n.code);
    if (!unit) throw invalid(n.path, `Không có đơn vị mã "${n.code}".`);
    if (unit.validTo && unit.validTo < today) {
      const successors = await repo.successorsOf(db, [unit.id]);
      const names = successors.map((s) => `${s.name} (${s.code})`).join(', ');
      const message = `${unit.name} (${unit.code}) đã chấm dứt hoạt động từ ngày ${dayAfter(unit.validTo)}; ${names ? `hãy chọn đơn vị kế thừa: ${names}` : 'không có đơn vị kế thừa được ghi nhận'}.`;
      throw new AppError('routing_rule.unit_ended', { detail: message, errors: [{ path: n.path, message }] });
    }
  }
  const commune = input.communeCode ? units.get(input.communeCode)! : undefined;
  if (commune && !COMMUNE_KINDS.includes(commune.kind)) throw invalid('communeCode', `${commune.name} không phải là xã, phường.`);
  const now = deps.clock.now();
  const row = await tx(deps.database, async (t) => {
    const created = await repo.insertRule(t, {
      domainCode: input.domainCode ?? null,
      communeId: commune?.id ?? null,
      ticketType: input.ticketType ?? null,
      leadAgencyId: units.get(input.leadAgencyCode)!.id,
      cooperatingAgencyIds: cooperatingCodes.map((c) => units.get(c)!.id),
      priority: input.priority ?? 0,
      note: input.note?.normalize('NFC').trim() || null,
      createdById: actor.userId,
      createdAt: now,
    });
    await recordAudit(
      t,
      toAuditActor(actor),
      { action: 'routing_rule.created', entityType: 'routing_rule', entityId: created.id, changes: { ...input, cooperatingAgencyCodes: cooperatingCodes } },
      now,
    );
    return created;
  });
  return (await views(deps, [row]))[0]!;
}

/** Disables a rule (kept for the record); disabling a disabled rule changes nothing. */
export async function disableRoutingRule(deps: RoutingDeps, actor: Actor, id: string): Promise<RuleView> {
  const now = deps.clock.now();
  const row = await tx(deps.database, async (t) => {
    const disabled = await repo.disableRule(t, id, now);
    if (!disabled) return undefined;
    await recordAudit(t, toAuditActor(actor), { action: 'routing_rule.disabled', entityType: 'routing_rule', entityId: id, changes: { active: { from: true, to: false } } }, now);
    return disabled;
  });
  const current = row ?? (await repo.findRule(deps.database.db, id));
  if (!current) throw new AppError('resource.not_found', { detail: 'Không có quy tắc chuyển phiếu này.' });
  return (await views(deps, [current]))[0]!;
}

export interface Suggestion {
  rank: number;
  agencyCode: string;
  agencyName: string;
  cooperatingAgencyCodes: string[];
  rule: { id: string; priority: number; domainCode: string | null; communeCode: string | null; ticketType: string | null } | null;
  forwardsLast90Days: number;
  reason: string;
}

/**
 * Ranked agencies for forwarding the ticket `code`: agencies of matching rules first (higher
 * priority, then the more specific rule), then by how often operators forwarded similar tickets
 * (same domain and commune) to them in the last 90 days. A commune ended in the 2025 reform is
 * matched through its successors, and an ended agency is replaced by its successors.
 */
export async function routingSuggestions(deps: RoutingDeps, actor: Actor, code: string) {
  const db = deps.database.db;
  const ticket = await routingFactsOf(deps, actor, code);
  const today = localToday(deps.clock.now());
  const area = ticket.communeId ? await repo.areaOf(db, ticket.communeId) : [];
  const [commune] = ticket.communeId ? await repo.findUnitsById(db, [ticket.communeId]) : [];
  const successorCommunes = commune?.validTo && commune.validTo < today ? await repo.successorsOf(db, [commune.id]) : [];

  const rules = await repo.matchingRules(db, { domainCode: ticket.domainCode, communeIds: area, type: ticket.type });
  const history = ticket.domainCode ? await similarForwards(deps, { ticketId: ticket.id, domainCode: ticket.domainCode, communeIds: area, days: HISTORY_DAYS }) : [];

  // Every unit named, with successors for those that ended.
  const named = await repo.findUnitsById(db, [...new Set(rules.flatMap((r) => [r.leadAgencyId, ...r.cooperatingAgencyIds, ...(r.communeId ? [r.communeId] : [])]))]);
  const byCode = new Map([...named, ...(await repo.findUnitsByCode(db, history.map((h) => h.agencyCode)))].map((u) => [u.code, u]));
  const byId = new Map([...byCode.values()].map((u) => [u.id, u]));
  const ended = [...byCode.values()].filter((u) => u.validTo && u.validTo < today);
  const successors = await repo.successorsOf(db, ended.map((u) => u.id));
  const inForce = (u: repo.UnitRef): repo.UnitRef[] => (u.validTo && u.validTo < today ? successors.filter((s) => s.of === u.id) : [u]);

  const domainNames = await repo.domainNames(db, [...new Set(rules.flatMap((r) => (r.domainCode ? [r.domainCode] : [])))]);

  type Entry = Omit<Suggestion, 'rank' | 'reason'> & { specificity: number; reasons: string[] };
  const entries = new Map<string, Entry>();
  const entryFor = (u: repo.UnitRef): Entry => {
    let e = entries.get(u.code);
    if (!e) entries.set(u.code, (e = { agencyCode: u.code, agencyName: u.name, cooperatingAgencyCodes: [], rule: null, forwardsLast90Days: 0, specificity: -1, reasons: [] }));
    return e;
  };
  for (const r of rules) {
    const lead = byId.get(r.leadAgencyId)!;
    const ruleCommune = r.communeId ? byId.get(r.communeId) : undefined;
    const specificity = (r.domainCode ? 4 : 0) + (r.communeId ? 2 : 0) + (r.ticketType ? 1 : 0);
    for (const u of inForce(lead)) {
      const e = entryFor(u);
      if (e.rule) continue; // the first matching rule (highest priority) speaks for the agency
      e.rule = { id: r.id, priority: r.priority, domainCode: r.domainCode, communeCode: ruleCommune?.code ?? null, ticketType: r.ticketType };
      e.specificity = specificity;
      e.cooperatingAgencyCodes = [...new Set(r.cooperatingAgencyIds.flatMap((id) => inForce(byId.get(id)!).map((c) => c.code)))].filter((c) => c !== u.code).sort();
      const conditions = [
        r.domainCode ? `lĩnh vực ${domainNames.get(r.domainCode) ?? r.domainCode}` : null,
        ruleCommune ? `${ruleCommune.name}${successorCommunes.some((s) => s.id === ruleCommune.id) ? ` (nay gồm ${commune!.name})` : ''}` : null,
        r.ticketType ? `loại ${TYPE_VI[r.ticketType] ?? r.ticketType}` : null,
      ].filter(Boolean);
      e.reasons.push(`Theo quy tắc chuyển phiếu${conditions.length ? `: ${conditions.join(', ')}` : ' chung'} (ưu tiên ${r.priority})${u.id !== lead.id ? `; kế thừa ${lead.name}` : ''}`);
    }
  }
  for (const h of history) {
    const unit = byCode.get(h.agencyCode);
    if (!unit) continue;
    for (const u of inForce(unit)) entryFor(u).forwardsLast90Days += h.count;
  }
  for (const e of entries.values()) if (e.forwardsLast90Days > 0) e.reasons.push(`${e.forwardsLast90Days} phiếu tương tự (cùng lĩnh vực, cùng xã/phường) được chuyển đến đơn vị này trong ${HISTORY_DAYS} ngày qua`);

  const items = [...entries.values()]
    .sort(
      (a, b) =>
        Number(!!b.rule) - Number(!!a.rule) ||
        (b.rule?.priority ?? 0) - (a.rule?.priority ?? 0) ||
        b.specificity - a.specificity ||
        b.forwardsLast90Days - a.forwardsLast90Days ||
        a.agencyCode.localeCompare(b.agencyCode),
    )
    .map(({ specificity: _s, reasons, ...e }, i): Suggestion => ({ rank: i + 1, ...e, reason: `${reasons.join('; ')}.` }));
  return {
    ticketCode: ticket.code,
    communeCode: commune?.code ?? null,
    /** The communes in force the ticket's commune became (empty when it is in force). */
    successorCommuneCodes: successorCommunes.map((s) => s.code),
    items,
  };
}
