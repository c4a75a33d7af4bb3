import { formatDate, type Locale, parsePartialDate } from '@carehub/core';

const MONTHS_TH = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A birth date that may be a year ("1950"), a month ("1950-03") or a day, in the Buddhist era. */
export function formatPartialDate(iso: string, lang: Locale): string {
  const year = Number(iso.slice(0, 4)) + 543;
  if (iso.length === 4) return lang === 'th' ? `พ.ศ. ${year}` : `${year} BE`;
  if (iso.length === 7) return `${(lang === 'th' ? MONTHS_TH : MONTHS_EN)[Number(iso.slice(5, 7)) - 1]} ${year}${lang === 'en' ? ' BE' : ''}`;
  return formatDate(iso, lang);
}

/** ISO date → what a Thai user types back: 1950-03-05 → 5/3/2493, 1950 → 2493. */
export function toThaiInput(iso: string | null): string {
  if (!iso) return '';
  const y = Number(iso.slice(0, 4)) + 543;
  if (iso.length === 4) return String(y);
  if (iso.length === 7) return `${Number(iso.slice(5, 7))}/${y}`;
  return `${Number(iso.slice(8, 10))}/${Number(iso.slice(5, 7))}/${y}`;
}

/** A whole day typed as Thai users write it (5/3/2567, either era), as an ISO date; null if it is not one. */
export function parseThaiDate(text: string): string | null {
  const parsed = parsePartialDate(text);
  return parsed?.precision === 'day' ? parsed.iso : null;
}
