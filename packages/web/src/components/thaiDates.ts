import { formatDate, formatMonth, type Locale } from '@carehub/core';
import dayjs from 'dayjs';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import 'dayjs/locale/th';

// The pickers' calendars name their years in the Buddhist era, as every date in the app is shown.
dayjs.extend(buddhistEra);

/** A year of the Buddhist era for the picker's year lists and headers: 2026-… → "2569". */
export function beYearLabel(date: string): string {
  return dayjs(date.slice(0, 10)).format('BBBB');
}

/** A decade in the picker's header, both ends in the Buddhist era: "2563 – 2572". */
export function beDecadeLabel(start: string, end: string): string {
  return `${beYearLabel(start)} – ${beYearLabel(end)}`;
}

/** A month heading in the calendar, as formatMonth shows it elsewhere: "ธันวาคม 2569" / "December 2569 BE". */
export function beMonthLabel(date: string, lang: Locale): string {
  return formatMonth(date.slice(0, 7), lang);
}

/** A day in a date field, as formatDate shows it elsewhere: "7 ธ.ค. 2569" / "7 Dec 2569 BE". */
export function beDateLabel(date: string, lang: Locale): string {
  return formatDate(date.slice(0, 10), lang);
}

/**
 * A date and time in a date-time field, as formatDateTime shows it elsewhere ("7 ธ.ค. 2569 10:56" /
 * "7 Dec 2569 BE, 10:56"). The picker's value is the wall-clock time the user chose
 * (`YYYY-MM-DD HH:mm[:ss]` or with a `T`), so its clock time is shown as it is, not moved to another zone.
 */
export function beDateTimeLabel(value: string, lang: Locale): string {
  const day = formatDate(value.slice(0, 10), lang);
  const time = value.slice(11, 16);
  return lang === 'th' ? `${day} ${time}` : `${day}, ${time}`;
}

/** The dayjs locale the calendars name their months and weekdays in. */
export const dayjsLocale = (lang: Locale): string => (lang === 'th' ? 'th' : 'en');
