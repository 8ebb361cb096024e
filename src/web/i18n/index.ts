// The UI's translations. Vietnamese is the default; the choice of English is
// remembered in localStorage. Every visible string comes from vi.json / en.json.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import citizenEn from './citizen.en.json' with { type: 'json' };
import citizenVi from './citizen.vi.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];

const STORAGE_KEY = 't1022.language';
const DEFAULT_LANGUAGE: Language = 'vi';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The citizen portal has its own namespace: useTranslation('citizen').
    resources: { translation: typeof vi; citizen: typeof citizenVi };
  }
}

function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be disabled (private mode, policies): fall back to Vietnamese.
    return DEFAULT_LANGUAGE;
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi, citizen: citizenVi }, en: { translation: en, citizen: citizenEn } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already.
  initAsync: false,
  returnNull: false,
});

/** The language the UI shows now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers the choice on this browser. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch itself still works.
  }
  await i18n.changeLanguage(language);
}
