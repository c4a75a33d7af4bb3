import { formatMonthShort, type IndicatorSeries, meetsTarget } from '@carehub/core';

type Lang = 'th' | 'en';

/** "66.7%" or "−4.0" (points carry their sign); "—" when nothing was counted. */
export function formatValue(value: number | null, unit: IndicatorSeries['unit'], lang: Lang): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'th-TH', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    ...(unit === 'points' ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(value);
  return unit === 'percent' ? `${n}%` : n;
}

/**
 * The month a card headlines: the last month whose value is final, so a month still running (or a
 * need still within its 30 days) is not judged against the target; the last month if none is final.
 */
export function headline(s: IndicatorSeries): IndicatorSeries['months'][number] | undefined {
  return s.months.findLast((m) => !m.provisional) ?? s.months.at(-1);
}

export type Standing = 'meets' | 'misses' | 'none';

/** Whether the headline value reaches the target in the indicator's direction. */
export function standing(s: IndicatorSeries): Standing {
  const m = meetsTarget(headline(s)?.value ?? null, s.target, s.direction);
  return m === null ? 'none' : m ? 'meets' : 'misses';
}

/** The x-axis labels of a trend (Buddhist era). */
export const monthLabels = (s: IndicatorSeries, lang: Lang): string[] => s.months.map((m) => formatMonthShort(m.month, lang));
