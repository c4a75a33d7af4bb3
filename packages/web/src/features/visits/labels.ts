import { HELP, helpLabel, type Locale, NEED_CATEGORIES, needLabel, VITALS, type VitalKey } from '@carehub/core';
import { pick } from '../../i18n';

/** The need taxonomy as grouped options for a multi-select. */
export const needOptions = (lang: Locale) =>
  NEED_CATEGORIES.map((c) => ({ group: pick(c.label, lang), items: Object.entries(c.needs).map(([value, label]) => ({ value, label: pick(label, lang) })) }));

export const helpOptions = (lang: Locale) => Object.entries(HELP).map(([value, h]) => ({ value, label: pick(h.label, lang) }));

/** "ไม่มีรายได้, รถเข็นนั่ง": coded needs or help in words. */
export function describeCodes(items: Array<{ code: string }>, kind: 'need' | 'help', lang: Locale): string {
  return items.map((i) => pick((kind === 'need' ? needLabel(i.code) : helpLabel(i.code)) ?? { th: i.code, en: i.code }, lang)).join(', ');
}

export const VITAL_FIELDS = (Object.entries(VITALS) as Array<[VitalKey, (typeof VITALS)[VitalKey]]>).map(([key, v]) => ({
  key,
  label: v.label,
  unit: v.unit,
  min: v.plausible[0],
  max: v.plausible[1],
  decimals: v.decimals,
}));
