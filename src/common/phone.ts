/**
 * Vietnamese phone numbers. Citizens type them in every shape ('0912.345.678', '(+84) 912-345-678',
 * the 11-digit mobile numbers retired in 2018); the platform stores one form, E.164 ('+84…'),
 * so that one caller is one person in search and in the duplicate check. Short service numbers
 * (1022, 113, 1900…) have no E.164 form and are kept as their digits.
 */

/** What kind of number a normalised phone number is. */
export type PhoneKind = 'mobile' | 'landline' | 'service';

/**
 * The 2018 conversion of 11-digit mobile numbers to 10 digits: the old 4-digit prefix maps to
 * the new 3-digit prefix, the 7 subscriber digits stay.
 */
export const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037',
  '0168': '038', '0169': '039',
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0186': '056', '0188': '058', '0199': '059',
});

// Emergency and hotline numbers (111–115, 1022 and the other 10xx hotlines) and the
// 1800 (free) / 1900 (paid) numbers, which have 4 or 6 digits after the prefix.
const SERVICE = /^(?:11[1-5]|10\d{2}|1[89]00(?:\d{4}|\d{6}))$/;
// National form: mobile 0 + 9 digits with prefixes 03x, 05x, 07x, 08x, 09x; landline 02x + area
// code rest + subscriber (024 3825 1234, 0277 385 1234), 10–11 digits.
const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{8,9}$/;
const OLD_MOBILE = /^01\d{9}$/;
// What a person may put around the digits: spaces, dots, dashes, slashes, brackets.
const SEPARATORS = /[\s.\-/()]/g;

/** Returns the digits of `input` when it is only digits and separators, else null. */
function digitsOf(input: string): { digits: string; plus: boolean } | null {
  const compact = input.normalize('NFKC').replace(SEPARATORS, '');
  const match = /^(\+?)(\d+)$/.exec(compact);
  return match ? { plus: match[1] === '+', digits: match[2]! } : null;
}

/** Brings an old 11-digit mobile number to its 2018 form; null when the prefix was never used. */
function convertOldMobile(national: string): string | null {
  const prefix = OLD_MOBILE_PREFIXES[national.slice(0, 4)];
  return prefix === undefined ? null : `${prefix}${national.slice(4)}`;
}

/** The national form ('0…') of a number that is not a service number, or null. */
function toNational(digits: string, plus: boolean): string | null {
  let rest: string;
  if (digits.startsWith('0084')) rest = digits.slice(4);
  else if (plus) {
    if (!digits.startsWith('84')) return null; // a foreign number: not ours to guess
    rest = digits.slice(2);
  } else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) rest = digits.slice(2);
  else if (digits.startsWith('0')) return classify(digits);
  // Without the trunk 0, as some switches deliver caller IDs: '912345678'.
  else rest = digits;
  // '+84 (0) 912 345 678': the trunk 0 written after the country code.
  if (rest.startsWith('0')) rest = rest.slice(1);
  return classify(`0${rest}`);
}

function classify(national: string): string | null {
  if (MOBILE.test(national) || LANDLINE.test(national)) return national;
  if (OLD_MOBILE.test(national)) return convertOldMobile(national);
  return null;
}

/**
 * True when `input` is a short service number (1022, 113, 114, 115, 1900xxxx, 1800xxxx…),
 * separators allowed: these are dialled as they are and have no '+84' form.
 */
export function isServiceNumber(input: string): boolean {
  const parsed = digitsOf(input);
  return parsed !== null && !parsed.plus && SERVICE.test(parsed.digits);
}

/**
 * A Vietnamese phone number in E.164 ('+84912345678'), or the digits of a service number
 * ('1022', '19001234'), or null when `input` is not a plausible Vietnamese number.
 * Accepts national, international ('+84', '84', '0084') and pre-2018 11-digit mobile forms,
 * with spaces, dots, dashes and brackets. Idempotent.
 */
export function normalizePhone(input: string): string | null {
  const parsed = digitsOf(input);
  if (parsed === null) return null;
  if (!parsed.plus && SERVICE.test(parsed.digits)) return parsed.digits;
  const national = toNational(parsed.digits, parsed.plus);
  return national === null ? null : `+84${national.slice(1)}`;
}

/** The kind of a number, or null when it is not a plausible Vietnamese number. */
export function phoneKind(input: string): PhoneKind | null {
  const normalized = normalizePhone(input);
  if (normalized === null) return null;
  if (!normalized.startsWith('+')) return 'service';
  return normalized.startsWith('+842') ? 'landline' : 'mobile';
}

/**
 * The number as Vietnamese people write it: '+84912345678' → '0912 345 678',
 * '+842438251234' → '024 3825 1234', '+842773851234' → '0277 385 1234'; service numbers as
 * their digits. Input that is not a plausible number comes back unchanged.
 */
export function formatPhoneNational(phone: string): string {
  const normalized = normalizePhone(phone);
  if (normalized === null) return phone;
  if (!normalized.startsWith('+')) return normalized;
  const national = `0${normalized.slice(3)}`;
  if (national.startsWith('02')) {
    // Hà Nội (024) and TP. Hồ Chí Minh (028) have 2-digit area codes, the provinces 3 digits.
    const areaLength = /^02[48]/.test(national) ? 3 : 4;
    const subscriber = national.slice(areaLength);
    const split = subscriber.length - 4;
    return `${national.slice(0, areaLength)} ${subscriber.slice(0, split)} ${subscriber.slice(split)}`;
  }
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

/**
 * The forms a person might type when looking a number up, for search indexing:
 * '+84912345678' → ['+84912345678', '84912345678', '0912345678', '912345678'].
 * A service number has one form; an implausible number none.
 */
export function phoneSearchForms(phone: string): string[] {
  const normalized = normalizePhone(phone);
  if (normalized === null) return [];
  if (!normalized.startsWith('+')) return [normalized];
  const subscriber = normalized.slice(3);
  return [normalized, `84${subscriber}`, `0${subscriber}`, subscriber];
}
