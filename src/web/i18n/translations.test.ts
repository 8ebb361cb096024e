import { describe, expect, it } from 'vitest';
import citizenEn from './citizen.en.json' with { type: 'json' };
import citizenVi from './citizen.vi.json' with { type: 'json' };
import staffEn from './en.json' with { type: 'json' };
import staffVi from './vi.json' with { type: 'json' };

// Both namespaces, checked as one tree.
const vi = { translation: staffVi, citizen: citizenVi };
const en = { translation: staffEn, citizen: citizenEn };

/** Every key path of a translation tree, with its value. */
function entries(tree: object, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === 'object' ? entries(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

describe('translations', () => {
  it('has an English text for every Vietnamese one, and no extra', () => {
    expect(entries(en).map(([key]) => key).sort()).toEqual(entries(vi).map(([key]) => key).sort());
  });

  it('has no empty text in either language', () => {
    for (const [key, value] of [...entries(vi), ...entries(en)]) {
      expect(typeof value === 'string' && value.trim() !== '', key).toBe(true);
    }
  });

  it('uses the same interpolation variables in both languages', () => {
    const variables = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const english = new Map(entries(en));
    for (const [key, value] of entries(vi)) expect(variables(english.get(key)), key).toEqual(variables(value));
  });
});
