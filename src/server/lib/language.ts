import type { Language } from '../../common/errors.ts';

/**
 * The language a client asked for in Accept-Language, among the two we speak. Vietnamese
 * unless English is preferred over it.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'vi';
  let best: { lang: Language; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number.parseFloat(qParam.trim().slice(2)) : 1;
    const lang: Language | undefined = tag.startsWith('vi') ? 'vi' : tag.startsWith('en') ? 'en' : undefined;
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'vi';
}
