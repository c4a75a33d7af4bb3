/**
 * Dashboard exports (issue 8): the tables an area dashboard can be downloaded as (one XLSX sheet or
 * one CSV each), their names in Thai and English, and the month helpers of the monthly report.
 * Pure: the server builds the files, the web app builds the links.
 */
import type { Locale } from './dates.js';

/** The dashboard's tables, in sheet order. */
export const DASHBOARD_TABLES = [
  'counts',
  'children',
  'disabilityTypes',
  'adlGroups',
  'ageBands',
  'sex',
  'visitsByMonth',
  'needsThisMonth',
  'needs12Months',
  'gaps',
  'referralsTasks',
] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

/** Sheet and menu names; a sheet name is at most 31 characters (Excel's limit). */
export const DASHBOARD_TABLE_LABELS: Record<DashboardTable, { th: string; en: string }> = {
  counts: { th: 'ตัวเลขหลัก', en: 'Headline counts' },
  children: { th: 'พื้นที่ย่อย', en: 'Child areas' },
  disabilityTypes: { th: 'ประเภทความพิการ', en: 'Disability types' },
  adlGroups: { th: 'กลุ่ม ADL', en: 'ADL groups' },
  ageBands: { th: 'ช่วงอายุ', en: 'Age bands' },
  sex: { th: 'เพศ', en: 'Sex' },
  visitsByMonth: { th: 'การเยี่ยมรายเดือน', en: 'Visits by month' },
  needsThisMonth: { th: 'ความต้องการเดือนนี้', en: 'Needs this month' },
  needs12Months: { th: 'ความต้องการ 12 เดือน', en: 'Needs last 12 months' },
  gaps: { th: 'ช่องว่างสิทธิ', en: 'Entitlement gaps' },
  referralsTasks: { th: 'การส่งต่อและงาน', en: 'Referrals and tasks' },
};

const TH_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'] as const;
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** A `YYYY-MM` month in words with the Buddhist-era year: "ตุลาคม 2569" / "October 2569 BE". */
export function formatMonth(month: string, locale: Locale = 'th'): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return locale === 'th' ? `${TH_MONTHS[m - 1]} ${y + 543}` : `${EN_MONTHS[m - 1]} ${y + 543} BE`;
}

/** The month `delta` months from a `YYYY-MM` month. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The `YYYY-MM` month of an instant in Thai time. */
export function thaiMonthOf(at: Date = new Date()): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
}
