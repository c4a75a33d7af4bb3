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

/**
 * What a person receives or holds. The last three feed the gap rules below: the State Welfare Card
 * (บัตรสวัสดิการแห่งรัฐ, +200 baht on the disability allowance), a government pension (excludes the
 * elderly allowance) and NHSO long-term care. 'receiving' means holds/receives; 'not_eligible' records
 * that the person does not (e.g. no pension).
 */
export const ENTITLEMENT_KINDS = [
  'health_scheme',
  'disability_allowance',
  'elderly_allowance',
  'assistive_device',
  'other_welfare',
  'state_welfare_card',
  'government_pension',
  'long_term_care',
] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];
export const ENTITLEMENT_LABELS: Labels<EntitlementKind> = {
  health_scheme: { th: 'สิทธิการรักษาพยาบาล', en: 'Health coverage' },
  disability_allowance: { th: 'เบี้ยความพิการ', en: 'Disability allowance' },
  elderly_allowance: { th: 'เบี้ยยังชีพผู้สูงอายุ', en: 'Elderly allowance' },
  assistive_device: { th: 'กายอุปกรณ์/อุปกรณ์ช่วยความพิการ', en: 'Assistive device' },
  other_welfare: { th: 'สวัสดิการอื่น', en: 'Other welfare' },
  state_welfare_card: { th: 'บัตรสวัสดิการแห่งรัฐ', en: 'State Welfare Card' },
  government_pension: { th: 'บำนาญหรือบำเหน็จรายเดือนจากรัฐ', en: 'Government pension' },
  long_term_care: { th: 'การดูแลระยะยาว (LTC) ของ สปสช.', en: 'NHSO long-term care' },
};
/** The health_scheme entitlement's detail. uc_disability: UC with the disability right, ท.74 (NHSO). */
export const HEALTH_SCHEMES = ['uc', 'uc_disability', 'civil_servant', 'social_security', 'none'] as const;
export type HealthScheme = (typeof HEALTH_SCHEMES)[number];
export const HEALTH_SCHEME_LABELS: Labels<HealthScheme> = {
  uc: { th: 'หลักประกันสุขภาพแห่งชาติ (บัตรทอง)', en: 'Universal coverage (UC)' },
  uc_disability: { th: 'บัตรทอง สิทธิคนพิการ (ท.74)', en: 'UC, disability right (T.74)' },
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

/**
 * Letters that stand for the same sound *and* the same consonant class, so they give the same tone
 * and differ only in spelling (most came with Pali and Sanskrit words and are the ones people slip
 * on when writing a name they have heard): ศ ษ → ส (high /s/), ธ ฑ ฒ → ท (low /th/), ฐ → ถ (high
 * /th/), ณ → น, ฬ → ล, ภ → พ, ฆ → ค, ฌ → ช (low /n/ /l/ /ph/ /kh/ /ch/), ฎ → ด, ฏ → ต (mid /d/ /t/),
 * ฃ → ข (obsolete); and the vowel length pairs ี → ิ, ื → ึ, ู → ุ, with ใ → ไ. Pairs that sound
 * alike but differ in class, and so in tone, stay apart: ซ/ส, ค/ข, พ/ผ, ช/ฉ, ท/ถ; so do ร/ล, ด/ต and
 * บ/ป, and ญ (/y/ at the start of a syllable but /n/ at its end).
 */
const SEARCH_FOLDS: Record<string, string> = {
  ศ: 'ส',
  ษ: 'ส',
  ธ: 'ท',
  ฑ: 'ท',
  ฒ: 'ท',
  ฐ: 'ถ',
  ณ: 'น',
  ฬ: 'ล',
  ภ: 'พ',
  ฆ: 'ค',
  ฌ: 'ช',
  ฎ: 'ด',
  ฏ: 'ต',
  ฃ: 'ข',
  'ี': 'ิ',
  'ื': 'ึ',
  'ู': 'ุ',
  ใ: 'ไ',
};
const SEARCH_FOLDED = /[ศษธฑฒฐณฬภฆฌฎฏฃีืูใ]/g;
/** ไม้หันอากาศ (ั): the short /a/ that Thai often leaves unwritten, so it is the vowel most often missed or added. */
const MAI_HAN_AKAT = /\u0E31/g;

/** ศรี, สรี (ร unsounded after ส, as the word is said: /sǐi/), after the folds above: ศรีสุข = สีสุข. */
const SILENT_RO = /สร(?=ิ)/g;

/**
 * The key a person is found by in search (stored as persons.name_key; the registry, the importer and
 * the demo seed write it, the persons list and the duplicate check query with it). It is `nameKey`
 * (title, tone marks and other signs, spacing and dots gone) with the common spelling slips folded:
 * - letters of the same sound and class written one way (see SEARCH_FOLDS): ศักดิ์ศรี = สักดิ์สรี,
 *   ธนพร = ทนพร, อรุณี = อรุนี …;
 * - vowel length pairs written one way: ิ/ี, ึ/ื, ุ/ู, and ใ/ไ;
 * - ั dropped, so a missing or extra ั does not change it (สมศักดิ์ = สมศกดิ์);
 * - the unsounded ร of ศรี/สรี dropped, so ศรีสุข = สีสุข (ร is kept where it is said: ศรัณย์);
 * - ํา (nikhahit then sara aa, as some keyboards type it) read as ำ.
 * Other missing vowels (a missing ิ) and typos are left to trigram similarity on this key. It finds
 * people; it does not decide that two records are one person: record linkage compares on `nameKey`, its
 * own folds and a sound key, and the importer looks persons up by this key but links a row without a
 * national ID only on the exact spelling (`nameKey`) with the full birth date, sex and subdistrict.
 */
export function searchKey(name: string): string {
  return nameKey(name.normalize('NFC').replace(/\u0E4D\u0E32/g, 'ำ'))
    .replace(SEARCH_FOLDED, (c) => SEARCH_FOLDS[c]!)
    .replace(MAI_HAN_AKAT, '')
    .replace(SILENT_RO, 'ส');
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
// Entitlement gaps: what a person may be owed but is not receiving, so staff can act. Each rule lives
// in one function below with its source; where the record cannot decide eligibility, the gap says
// "ตรวจสอบสิทธิ…" (check) instead of claiming it.

/**
 * Elderly allowance per month by age: 600 (60–69), 700 (70–79), 800 (80–89), 1,000 (90+) baht.
 * Source: ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุขององค์กรปกครองส่วนท้องถิ่น
 * พ.ศ. 2566 (MOI regulation on the elderly allowance, 2023) and shared/domain/README.md.
 */
export function elderlyAllowanceBaht(age: number): number {
  return age >= 90 ? 1000 : age >= 80 ? 800 : age >= 70 ? 700 : 600;
}

/**
 * Disability allowance per month: 1,000 baht under 18; 800 from 18, plus 200 for a holder of the State
 * Welfare Card (บัตรสวัสดิการแห่งรัฐ, issued only from 18, so the child rate is unaffected).
 * Source: announcements of the Ministry of Social Development and Human Security (MSDHS) on the
 * disability allowance rates (shared/domain/README.md, "Confirmed or corrected after review").
 */
export function disabilityAllowanceBaht(age: number, stateWelfareCard = false): number {
  return age < 18 ? 1000 : 800 + (stateWelfareCard ? 200 : 0);
}

/** The same day one calendar month later, clamped to the month's end (31 Jan → 28/29 Feb). */
export function addOneMonth(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * The last day (ISO) of the Thai fiscal year after the one `today` is in. The fiscal year starts on
 * 1 October: on 2026-12-07 the current one runs 2026-10-01..2027-09-30 and the next ends 2028-09-30.
 */
export function nextFiscalYearEnd(today: string): string {
  const y = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 10 ? y + 2 : y + 1}-09-30`;
}

export const GAP_CODES = [
  'disability_allowance',
  'elderly_allowance',
  'disability_card_expired',
  'health_scheme_unknown',
  'elderly_allowance_register',
  'elderly_allowance_check',
  'disability_card_renew',
  'disability_uc_right',
  'disability_uc_right_check',
  'long_term_care',
  'long_term_care_check',
] as const;
export type GapCode = (typeof GAP_CODES)[number];
export const GAP_LABELS: Labels<GapCode> = {
  disability_allowance: { th: 'มีบัตรคนพิการแต่ยังไม่ได้รับเบี้ยความพิการ', en: 'Has a disability card but no disability allowance' },
  elderly_allowance: { th: 'อายุ 60 ปีขึ้นไปแต่ยังไม่ได้รับเบี้ยยังชีพผู้สูงอายุ', en: 'Aged 60 or over without the elderly allowance' },
  disability_card_expired: {
    th: 'บัตรคนพิการหมดอายุ ต่อบัตรก่อน: เบี้ยความพิการระงับจนกว่าจะต่อบัตร',
    en: 'Disability card expired, renew the card first: the disability allowance is suspended until then',
  },
  health_scheme_unknown: { th: 'ยังไม่ได้บันทึกสิทธิการรักษาพยาบาล', en: 'Health coverage not recorded' },
  elderly_allowance_register: {
    th: 'จะอายุครบ 60 ปีภายในปีงบประมาณหน้า ลงทะเบียนล่วงหน้าได้ (เบี้ยยังชีพผู้สูงอายุ)',
    en: 'Turns 60 by the end of next fiscal year: can register in advance for the elderly allowance',
  },
  elderly_allowance_check: {
    th: 'ตรวจสอบสิทธิเบี้ยยังชีพผู้สูงอายุ: ใช้สิทธิข้าราชการ ผู้รับบำนาญไม่มีสิทธิ',
    en: 'Check the elderly allowance: civil-servant coverage, and pensioners are not eligible',
  },
  disability_card_renew: {
    th: 'บัตรคนพิการจะหมดอายุภายใน 1 เดือน ยื่นต่อบัตรได้แล้ว',
    en: 'Disability card expires within a month: it can be renewed now',
  },
  disability_uc_right: {
    th: 'มีบัตรคนพิการและบัตรทอง แต่ยังไม่ได้ลงทะเบียนสิทธิคนพิการ (ท.74)',
    en: 'Disability card and UC, but not registered for the UC disability right (T.74)',
  },
  disability_uc_right_check: {
    th: 'ตรวจสอบสิทธิคนพิการ (ท.74): มีบัตรคนพิการ แต่ไม่ทราบสิทธิการรักษาพยาบาล',
    en: 'Check the UC disability right (T.74): disability card, health coverage unknown',
  },
  long_term_care: {
    th: 'ติดบ้าน/ติดเตียง สิทธิบัตรทอง แต่ยังไม่ได้รับการดูแลระยะยาว (LTC) ของ สปสช.',
    en: 'Homebound or bedridden UC member without NHSO long-term care',
  },
  long_term_care_check: {
    th: 'ตรวจสอบสิทธิการดูแลระยะยาว (LTC) ของ สปสช.: ติดบ้าน/ติดเตียง แต่ไม่ทราบสิทธิการรักษาพยาบาล',
    en: 'Check NHSO long-term care: homebound or bedridden, health coverage unknown',
  },
};

export interface GapInput {
  birthDate: string | null;
  status: (typeof PERSON_STATUSES)[number];
  disability: { cardNumber: string | null; cardExpiry: string | null } | null;
  /** detail: the scheme of a health_scheme row; endDate: a row ended before today no longer counts. */
  entitlements: Array<{ kind: EntitlementKind; status: EntitlementStatus; detail?: string | null; endDate?: string | null }>;
  /** The Barthel ADL group, when assessed. */
  adlGroup?: AdlGroup | null;
}

export interface Gap {
  code: GapCode;
  /** Monthly baht the person is missing, where the rule knows it. */
  baht?: number;
}

/** What the rules read from a person's record on a given day. */
interface Facts {
  today: string;
  birthDate: string | null;
  age: number | undefined;
  has: (kind: EntitlementKind, ...statuses: EntitlementStatus[]) => boolean;
  /** UC with the disability right (ท.74), plain UC, another scheme, or not known from the record. */
  scheme: 'uc_disability' | 'uc' | 'other' | 'unknown';
  civilServant: boolean;
  /** A disability card number on record, and the card's state on `today` (an unknown expiry counts as valid). */
  cardNumber: boolean;
  card: 'none' | 'valid' | 'renewable' | 'expired';
  adlGroup: AdlGroup | null;
}

function factsOf(p: GapInput, today: string): Facts {
  const current = p.entitlements.filter((e) => !e.endDate || e.endDate >= today);
  const has = (kind: EntitlementKind, ...statuses: EntitlementStatus[]) => current.some((e) => e.kind === kind && statuses.includes(e.status));
  const schemes = current.filter((e) => e.kind === 'health_scheme' && e.status === 'receiving').map((e) => e.detail);
  // 'none' on a Thai record usually means "not registered yet", so it leaves the scheme to be checked.
  const scheme = schemes.includes('uc_disability')
    ? 'uc_disability'
    : schemes.includes('uc')
      ? 'uc'
      : schemes.some((s) => s === 'civil_servant' || s === 'social_security')
        ? 'other'
        : 'unknown';
  const expiry = p.disability?.cardExpiry ?? null;
  const card =
    !p.disability?.cardNumber && !expiry ? 'none' : expiry && expiry < today ? 'expired' : expiry && expiry <= addOneMonth(today) ? 'renewable' : 'valid';
  return {
    today,
    birthDate: p.birthDate,
    age: p.birthDate ? ageOn(p.birthDate, today) : undefined,
    has,
    scheme,
    civilServant: schemes.includes('civil_servant'),
    cardNumber: Boolean(p.disability?.cardNumber),
    card,
    adlGroup: p.adlGroup ?? null,
  };
}

/**
 * Elderly allowance (เบี้ยยังชีพผู้สูงอายุ). Source: ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพ
 * ผู้สูงอายุขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2566 (MOI regulation, 2023): paid from 60; whoever will be 60
 * or over in the next fiscal year registers in advance during the current one, so from 1 October the
 * window takes in everyone turning 60 by the end of the next fiscal year (1 October–30 September); not
 * for people receiving a government pension. Civil-servant coverage hints at a pension without proving
 * one (a pensioner's parents and spouse have it too), so it asks for a check until a pension is recorded
 * either way.
 */
function elderlyAllowanceGap(f: Facts): Gap | undefined {
  if (f.age === undefined || !f.birthDate) return undefined;
  if (f.has('government_pension', 'receiving') || f.has('elderly_allowance', 'receiving', 'not_eligible')) return undefined;
  const check = f.civilServant && !f.has('government_pension', 'not_eligible');
  if (f.age >= 60) return check ? { code: 'elderly_allowance_check' } : { code: 'elderly_allowance', baht: elderlyAllowanceBaht(f.age) };
  if (ageOn(f.birthDate, nextFiscalYearEnd(f.today)) < 60 || f.has('elderly_allowance', 'applied')) return undefined;
  return { code: check ? 'elderly_allowance_check' : 'elderly_allowance_register' };
}

/**
 * Disability allowance (เบี้ยความพิการ) and the disability card it rests on. Source: MSDHS announcements on
 * the disability allowance (amounts in disabilityAllowanceBaht) and on the disability card (บัตรประจำตัว
 * คนพิการ, valid 8 years): the allowance is suspended while the card is expired, so an expired card asks
 * for renewal first, not for the allowance; a card can be renewed from one month before it expires.
 */
function disabilityGaps(f: Facts, stateWelfareCard: boolean): Gap[] {
  if (f.card === 'none') return [];
  if (f.card === 'expired') return [{ code: 'disability_card_expired' }];
  const gaps: Gap[] = [];
  if (f.cardNumber && !f.has('disability_allowance', 'receiving', 'not_eligible')) {
    gaps.push({ code: 'disability_allowance', ...(f.age !== undefined && { baht: disabilityAllowanceBaht(f.age, stateWelfareCard) }) });
  }
  if (f.card === 'renewable') gaps.push({ code: 'disability_card_renew' });
  return gaps;
}

/**
 * UC disability right ท.74 (NHSO): a disability card holder covered by UC is registered under the
 * disability subgroup (no co-payment, rehabilitation and assistive devices). Only UC members: another
 * scheme means no gap; an unknown scheme asks for a check. Needs a card that has not expired.
 */
function ucDisabilityRightGap(f: Facts): Gap | undefined {
  if (!f.cardNumber || (f.card !== 'valid' && f.card !== 'renewable')) return undefined;
  return f.scheme === 'uc' ? { code: 'disability_uc_right' } : f.scheme === 'unknown' ? { code: 'disability_uc_right_check' } : undefined;
}

/**
 * NHSO long-term care (การดูแลระยะยาวด้านสาธารณสุข, สปสช.): UC members of any age with Barthel ADL ≤ 11
 * (ติดบ้าน, ติดเตียง). Other schemes are not covered; an unknown scheme asks for a check. The 2024
 * additions (moderate dementia, palliative care) are not in the record and are not flagged.
 */
function longTermCareGap(f: Facts): Gap | undefined {
  if (f.adlGroup !== 'homebound' && f.adlGroup !== 'bedridden') return undefined;
  if (f.has('long_term_care', 'receiving', 'not_eligible')) return undefined;
  return f.scheme === 'uc' || f.scheme === 'uc_disability' ? { code: 'long_term_care' } : f.scheme === 'unknown' ? { code: 'long_term_care_check' } : undefined;
}

/** The rule module: what a person is eligible for, or should be checked for, but not receiving. Only for the living. */
export function entitlementGaps(p: GapInput, today: string): Gap[] {
  if (p.status !== 'alive') return [];
  const f = factsOf(p, today);
  const gaps = [
    ...disabilityGaps(f, f.has('state_welfare_card', 'receiving')),
    ucDisabilityRightGap(f),
    elderlyAllowanceGap(f),
    longTermCareGap(f),
    p.entitlements.some((e) => e.kind === 'health_scheme') ? undefined : ({ code: 'health_scheme_unknown' } as const),
  ];
  return gaps.filter((g): g is Gap => g !== undefined);
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
