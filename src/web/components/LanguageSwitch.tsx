import { Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

export interface LanguageSwitchProps {
  /** Show "VI" / "EN" instead of the languages' names (narrow screens). */
  short?: boolean;
}

/** Vietnamese / English toggle; the choice is remembered on this browser. */
export function LanguageSwitch({ short = false }: LanguageSwitchProps) {
  // useTranslation re-renders this component when the language changes.
  const { t } = useTranslation();
  return (
    <Radio.Group
      aria-label={t('language.label')}
      optionType="button"
      size="small"
      value={currentLanguage()}
      onChange={(event) => void setLanguage(event.target.value as Language)}
      options={LANGUAGES.map((language) => ({
        value: language,
        label: short ? <span aria-label={t(`language.${language}`)}>{language.toUpperCase()}</span> : t(`language.${language}`),
        title: t(`language.${language}`),
      }))}
      style={{ whiteSpace: 'nowrap' }}
    />
  );
}
