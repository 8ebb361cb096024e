/**
 * Loads the reference data the product ships (reference/) into the database, idempotently:
 * codes are the keys, re-running never duplicates, and what an administrator changed stays.
 * A fingerprint of the files skips the work when nothing changed since the last load.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../lib/project-root.ts';
import { tx, type Database, type Executor } from '../../db/database.ts';
import { calendarExceptions, loadOfficialBreaks } from '../calendar/holidays.ts';
import { readReferenceData } from './reference-data.ts';
import * as repo from './reference.repository.ts';
import { forgetCachedSubtrees } from '../tickets/subtree-cache.ts';

export const referenceDir = projectPath('reference');

/** The years for which the calendar of holidays is generated. */
export const CALENDAR_YEARS = { from: 2020, to: 2040 } as const;

/**
 * system_state key of the shipped calendar dates an administrator removed (a JSON array of
 * YYYY-MM-DD): the loader does not write them again.
 */
export const CLEARED_CALENDAR_DATES_KEY = 'calendar.cleared_dates';

const FINGERPRINT_KEY = 'reference.fingerprint';

export interface ReferenceLoadResult {
  skipped: boolean;
  counts: Awaited<ReturnType<typeof repo.countReferenceRows>>;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A hash of every file in reference/ and of the code that turns them into rows. */
export function referenceFingerprint(dir = referenceDir): string {
  const hash = createHash('sha256');
  // The sources, not what runs: the same fingerprint from src/ and from the compiled server.
  const generators = ['reference/reference-data.ts', 'calendar/holidays.ts', 'calendar/lunar-calendar.ts'].map((f) => projectPath('src', 'server', 'modules', f));
  for (const file of [...filesUnder(dir), ...generators]) {
    hash.update(path.relative(dir, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Loads everything in one transaction. `force` loads even when the fingerprint matches. */
export async function loadReference(database: Database, options: { dir?: string; force?: boolean } = {}): Promise<ReferenceLoadResult> {
  const dir = options.dir ?? referenceDir;
  const fingerprint = referenceFingerprint(dir);
  if (!options.force && (await repo.readState(database.db, FINGERPRINT_KEY)) === fingerprint) {
    return { skipped: true, counts: await repo.countReferenceRows(database.db) };
  }
  const data = readReferenceData(dir);
  const breaks = loadOfficialBreaks(path.join(dir, 'calendar', 'official-breaks.json'));
  const calendar: repo.CalendarDayRow[] = [];
  for (let year = CALENDAR_YEARS.from; year <= CALENDAR_YEARS.to; year++) calendar.push(...calendarExceptions(year, breaks));

  const loaded = await tx(database, async (t) => {
    await repo.lockReferenceLoad(t);
    // Another copy may have loaded the same files while we waited for the lock.
    if (!options.force && (await repo.readState(t, FINGERPRINT_KEY)) === fingerprint) {
      return { skipped: true, counts: await repo.countReferenceRows(t) };
    }
    const ids = await repo.upsertOrgUnits(
      t,
      data.orgUnits.map((u) => ({
        code: u.code,
        name: u.name,
        shortName: u.shortName,
        kind: u.kind,
        validFrom: u.validFrom,
        validTo: u.validTo,
        aliases: u.aliases,
        note: u.note,
      })),
    );
    const idOf = (code: string): string => {
      const id = ids.get(code);
      if (!id) throw new Error(`reference data: unknown org unit code ${code}`);
      return id;
    };
    await repo.setOrgUnitParents(t, data.orgUnits.map((u) => ({ id: idOf(u.code), parentId: u.parentCode ? idOf(u.parentCode) : null })));
    await repo.insertSuccessors(t, data.orgUnits.flatMap((u) => u.successorCodes.map((s) => ({ unitId: idOf(u.code), successorId: idOf(s) }))));
    await repo.upsertDomains(
      t,
      data.domains.map((d) => ({
        code: d.code,
        name: d.name,
        nameEn: d.nameEn,
        sortOrder: d.sortOrder,
        defaultAgencyId: d.defaultAgencyCode ? idOf(d.defaultAgencyCode) : null,
        keywords: d.keywords,
      })),
    );
    await repo.upsertOutOfScope(t, data.outOfScope);
    const cleared = new Set(JSON.parse((await repo.readState(t, CLEARED_CALENDAR_DATES_KEY)) ?? '[]') as string[]);
    await repo.replaceReferenceCalendar(t, `${CALENDAR_YEARS.from}-01-01`, `${CALENDAR_YEARS.to}-12-31`, calendar.filter((d) => !cleared.has(d.date)));
    await repo.writeState(t, FINGERPRINT_KEY, fingerprint);
    return { skipped: false, counts: await repo.countReferenceRows(t) };
  });
  // The tree may have changed under the agencies' kept subtrees.
  forgetCachedSubtrees();
  return loaded;
}

export const listDomains = (db: Executor) => repo.listDomains(db);
export const listOutOfScope = (db: Executor) => repo.listOutOfScope(db);

/** Org units, filtered; `q` matches names and aliases without accents. */
export function listOrgUnits(db: Executor, filter: { kinds?: string[]; on?: string; q?: string }) {
  const q = filter.q?.normalize('NFC').replace(/[\\%_]/g, (c) => `\\${c}`);
  return repo.listOrgUnits(db, { ...filter, ...(q ? { q } : {}) });
}
