import type { Locale } from '@carehub/core';
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en';
import { th } from './th';

export const LANGUAGES = ['th', 'en'] as const satisfies readonly Locale[];
const STORAGE_KEY = 'carehub.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof th };
  }
}

function storedLanguage(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'th';
  } catch {
    return 'th';
  }
}

function applyLanguage(lng: string) {
  const lang: Locale = lng === 'en' ? 'en' : 'th';
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

i18n.on('languageChanged', applyLanguage);

void i18n.use(initReactI18next).init({
  resources: { th: { translation: th }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'th',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
applyLanguage(i18n.language);

export default i18n;

/** The user's language as a core `Locale` ('th' | 'en'), re-rendering when it changes. */
export function useLang(): Locale {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'th';
}

export function currentLang(): Locale {
  return i18n.language === 'en' ? 'en' : 'th';
}

export function setLang(lang: Locale): void {
  void i18n.changeLanguage(lang);
}

/** Picks the label in the user's language from a core `{ th, en }` label. */
export function pick(label: { th: string; en: string }, lang: Locale): string {
  return lang === 'en' ? label.en : label.th;
}
