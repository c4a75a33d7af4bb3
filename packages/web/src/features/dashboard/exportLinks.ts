import { addMonths, thaiMonthOf } from '@carehub/core';

/** Links to the dashboard's exports; plain same-origin downloads, so the session cookie goes along. */
export const exportHref = {
  xlsx: (area: string, lang: 'th' | 'en' = 'th') => `/api/dashboard/export.xlsx?area=${encodeURIComponent(area)}${lang === 'en' ? '&lang=en' : ''}`,
  csv: (area: string, table: string, lang: 'th' | 'en' = 'th') =>
    `/api/dashboard/export.csv?area=${encodeURIComponent(area)}&table=${table}${lang === 'en' ? '&lang=en' : ''}`,
  pdf: (area: string, month: string) => `/api/dashboard/report.pdf?area=${encodeURIComponent(area)}&month=${month}`,
  openData: (area: string) => `/api/open-data/aggregates?area=${encodeURIComponent(area)}&format=csv`,
};

/** The months the monthly report can be asked for: this month and the twelve before it, newest first. */
export function reportMonths(now: Date = new Date()): string[] {
  const current = thaiMonthOf(now);
  return Array.from({ length: 13 }, (_, i) => addMonths(current, -i));
}
