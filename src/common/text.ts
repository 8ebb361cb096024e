/**
 * Vietnamese text helpers. Vietnamese arrives both precomposed (NFC, 'ệ' as one code point) and
 * decomposed (NFD, from macOS and some phone keyboards), so text is stored in NFC and searched in a
 * folded form without case or diacritics, the same form the SQL function vn_norm produces.
 */

/** The NFC (precomposed) form of `s`, the form stored in the database. */
export function toNfc(s: string): string {
  return s.normalize('NFC');
}

// Combining diacritical marks: Vietnamese tones (à á ả ã ạ) and letter marks (â ă ê ô ơ ư).
const DIACRITICS = /[\u0300-\u036f]/g;
// đ and Đ are letters of their own, not d with a mark, so decomposition leaves them alone;
// unaccent maps them (and the look-alike eth ð/Ð) to d.
const D_WITH_STROKE = /[đĐðÐ]/g;

/**
 * The search form of Vietnamese text: lowercase, without diacritics, đ/Đ → d, whitespace runs
 * collapsed to one space and trimmed. 'Đất  ĐAI' → 'dat dai', whatever the input's
 * normalisation form. Agrees with the SQL vn_norm (lower(unaccent(…))) on Vietnamese letters;
 * vn_norm does not collapse whitespace. Idempotent.
 */
export function foldVietnamese(s: string): string {
  const stripped = s.normalize('NFD').replace(DIACRITICS, '').replace(D_WITH_STROKE, 'd');
  // Lowercasing can bring a mark back ('İ' → 'i̇'), so strip once more before recomposing.
  return stripped.toLowerCase().normalize('NFD').replace(DIACRITICS, '').normalize('NFC')
    .replace(/\s+/g, ' ').trim();
}

/** Options for {@link cleanText}. */
export interface CleanTextOptions {
  /** Longest result in characters (code points); longer text is cut, never mid-character. */
  maxLength?: number;
}

// C0 and C1 control characters except tab (\u0009) and newline (\u000a).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Free text from a person (a ticket's content, a note) made fit to store: NFC; \r\n and lone \r
 * become \n; control characters other than \n and \t removed; more than two blank lines in a row
 * become two; leading and trailing whitespace trimmed; cut to `maxLength` characters.
 */
export function cleanText(s: string, options: CleanTextOptions = {}): string {
  // Controls go before NFC: one between a letter and its mark would otherwise keep them apart.
  let text = s.replace(/\r\n?/g, '\n').replace(CONTROL, '').normalize('NFC')
    // A line of only spaces and tabs counts as blank.
    .replace(/\n(?:[ \t]*\n){3,}/g, '\n\n\n')
    .trim();
  const { maxLength } = options;
  if (maxLength !== undefined) {
    const chars = Array.from(text);
    if (chars.length > maxLength) text = chars.slice(0, Math.max(maxLength, 0)).join('').trimEnd();
  }
  return text;
}
