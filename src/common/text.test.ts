import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, foldVietnamese, toNfc } from './text.ts';

// The Vietnamese alphabet with the letter each folds to, and the five tone marks.
const LETTERS: Record<string, string> = {
  a: 'a', ă: 'a', â: 'a', b: 'b', c: 'c', d: 'd', đ: 'd', e: 'e', ê: 'e', g: 'g', h: 'h', i: 'i', k: 'k',
  l: 'l', m: 'm', n: 'n', o: 'o', ô: 'o', ơ: 'o', p: 'p', q: 'q', r: 'r', s: 's', t: 't', u: 'u', ư: 'u',
  v: 'v', x: 'x', y: 'y',
};
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

/** Vietnamese-looking text: letters with tones, either case, spaces, in NFC or NFD. */
const vietnameseText = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(LETTERS)), fc.constantFrom(...TONES), fc.boolean())
      .map(([letter, tone, upper]) => {
        const composed = `${letter}${tone}`.normalize('NFC');
        return upper ? composed.toUpperCase() : composed;
      }),
    fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '.', ','),
  ),
).map((parts) => parts.join(''));

describe('toNfc', () => {
  it('composes decomposed Vietnamese', () => {
    expect(toNfc('Vie\u0302\u0323t')).toBe('Việt');
    expect(toNfc('Việt')).toBe('Việt');
  });
});

describe('foldVietnamese', () => {
  it.each([
    ['Đất  ĐAI', 'dat dai'],
    ['Đất  ĐAI'.normalize('NFD'), 'dat dai'],
    ['  Nguyễn   Thị\tLan\n', 'nguyen thi lan'],
    ['ĐƯỜNG HÙNG VƯƠNG', 'duong hung vuong'],
    ['Ủy ban nhân dân tỉnh Đồng Tháp', 'uy ban nhan dan tinh dong thap'],
    ['Quận 1, TP. Hồ Chí Minh', 'quan 1, tp. ho chi minh'],
    ['', ''],
  ])('folds %j to %j', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  // The expectations were checked against vn_norm (lower(unaccent(…))) on PGlite, NFC and NFD.
  it('folds every Vietnamese letter, with every tone and in either case, as vn_norm does', () => {
    for (const [letter, folded] of Object.entries(LETTERS)) {
      for (const tone of TONES) {
        const composed = `${letter}${tone}`.normalize('NFC');
        for (const input of [composed, composed.toUpperCase()]) {
          expect(foldVietnamese(input)).toBe(folded);
          expect(foldVietnamese(input.normalize('NFD'))).toBe(folded);
        }
      }
    }
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.oneof(vietnameseText, fc.string({ unit: 'binary' })), (s) => {
      const once = foldVietnamese(s);
      expect(foldVietnamese(once)).toBe(once);
    }), { numRuns: 2000 });
  });

  it('does not care whether the text came in NFC or NFD', () => {
    fc.assert(fc.property(fc.oneof(vietnameseText, fc.string({ unit: 'binary' })), (s) => {
      const folded = foldVietnamese(s.normalize('NFC'));
      expect(foldVietnamese(s.normalize('NFD'))).toBe(folded);
      expect(foldVietnamese(s)).toBe(folded);
    }), { numRuns: 2000 });
  });

  it('leaves no diacritic, no capital and no double space in Vietnamese text', () => {
    fc.assert(fc.property(vietnameseText, (s) => {
      expect(foldVietnamese(s)).toMatch(/^(?:[a-z.,]+(?: [a-z.,]+)*)?$/);
    }));
  });
});

describe('cleanText', () => {
  it('stores text in NFC, trimmed', () => {
    expect(cleanText('  Vie\u0302\u0323t Nam \n')).toBe('Việt Nam');
  });

  it('turns Windows and old Mac line breaks into \\n', () => {
    expect(cleanText('một\r\nhai\rba')).toBe('một\nhai\nba');
  });

  it('removes control characters but keeps newlines and tabs', () => {
    expect(cleanText('a\u0000b\u0007c\td\ne\u001bf\u007fg\u0085h')).toBe('abc\td\nefgh');
    expect(cleanText('Vie\u0002\u0302\u0323t')).toBe('Việt');
  });

  it('keeps at most two blank lines in a row', () => {
    expect(cleanText('a\n\nb')).toBe('a\n\nb');
    expect(cleanText('a\n\n\nb')).toBe('a\n\n\nb');
    expect(cleanText('a\n\n\n\n\n\nb')).toBe('a\n\n\nb');
    expect(cleanText('a\n  \n\t\n \n\nb')).toBe('a\n\n\nb');
    expect(cleanText('a\r\n\r\n\r\n\r\n\r\nb')).toBe('a\n\n\nb');
  });

  it('cuts to maxLength characters without splitting a character', () => {
    expect(cleanText('Nguyễn Thị Lan', { maxLength: 6 })).toBe('Nguyễn');
    expect(cleanText('Nguyễn Thị Lan', { maxLength: 7 })).toBe('Nguyễn');
    expect(cleanText('ab😀cd', { maxLength: 3 })).toBe('ab😀');
    expect(cleanText('short', { maxLength: 100 })).toBe('short');
    expect(cleanText('text', { maxLength: 0 })).toBe('');
  });

  it('is idempotent and respects maxLength', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fc.constantFrom('a', 'ệ', 'e\u0302\u0323', ' ', '\t', '\n', '\r\n', '\r', '\u0000', '\u001f', '😀'))
        .map((parts) => parts.join('')),
    );
    fc.assert(fc.property(text, fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), (s, maxLength) => {
      const once = cleanText(s, { maxLength });
      expect(cleanText(once, { maxLength })).toBe(once);
      if (maxLength !== undefined) expect(Array.from(once).length).toBeLessThanOrEqual(maxLength);
      // eslint-disable-next-line no-control-regex
      expect(once).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\n[ \t]*\n[ \t]*\n[ \t]*\n/);
      expect(once).toBe(once.normalize('NFC'));
    }), { numRuns: 2000 });
  });
});
