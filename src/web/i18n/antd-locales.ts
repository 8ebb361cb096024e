// antd's locale files are ES modules inside a package without "type": "module", so
// TypeScript (NodeNext) types their default import as the whole CommonJS module while
// Vite hands over the default export itself. unwrapDefault accepts both shapes.
import type { Locale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import viVNModule from 'antd/es/locale/vi_VN.js';
import type { Language } from './index.ts';

function unwrapDefault(module: Locale | { default: Locale }): Locale {
  return 'default' in module ? module.default : module;
}

const ANTD_LOCALES: Record<Language, Locale> = {
  vi: unwrapDefault(viVNModule),
  en: unwrapDefault(enUSModule),
};

/** antd's built-in texts (date pickers, pagination, empty states) for a UI language. */
export function antdLocale(language: Language): Locale {
  return ANTD_LOCALES[language];
}
