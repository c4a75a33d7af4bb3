/**
 * Dates are stored as ISO (yyyy-mm-dd, or full timestamps) and shown in the Buddhist era.
 * BE = CE + 543.
 */
export const BE_OFFSET = 543;

export type Locale = 'th' | 'en';

const TZ = 'Asia/Bangkok';

function formatter(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale === 'th' ? 'th-TH-u-ca-buddhist-nu-latn' : 'en-GB-u-ca-buddhist', {
    timeZone: TZ,
    ...opts,
  });
}

function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  // A plain date is a calendar day, not an instant: read it at noon Bangkok time so no time zone moves it.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value);
}

/** "23 พ.ย. 2569" / "23 Nov 2569 BE" */
export function formatDate(value: string | Date, locale: Locale = 'th'): string {
  return formatter(locale, { dateStyle: 'medium' }).format(toDate(value));
}

/** "23 พ.ย. 2569 17:05" / "23 Nov 2569 BE, 17:05" */
export function formatDateTime(value: string | Date, locale: Locale = 'th'): string {
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));
}

/** Christian-era year of a year that may be written in either era: years after 2400 are read as BE. */
export function toCeYear(year: number): number {
  return year > 2400 ? year - BE_OFFSET : year;
}
