/**
 * The person registry's vocabulary (DESIGN.md §4, shared/domain/README.md) and its rules:
 * name normalisation for search, partial birth dates in either era, entitlement gaps.
 */
import { BE_OFFSET } from './dates.js';
import { thaiDigitsToAscii } from './text.js';

type Labels<K extends string> = Record<K, { th: string; en: string }>;

export const CID_MISSING_REASONS = ['no_card', 'foreigner', 'newborn', 'unknown'] as const;
export type CidMissingReason = (typeof CID_MISSING_REASONS)[number];
export const CID_MISSING_REASON_LABELS: Labels<CidMissingReason> = {
  no_card: { th: 'ไม่มีบัตรประชาชน', en: 'No ID card' },
  foreigner: { th: 'ต่างด้าว (ใช้เอกสารอื่น)', en: 'Foreigner (other document)' },
  newborn: { th: 'ทารกแรกเกิด ยังไม่มีเลข', en: 'Newborn, no number yet' },
  unknown: { th: 'ไม่ทราบ', en: 'Unknown' },
};

export const SEXES = ['male', 'female', 'unknown'] as const;
export const PERSON_STATUSES = ['alive', 'deceased', 'moved_out'] as const;
export const PERSON_STATUS_LABELS: Labels<(typeof PERSON_STATUSES)[number]> = {
  alive: { th: 'มีชีวิต', en: 'Alive' },
  deceased: { th: 'เสียชีวิต', en: 'Deceased' },
  moved_out: { th: 'ย้ายออก', en: 'Moved out' },
};

/** The 7 disability types of the 2012 announcement of the Ministry of Social Development and Human Security. */
export const DISABILITY_TYPES = [1, 2, 3, 4, 5, 6, 7] as const;
export type DisabilityType = (typeof DISABILITY_TYPES)[number];
export const DISABILITY_TYPE_LABELS: Record<DisabilityType, { th: string; en: string }> = {
  1: { th: 'ทางการเห็น', en: 'Visual' },
  2: { th: 'ทางการได้ยินหรือสื่อความหมาย', en: 'Hearing or communication' },
  3: { th: 'ทางการเคลื่อนไหวหรือทางร่างกาย', en: 'Mobility or physical' },
  4: { th: 'ทางจิตใจหรือพฤติกรรม', en: 'Mental or behavioural' },
  5: { th: 'ทางสติปัญญา', en: 'Intellectual' },
  6: { th: 'ทางการเรียนรู้', en: 'Learning' },
  7: { th: 'ทางออทิสติก', en: 'Autism' },
};

/** Barthel ADL groups (Thai 20-point): ติดสังคม 12–20, ติดบ้าน 5–11, ติดเตียง 0–4. */
export const ADL_GROUPS = ['social', 'homebound', 'bedridden'] as const;
export type AdlGroup = (typeof ADL_GROUPS)[number];
export const ADL_GROUP_LABELS: Labels<AdlGroup> = {
  social: { th: 'ติดสังคม', en: 'Socially active' },
  homebound: { th: 'ติดบ้าน', en: 'Homebound' },
  bedridden: { th: 'ติดเตียง', en: 'Bedridden' },
};
export function adlGroupOf(barthelTotal: number): AdlGroup {
  return barthelTotal >= 12 ? 'social' : barthelTotal >= 5 ? 'homebound' : 'bedridden';
}

export const VULNERABILITY_KINDS = ['disability', 'awaiting_rehabilitation', 'chronic_condition', 'low_income', 'living_alone', 'other_risk'] as const;
export type VulnerabilityKind = (typeof VULNERABILITY_KINDS)[number];
export const VULNERABILITY_LABELS: Labels<VulnerabilityKind | 'elderly' | 'bedridden' | 'homebound'> = {
  disability: { th: 'คนพิการ', en: 'Disability' },
  awaiting_rehabilitation: { th: 'รอการฟื้นฟูสมรรถภาพ', en: 'Awaiting rehabilitation' },
  chronic_condition: { th: 'โรคเรื้อรัง', en: 'Chronic condition' },
  low_income: { th: 'ยากจน/รายได้น้อย', en: 'Poverty / low income' },
  living_alone: { th: 'อยู่ลำพัง', en: 'Living alone' },
  other_risk: { th: 'ความเสี่ยงอื่น', en: 'Other risk' },
  elderly: { th: 'ผู้สูงอายุ', en: 'Elderly' },
  bedridden: { th: 'ผู้ป่วยติดเตียง', en: 'Bedridden' },
  homebound: { th: 'ผู้ป่วยติดบ้าน', en: 'Homebound' },
};
export const REHAB_CONDITIONS = ['stroke', 'amputation', 'spinal_injury', 'brain_injury', 'hip_fracture', 'other'] as const;
export const REHAB_CONDITION_LABELS: Labels<(typeof REHAB_CONDITIONS)[number]> = {
  stroke: { th: 'โรคหลอดเลือดสมอง', en: 'Stroke' },
  amputation: { th: 'ถูกตัดแขนขา', en: 'Amputation' },
  spinal_injury: { th: 'บาดเจ็บไขสันหลัง', en: 'Spinal injury' },
  brain_injury: { th: 'บาดเจ็บที่ศีรษะ', en: 'Brain injury' },
  hip_fracture: { th: 'สะโพกหัก', en: 'Hip fracture' },
  other: { th: 'อื่น ๆ', en: 'Other' },
};

export const ENTITLEMENT_KINDS = ['health_scheme', 'disability_allowance', 'elderly_allowance', 'assistive_device', 'other_welfare'] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];
export const ENTITLEMENT_LABELS: Labels<EntitlementKind> = {
  health_scheme: { th: 'สิทธิการรักษาพยาบาล', en: 'Health coverage' },
  disability_allowance: { th: 'เบี้ยความพิการ', en: 'Disability allowance' },
  elderly_allowance: { th: 'เบี้ยยังชีพผู้สูงอายุ', en: 'Elderly allowance' },
  assistive_device: { th: 'กายอุปกรณ์/อุปกรณ์ช่วยความพิการ', en: 'Assistive device' },
  other_welfare: { th: 'สวัสดิการอื่น', en: 'Other welfare' },
};
export const HEALTH_SCHEMES = ['uc', 'civil_servant', 'social_security', 'none'] as const;
export const HEALTH_SCHEME_LABELS: Labels<(typeof HEALTH_SCHEMES)[number]> = {
  uc: { th: 'หลักประกันสุขภาพแห่งชาติ (บัตรทอง)', en: 'Universal coverage (UC)' },
  civil_servant: { th: 'สวัสดิการข้าราชการ', en: 'Civil servant' },
  social_security: { th: 'ประกันสังคม', en: 'Social security' },
  none: { th: 'ไม่มีสิทธิ', en: 'None' },
};
export const ENTITLEMENT_STATUSES = ['receiving', 'eligible_not_receiving', 'applied', 'not_eligible'] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];
export const ENTITLEMENT_STATUS_LABELS: Labels<EntitlementStatus> = {
  receiving: { th: 'ได้รับแล้ว', en: 'Receiving' },
  eligible_not_receiving: { th: 'มีสิทธิแต่ยังไม่ได้รับ', en: 'Eligible, not receiving' },
  applied: { th: 'ยื่นคำขอแล้ว', en: 'Applied' },
  not_eligible: { th: 'ไม่มีสิทธิ', en: 'Not eligible' },
};

export const CONSENT_PURPOSES = ['care_coordination', 'data_sharing', 'research'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_PURPOSE_LABELS: Labels<ConsentPurpose> = {
  care_coordination: { th: 'การประสานการดูแล', en: 'Care coordination' },
  data_sharing: { th: 'การแบ่งปันข้อมูลกับหน่วยงานภาคี', en: 'Sharing with partner agencies' },
  research: { th: 'การวิจัย/สถิติ', en: 'Research / statistics' },
};
export const CONSENT_METHODS = ['written', 'verbal', 'electronic'] as const;
export const CONSENT_METHOD_LABELS: Labels<(typeof CONSENT_METHODS)[number]> = {
  written: { th: 'ลงนามเป็นลายลักษณ์อักษร', en: 'Written' },
  verbal: { th: 'วาจา (มีพยาน)', en: 'Verbal (witnessed)' },
  electronic: { th: 'อิเล็กทรอนิกส์', en: 'Electronic' },
};

export const SOURCES = ['user', 'import', 'visit'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Labels<Source> = {
  user: { th: 'บันทึกโดยเจ้าหน้าที่', en: 'Entered by staff' },
  import: { th: 'นำเข้าจากหน่วยงาน', en: 'Agency import' },
  visit: { th: 'จากการเยี่ยมบ้าน', en: 'Home visit' },
};

// ---------------------------------------------------------------------------------------------
// Names

/** Titles found in front of Thai names, longest first so "นางสาว" is not read as "นาง". */
export const THAI_TITLES = [
  'ว่าที่ร้อยตรีหญิง',
  'ว่าที่ร้อยตรี',
  'เด็กชาย',
  'เด็กหญิง',
  'นางสาว',
  'พระภิกษุ',
  'สามเณร',
  'แม่ชี',
  'นาย',
  'นาง',
  'น.ส.',
  'ด.ช.',
  'ด.ญ.',
  'นพ.',
  'พญ.',
  'ดร.',
  'ผศ.',
  'รศ.',
  'ศ.',
  'พระ',
  'ว่าที่ ร.ต.',
  'จ.ส.อ.',
  'ส.อ.',
  'ส.ต.',
  'พ.ต.อ.',
  'ร.ต.อ.',
  'ด.ต.',
].sort((a, b) => b.length - a.length);

const TONE_AND_SIGNS = /[\u0E47-\u0E4E]/g; // ็ ่ ้ ๊ ๋ ์ ํ ๎
const SPACE_AND_DOTS = /[\s.\-_'"]+/g;

/** Splits a leading title off a Thai full name: "นางสมศรี ใจดี" → { title: "นาง", rest: "สมศรี ใจดี" }. */
export function splitTitle(fullName: string): { title: string | null; rest: string } {
  const s = fullName.trim();
  for (const t of THAI_TITLES) {
    if (s.startsWith(t) && s.length > t.length) return { title: t, rest: s.slice(t.length).trim() };
  }
  return { title: null, rest: s };
}

/**
 * The search key of a Thai name: title stripped, tone marks and other signs dropped, spaces and dots
 * removed, lower-cased Latin. Slips in tone marks, spacing or title no longer change the key; vowel
 * slips are left to trigram similarity.
 */
export function nameKey(name: string): string {
  return splitTitle(thaiDigitsToAscii(name.normalize('NFC')))
    .rest.replace(TONE_AND_SIGNS, '')
    .replace(SPACE_AND_DOTS, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Dates of birth: full, year and month, or year only; typed in either era.

export type DatePrecision = 'day' | 'month' | 'year';
export interface PartialDate {
  /** ISO date of the first day of the period (CE). */
  iso: string;
  precision: DatePrecision;
}

/**
 * Reads a date typed the way Thai forms and agency files write it: ISO (2493-03-01 or 1950-03-01),
 * day/month/year (1/3/2493), year and month (2493-03, 3/2493) or a year (2493). Years above 2400 are
 * Buddhist era. Thai digits are accepted. Returns undefined when it is not a real date.
 */
const DATE_LAYOUTS: Array<[RegExp, string]> = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, 'ymd'],
  [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, 'dmy'],
  [/^(\d{4})-(\d{1,2})$/, 'ym'],
  [/^(\d{1,2})[/.-](\d{4})$/, 'my'],
  [/^(\d{4})$/, 'y'],
];

export function parsePartialDate(input: string): PartialDate | undefined {
  const s = thaiDigitsToAscii(input.trim());
  const found = DATE_LAYOUTS.map(([re, order]) => [s.match(re), order] as const).find(([m]) => m);
  if (!found) return undefined;
  const [match, order] = found;
  const part = (k: 'y' | 'm' | 'd') => (order.includes(k) ? Number(match![order.indexOf(k) + 1]) : undefined);
  let y = part('y')!;
  const m = part('m');
  const d = part('d');
  if (y > 2400) y -= BE_OFFSET;
  if (y < 1850 || y > 2200) return undefined;
  if (m !== undefined && (m < 1 || m > 12)) return undefined;
  if (d !== undefined) {
    const date = new Date(Date.UTC(y, m! - 1, d));
    if (date.getUTCMonth() !== m! - 1 || date.getUTCDate() !== d) return undefined;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return { iso: `${y}-${pad(m ?? 1)}-${pad(d ?? 1)}`, precision: d !== undefined ? 'day' : m !== undefined ? 'month' : 'year' };
}

/** The ISO form that says only what is known: "1950", "1950-03" or "1950-03-01". */
export function partialDateString(iso: string, precision: DatePrecision): string {
  return precision === 'year' ? iso.slice(0, 4) : precision === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** Age in whole years on `today`; a partial date counts from the start of its period. */
export function ageOn(birthIso: string, today: string): number {
  const [by, bm, bd] = birthIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Entitlement gaps: "eligible but not receiving", so staff can act.

/** Monthly allowances in baht (shared/domain/README.md; amounts to verify against the current rules). */
export function elderlyAllowanceBaht(age: number): number {
  return age >= 90 ? 1000 : age >= 80 ? 800 : age >= 70 ? 700 : 600;
}
export function disabilityAllowanceBaht(age: number): number {
  return age < 18 ? 1000 : 800;
}

export const GAP_CODES = ['disability_allowance', 'elderly_allowance', 'disability_card_expired', 'health_scheme_unknown'] as const;
export type GapCode = (typeof GAP_CODES)[number];
export const GAP_LABELS: Labels<GapCode> = {
  disability_allowance: { th: 'มีบัตรคนพิการแต่ยังไม่ได้รับเบี้ยความพิการ', en: 'Has a disability card but no disability allowance' },
  elderly_allowance: { th: 'อายุ 60 ปีขึ้นไปแต่ยังไม่ได้รับเบี้ยยังชีพผู้สูงอายุ', en: 'Aged 60 or over without the elderly allowance' },
  disability_card_expired: { th: 'บัตรคนพิการหมดอายุหรือจะหมดอายุภายใน 90 วัน', en: 'Disability card expired or expiring within 90 days' },
  health_scheme_unknown: { th: 'ยังไม่ได้บันทึกสิทธิการรักษาพยาบาล', en: 'Health coverage not recorded' },
};

export interface GapInput {
  birthDate: string | null;
  status: (typeof PERSON_STATUSES)[number];
  disability: { cardNumber: string | null; cardExpiry: string | null } | null;
  entitlements: Array<{ kind: EntitlementKind; status: EntitlementStatus }>;
}

export interface Gap {
  code: GapCode;
  /** Monthly baht the person is missing, where the rule knows it. */
  baht?: number;
}

/** The rule module: what a person is eligible for but not receiving. Only for the living. */
export function entitlementGaps(p: GapInput, today: string): Gap[] {
  if (p.status !== 'alive') return [];
  const gaps: Gap[] = [];
  const has = (kind: EntitlementKind, ...statuses: EntitlementStatus[]) => p.entitlements.some((e) => e.kind === kind && statuses.includes(e.status));
  const age = p.birthDate ? ageOn(p.birthDate, today) : undefined;
  if (p.disability?.cardNumber && !has('disability_allowance', 'receiving', 'not_eligible')) {
    gaps.push({ code: 'disability_allowance', ...(age !== undefined && { baht: disabilityAllowanceBaht(age) }) });
  }
  if (age !== undefined && age >= 60 && !has('elderly_allowance', 'receiving', 'not_eligible')) {
    gaps.push({ code: 'elderly_allowance', baht: elderlyAllowanceBaht(age) });
  }
  if (p.disability?.cardExpiry) {
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
    if (p.disability.cardExpiry <= soon) gaps.push({ code: 'disability_card_expired' });
  }
  if (!p.entitlements.some((e) => e.kind === 'health_scheme')) gaps.push({ code: 'health_scheme_unknown' });
  return gaps;
}

/**
 * A key that sorts Thai names in dictionary order under a plain byte-order collation (PGlite has no
 * ICU): a leading vowel (เ แ โ ใ ไ) is written before its consonant but sorted after it, and tone
 * marks only break ties, so they go last.
 */
export function thaiSortKey(name: string): string {
  const base = name.normalize('NFC').replace(/([เแโใไ])([ก-ฮ])/g, '$2$1');
  return `${base.replace(TONE_AND_SIGNS, '')}\u0001${base}`;
}
