/**
 * Domains (lĩnh vực) as administrators keep them: added, renamed, reordered, pointed at a default
 * agency, deactivated (never deleted: old tickets name them). A domain an administrator created
 * or changed is theirs (origin 'admin'): the reference loader no longer overwrites it.
 */
import { tx, type Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { localToday } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import * as repo from './organization.repository.ts';
import type { OrganizationDeps } from './org-units.service.ts';
import type { DomainFields, DomainView } from '../../../common/organization.ts';

export type { DomainFields, DomainView };

const FIELDS = ['name', 'nameEn', 'sortOrder', 'defaultAgencyCode', 'keywords', 'active'] as const;
const clean = (s: string) => s.normalize('NFC').trim();
const invalid = (path: string, message: string) => new AppError('request.validation_failed', { detail: message, errors: [{ path, message }] });

const toView = (row: Awaited<ReturnType<typeof repo.listDomainViews>>[number]): DomainView => ({ ...row, origin: row.origin as DomainView['origin'] });

/** Every domain, inactive ones included, in display order. */
export async function listDomainViews(deps: OrganizationDeps): Promise<DomainView[]> {
  return (await repo.listDomainViews(deps.database.db)).map(toView);
}

async function viewOf(db: Executor, code: string): Promise<DomainView> {
  const [row] = await repo.listDomainViews(db, code);
  if (!row) throw new AppError('resource.not_found', { detail: 'Không có lĩnh vực này.' });
  return toView(row);
}

function cleanFields(input: Partial<DomainFields>): Partial<DomainFields> {
  const out: Partial<DomainFields> = { ...input };
  for (const key of ['name', 'nameEn'] as const) {
    if (input[key] === undefined) continue;
    out[key] = clean(input[key]);
    if (!out[key]) throw invalid(key, 'Tên lĩnh vực không được để trống.');
  }
  if (input.keywords !== undefined) out.keywords = [...new Set(input.keywords.map(clean).filter(Boolean))];
  return out;
}

/** The id of the default agency: it must exist and be in force. */
async function agencyIdOf(deps: OrganizationDeps, t: Executor, code: string | null): Promise<string | null> {
  if (!code) return null;
  const [unit] = await repo.findUnitsByCode(t, [code]);
  if (!unit) throw invalid('defaultAgencyCode', `Không có đơn vị mã "${code}".`);
  if (unit.validTo && unit.validTo < localToday(deps.clock.now())) throw invalid('defaultAgencyCode', `${unit.name} (${code}) đã chấm dứt hoạt động; hãy chọn đơn vị đang hoạt động.`);
  return unit.id;
}

/** Adds a domain; a taken code is refused with 409 `domain.code_taken`. */
export async function createDomain(deps: OrganizationDeps, actor: Actor, input: Partial<DomainFields> & { code: string; name: string; nameEn: string }): Promise<DomainView> {
  const { code, ...rest } = input;
  const fields: DomainFields = { sortOrder: 0, defaultAgencyCode: null, keywords: [], active: true, ...cleanFields(rest), name: clean(rest.name), nameEn: clean(rest.nameEn) };
  if (!fields.name || !fields.nameEn) throw invalid(fields.name ? 'nameEn' : 'name', 'Tên lĩnh vực không được để trống.');
  const now = deps.clock.now();
  return tx(deps.database, async (t) => {
    const { defaultAgencyCode, ...columns } = fields;
    const created = await repo.insertDomain(t, { code, ...columns, defaultAgencyId: await agencyIdOf(deps, t, defaultAgencyCode), origin: 'admin' });
    if (!created) throw new AppError('domain.code_taken', { detail: `Mã "${code}" đã có lĩnh vực khác dùng.` });
    const changes = Object.fromEntries(FIELDS.map((k) => [k, { from: null, to: fields[k] }]));
    await recordAudit(t, toAuditActor(actor), { action: 'domain.created', entityType: 'domain', entityId: code, changes: { code: { from: null, to: code }, ...changes } }, now);
    return viewOf(t, code);
  });
}

/** Changes the fields sent; the domain becomes the administrators' (origin 'admin'). */
export async function updateDomain(deps: OrganizationDeps, actor: Actor, code: string, patch: Partial<DomainFields>): Promise<DomainView> {
  const now = deps.clock.now();
  return tx(deps.database, async (t) => {
    if (!(await repo.lockDomain(t, code))) throw new AppError('resource.not_found', { detail: 'Không có lĩnh vực này.' });
    const before = await viewOf(t, code);
    const next: DomainFields = { ...before, ...cleanFields(patch) };
    const changed = FIELDS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    if (changed.length === 0) return before;
    const { defaultAgencyCode, ...set } = Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<DomainFields>;
    await repo.updateDomain(t, code, { ...set, ...(defaultAgencyCode !== undefined ? { defaultAgencyId: await agencyIdOf(deps, t, defaultAgencyCode) } : {}) });
    const changes = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }]));
    await recordAudit(t, toAuditActor(actor), { action: 'domain.updated', entityType: 'domain', entityId: code, changes }, now);
    return viewOf(t, code);
  });
}
