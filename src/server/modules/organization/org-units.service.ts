/**
 * The organization tree as administrators keep it: units (effective-dated, with contact details,
 * a head for escalations, and "email only" for small units without accounts), the successor
 * links of merged units, and the focal points who receive forwarded tickets. Every change is
 * checked whole, audited in its transaction, and marks the unit as the administrators' so the
 * reference loader no longer overwrites it.
 */
import { tx, type Database, type Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { localToday } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import type { FocalPoint, OrgUnitFields, OrgUnitKind, OrgUnitView } from '../../../common/organization.ts';
import * as repo from './organization.repository.ts';
import { forgetCachedSubtrees } from '../tickets/subtree-cache.ts';

export interface OrganizationDeps {
  database: Database;
  clock: Clock;
}

export type { FocalPoint, OrgUnitFields, OrgUnitView };

const FIELDS = ['name', 'shortName', 'kind', 'parentCode', 'validFrom', 'validTo', 'email', 'phone', 'address', 'headName', 'headTitle', 'headEmail', 'headUserId', 'emailOnly', 'aliases', 'note'] as const;
const UNIT_DEFAULTS: Omit<OrgUnitFields, 'name' | 'kind'> = {
  shortName: null, parentCode: null, validFrom: null, validTo: null, email: null, phone: null, address: null, headName: null,
  headTitle: null, headEmail: null, headUserId: null, emailOnly: false, aliases: [], note: null,
};
const HOTLINE_ROLES = ['admin', 'supervisor', 'operator'];

const notFound = () => new AppError('resource.not_found', { detail: 'Không có đơn vị này.' });
const invalid = (path: string, message: string) => new AppError('request.validation_failed', { detail: message, errors: [{ path, message }] });
const clean = (s: string) => s.normalize('NFC').trim();
const cleanOrNull = (s: string | null | undefined) => (s == null ? null : clean(s) || null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const vnDate = (date: string) => date.split('-').reverse().join('/');

function today(deps: OrganizationDeps): string {
  return localToday(deps.clock.now());
}

async function views(deps: OrganizationDeps, db: Executor, rows: repo.UnitViewRow[]): Promise<OrgUnitView[]> {
  const focal = await repo.focalPointsOf(db, rows.map((r) => r.id));
  const now = today(deps);
  return rows.map(({ id, ...r }) => ({
    ...r,
    origin: r.origin as OrgUnitView['origin'],
    ended: r.validTo !== null && r.validTo < now,
    focalPoints: focal.filter((f) => f.orgUnitId === id).map(({ orgUnitId: _u, ...f }) => f),
  }));
}

async function viewOf(deps: OrganizationDeps, db: Executor, code: string): Promise<OrgUnitView> {
  const [view] = await views(deps, db, await repo.listUnitViews(db, { code }));
  if (!view) throw notFound();
  return view;
}

export interface OrgUnitQuery {
  q?: string | undefined;
  kind?: string[] | undefined;
  at?: string | undefined;
  includeEnded: boolean;
}

/**
 * Units matching the query: `q` without accents over name, short name, code and other names;
 * `at` keeps the units in force on that date; otherwise units that ended before today are left
 * out unless `includeEnded`.
 */
export async function listOrgUnitViews(deps: OrganizationDeps, query: OrgUnitQuery): Promise<OrgUnitView[]> {
  const db = deps.database.db;
  const q = query.q?.normalize('NFC').trim();
  const rows = await repo.listUnitViews(db, {
    q: q || undefined,
    kinds: query.kind,
    at: query.at,
    notEndedBefore: query.at || query.includeEnded ? undefined : today(deps),
  });
  return views(deps, db, rows);
}

export function getOrgUnit(deps: OrganizationDeps, code: string): Promise<OrgUnitView> {
  return viewOf(deps, deps.database.db, code);
}

/** Cleans text fields (NFC, trimmed; blank optional text becomes null) of a full or partial unit. */
function cleanFields(input: Partial<OrgUnitFields>): Partial<OrgUnitFields> {
  const out: Partial<OrgUnitFields> = { ...input };
  for (const key of ['shortName', 'email', 'phone', 'address', 'headName', 'headTitle', 'headEmail', 'note'] as const) {
    if (input[key] !== undefined) out[key] = cleanOrNull(input[key]);
  }
  if (input.name !== undefined) {
    out.name = clean(input.name);
    if (!out.name) throw invalid('name', 'Tên đơn vị không được để trống.');
  }
  if (input.aliases !== undefined) out.aliases = [...new Set(input.aliases.map(clean).filter(Boolean))];
  return out;
}

/**
 * Checks a unit as it would be saved: the period runs forward, the parent exists and is neither
 * the unit nor below it, an email-only unit has an email, the head's account exists.
 * Returns the parent's id.
 */
async function checkUnit(t: Executor, unit: OrgUnitFields, selfId: string | undefined): Promise<string | null> {
  if (unit.validFrom && unit.validTo && unit.validTo < unit.validFrom) {
    const message = `Ngày hết hiệu lực (${vnDate(unit.validTo)}) trước ngày bắt đầu hiệu lực (${vnDate(unit.validFrom)}).`;
    throw new AppError('org_unit.invalid_period', { detail: message, errors: [{ path: 'validTo', message }] });
  }
  if (unit.emailOnly && !unit.email) {
    throw new AppError('org_unit.email_required', { errors: [{ path: 'email', message: 'Đơn vị chỉ nhận phiếu qua email phải có địa chỉ email.' }] });
  }
  if (unit.headUserId && (await repo.findUsersByIds(t, [unit.headUserId])).length === 0) throw invalid('headUserId', 'Không có tài khoản trưởng đơn vị này.');
  if (!unit.parentCode) return null;
  const [parent] = await repo.findUnitsByCode(t, [unit.parentCode]);
  if (!parent) throw invalid('parentCode', `Không có đơn vị cấp trên mã "${unit.parentCode}".`);
  if (selfId && (await repo.isSelfOrDescendant(t, selfId, parent.id))) {
    const message = parent.id === selfId ? 'Đơn vị không thể là cấp trên của chính nó.' : `${parent.name} (${parent.code}) trực thuộc đơn vị này nên không thể là cấp trên của nó.`;
    throw new AppError('org_unit.parent_cycle', { detail: message, errors: [{ path: 'parentCode', message }] });
  }
  return parent.id;
}

/** The columns of a unit's fields: the parent by id rather than by code. */
function columnsOf<T extends Partial<OrgUnitFields>>(unit: T, parentId: string | null): Omit<T, 'parentCode'> & { parentId?: string | null } {
  const { parentCode, ...rest } = unit;
  return { ...rest, ...(parentCode !== undefined ? { parentId } : {}) };
}

/** Adds a unit (origin 'admin'). A taken code is refused with 409 `org_unit.code_taken`. */
export async function createOrgUnit(deps: OrganizationDeps, actor: Actor, input: Partial<OrgUnitFields> & { code: string; name: string; kind: OrgUnitKind }): Promise<OrgUnitView> {
  const { code, ...fields } = input;
  const unit: OrgUnitFields = { ...UNIT_DEFAULTS, ...cleanFields(fields), name: clean(fields.name), kind: fields.kind };
  if (!unit.name) throw invalid('name', 'Tên đơn vị không được để trống.');
  const now = deps.clock.now();
  const view = await tx(deps.database, async (t) => {
    const parentId = await checkUnit(t, unit, undefined);
    const created = await repo.insertUnit(t, { code, ...columnsOf(unit, parentId), origin: 'admin' });
    if (!created) throw new AppError('org_unit.code_taken', { detail: `Mã "${code}" đã có đơn vị khác dùng.` });
    const changes = Object.fromEntries(FIELDS.map((k) => [k, { from: null, to: unit[k] }]));
    await recordAudit(t, toAuditActor(actor), { action: 'org_unit.created', entityType: 'org_unit', entityId: created.id, changes: { code: { from: null, to: code }, ...changes } }, now);
    return viewOf(deps, t, code);
  });
  // A unit under a parent widens the parent's agencies' scope: their kept subtrees are stale.
  forgetCachedSubtrees();
  return view;
}

/** Locks the unit and checks the version the administrator last read. */
async function lockAtVersion(t: Executor, code: string, version: number): Promise<repo.UnitRow> {
  const row = await repo.lockUnitByCode(t, code);
  if (!row) throw notFound();
  if (row.version !== version) throw new AppError('org_unit.version_conflict', { detail: `Đơn vị đang ở phiên bản ${row.version}, không phải ${version}.` });
  return row;
}

/**
 * Changes the fields sent (null clears one), under the optimistic `version`; the unit becomes
 * the administrators' (origin 'admin'). Sending what is already there changes nothing.
 */
export async function updateOrgUnit(deps: OrganizationDeps, actor: Actor, code: string, patch: Partial<OrgUnitFields> & { version: number }): Promise<OrgUnitView> {
  const { version, ...fields } = patch;
  const now = deps.clock.now();
  const view = await tx(deps.database, async (t) => {
    const row = await lockAtVersion(t, code, version);
    const before = await viewOf(deps, t, code);
    const current = Object.fromEntries(FIELDS.map((k) => [k, before[k]])) as unknown as OrgUnitFields;
    const next: OrgUnitFields = { ...current, ...cleanFields(fields) };
    const changed = FIELDS.filter((k) => !same(current[k], next[k]));
    if (changed.length === 0) return before;
    const parentId = await checkUnit(t, next, row.id);
    const set = Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<OrgUnitFields>;
    await repo.updateUnit(t, row.id, columnsOf(set, parentId));
    const changes = Object.fromEntries(changed.map((k) => [k, { from: current[k], to: next[k] }]));
    await recordAudit(t, toAuditActor(actor), { action: 'org_unit.updated', entityType: 'org_unit', entityId: row.id, changes }, now);
    return viewOf(deps, t, code);
  });
  // A new parent moves the unit, and its tickets, from some agencies' scope to others'.
  forgetCachedSubtrees();
  return view;
}

/**
 * Replaces the units that took over this one. Refused with 422 `org_unit.invalid_successors`
 * (naming each bad code): the unit itself, an unknown unit, a unit that has ended, or a link
 * that would close a cycle (A → B → … → A).
 */
export async function setSuccessors(deps: OrganizationDeps, actor: Actor, code: string, input: { version: number; successorCodes: string[] }): Promise<OrgUnitView> {
  const codes = [...new Set(input.successorCodes.map(clean))];
  const now = deps.clock.now();
  const date = today(deps);
  return tx(deps.database, async (t) => {
    const row = await lockAtVersion(t, code, input.version);
    const units = new Map((await repo.findUnitsByCode(t, codes)).map((u) => [u.code, u]));
    const errors: Array<{ path: string; message: string }> = [];
    codes.forEach((c, i) => {
      const unit = units.get(c);
      const path = `successorCodes.${i}`;
      if (c === code) errors.push({ path, message: 'Đơn vị không thể kế thừa chính nó.' });
      else if (!unit) errors.push({ path, message: `Không có đơn vị mã "${c}".` });
      else if (unit.validTo && unit.validTo < date) errors.push({ path, message: `${unit.name} (${c}) đã hết hiệu lực từ sau ngày ${vnDate(unit.validTo)}; hãy chọn đơn vị đang hoạt động.` });
    });
    if (errors.length === 0 && codes.length > 0) {
      const ids = codes.map((c) => units.get(c)!.id);
      if ((await repo.successorClosure(t, ids, row.id)).includes(row.id)) {
        errors.push({ path: 'successorCodes', message: 'Liên kết kế thừa tạo thành vòng lặp: một đơn vị kế thừa (trực tiếp hoặc gián tiếp) lại được đơn vị này kế thừa.' });
      }
    }
    if (errors.length) throw new AppError('org_unit.invalid_successors', { detail: errors.map((e) => e.message).join(' '), errors });
    const before = await viewOf(deps, t, code);
    const sorted = [...codes].sort();
    if (same(before.successorCodes, sorted)) return before;
    await repo.replaceSuccessors(t, row.id, codes.map((c) => units.get(c)!.id));
    await repo.updateUnit(t, row.id, {});
    await recordAudit(t, toAuditActor(actor), { action: 'org_unit.successors_set', entityType: 'org_unit', entityId: row.id, changes: { successorCodes: { from: before.successorCodes, to: sorted } } }, now);
    return viewOf(deps, t, code);
  });
}

/**
 * Names the focal points of a unit (an empty list: its active agency_focal users act as
 * focal points). Each must be an active account of this very unit, else 422
 * `org_unit.invalid_focal_points` naming each.
 */
export async function setFocalPoints(deps: OrganizationDeps, actor: Actor, code: string, input: { version: number; userIds: string[] }): Promise<OrgUnitView> {
  const userIds = [...new Set(input.userIds)];
  const now = deps.clock.now();
  return tx(deps.database, async (t) => {
    const row = await lockAtVersion(t, code, input.version);
    const found = new Map((await repo.findUsersByIds(t, userIds)).map((u) => [u.id, u]));
    const errors: Array<{ path: string; message: string }> = [];
    userIds.forEach((id, i) => {
      const user = found.get(id);
      const path = `userIds.${i}`;
      if (!user) errors.push({ path, message: 'Không có tài khoản này.' });
      else if (user.status !== 'active') errors.push({ path, message: `Tài khoản ${user.username} đã bị vô hiệu hóa.` });
      else if (user.orgUnitId !== row.id) errors.push({ path, message: `Tài khoản ${user.username} không thuộc ${row.name}.` });
    });
    if (errors.length) throw new AppError('org_unit.invalid_focal_points', { detail: errors.map((e) => e.message).join(' '), errors });
    const before = await viewOf(deps, t, code);
    const from = before.focalPoints.map((f) => f.userId).sort();
    const to = [...userIds].sort();
    if (same(from, to)) return before;
    await repo.replaceFocalPoints(t, row.id, userIds);
    await repo.touchUnit(t, row.id);
    await recordAudit(t, toAuditActor(actor), { action: 'org_unit.focal_points_set', entityType: 'org_unit', entityId: row.id, changes: { focalPointUserIds: { from, to } } }, now);
    return viewOf(deps, t, code);
  });
}

/**
 * The active accounts of a unit (the agency's assign dialog). The hotline and administrators see
 * any unit; an agency focal point only their own; to anyone else the unit does not exist (404).
 */
export async function listUnitStaff(deps: OrganizationDeps, actor: Actor, code: string) {
  const db = deps.database.db;
  const [unit] = await repo.findUnitsByCode(db, [code]);
  if (!unit) throw notFound();
  const hotline = HOTLINE_ROLES.some((r) => actor.roles.includes(r as Actor['roles'][number]));
  const ownUnit = actor.roles.includes('agency_focal') && actor.orgUnitId === unit.id;
  if (!hotline && !ownUnit) throw notFound();
  return { items: await repo.listActiveStaff(db, unit.id) };
}
