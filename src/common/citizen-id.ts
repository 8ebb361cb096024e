/**
 * The 12-digit citizen identity number (số CCCD / số định danh cá nhân). Its digits carry
 * meaning (Thông tư 59/2021/TT-BCA): the province of birth registration, gender and century,
 * the last two digits of the birth year, then a 6-digit random part. Checking them catches
 * most typing mistakes before a ticket is saved; it does not prove the number was issued.
 */

/** Gender as encoded in a citizen ID. */
export type CitizenGender = 'male' | 'female';

/** Machine-readable reason a citizen ID was refused (for translations and tests). */
export type CitizenIdErrorCode = 'empty' | 'not_digits' | 'wrong_length' | 'unknown_province' | 'future_birth_year';

/** A citizen ID that passed every check, with what its digits say. */
export interface ValidCitizenId {
  ok: true;
  /** The 12 digits, whitespace removed. */
  value: string;
  /** The first 3 digits: the province code of the pre-2025 numbering, e.g. '079' (TP. Hồ Chí Minh). */
  provinceCode: string;
  gender: CitizenGender;
  /** The first year of the birth century: 1900, 2000, 2100… */
  birthCentury: number;
  /** The full birth year, e.g. 1987. */
  birthYear: number;
}

/** A refused citizen ID, with the reason in Vietnamese for the person typing it. */
export interface InvalidCitizenId {
  ok: false;
  code: CitizenIdErrorCode;
  reason: string;
}

/** The result of {@link validateCitizenId}. */
export type CitizenIdValidation = ValidCitizenId | InvalidCitizenId;

/**
 * Province codes of the pre-2025 numbering (63 provinces and cities). The gaps (003, 005…) are
 * codes that were never assigned. Numbers issued before the 2025 merger keep their codes.
 */
export const CITIZEN_ID_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022',
  '024', '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042',
  '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066',
  '067', '068', '070', '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087',
  '089', '091', '092', '093', '094', '095', '096',
]);

const REASONS: Readonly<Record<CitizenIdErrorCode, string>> = {
  empty: 'Chưa nhập số căn cước công dân.',
  not_digits: 'Số căn cước công dân chỉ gồm chữ số.',
  wrong_length: 'Số căn cước công dân phải có đúng 12 chữ số.',
  unknown_province: 'Ba chữ số đầu không phải mã tỉnh, thành phố hợp lệ.',
  future_birth_year: 'Năm sinh trong số căn cước công dân không được ở tương lai.',
};

function refuse(code: CitizenIdErrorCode): InvalidCitizenId {
  return { ok: false, code, reason: REASONS[code] };
}

/**
 * Checks a citizen ID (CCCD) and reads its province code, gender and birth year.
 * Whitespace is ignored ('079 203 001 234'). The 4th digit encodes gender and century
 * (0/1 male/female born 1900–1999, 2/3 in 2000–2099, 4/5 in 2100–2199…); a birth year after
 * `now` (a date, or a year; default the current year) is refused.
 */
export function validateCitizenId(input: string, now: Date | number = new Date()): CitizenIdValidation {
  const value = input.replace(/\s+/g, '');
  if (value === '') return refuse('empty');
  if (!/^\d+$/.test(value)) return refuse('not_digits');
  if (value.length !== 12) return refuse('wrong_length');
  const provinceCode = value.slice(0, 3);
  if (!CITIZEN_ID_PROVINCE_CODES.has(provinceCode)) return refuse('unknown_province');
  const centuryDigit = Number(value[3]);
  const birthCentury = 1900 + Math.floor(centuryDigit / 2) * 100;
  const birthYear = birthCentury + Number(value.slice(4, 6));
  const currentYear = typeof now === 'number' ? now : now.getFullYear();
  if (birthYear > currentYear) return refuse('future_birth_year');
  return { ok: true, value, provinceCode, gender: centuryDigit % 2 === 0 ? 'male' : 'female', birthCentury, birthYear };
}
