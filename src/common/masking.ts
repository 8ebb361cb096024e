/**
 * Masks for personal data shown where it is not needed (lists, roles that do not need it).
 * Revealing the full value is an explicit, audited action of the service that owns the data.
 */

/** '0901234567' and '+84901234567' → '090****567' (shown in the national form people know). */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/\s+/g, '');
  const digits = compact.startsWith('+84') ? `0${compact.slice(3)}` : compact;
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, digits.length - 7)}****${digits.slice(-3)}`;
}

/** 'lan.nguyen@gmail.com' → 'l*********@gmail.com'. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(email.length);
  return `${email[0]}${'*'.repeat(Math.max(at - 1, 1))}${email.slice(at)}`;
}

/** 'Nguyễn Thị Lan' → 'Nguyễn T** L**': the family name stays, other words keep their first letter. */
export function maskName(name: string): string {
  const words = name.normalize('NFC').trim().split(/\s+/);
  return words.map((w, i) => (i === 0 ? w : `${[...w][0] ?? ''}${'*'.repeat(Math.max([...w].length - 1, 1))}`)).join(' ');
}

/** A 12-digit citizen ID (CCCD): '079203001234' → '********1234'. */
export function maskIdNumber(id: string): string {
  return id.length <= 4 ? '*'.repeat(id.length) : `${'*'.repeat(id.length - 4)}${id.slice(-4)}`;
}
