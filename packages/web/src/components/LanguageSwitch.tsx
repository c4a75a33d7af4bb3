import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang, useLang } from '../i18n';

/** ไทย | EN: remembered in localStorage, and sets <html lang>. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={lang}
      onChange={(v) => setLang(v === 'en' ? 'en' : 'th')}
      data={[
        { value: 'th', label: <span lang="th">{t('lang.th')}</span> },
        { value: 'en', label: <span lang="en">{t('lang.en')}</span> },
      ]}
    />
  );
}
