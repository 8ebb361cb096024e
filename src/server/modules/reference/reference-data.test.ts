import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, readReferenceData, type OrgUnitSeed } from './reference-data.ts';

const referenceDir = fileURLToPath(new URL('../../../../reference/', import.meta.url));
const data = readReferenceData();
const units = new Map(data.orgUnits.map((u) => [u.code, u]));
const unit = (code: string): OrgUnitSeed => {
  const found = units.get(code);
  if (!found) throw new Error(`no org unit ${code}`);
  return found;
};
const isNew = (u: OrgUnitSeed): boolean => u.validFrom === '2025-07-01' && u.validTo === null;
const isLocal = (u: OrgUnitSeed): boolean => u.kind === 'ward' || u.kind === 'commune';
const newLocal = data.orgUnits.filter((u) => isLocal(u) && isNew(u));
const oldLocal = data.orgUnits.filter((u) => isLocal(u) && u.validTo === '2025-06-30');
const oldDistricts = data.orgUnits.filter((u) => u.kind === 'district');
const provinceOf = (u: OrgUnitSeed): string => unit(unit(u.parentCode ?? '').parentCode ?? '').code;

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
    ]);
  });

  it('reads a last line without a line break', () => {
    expect(parseCsv('a,b\n1,""')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', ''] }]);
  });

  it('refuses broken quoting, naming the line', () => {
    expect(() => parseCsv('a\n"open', 'x.csv')).toThrow(/x\.csv line 2/);
    expect(() => parseCsv('a\n"x"y', 'x.csv')).toThrow(/x\.csv line 2/);
    expect(() => parseCsv('a\nx"y', 'x.csv')).toThrow(/x\.csv line 2/);
  });
});

describe('the organization tree', () => {
  it('has the 102 commune-level units of the new province: 20 wards and 82 communes under the province', () => {
    expect(newLocal).toHaveLength(102);
    expect(newLocal.filter((u) => u.kind === 'ward')).toHaveLength(20);
    expect(newLocal.filter((u) => u.kind === 'commune')).toHaveLength(82);
    expect(newLocal.every((u) => u.parentCode === 'ubnd-tinh')).toBe(true);
    expect(unit('phuong-my-tho').name).toBe('Phường Mỹ Tho');
    expect(unit('xa-tan-hong').name).toBe('Xã Tân Hồng');
    expect(unit('xa-my-tho').name).toBe('Xã Mỹ Thọ');
  });

  it('has every agency of the agencies file, under the province', () => {
    const csv = readFileSync(join(referenceDir, 'org/agencies.csv'), 'utf8');
    const codes = parseCsv(csv).slice(1).map((r) => r.fields[0] ?? '');
    expect(codes).toHaveLength(21);
    for (const code of codes) expect(units.has(code)).toBe(true);
    expect(unit('ubnd-tinh')).toMatchObject({ kind: 'province', parentCode: null, validTo: null });
    expect(unit('so-y-te')).toMatchObject({ kind: 'department', parentCode: 'ubnd-tinh', validFrom: '2025-07-01' });
    expect(unit('cong-an-tinh').kind).toBe('police');
  });

  it('has the hotline centre and the two old provincial governments', () => {
    expect(unit('tong-dai-1022')).toMatchObject({ kind: 'hotline', parentCode: 'ubnd-tinh' });
    for (const code of ['old-ubnd-tinh-dong-thap', 'old-ubnd-tinh-tien-giang']) {
      expect(unit(code)).toMatchObject({ kind: 'province', validTo: '2025-06-30', successorCodes: ['ubnd-tinh'] });
    }
  });

  it('keeps the 305 old commune-level units and the 23 old districts as ended units', () => {
    expect(oldLocal).toHaveLength(305);
    expect(oldLocal.filter((u) => provinceOf(u) === 'old-ubnd-tinh-dong-thap')).toHaveLength(141);
    expect(oldLocal.filter((u) => provinceOf(u) === 'old-ubnd-tinh-tien-giang')).toHaveLength(164);
    expect(oldDistricts).toHaveLength(23);
    for (const u of [...oldLocal, ...oldDistricts]) {
      expect(u.code.startsWith('old-')).toBe(true);
      expect(u.validTo).toBe('2025-06-30');
      expect(u.successorCodes.length).toBeGreaterThan(0);
      expect(u.successorCodes.every((s) => newLocal.includes(unit(s)))).toBe(true);
    }
    expect(oldLocal.every((u) => unit(u.parentCode ?? '').kind === 'district')).toBe(true);
  });

  it('gives every new commune-level unit at least one predecessor', () => {
    const successors = new Set(oldLocal.flatMap((u) => u.successorCodes));
    expect(newLocal.filter((u) => !successors.has(u.code))).toEqual([]);
  });

  it('uses every code once, resolves every reference and has no cycle', () => {
    expect(units.size).toBe(data.orgUnits.length);
    const seen = new Set<string>();
    for (const u of data.orgUnits) {
      // Parents come first, which also rules out cycles.
      if (u.parentCode !== null) expect(seen.has(u.parentCode)).toBe(true);
      for (const s of u.successorCodes) expect(units.has(s)).toBe(true);
      seen.add(u.code);
    }
    const roots = data.orgUnits.filter((u) => u.parentCode === null).map((u) => u.code);
    expect(roots.sort()).toEqual(['old-ubnd-tinh-dong-thap', 'old-ubnd-tinh-tien-giang', 'ubnd-tinh']);
  });

  it('routes UBND thành phố Cao Lãnh to the new wards that took its units', () => {
    const [caoLanh, ...others] = data.orgUnits.filter((u) => u.name === 'UBND thành phố Cao Lãnh');
    expect(others).toEqual([]);
    expect(caoLanh).toMatchObject({ code: 'old-tp-cao-lanh', kind: 'district', validTo: '2025-06-30' });
    expect(caoLanh?.successorCodes).toEqual(['phuong-cao-lanh', 'phuong-my-ngai', 'phuong-my-tra']);
    expect(caoLanh?.successorCodes.every((s) => unit(s).kind === 'ward')).toBe(true);
    expect(caoLanh?.aliases).toEqual(expect.arrayContaining(['UBND TP Cao Lãnh', 'TP Cao Lãnh']));
  });

  it('tells apart huyện Châu Thành of old Đồng Tháp and of old Tiền Giang', () => {
    const chauThanh = oldDistricts.filter((u) => u.name === 'UBND huyện Châu Thành');
    expect(chauThanh.map((u) => u.code).sort()).toEqual(['old-huyen-chau-thanh-dong-thap', 'old-huyen-chau-thanh-tien-giang']);
    const dt = unit('old-huyen-chau-thanh-dong-thap');
    const tg = unit('old-huyen-chau-thanh-tien-giang');
    expect(dt.parentCode).toBe('old-ubnd-tinh-dong-thap');
    expect(tg.parentCode).toBe('old-ubnd-tinh-tien-giang');
    expect(dt.successorCodes).toEqual(['xa-phu-huu', 'xa-tan-nhuan-dong', 'xa-tan-phu-trung']);
    expect(tg.successorCodes).toContain('xa-chau-thanh');
    expect(dt.successorCodes.filter((s) => tg.successorCodes.includes(s))).toEqual([]);
  });

  it('gives each of the three split communes two successors, and every other old unit one', () => {
    const gaoGiong = oldLocal.filter((u) => u.name === 'Xã Gáo Giồng');
    expect(gaoGiong).toHaveLength(1);
    expect(gaoGiong[0]?.successorCodes).toEqual(['xa-phu-cuong', 'xa-phong-my']);
    expect(unit('old-xa-phu-thuan-b-huyen-hong-ngu').successorCodes).toEqual(['xa-long-phu-thuan', 'xa-tan-long']);
    expect(unit('old-xa-tan-thanh-huyen-thanh-binh').successorCodes).toEqual(['xa-thanh-binh', 'xa-tan-thanh-thanh-binh']);
    expect(oldLocal.filter((u) => u.successorCodes.length !== 1)).toHaveLength(3);
  });

  it('lists spelling variants and old names as aliases', () => {
    expect(unit('xa-my-qui').aliases).toContain('Xã Mỹ Quý');
    expect(unit('xa-an-hoa').aliases).toContain('Xã An Hoà');
    expect(unit('xa-an-thanh-thuy').aliases).toContain('xã An Thạnh Thuỷ');
    expect(unit('old-phuong-1-tp-my-tho').aliases).toContain('phường 1, thành phố Mỹ Tho');
    expect(unit('old-tt-sa-rai-huyen-tan-hong').name).toBe('Thị trấn Sa Rài');
  });
});

describe('domains and out-of-scope categories', () => {
  it('has every required domain once, each with an agency that exists or none', () => {
    const required = [
      'land', 'social_protection', 'police', 'social_insurance', 'transport', 'justice', 'health',
      'administrative_procedures', 'education', 'electricity', 'water_supply', 'environment', 'construction',
      'labour', 'agriculture', 'tax', 'investment', 'culture_tourism', 'information', 'other',
    ];
    const codes = data.domains.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(required));
    for (const d of data.domains) {
      // An agency that still exists: routing to an ended unit would lose the ticket.
      if (d.defaultAgencyCode !== null) expect(unit(d.defaultAgencyCode).validTo).toBeNull();
    }
    expect(new Set(data.domains.map((d) => d.sortOrder)).size).toBe(data.domains.length);
  });

  it('tells the citizen where to go for every out-of-scope category', () => {
    const codes = data.outOfScope.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining([
      'complaint', 'denunciation', 'land_dispute', 'civil_dispute', 'crime_report', 'emergency', 'under_resolution', 'legal_advice',
    ]));
    for (const o of data.outOfScope) {
      expect(o.guidance.trim().length).toBeGreaterThan(40);
      expect(o.guidanceEn.trim()).not.toBe('');
      expect(o.legalBasis.trim()).not.toBe('');
    }
    expect(data.outOfScope.find((o) => o.code === 'emergency')?.guidance).toMatch(/114.*115/);
  });
});

describe('readReferenceData', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'reference-data-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const copyWith = (name: string, file: string, edit: (text: string) => string): string => {
    const dir = join(scratch, name);
    cpSync(referenceDir, dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return dir;
  };

  it('returns only NFC text', () => {
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(data);
    expect(strings.filter((s) => s !== s.normalize('NFC'))).toEqual([]);
  });

  it('normalises decomposed text to NFC', () => {
    const dir = copyWith('nfd', 'org/communes.csv', (t) => t.normalize('NFD'));
    expect(readReferenceData(dir)).toEqual(data);
  });

  it('gives the same result every time', () => {
    expect(readReferenceData(referenceDir)).toEqual(data);
  });

  it('names the file and line of a bad CSV row', () => {
    const dir = copyWith('bad-kind', 'org/communes.csv', (t) => t.replace('xa-tan-hong,Tân Hồng,xa,', 'xa-tan-hong,Tân Hồng,thon,'));
    expect(() => readReferenceData(dir)).toThrow(/org\/communes\.csv line 2 \(code xa-tan-hong\): kind/);
  });

  it('names the file of a reference to an unknown agency', () => {
    const dir = copyWith('bad-agency', 'domains.json', (t) => t.replace('"so-tu-phap"', '"so-khong-co"'));
    expect(() => readReferenceData(dir)).toThrow(/domains\.json \(code justice\).*so-khong-co/);
  });

  it('refuses a cycle in the parent chain', () => {
    const dir = copyWith('cycle', 'org/extra-units.json', (t) => {
      const units = JSON.parse(t) as { code: string; parentCode: string | null }[];
      for (const u of units) {
        if (u.code === 'old-ubnd-tinh-dong-thap') u.parentCode = 'old-ubnd-tinh-tien-giang';
        if (u.code === 'old-ubnd-tinh-tien-giang') u.parentCode = 'old-ubnd-tinh-dong-thap';
      }
      return JSON.stringify(units);
    });
    expect(() => readReferenceData(dir)).toThrow(/cycle/);
  });

  it('refuses a code used twice', () => {
    const dir = copyWith('duplicate', 'org/extra-units.json', (t) => t.replace('"code": "tong-dai-1022"', '"code": "so-y-te"'));
    expect(() => readReferenceData(dir)).toThrow(/org\/extra-units\.json \(code so-y-te\).*org\/agencies\.csv/);
  });

  it('refuses an old unit named in a district its row does not list', () => {
    const dir = copyWith('bad-district', 'org/communes.csv', (t) => t.replace('xã Hưng Thạnh (huyện Tháp Mười)', 'xã Hưng Thạnh (huyện Cái Bè)'));
    expect(() => readReferenceData(dir)).toThrow(/org\/communes\.csv line \d+ \(code xa-phuong-thinh\)/);
  });
});
