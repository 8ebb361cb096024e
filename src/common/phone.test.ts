import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OLD_MOBILE_PREFIXES, formatPhoneNational, isServiceNumber, normalizePhone, phoneKind, phoneSearchForms,
} from './phone.ts';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
/** A valid national mobile number: 0 + one of 03x/05x/07x/08x/09x + 8 digits. */
const nationalMobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(8)).map(([p, d]) => `0${p}${d}`);
/** A valid national landline: 024/028 + 8 digits, or 02xx + 7 digits. */
const nationalLandline = fc.oneof(
  fc.tuple(fc.constantFrom('024', '028'), digits(8)).map(([a, d]) => `${a}${d}`),
  fc.tuple(digits(2), digits(7)).map(([a, d]) => `02${a}${d}`),
);
const nationalNumber = fc.oneof(nationalMobile, nationalLandline);
/** Any way a person might write a number. */
const anyWriting = fc.oneof(
  nationalNumber,
  nationalNumber.map((n) => `+84${n.slice(1)}`),
  nationalNumber.map((n) => `0084 ${n.slice(1)}`),
  nationalNumber.map((n) => `(+84) ${n.slice(1, 4)}-${n.slice(4, 7)}-${n.slice(7)}`),
  nationalMobile.map((n) => `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`),
  fc.string(),
  fc.string({ unit: fc.constantFrom(...'0123456789+ .-()'), maxLength: 16 }),
);

describe('normalizePhone', () => {
  it.each([
    ['0912 345 678', '+84912345678'],
    ['0912.345.678', '+84912345678'],
    ['0912-345-678', '+84912345678'],
    ['(+84) 912-345-678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['0084912345678', '+84912345678'],
    ['+84 (0) 912 345 678', '+84912345678'],
    ['912345678', '+84912345678'],
    ['０９１２３４５６７８', '+84912345678'],
    ['0386 123 456', '+84386123456'],
    ['0559 123 456', '+84559123456'],
    ['0707 123 456', '+84707123456'],
    ['0843 123 456', '+84843123456'],
    ['843123456', '+84843123456'],
    ['024 3825 1234', '+842438251234'],
    ['028 3829 1234', '+842838291234'],
    ['0277 3851 234', '+842773851234'],
    ['(0273) 3872 123', '+842733872123'],
    ['+84 277 3851 234', '+842773851234'],
  ])('writes %s as %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['01623 456 789', '+84323456789'],
    ['0169 1234567', '+84391234567'],
    ['0120 123 4567', '+84701234567'],
    ['0121 123 4567', '+84791234567'],
    ['0123 123 4567', '+84831234567'],
    ['0127 123 4567', '+84811234567'],
    ['0186 123 4567', '+84561234567'],
    ['0199 123 4567', '+84591234567'],
    ['+84 162 345 6789', '+84323456789'],
    ['841623456789', '+84323456789'],
  ])('brings the pre-2018 mobile number %s to %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('maps every old mobile prefix to its new one', () => {
    for (const [oldPrefix, newPrefix] of Object.entries(OLD_MOBILE_PREFIXES)) {
      expect(normalizePhone(`${oldPrefix}1234567`)).toBe(`+84${newPrefix.slice(1)}1234567`);
    }
  });

  it.each([
    ['1022', '1022'], ['113', '113'], ['114', '114'], ['115', '115'], ['111', '111'],
    ['1900 1234', '19001234'], ['1900.123.456', '1900123456'], ['1800 1022', '18001022'], ['1800123456', '1800123456'],
  ])('keeps the service number %s as its digits %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
    expect(isServiceNumber(input)).toBe(true);
  });

  it.each([
    '', '   ', 'abc', '0912 345 67', '0912 345 6789', '0112345678', '0612345678', '0412345678',
    '01301234567', '0245', '+1 415 555 0100', '+84', '0912a345678', '++84912345678', '84+912345678',
    '1023456', '116', '19001', '+841022', '0024 3825 1234',
  ])('refuses %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('does not call ordinary numbers service numbers', () => {
    expect(isServiceNumber('0912345678')).toBe(false);
    expect(isServiceNumber('+84912345678')).toBe(false);
    expect(isServiceNumber('+1022')).toBe(false);
    expect(isServiceNumber('hello')).toBe(false);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(anyWriting, (input) => {
      const once = normalizePhone(input);
      if (once !== null) expect(normalizePhone(once)).toBe(once);
    }), { numRuns: 2000 });
  });

  it('accepts every well-formed national number whatever the separators', () => {
    fc.assert(fc.property(anyWriting.filter((s) => /\d{3}/.test(s) && !/[^\d\s.\-()+]/.test(s)), (input) => {
      const national = input.replace(/[\s.\-()]/g, '').replace(/^(\+84|0084)/, '0');
      if (/^0[235789]/.test(national) && (national.length === 10 || national.length === 11)
        && (/^0[35789]\d{8}$/.test(national) || /^02\d{8,9}$/.test(national))) {
        expect(normalizePhone(input)).toBe(`+84${national.slice(1)}`);
      }
    }));
  });
});

describe('formatPhoneNational', () => {
  it.each([
    ['+84912345678', '0912 345 678'],
    ['0912.345.678', '0912 345 678'],
    ['+842438251234', '024 3825 1234'],
    ['+842838291234', '028 3829 1234'],
    ['+842773851234', '0277 385 1234'],
    ['1022', '1022'],
    ['19001234', '19001234'],
    ['not a number', 'not a number'],
  ])('writes %s as %s', (input, expected) => {
    expect(formatPhoneNational(input)).toBe(expected);
  });

  it('round-trips national → E.164 → national', () => {
    fc.assert(fc.property(nationalNumber, (national) => {
      const e164 = normalizePhone(national);
      expect(e164).toBe(`+84${national.slice(1)}`);
      const formatted = formatPhoneNational(e164!);
      expect(formatted.replace(/ /g, '')).toBe(national);
      expect(normalizePhone(formatted)).toBe(e164);
    }), { numRuns: 2000 });
  });
});

describe('phoneSearchForms', () => {
  it('lists the forms a person might type', () => {
    expect(phoneSearchForms('+84912345678')).toEqual(['+84912345678', '84912345678', '0912345678', '912345678']);
    expect(phoneSearchForms('0277 3851 234')).toEqual(['+842773851234', '842773851234', '02773851234', '2773851234']);
    expect(phoneSearchForms('1022')).toEqual(['1022']);
    expect(phoneSearchForms('xyz')).toEqual([]);
  });

  it('gives forms that all normalise back to the number', () => {
    fc.assert(fc.property(nationalNumber, (national) => {
      const e164 = normalizePhone(national)!;
      for (const form of phoneSearchForms(e164)) expect(normalizePhone(form)).toBe(e164);
    }));
  });
});

describe('phoneKind', () => {
  it('tells mobile, landline and service numbers apart', () => {
    expect(phoneKind('0912345678')).toBe('mobile');
    expect(phoneKind('02773851234')).toBe('landline');
    expect(phoneKind('113')).toBe('service');
    expect(phoneKind('12')).toBeNull();
  });
});
