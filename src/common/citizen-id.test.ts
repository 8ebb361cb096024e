import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CITIZEN_ID_PROVINCE_CODES, validateCitizenId } from './citizen-id.ts';

const NOW = 2026;

describe('validateCitizenId', () => {
  it('reads province, gender and birth year from a valid number', () => {
    expect(validateCitizenId('079203001234', NOW)).toEqual({
      ok: true, value: '079203001234', provinceCode: '079', gender: 'male', birthCentury: 2000, birthYear: 2003,
    });
    expect(validateCitizenId('087187654321', NOW)).toEqual({
      ok: true, value: '087187654321', provinceCode: '087', gender: 'female', birthCentury: 1900, birthYear: 1987,
    });
  });

  it.each([
    ['001090000001', 'male', 1990],
    ['001190000001', 'female', 1990],
    ['082200000001', 'male', 2000],
    ['082325000001', 'female', 2025],
    ['096026000001', 'male', 1926],
  ] as const)('reads %s as %s born %i', (id, gender, birthYear) => {
    const result = validateCitizenId(id, NOW);
    expect(result.ok && { gender: result.gender, birthYear: result.birthYear }).toEqual({ gender, birthYear });
  });

  it('ignores the spaces people type between groups', () => {
    const result = validateCitizenId(' 079 203 001 234 ', NOW);
    expect(result.ok && result.value).toBe('079203001234');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['07920300123a', 'not_digits'],
    ['079-203-001-234', 'not_digits'],
    ['07920300123', 'wrong_length'],
    ['0792030012345', 'wrong_length'],
    ['000203001234', 'unknown_province'],
    ['003203001234', 'unknown_province'],
    ['097203001234', 'unknown_province'],
    ['999203001234', 'unknown_province'],
    ['079227001234', 'future_birth_year'],
    ['079400001234', 'future_birth_year'],
  ])('refuses %j (%s) with a Vietnamese reason', (id, code) => {
    const result = validateCitizenId(id, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.reason).toMatch(/căn cước|mã tỉnh/);
    }
  });

  it('accepts a birth this year and refuses one next year, by date or by year', () => {
    expect(validateCitizenId('079226001234', new Date(2026, 0, 1)).ok).toBe(true);
    expect(validateCitizenId('079226001234', new Date(2025, 11, 31)).ok).toBe(false);
    expect(validateCitizenId('079226001234', 2025).ok).toBe(false);
  });

  it('knows the 63 province codes of the pre-2025 numbering', () => {
    expect(CITIZEN_ID_PROVINCE_CODES.size).toBe(63);
    for (const code of CITIZEN_ID_PROVINCE_CODES) expect(validateCitizenId(`${code}090000001`, NOW).ok).toBe(true);
  });

  it('decodes every gender/century digit and two-digit year consistently', () => {
    fc.assert(fc.property(
      fc.constantFrom(...CITIZEN_ID_PROVINCE_CODES), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 999_999 }),
      (province, centuryDigit, yy, serial) => {
        const id = `${province}${centuryDigit}${String(yy).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
        const result = validateCitizenId(id, NOW);
        const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + yy;
        if (birthYear > NOW) {
          expect(result).toMatchObject({ ok: false, code: 'future_birth_year' });
        } else {
          expect(result).toEqual({
            ok: true, value: id, provinceCode: province, gender: centuryDigit % 2 === 0 ? 'male' : 'female',
            birthCentury: birthYear - yy, birthYear,
          });
        }
      },
    ));
  });
});
