import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../lib/project-root.ts';
import { z } from 'zod';
import { ORG_UNIT_KINDS, type OrgUnitKind } from '../../../common/organization.ts';

export { ORG_UNIT_KINDS, type OrgUnitKind };

/** One node of the organization tree as shipped in `reference/`, before it reaches the database. */
export interface OrgUnitSeed {
  code: string; name: string; shortName: string | null; kind: OrgUnitKind;
  parentCode: string | null;
  /** 'YYYY-MM-DD'; units of the new province: '2025-07-01'. */
  validFrom: string | null;
  /** 'YYYY-MM-DD', last day in force (inclusive); units ended by the 2025 merger: '2025-06-30'. */
  validTo: string | null;
  /** For ended units: the unit(s) that took over. */
  successorCodes: string[];
  /** Other names people use, for matching. */
  aliases: string[];
  note: string | null;
}

/** A subject area (lĩnh vực) tickets are classified into. */
export interface DomainSeed {
  code: string; name: string; nameEn: string; sortOrder: number;
  /** The agency that usually handles the domain (a code of `orgUnits`), or null when it depends on the case. */
  defaultAgencyCode: string | null;
  /** Words operators type, as hints for classification. */
  keywords: string[];
}

/** A category the hotline does not handle, with guidance for the citizen on where to go. */
export interface OutOfScopeSeed {
  code: string; name: string; nameEn: string;
  /** Plain sentences for the citizen on where to go instead. */
  guidance: string; guidanceEn: string; legalBasis: string;
}

/** Everything `reference/` ships, validated; codes are the keys a loader upserts by. */
export interface ReferenceData {
  domains: DomainSeed[];
  outOfScope: OutOfScopeSeed[];
  /** Ordered so that every unit comes after its parent. */
  orgUnits: OrgUnitSeed[];
}

/** One record of a CSV file, with the line it starts on (for error messages). */
export interface CsvRecord { line: number; fields: string[] }

const DEFAULT_DIR = projectPath('reference');
const ROOT_CODE = 'ubnd-tinh';
const NEW_UNITS_FROM = '2025-07-01';
const OLD_UNITS_TO = '2025-06-30';
const OLD_PROVINCE_CODES = { 'Đồng Tháp': 'old-ubnd-tinh-dong-thap', 'Tiền Giang': 'old-ubnd-tinh-tien-giang' } as const;
type OldProvince = keyof typeof OLD_PROVINCE_CODES;

const codeSchema = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be a lowercase ASCII slug');
const textSchema = z.string().trim().min(1);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

const domainSchema = z.strictObject({
  code: codeSchema, name: textSchema, nameEn: textSchema, sortOrder: z.int(),
  defaultAgencyCode: codeSchema.nullable(), keywords: z.array(textSchema),
});

const outOfScopeSchema = z.strictObject({
  code: codeSchema, name: textSchema, nameEn: textSchema,
  guidance: textSchema, guidanceEn: textSchema, legalBasis: textSchema,
});

const orgUnitSchema = z.strictObject({
  code: codeSchema,
  name: textSchema,
  shortName: textSchema.nullable(),
  kind: z.enum(ORG_UNIT_KINDS),
  parentCode: codeSchema.nullable(),
  validFrom: dateSchema.nullable(),
  validTo: dateSchema.nullable(),
  successorCodes: z.array(codeSchema),
  aliases: z.array(textSchema),
  note: textSchema.nullable(),
});

const agencyRowSchema = z.strictObject({
  code: codeSchema, name: textSchema, short_name: z.string(),
  kind: z.enum(['department', 'police', 'social_insurance', 'utility', 'office', 'inspectorate', 'other']),
  note: z.string(),
});

const communeRowSchema = z.strictObject({
  code: codeSchema,
  name: textSchema,
  kind: z.enum(['phuong', 'xa']),
  former_units: textSchema,
  former_districts: textSchema,
  former_province: z.enum(['Đồng Tháp', 'Tiền Giang']),
  source_note: z.string(),
});

type CommuneRow = z.infer<typeof communeRowSchema>;

/**
 * Parses CSV text (RFC 4180: quoted fields may hold commas, line breaks and doubled quotes).
 * Blank lines are skipped. Throws on an unterminated or misplaced quote.
 */
export function parseCsv(text: string, source = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let closedQuote = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    closedQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
        closedQuote = true;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === ',') {
      fields.push(field);
      field = '';
      closedQuote = false;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (c === '"' && field === '' && !closedQuote) {
      inQuotes = true;
    } else if (c === '"' || closedQuote) {
      throw new Error(`${source} line ${line}: unexpected character ${JSON.stringify(c)} around a quoted field`);
    } else {
      field += c;
    }
  }
  if (inQuotes) throw new Error(`${source} line ${recordLine}: quoted field is never closed`);
  if (field !== '' || fields.length > 0 || closedQuote) endRecord();
  return records;
}

/**
 * Reads the reference data the product ships: domains, out-of-scope categories and the
 * organization tree (agencies, the 102 commune-level units of 2025, and the units they
 * replaced). Pure: reads files, writes nothing. Throws an Error naming the file and row on
 * bad data.
 * @param dir the reference folder; defaults to the repository's `reference/`, found from
 *   this module's location so that it does not depend on the working directory.
 */
export function readReferenceData(dir: string = DEFAULT_DIR): ReferenceData {
  const domains = readJsonList(dir, 'domains.json', domainSchema);
  const outOfScope = readJsonList(dir, 'out-of-scope.json', outOfScopeSchema);
  const agencyRows = readCsv(dir, 'org/agencies.csv', agencyRowSchema);
  const communeRows = readCsv(dir, 'org/communes.csv', communeRowSchema);
  const extraUnits = readJsonList(dir, 'org/extra-units.json', orgUnitSchema);

  const agencies = agencyRows.map(({ row }) => agencyUnit(row));
  if (!agencies.some((u) => u.code === ROOT_CODE)) {
    throw new Error(`org/agencies.csv: the root unit '${ROOT_CODE}' is missing`);
  }
  const newUnits = communeRows.map(({ row }) => newCommuneUnit(row));
  const { districts, communes } = oldUnits(communeRows, new Map(newUnits.map((u) => [u.code, u.name])));

  const sources = new Map<OrgUnitSeed, string>();
  const tag = (file: string, units: OrgUnitSeed[]): OrgUnitSeed[] => {
    for (const u of units) sources.set(u, file);
    return units;
  };
  const all = [
    ...tag('org/agencies.csv', agencies),
    ...tag('org/extra-units.json', extraUnits),
    ...tag('org/communes.csv', [...newUnits, ...districts, ...communes]),
  ];
  const orgUnits = orderParentsFirst(checkOrgUnits(all, sources));

  checkUnique(domains.map((d) => d.code), 'domains.json', 'domain code');
  checkUnique(outOfScope.map((o) => o.code), 'out-of-scope.json', 'out-of-scope code');
  const codes = new Set(orgUnits.map((u) => u.code));
  for (const d of domains) {
    if (d.defaultAgencyCode !== null && !codes.has(d.defaultAgencyCode)) {
      throw new Error(`domains.json (code ${d.code}): defaultAgencyCode '${d.defaultAgencyCode}' is not an org unit`);
    }
  }
  return { domains, outOfScope, orgUnits };
}

function readText(dir: string, file: string): string {
  // One normalisation here makes every string the reader returns NFC, whatever the editor saved.
  return readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, '').normalize('NFC');
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
}

function readJsonList<T>(dir: string, file: string, schema: z.ZodType<T>): T[] {
  let data: unknown;
  try {
    data = JSON.parse(readText(dir, file));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array`);
  return data.map((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const code = (item as { code?: unknown } | null)?.code;
      throw new Error(`${file} entry ${index + 1}${typeof code === 'string' ? ` (code ${code})` : ''}: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  });
}

function readCsv<S extends z.ZodObject>(dir: string, file: string, schema: S): { line: number; row: z.output<S> }[] {
  const [header, ...records] = parseCsv(readText(dir, file), file);
  const columns = Object.keys(schema.shape);
  if (!header || header.fields.join(',') !== columns.join(',')) {
    throw new Error(`${file} line 1: expected the header ${columns.join(',')}`);
  }
  return records.map(({ line, fields }) => {
    if (fields.length !== columns.length) {
      throw new Error(`${file} line ${line}: expected ${columns.length} fields, found ${fields.length}`);
    }
    const parsed = schema.safeParse(Object.fromEntries(columns.map((c, i) => [c, fields[i]])));
    if (!parsed.success) throw new Error(`${file} line ${line} (code ${fields[0]}): ${describeIssues(parsed.error)}`);
    return { line, row: parsed.data };
  });
}

function agencyUnit(row: z.infer<typeof agencyRowSchema>): OrgUnitSeed {
  const isRoot = row.code === ROOT_CODE;
  const shortName = row.short_name.trim() || null;
  const aliases = [shortName ?? '', row.name.replace('Ủy ban nhân dân', 'UBND'), row.name.replace(/^Công ty (?:TNHH MTV |Cổ phần )?/, '')];
  return {
    code: row.code,
    name: row.name,
    shortName,
    kind: isRoot ? 'province' : row.kind,
    parentCode: isRoot ? null : ROOT_CODE,
    // The public companies existed before the merger and go on; everything else was (re)founded with the new province.
    validFrom: row.kind === 'utility' ? null : NEW_UNITS_FROM,
    validTo: null,
    successorCodes: [],
    aliases: aliasList(row.name, aliases.flatMap((a) => [a, ...spellingVariants(a)])),
    note: row.note.trim() || null,
  };
}

function newCommuneUnit(row: CommuneRow): OrgUnitSeed {
  const kindWord = row.kind === 'phuong' ? 'phường' : 'xã';
  const name = `${capitalise(kindWord)} ${row.name}`;
  return {
    code: row.code,
    name,
    shortName: null,
    kind: row.kind === 'phuong' ? 'ward' : 'commune',
    parentCode: ROOT_CODE,
    validFrom: NEW_UNITS_FROM,
    validTo: null,
    successorCodes: [],
    aliases: aliasList(name, localAliases(kindWord, row.name, [])),
    note: row.source_note.trim() || null,
  };
}

interface OldDistrict { province: OldProvince; kindWord: string; name: string; successors: string[] }
interface OldCommune {
  districtKey: string; kindWord: string; name: string; line: number;
  successors: { code: string; share: 'part' | 'remainder' | null }[];
}

const DISTRICT_ABBREVIATIONS: Record<string, string> = { 'huyện': 'huyen', 'thành phố': 'tp', 'thị xã': 'tx' };
const UNIT_ABBREVIATIONS: Record<string, string> = { 'xã': 'xa', 'phường': 'phuong', 'thị trấn': 'tt' };

/** Derives the ended districts and commune-level units from the communes CSV's former_* columns. */
function oldUnits(rows: { line: number; row: CommuneRow }[], newNames: Map<string, string>): { districts: OrgUnitSeed[]; communes: OrgUnitSeed[] } {
  const file = 'org/communes.csv';
  const districtsByKey = new Map<string, OldDistrict>();
  const communesByKey = new Map<string, OldCommune>();
  for (const { line, row } of rows) {
    const province = row.former_province;
    const districtNames = row.former_districts.split(';').map((d) => d.trim());
    for (const d of districtNames) {
      const m = /^(huyện|thành phố|thị xã) (.+)$/u.exec(d);
      if (!m?.[1] || !m[2]) throw new Error(`${file} line ${line} (code ${row.code}): cannot read former district '${d}'`);
      const key = `${province}|${d}`;
      const district = districtsByKey.get(key) ?? { province, kindWord: m[1], name: m[2], successors: [] };
      districtsByKey.set(key, district);
    }
    for (const entry of row.former_units.split(';').map((u) => u.trim())) {
      const m = /^(xã|phường|thị trấn) ([^()]+?)(?: \(([^()]+)\))?$/u.exec(entry);
      if (!m?.[1] || !m[2]) throw new Error(`${file} line ${line} (code ${row.code}): cannot read former unit '${entry}'`);
      let district: string | undefined;
      let share: 'part' | 'remainder' | null = null;
      for (const part of (m[3] ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
        if (part === 'một phần') share = 'part';
        else if (part === 'phần còn lại') share = 'remainder';
        else if (districtNames.includes(part)) district = part;
        else throw new Error(`${file} line ${line} (code ${row.code}): '${entry}' names '${part}', not one of its former_districts`);
      }
      if (district === undefined) {
        if (districtNames.length !== 1) throw new Error(`${file} line ${line} (code ${row.code}): '${entry}' must name its old district`);
        district = districtNames[0] as string;
      }
      const districtKey = `${province}|${district}`;
      const key = `${districtKey}|${m[1]} ${m[2]}`;
      const unit = communesByKey.get(key) ?? { districtKey, kindWord: m[1], name: m[2], line, successors: [] };
      unit.successors.push({ code: row.code, share });
      communesByKey.set(key, unit);
      const owner = districtsByKey.get(districtKey);
      if (owner && !owner.successors.includes(row.code)) owner.successors.push(row.code);
    }
  }

  const districtCodes = new Map<string, string>();
  const baseOf = (d: OldDistrict): string => `${DISTRICT_ABBREVIATIONS[d.kindWord]}-${slugify(d.name)}`;
  const nameCount = new Map<string, number>();
  for (const d of districtsByKey.values()) nameCount.set(baseOf(d), (nameCount.get(baseOf(d)) ?? 0) + 1);
  const districts = [...districtsByKey].map(([key, d]): OrgUnitSeed => {
    const base = baseOf(d);
    // Only homonyms (huyện Châu Thành existed in both old provinces) carry the province, so most codes stay short.
    const code = `old-${base}${(nameCount.get(base) ?? 0) > 1 ? `-${slugify(d.province)}` : ''}`;
    districtCodes.set(key, code);
    return {
      code,
      name: `UBND ${d.kindWord} ${d.name}`,
      shortName: null,
      kind: 'district',
      parentCode: OLD_PROVINCE_CODES[d.province],
      validFrom: null,
      validTo: OLD_UNITS_TO,
      successorCodes: d.successors,
      aliases: aliasList(`UBND ${d.kindWord} ${d.name}`, districtAliases(d)),
      note: `Former ${d.kindWord} ${d.name} of old ${d.province} province; district-level units ceased on 2025-07-01.`,
    };
  });

  const communes = [...communesByKey.values()].map((c): OrgUnitSeed => {
    const districtCode = districtCodes.get(c.districtKey) as string;
    const isSplit = c.successors.length > 1;
    const marked = c.successors.filter((s) => s.share !== null).length;
    if (marked !== (isSplit ? c.successors.length : 0)) {
      throw new Error(`${file} line ${c.line}: ${c.kindWord} ${c.name} must be marked 'một phần' / 'phần còn lại' exactly where it is split`);
    }
    const notes: string[] = [];
    if (c.kindWord === 'thị trấn') notes.push('A thị trấn (township), kept with kind commune.');
    if (isSplit) {
      const described = c.successors.map((s) => `${s.share === 'part' ? 'part' : 'the remainder'} went to ${newNames.get(s.code) ?? s.code}`);
      notes.push(`Split on 2025-07-01: ${described.join(', ')}; which hamlets went where is not recorded.`);
    }
    const districtLabel = c.districtKey.slice(c.districtKey.indexOf('|') + 1);
    const name = `${capitalise(c.kindWord)} ${c.name}`;
    return {
      code: `old-${UNIT_ABBREVIATIONS[c.kindWord]}-${slugify(c.name)}-${districtCode.slice('old-'.length)}`,
      name,
      shortName: null,
      kind: c.kindWord === 'phường' ? 'ward' : 'commune',
      parentCode: districtCode,
      validFrom: null,
      validTo: OLD_UNITS_TO,
      successorCodes: [...new Set(c.successors.map((s) => s.code))],
      aliases: aliasList(name, localAliases(c.kindWord, c.name, [districtLabel])),
      note: notes.length > 0 ? notes.join(' ') : null,
    };
  });
  return { districts, communes };
}

function localAliases(kindWord: string, name: string, qualifiers: string[]): string[] {
  return [name, ...spellingVariants(name)].flatMap((n) => [
    `${capitalise(kindWord)} ${n}`,
    `${kindWord} ${n}`,
    `UBND ${kindWord} ${n}`,
    `Ủy ban nhân dân ${kindWord} ${n}`,
    ...qualifiers.map((q) => `${kindWord} ${n}, ${q}`),
  ]);
}

function districtAliases(d: OldDistrict): string[] {
  const short = d.kindWord === 'thành phố' ? 'TP' : d.kindWord === 'thị xã' ? 'TX' : null;
  return [d.name, ...spellingVariants(d.name)].flatMap((n) => [
    `UBND ${d.kindWord} ${n}`,
    `Ủy ban nhân dân ${d.kindWord} ${n}`,
    `${d.kindWord} ${n}`,
    `${d.kindWord} ${n}, tỉnh ${d.province}`,
    `UBND ${d.kindWord} ${n}, tỉnh ${d.province}`,
    ...(short ? [`${short} ${n}`, `${short}. ${n}`, `UBND ${short} ${n}`, `UBND ${short}. ${n}`] : []),
  ]);
}

function aliasList(name: string, candidates: string[]): string[] {
  return [...new Set(candidates.map((a) => a.trim()).filter((a) => a !== '' && a !== name))];
}

const TONE_PAIRS: [string, string][] = [
  ['òa', 'oà'], ['óa', 'oá'], ['ỏa', 'oả'], ['õa', 'oã'], ['ọa', 'oạ'],
  ['òe', 'oè'], ['óe', 'oé'], ['ỏe', 'oẻ'], ['õe', 'oẽ'], ['ọe', 'oẹ'],
  ['ùy', 'uỳ'], ['úy', 'uý'], ['ủy', 'uỷ'], ['ũy', 'uỹ'], ['ụy', 'uỵ'],
];
const TONE_SWAP = new Map(TONE_PAIRS.flatMap(([a, b]) => [[a, b], [b, a]]));
// Only at the end of a syllable ("Hoàng" is spelled one way) and not after q ("Quý" is not "Qúy").
const TONE_PATTERN = new RegExp(`(?<![qQ])(${[...TONE_SWAP.keys()].join('|')})(?!\\p{L})`, 'gu');
const QUI_SWAP = new Map([['i', 'y'], ['í', 'ý'], ['ì', 'ỳ'], ['ỉ', 'ỷ'], ['ĩ', 'ỹ'], ['ị', 'ỵ']].flatMap(([a, b]) => [[a, b], [b, a]] as [string, string][]));
const QUI_PATTERN = /(?<!\p{L})([Qq]u)([iíìỉĩịyýỳỷỹỵ])(?!\p{L})/gu;

/** The spellings of a name that differ only by tone placement (Hòa/Hoà) or by qui/quy, without the name itself. */
function spellingVariants(name: string): string[] {
  const swapTone = (s: string): string => s.replace(TONE_PATTERN, (m) => TONE_SWAP.get(m) ?? m);
  const swapQui = (s: string): string => s.replace(QUI_PATTERN, (_m, q: string, v: string) => q + (QUI_SWAP.get(v) ?? v));
  return [...new Set([swapTone(name), swapQui(name), swapQui(swapTone(name))])].filter((v) => v !== name);
}

function slugify(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkUnique(codes: string[], file: string, what: string): void {
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) throw new Error(`${file}: ${what} '${code}' appears twice`);
    seen.add(code);
  }
}

function checkOrgUnits(units: OrgUnitSeed[], sources: Map<OrgUnitSeed, string>): OrgUnitSeed[] {
  const byCode = new Map<string, OrgUnitSeed>();
  for (const u of units) {
    const other = byCode.get(u.code);
    if (other) throw new Error(`${sources.get(u)} (code ${u.code}): org unit code already used in ${sources.get(other)}`);
    byCode.set(u.code, u);
  }
  for (const u of units) {
    const where = `${sources.get(u)} (code ${u.code})`;
    if (u.parentCode !== null && !byCode.has(u.parentCode)) throw new Error(`${where}: parentCode '${u.parentCode}' is not an org unit`);
    for (const s of u.successorCodes) {
      if (s === u.code || !byCode.has(s)) throw new Error(`${where}: successor '${s}' is not another org unit`);
    }
    if (u.validFrom !== null && u.validTo !== null && u.validFrom > u.validTo) throw new Error(`${where}: validFrom is after validTo`);
  }
  return units;
}

/** Stable order with every parent before its children; throws on a cycle. */
function orderParentsFirst(units: OrgUnitSeed[]): OrgUnitSeed[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const ordered: OrgUnitSeed[] = [];
  const place = (u: OrgUnitSeed): void => {
    if (placed.has(u.code)) return;
    if (visiting.has(u.code)) throw new Error(`org units: the parent chain of '${u.code}' forms a cycle`);
    visiting.add(u.code);
    const parent = u.parentCode === null ? undefined : byCode.get(u.parentCode);
    if (parent) place(parent);
    visiting.delete(u.code);
    placed.add(u.code);
    ordered.push(u);
  };
  units.forEach(place);
  return ordered;
}
