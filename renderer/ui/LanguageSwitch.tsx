import { type Language, useLanguageStore, useT } from '../i18n/index.ts';

export function LanguageSwitch() {
  const t = useT();
  const { language, setLanguage } = useLanguageStore();
  return (
    <select
      className="lang"
      aria-label={t('lang.label')}
      value={language}
      onChange={(e) => setLanguage(e.target.value as Language)}
    >
      <option value="ru">Русский</option>
      <option value="en">English</option>
    </select>
  );
}
