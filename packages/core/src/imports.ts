/**
 * Multi-agency import (DESIGN.md §7), the pure part: the column mapping an agency's file is read with,
 * and the reading of one row into person fields, with every reason a row cannot be taken. Parsing the
 * file (CSV in UTF-8 or TIS-620, XLSX), resolving Thai place names to area codes, storing and linking
 * are the server's; this module turns one row of strings into either a clean row or its reasons.
 */
import { z } from 'zod';
import { isValidCid, normaliseCid } from './cid.js';
import type { FieldIssue } from './errors.js';
import {
  ADL_GROUP_LABELS,
  ADL_GROUPS,
  type AdlGroup,
  adlGroupOf,
  DISABILITY_TYPE_LABELS,
  DISABILITY_TYPES,
  ENTITLEMENT_LABELS,
  ENTITLEMENT_STATUS_LABELS,
  ENTITLEMENT_STATUSES,
  type EntitlementKind,
  type EntitlementStatus,
  type PartialDate,
  parsePartialDate,
  splitTitle,
} from './person.js';
import { anyDayProblem, EARLIEST_EVENT_DATE, inThailand, pastDayProblem } from './plausible.js';
import { thaiDigitsToAscii } from './text.js';

/** The person fields a column may be mapped to. */
export const IMPORT_FIELDS = [
  'cid',
  'title',
  'firstName',
  'lastName',
  /** "นางสมศรี ใจดี" or "นาง สมศรี ใจดี": title, first and last name in one column. */
  'fullName',
  'birthDate',
  'sex',
  /** A DOPA code of subdistrict (6) or village (8 digits). */
  'areaCode',
  /** Thai address text, e.g. "12/3 ม.3 ต.ฉาง อ.นาทวี จ.สงขลา". */
  'address',
  'houseNo',
  'villageNo',
  'subdistrict',
  'district',
  'province',
  'phone',
  'disabilityTypes',
  'disabilityCard',
  /** The day the disability card was issued, and the day it expires. */
  'disabilityCardIssued',
  'disabilityCardExpiry',
  /** Barthel ADL total (0–20); its group follows from it. */
  'adlScore',
  /** ติดสังคม/ติดบ้าน/ติดเตียง (social/homebound/bedridden), read through the value map. */
  'adlGroup',
  /** The day the ADL score or group was assessed. */
  'adlDate',
  /** The allowance the row is about (เบี้ยความพิการ, เบี้ยยังชีพผู้สูงอายุ …), its status, and its amount in baht. */
  'allowanceType',
  'allowanceStatus',
  'allowanceAmount',
  /** The home's GPS: latitude and longitude in two columns, or "lat,lng" in one. */
  'gpsLat',
  'gpsLng',
  'gps',
  /** The main caregiver's name and phone (kept on the row and its provenance). */
  'caregiverName',
  'caregiverPhone',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, { th: string; en: string }> = {
  cid: { th: 'เลขประจำตัวประชาชน', en: 'National ID' },
  title: { th: 'คำนำหน้า', en: 'Title' },
  firstName: { th: 'ชื่อ', en: 'First name' },
  lastName: { th: 'นามสกุล', en: 'Last name' },
  fullName: { th: 'ชื่อ-นามสกุล (รวมคำนำหน้า)', en: 'Full name (with title)' },
  birthDate: { th: 'วันเกิด', en: 'Date of birth' },
  sex: { th: 'เพศ', en: 'Sex' },
  areaCode: { th: 'รหัสพื้นที่ (ตำบล/หมู่บ้าน)', en: 'Area code' },
  address: { th: 'ที่อยู่ (ข้อความ)', en: 'Address (text)' },
  houseNo: { th: 'บ้านเลขที่', en: 'House number' },
  villageNo: { th: 'หมู่ที่', en: 'Village number' },
  subdistrict: { th: 'ตำบล', en: 'Subdistrict' },
  district: { th: 'อำเภอ', en: 'District' },
  province: { th: 'จังหวัด', en: 'Province' },
  phone: { th: 'โทรศัพท์', en: 'Phone' },
  disabilityTypes: { th: 'ประเภทความพิการ', en: 'Disability types' },
  disabilityCard: { th: 'เลขบัตรคนพิการ', en: 'Disability card number' },
  disabilityCardIssued: { th: 'วันออกบัตรคนพิการ', en: 'Disability card issued on' },
  disabilityCardExpiry: { th: 'วันบัตรคนพิการหมดอายุ', en: 'Disability card expires on' },
  adlScore: { th: 'คะแนน ADL (บาร์เธล 0–20)', en: 'ADL score (Barthel 0–20)' },
  adlGroup: { th: 'กลุ่ม ADL (ติดสังคม/ติดบ้าน/ติดเตียง)', en: 'ADL group (social/homebound/bedridden)' },
  adlDate: { th: 'วันที่ประเมิน ADL', en: 'ADL assessed on' },
  allowanceType: { th: 'ประเภทเบี้ย', en: 'Allowance type' },
  allowanceStatus: { th: 'สถานะการรับเบี้ย', en: 'Allowance status' },
  allowanceAmount: { th: 'จำนวนเงินเบี้ย (บาท)', en: 'Allowance amount (baht)' },
  gpsLat: { th: 'ละติจูด', en: 'Latitude' },
  gpsLng: { th: 'ลองจิจูด', en: 'Longitude' },
  gps: { th: 'พิกัด GPS (ละติจูด,ลองจิจูด)', en: 'GPS (lat,lng)' },
  caregiverName: { th: 'ชื่อผู้ดูแลหลัก', en: 'Main caregiver name' },
  caregiverPhone: { th: 'โทรศัพท์ผู้ดูแลหลัก', en: 'Main caregiver phone' },
};

/** The entitlement kinds an allowance column may name (cash allowances; other_welfare for any other the agency pays). */
export const ALLOWANCE_KINDS = ['disability_allowance', 'elderly_allowance', 'other_welfare'] as const satisfies readonly EntitlementKind[];
export type AllowanceKind = (typeof ALLOWANCE_KINDS)[number];

/** The fields whose values an agency writes in its own words, read through the source's value map. */
export const VALUE_MAP_FIELDS = ['sex', 'disabilityTypes', 'adlGroup', 'allowanceType', 'allowanceStatus'] as const;
export type ValueMapField = (typeof VALUE_MAP_FIELDS)[number];
/** The codes a value may be mapped to per field; '' means "not a value of this field" (e.g. ไม่พิการ, ไม่ระบุ), read as nothing. */
export const VALUE_CODES: Record<ValueMapField, readonly string[]> = {
  sex: ['male', 'female', 'unknown', ''],
  disabilityTypes: [...DISABILITY_TYPES.map(String), ''],
  adlGroup: [...ADL_GROUPS, ''],
  allowanceType: [...ALLOWANCE_KINDS, ''],
  allowanceStatus: [...ENTITLEMENT_STATUSES, ''],
};

/** What each code of a value-mapped field means, for people choosing one. */
export const VALUE_CODE_LABELS: Record<ValueMapField, Record<string, { th: string; en: string }>> = {
  sex: { male: { th: 'ชาย', en: 'Male' }, female: { th: 'หญิง', en: 'Female' }, unknown: { th: 'ไม่ทราบ', en: 'Unknown' } },
  disabilityTypes: Object.fromEntries(DISABILITY_TYPES.map((t) => [String(t), DISABILITY_TYPE_LABELS[t]])),
  adlGroup: { ...ADL_GROUP_LABELS },
  allowanceType: Object.fromEntries(ALLOWANCE_KINDS.map((k) => [k, ENTITLEMENT_LABELS[k]])),
  allowanceStatus: { ...ENTITLEMENT_STATUS_LABELS },
};

/** A source's value map: field → the value as the agency writes it (matched trimmed, case-insensitive) → a code. */
export const ValueMaps = z.partialRecord(z.enum(VALUE_MAP_FIELDS), z.record(z.string().trim().min(1).max(200), z.string().max(20))).superRefine((maps, ctx) => {
  for (const [field, map] of Object.entries(maps) as Array<[ValueMapField, Record<string, string>]>)
    for (const [value, code] of Object.entries(map ?? {}))
      if (!VALUE_CODES[field].includes(code))
        ctx.addIssue({ code: 'custom', path: [field, value], message: `Not a code of ${field}: ${code}`, params: { message_th: `รหัสไม่ถูกต้อง: ${code}` } });
});
export type ValueMaps = z.infer<typeof ValueMaps>;

/** The birth dates agencies write for "born in this year, day unknown": 1 January and 1 July. */
export const DEFAULT_PLACEHOLDER_DATES: readonly string[] = ['01-01', '07-01'];

/** A saved per-agency template: which column holds which field, and which column keys the row. */
export const ImportMapping = z
  .object({
    /** Field → the column's header as it appears in the file. */
    columns: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().trim().min(1).max(200)),
    /** How the agency's own words for a field's values read (see VALUE_MAP_FIELDS). */
    values: ValueMaps.optional(),
    /**
     * Birth dates ("MM-DD") the agency writes when it knows only the year: read as the year of birth only.
     * Absent: DEFAULT_PLACEHOLDER_DATES (1 January, 1 July); an empty list takes every date as written.
     */
    placeholderDates: z
      .array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'MM-DD' }))
      .max(24)
      .optional(),
    /** The column whose value identifies the row in the agency's own system; the row number otherwise. */
    recordKey: z.string().trim().min(1).max(200).optional(),
  })
  .refine((m) => m.columns.fullName || m.columns.firstName, {
    path: ['columns', 'firstName'],
    message: 'Map a full-name column or a first-name column',
    params: { message_th: 'ต้องระบุคอลัมน์ชื่อ-นามสกุล หรือคอลัมน์ชื่อ' },
  });
export type ImportMapping = z.infer<typeof ImportMapping>;

export interface ImportAddress {
  houseNo: string | null;
  villageNo: number | null;
  subdistrict: string | null;
  district: string | null;
  province: string | null;
}

/** One row read into person fields; `areaCode` may still need resolving from `address` by the server. */
export interface ImportedPerson {
  recordKey: string;
  cid: string | null;
  /** A national ID was given but fails the checksum: linkage treats it as missing; the report says so. */
  cidInvalid: string | null;
  title: string | null;
  firstName: string;
  lastName: string;
  birth: PartialDate | null;
  sex: 'male' | 'female' | 'unknown';
  areaCode: string | null;
  address: ImportAddress;
  phones: string[];
  disabilityTypes: number[];
  disabilityCard: string | null;
  /** The disability card's issue and expiry days (yyyy-mm-dd), where given and readable. */
  disabilityCardIssued?: string | null;
  disabilityCardExpiry?: string | null;
  /** ADL: the Barthel score (when given and in 0–20), the group (from the score, else as written) and the day assessed. */
  adl?: { score: number | null; group: AdlGroup; date: string | null } | null;
  /** An allowance: its kind, status (receiving unless said otherwise) and amount in baht. */
  allowance?: { kind: AllowanceKind; status: EntitlementStatus; amount: number | null } | null;
  /** The home's GPS, only when it lies in Thailand. */
  gps?: { lat: number; lng: number } | null;
  /** The main caregiver as written (not stored on the person; kept in the row and its provenance). */
  caregiver?: { name: string | null; phone: string | null } | null;
}

export type RowResult = { ok: true; person: ImportedPerson; warnings: FieldIssue[] } | { ok: false; reasons: FieldIssue[]; recordKey: string };

const THAI_MONTHS = [
  ['มกราคม', 'ม.ค.'],
  ['กุมภาพันธ์', 'ก.พ.'],
  ['มีนาคม', 'มี.ค.'],
  ['เมษายน', 'เม.ย.'],
  ['พฤษภาคม', 'พ.ค.'],
  ['มิถุนายน', 'มิ.ย.'],
  ['กรกฎาคม', 'ก.ค.'],
  ['สิงหาคม', 'ส.ค.'],
  ['กันยายน', 'ก.ย.'],
  ['ตุลาคม', 'ต.ค.'],
  ['พฤศจิกายน', 'พ.ย.'],
  ['ธันวาคม', 'ธ.ค.'],
] as const;

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A birth date as agencies write it: every layout `parsePartialDate` reads, plus Thai month words
 * ("1 ก.พ. 2490", "1 กุมภาพันธ์ 2490", "ก.พ. 2490"), an optional "พ.ศ."/"ค.ศ.", and Excel's
 * date serial numbers. Years above 2400 are Buddhist era.
 */
export function parseImportDate(input: string): PartialDate | undefined {
  let s = thaiDigitsToAscii(input.normalize('NFC').trim())
    .replace(/^(วันที่|ว\.ด\.ป\.)\s*/, '')
    .replace(/\s*(พ\.ศ\.|ค\.ศ\.)\s*/g, ' ')
    .trim();
  if (/^\d{5}$/.test(s)) return excelSerial(Number(s));
  for (const [i, [long, short]] of THAI_MONTHS.entries()) {
    for (const word of [long, short, short.replace(/\./g, '')]) {
      const at = s.indexOf(word);
      if (at < 0) continue;
      const before = s.slice(0, at).trim();
      const after = s.slice(at + word.length).trim();
      s = before ? `${before}/${i + 1}/${after}` : `${i + 1}/${after}`;
      return parsePartialDate(s);
    }
  }
  return parsePartialDate(s.replace(/\s+/g, ''));
}

/** Excel stores dates as days since 1899-12-30 (the 1900 leap-year bug included). */
function excelSerial(n: number): PartialDate | undefined {
  if (n < 1 || n > 80_000) return undefined;
  const iso = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
  return { iso, precision: 'day' };
}

const MALE = new Set(['ชาย', 'ช', 'm', 'male', '1', 'นาย', 'ด.ช.', 'เด็กชาย']);
const FEMALE = new Set(['หญิง', 'ญ', 'f', 'female', '2', 'นาง', 'นางสาว', 'น.ส.', 'ด.ญ.', 'เด็กหญิง']);

/** Sex as written (ชาย/หญิง, M/F, 1/2), else as the title implies (นาย, นาง, นางสาว…), else unknown. */
export function parseSex(value: string | undefined, title: string | null): 'male' | 'female' | 'unknown' | undefined {
  const v = thaiDigitsToAscii(value ?? '')
    .trim()
    .toLowerCase();
  if (MALE.has(v)) return 'male';
  if (FEMALE.has(v)) return 'female';
  if (v && v !== '-' && v !== 'ไม่ทราบ' && v !== 'u' && v !== '0' && v !== '9') return undefined;
  if (title && MALE.has(title)) return 'male';
  if (title && FEMALE.has(title)) return 'female';
  return 'unknown';
}

const ADDRESS_PARTS: Array<[keyof ImportAddress, RegExp]> = [
  ['villageNo', /(?:หมู่ที่|หมู่|ม\.)\s*(\d{1,2})/],
  ['subdistrict', /(?:ตำบล|ต\.|แขวง)\s*([^\s]+)/],
  ['district', /(?:อำเภอ|อ\.|เขต)\s*([^\s]+)/],
  ['province', /(?:จังหวัด|จ\.)\s*([^\s]+)/],
];

/** Reads "12/3 ม.3 ต.ฉาง อ.นาทวี จ.สงขลา" (or with the words written out) into its parts. */
export function parseThaiAddress(text: string): ImportAddress {
  const s = thaiDigitsToAscii(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
  const out: ImportAddress = { houseNo: null, villageNo: null, subdistrict: null, district: null, province: null };
  for (const [key, re] of ADDRESS_PARTS) {
    const m = s.match(re);
    if (!m?.[1]) continue;
    if (key === 'villageNo') out.villageNo = Number(m[1]);
    else out[key] = m[1];
  }
  const house = s.match(/^(?:บ้านเลขที่\s*)?(\d+(?:\/\d+)?)(?=\s|$)/);
  out.houseNo = house?.[1] ?? null;
  return out;
}

const issue = (path: string, th: string, en: string): FieldIssue => ({ path, message_th: th, message_en: en });

/** The words agencies write for each disability type besides the product's own labels (ทางการเห็น …), without "ความพิการ"/"ทาง". */
const DISABILITY_WORDS: Record<number, string[]> = {
  1: ['การเห็น', 'เห็น', 'ตาบอด', 'สายตา', 'ตาเลือนราง', 'blind', 'vision', 'visual'],
  2: ['การได้ยินหรือสื่อความหมาย', 'การได้ยิน', 'ได้ยิน', 'สื่อความหมาย', 'หูหนวก', 'หูตึง', 'ใบ้', 'deaf', 'hearing', 'hearing or communication'],
  3: ['การเคลื่อนไหวหรือทางร่างกาย', 'การเคลื่อนไหวหรือร่างกาย', 'การเคลื่อนไหว', 'เคลื่อนไหว', 'ร่างกาย', 'physical', 'mobility', 'mobility or physical'],
  4: ['จิตใจหรือพฤติกรรม', 'จิตใจ', 'พฤติกรรม', 'จิต', 'mental', 'behavioural', 'mental or behavioural'],
  5: ['สติปัญญา', 'intellectual'],
  6: ['การเรียนรู้', 'เรียนรู้', 'learning'],
  7: ['ออทิสติก', 'ออทิสซึม', 'autism', 'autistic'],
};
const wordKey = (s: string) =>
  thaiDigitsToAscii(s.normalize('NFC'))
    .toLowerCase()
    .replace(/^(ความพิการ|พิการ)\s*/, '')
    .replace(/^ทาง\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
const DISABILITY_BY_WORD = new Map<string, number>();
for (const t of DISABILITY_TYPES) {
  for (const label of Object.values(DISABILITY_TYPE_LABELS[t])) DISABILITY_BY_WORD.set(wordKey(label), t);
  for (const w of DISABILITY_WORDS[t] ?? []) DISABILITY_BY_WORD.set(wordKey(w), t);
}

/** The words agencies write for the one-value fields besides the product's own labels; matched without spaces, case-insensitive. */
const WORDS: Record<'adlGroup' | 'allowanceType' | 'allowanceStatus', Record<string, string[]>> = {
  adlGroup: {
    social: ['ติดสังคม', 'กลุ่มติดสังคม', 'กลุ่ม1ติดสังคม', 'social', 'sociallyactive'],
    homebound: ['ติดบ้าน', 'กลุ่มติดบ้าน', 'กลุ่ม2ติดบ้าน', 'homebound', 'housebound'],
    bedridden: ['ติดเตียง', 'กลุ่มติดเตียง', 'กลุ่ม3ติดเตียง', 'bedridden', 'bedbound'],
  },
  allowanceType: {
    disability_allowance: ['เบี้ยความพิการ', 'เบี้ยคนพิการ', 'เบี้ยยังชีพคนพิการ', 'เบี้ยยังชีพความพิการ', 'เบี้ยพิการ', 'disabilityallowance', 'disability'],
    elderly_allowance: ['เบี้ยยังชีพผู้สูงอายุ', 'เบี้ยผู้สูงอายุ', 'เบี้ยสูงอายุ', 'เบี้ยยังชีพคนชรา', 'elderlyallowance', 'oldageallowance', 'elderly'],
  },
  allowanceStatus: {
    receiving: ['ได้รับ', 'ได้รับแล้ว', 'รับอยู่', 'กำลังรับ', 'รับ', 'receiving', 'received'],
    eligible_not_receiving: ['มีสิทธิแต่ยังไม่ได้รับ', 'มีสิทธิ์แต่ยังไม่ได้รับ', 'ยังไม่ได้รับ', 'eligiblenotreceiving', 'eligible'],
    applied: ['ยื่นคำขอแล้ว', 'ยื่นคำขอ', 'ยื่นแล้ว', 'ลงทะเบียนแล้ว', 'รอรับ', 'applied', 'registered'],
    not_eligible: ['ไม่มีสิทธิ', 'ไม่มีสิทธิ์', 'ไม่เข้าเกณฑ์', 'noteligible', 'ineligible'],
  },
};
const looseKey = (s: string) =>
  thaiDigitsToAscii(s.normalize('NFC'))
    .toLowerCase()
    .replace(/[\s,.()]+/g, '');
const BY_WORD = new Map<ValueMapField, Map<string, string>>();
for (const [field, words] of Object.entries(WORDS) as Array<[keyof typeof WORDS, Record<string, string[]>]>) {
  const byWord = new Map<string, string>();
  for (const [code, label] of Object.entries(VALUE_CODE_LABELS[field])) for (const w of Object.values(label)) byWord.set(looseKey(w), code);
  for (const [code, list] of Object.entries(words)) for (const w of list) byWord.set(looseKey(w), code);
  BY_WORD.set(field, byWord);
}

/** A value map's entry for `value`, matched trimmed and case-insensitive. */
function mapped(map: Record<string, string> | undefined, value: string): string | undefined {
  if (!map) return undefined;
  const key = value.trim().toLowerCase();
  for (const [k, code] of Object.entries(map)) if (k.trim().toLowerCase() === key) return code;
  return undefined;
}

/**
 * How a cell of a value-mapped field reads: its codes, and the values neither the source's map nor the
 * built-in words know (each reported, never dropped silently). Disability types may be several in a
 * cell ("1,3", "ทางการเห็น/ทางการเคลื่อนไหว"); sex is one value.
 */
export function readValues(field: ValueMapField, cell: string, maps?: ValueMaps): { codes: string[]; unknown: string[] } {
  const map = maps?.[field];
  const whole = mapped(map, cell);
  if (whole !== undefined) return { codes: whole ? [whole] : [], unknown: [] };
  if (field === 'sex') {
    const sex = parseSex(cell, null);
    return sex ? { codes: [sex], unknown: [] } : { codes: [], unknown: [cell.trim()] };
  }
  const words = BY_WORD.get(field);
  if (words) {
    if (!cell.trim()) return { codes: [], unknown: [] };
    const code = words.get(looseKey(cell));
    return code ? { codes: [code], unknown: [] } : { codes: [], unknown: [cell.trim()] };
  }
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const part of cell
    .split(/[,;|/+\n]+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = mapped(map, part);
    if (m !== undefined) {
      if (m) codes.push(m);
      continue;
    }
    const digits = thaiDigitsToAscii(part);
    if (/^\d+(\s+\d+)*$/.test(digits)) {
      for (const n of digits.split(/\s+/)) (DISABILITY_TYPES as readonly number[]).includes(Number(n)) ? codes.push(String(Number(n))) : unknown.push(n);
      continue;
    }
    const t = DISABILITY_BY_WORD.get(wordKey(part));
    if (t) codes.push(String(t));
    else unknown.push(part);
  }
  return { codes: [...new Set(codes)], unknown };
}

/**
 * Reads one row (header → cell text) with a mapping. A row is refused only for what makes it unusable:
 * no name, a date or sex that cannot be read, an area code that is not one; a national ID failing its
 * checksum is kept aside as a warning (the row is still linked, by name, birth date, sex and area).
 */
export function readImportRow(cells: Record<string, string | undefined>, mapping: ImportMapping, rowNumber: number): RowResult {
  const col = (f: ImportField): string | undefined => {
    const header = mapping.columns[f];
    const v = header === undefined ? undefined : cells[header];
    // As written (not normalised): stored byte for byte; the linkage and search keys normalise their own copies.
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const recordKey = (mapping.recordKey && cells[mapping.recordKey]?.trim()) || `row:${rowNumber}`;
  const reasons: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];

  let title = col('title') ?? null;
  let first = col('firstName');
  let last = col('lastName');
  const full = col('fullName');
  if (full && !first) {
    const split = splitTitle(full);
    title = title ?? split.title;
    const parts = split.rest.split(/\s+/);
    first = parts[0];
    last = last ?? (parts.slice(1).join(' ') || undefined);
  } else if (first && !title) {
    const split = splitTitle(first);
    if (split.title) [title, first] = [split.title, split.rest];
  }
  // A whole name typed into the first-name column, the last-name column left empty.
  if (first && !last && /\s/.test(first)) [first, last] = [first.split(/\s+/)[0] as string, first.split(/\s+/).slice(1).join(' ')];
  if (!first) reasons.push(issue('firstName', 'ไม่มีชื่อ', 'No first name'));
  if (!last) reasons.push(issue('lastName', 'ไม่มีนามสกุล', 'No last name'));

  let cid: string | null = null;
  let cidInvalid: string | null = null;
  const rawCid = col('cid');
  if (rawCid) {
    const n = normaliseCid(rawCid);
    if (isValidCid(n)) cid = n;
    else {
      cidInvalid = rawCid;
      warnings.push(
        issue(
          'cid',
          `เลขประจำตัวประชาชนไม่ถูกต้อง (${rawCid}) จะจับคู่ด้วยชื่อ วันเกิด เพศ และพื้นที่แทน`,
          `Invalid national ID (${rawCid}); matched by name, birth date, sex and area instead`,
        ),
      );
    }
  }

  const rawBirth = col('birthDate');
  let birth = rawBirth ? parseImportDate(rawBirth) : undefined;
  if (rawBirth && !birth) reasons.push(issue('birthDate', `อ่านวันเกิดไม่ได้ (${rawBirth})`, `Unreadable date of birth (${rawBirth})`));
  // A placeholder day (1 January …) says the year only: the date keeps its day, its precision is the
  // year, so linkage compares the year alone and the registry does not show a day nobody knew.
  if (birth?.precision === 'day' && (mapping.placeholderDates ?? DEFAULT_PLACEHOLDER_DATES).includes(birth.iso.slice(5))) {
    birth = { iso: birth.iso, precision: 'year' };
    const [month, day] = [Number(birth.iso.slice(5, 7)), Number(birth.iso.slice(8, 10))];
    warnings.push(
      issue(
        'birthDate',
        `วันเกิด ${day} ${THAI_MONTHS[month - 1]?.[1]} ถือเป็นปีเกิดเท่านั้น (วันที่ที่ใช้แทนเมื่อไม่ทราบวันเกิด)`,
        `${day} ${ENGLISH_MONTHS[month - 1]} taken as the year of birth only (a date written when the day is not known)`,
      ),
    );
  }

  const rawSex = col('sex');
  const sexMapped = rawSex === undefined ? undefined : mapped(mapping.values?.sex, rawSex);
  const sex = sexMapped !== undefined ? ((sexMapped || 'unknown') as 'male' | 'female' | 'unknown') : parseSex(rawSex, title);
  if (!sex)
    reasons.push(
      issue('sex', `อ่านเพศไม่ได้ (${rawSex}) กำหนดค่านี้ในการจับคู่ค่าของแหล่งข้อมูลได้`, `Unreadable sex (${rawSex}); the source's value map can say what it means`),
    );

  let areaCode: string | null = null;
  const rawArea = col('areaCode');
  if (rawArea) {
    const code = thaiDigitsToAscii(rawArea).replace(/\D/g, '');
    if (code.length === 6 || code.length === 8) areaCode = code;
    else reasons.push(issue('areaCode', `รหัสพื้นที่ไม่ถูกต้อง (${rawArea})`, `Not an area code (${rawArea})`));
  }
  const text = col('address');
  const address = text ? parseThaiAddress(text) : { houseNo: null, villageNo: null, subdistrict: null, district: null, province: null };
  address.houseNo = col('houseNo') ?? address.houseNo;
  const village = col('villageNo');
  if (village) address.villageNo = Number(thaiDigitsToAscii(village).replace(/\D/g, '')) || null;
  address.subdistrict = col('subdistrict')?.replace(/^(ตำบล|ต\.)\s*/, '') ?? address.subdistrict;
  address.district = col('district')?.replace(/^(อำเภอ|อ\.)\s*/, '') ?? address.district;
  address.province = col('province')?.replace(/^(จังหวัด|จ\.)\s*/, '') ?? address.province;
  if (!areaCode && !address.subdistrict) reasons.push(issue('address', 'ไม่มีรหัสพื้นที่หรือชื่อตำบล', 'No area code and no subdistrict name'));

  const disability = readValues('disabilityTypes', col('disabilityTypes') ?? '', mapping.values);
  const types = disability.codes.map(Number);
  // The row is kept with the types that read; each value that did not is a warning, never dropped silently.
  for (const u of disability.unknown)
    warnings.push(
      issue(
        'disabilityTypes',
        `ไม่รู้จักประเภทความพิการ "${u}" จึงไม่ได้บันทึกประเภทนี้ กำหนดความหมายในการจับคู่ค่าของแหล่งข้อมูล แล้วนำเข้าใหม่`,
        `Unknown disability type "${u}", not recorded; say what it means in the source's value map and import again`,
      ),
    );

  const phones = (col('phone') ?? '')
    .split(/[,;/]/)
    .map((p) => thaiDigitsToAscii(p).replace(/[^\d+]/g, ''))
    .filter((p) => p.length >= 9);

  const more = readMoreTargets(col, mapping.values, warnings);

  if (reasons.length) return { ok: false, reasons, recordKey };
  return {
    ok: true,
    warnings,
    person: {
      recordKey,
      cid,
      cidInvalid,
      title,
      firstName: first as string,
      lastName: last as string,
      birth: birth ?? null,
      sex: sex as 'male' | 'female' | 'unknown',
      areaCode,
      address,
      phones,
      disabilityTypes: [...new Set(types)].sort((a, b) => a - b),
      disabilityCard: col('disabilityCard') ?? null,
      ...more,
    },
  };
}

/** A number as agencies write it: Thai digits, thousands commas, a trailing "บาท"; undefined when it is not one. */
export function readImportNumber(raw: string): number | undefined {
  const s = thaiDigitsToAscii(raw.normalize('NFC'))
    .replace(/บาท|baht|฿/gi, '')
    .replace(/[,\s]/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  return Number(s);
}

/** The one code a one-value field's cell reads as, warning (with the field's name) when it does not read. */
function readOne(field: ValueMapField, raw: string | undefined, maps: ValueMaps | undefined, warnings: FieldIssue[]): string | undefined {
  if (raw === undefined) return undefined;
  const { codes, unknown } = readValues(field, raw, maps);
  for (const u of unknown) {
    const name = IMPORT_FIELD_LABELS[field];
    warnings.push(
      issue(
        field,
        `ไม่รู้จักค่า "${u}" ของ${name.th} จึงไม่ได้บันทึก กำหนดความหมายในการจับคู่ค่าของแหล่งข้อมูล แล้วนำเข้าใหม่`,
        `Unknown ${name.en.toLowerCase()} "${u}", not recorded; say what it means in the source's value map and import again`,
      ),
    );
  }
  return codes[0];
}

/** A date field read to the day: unreadable, not to the day or implausible is a warning and nothing. */
function readDay(field: ImportField, raw: string | undefined, warnings: FieldIssue[], check: (iso: string) => string | null): string | null {
  if (raw === undefined) return null;
  const name = IMPORT_FIELD_LABELS[field];
  const d = parseImportDate(raw);
  if (d?.precision !== 'day') {
    warnings.push(issue(field, `อ่าน${name.th}ไม่ได้ (${raw}) จึงไม่ได้บันทึก`, `Unreadable ${name.en.toLowerCase()} (${raw}), not recorded`));
    return null;
  }
  const problem = check(d.iso);
  if (problem) {
    const why = problem === 'date.future' ? ['เป็นวันในอนาคต', 'in the future'] : ['ไม่น่าเป็นไปได้', 'not plausible'];
    warnings.push(issue(field, `${name.th} ${raw} ${why[0]} จึงไม่ได้บันทึก`, `${name.en} ${raw} is ${why[1]}, not recorded`));
    return null;
  }
  return d.iso;
}

/**
 * The targets beyond identity and address (issue 19): ADL, the disability card's dates, an allowance,
 * GPS and the caregiver. Nothing here refuses a row: a value that does not read is a warning and is not
 * stored, so the person is still registered or linked with everything else the row says.
 */
function readMoreTargets(
  col: (f: ImportField) => string | undefined,
  maps: ValueMaps | undefined,
  warnings: FieldIssue[],
): Pick<ImportedPerson, 'disabilityCardIssued' | 'disabilityCardExpiry' | 'adl' | 'allowance' | 'gps' | 'caregiver'> {
  const out: ReturnType<typeof readMoreTargets> = {};

  // ADL: a score gives its group; a group written beside a score that disagrees is warned and the score trusted.
  const rawScore = col('adlScore');
  let score: number | null = null;
  if (rawScore !== undefined) {
    const n = readImportNumber(rawScore);
    if (n === undefined) warnings.push(issue('adlScore', `อ่านคะแนน ADL ไม่ได้ (${rawScore}) จึงไม่ได้บันทึก`, `Unreadable ADL score (${rawScore}), not recorded`));
    else if (!Number.isInteger(n) || n < 0 || n > 20)
      warnings.push(
        issue('adlScore', `คะแนน ADL ${rawScore} อยู่นอกช่วง 0–20 (บาร์เธล) จึงไม่ได้บันทึก`, `ADL score ${rawScore} is outside 0–20 (Barthel), not recorded`),
      );
    else score = n;
  }
  const written = readOne('adlGroup', col('adlGroup'), maps, warnings) as AdlGroup | undefined;
  const group = score !== null ? adlGroupOf(score) : written;
  if (score !== null && written && written !== group)
    warnings.push(
      issue(
        'adlGroup',
        `กลุ่ม ADL "${col('adlGroup')}" ไม่ตรงกับคะแนน ${score} (${ADL_GROUP_LABELS[group as AdlGroup].th}) ใช้กลุ่มตามคะแนน`,
        `ADL group "${col('adlGroup')}" disagrees with score ${score} (${ADL_GROUP_LABELS[group as AdlGroup].en}); the score's group is used`,
      ),
    );
  const adlDate = readDay('adlDate', col('adlDate'), warnings, (iso) => pastDayProblem(iso, EARLIEST_EVENT_DATE));
  if (group) out.adl = { score, group, date: adlDate };

  const issued = readDay('disabilityCardIssued', col('disabilityCardIssued'), warnings, (iso) => pastDayProblem(iso));
  const expiry = readDay('disabilityCardExpiry', col('disabilityCardExpiry'), warnings, (iso) => anyDayProblem(iso));
  if (issued) out.disabilityCardIssued = issued;
  if (expiry) out.disabilityCardExpiry = expiry;
  if (issued && expiry && expiry < issued)
    warnings.push(
      issue(
        'disabilityCardExpiry',
        `วันบัตรคนพิการหมดอายุ (${expiry}) อยู่ก่อนวันออกบัตร (${issued})`,
        `The disability card expires (${expiry}) before it was issued (${issued})`,
      ),
    );

  // An allowance: its kind says which; a list of payees says nothing of status, so receiving unless a status is given.
  const kind = readOne('allowanceType', col('allowanceType'), maps, warnings) as AllowanceKind | undefined;
  const status = readOne('allowanceStatus', col('allowanceStatus'), maps, warnings) as EntitlementStatus | undefined;
  const rawAmount = col('allowanceAmount');
  let amount: number | null = null;
  if (rawAmount !== undefined) {
    const n = readImportNumber(rawAmount);
    if (n === undefined || n < 0)
      warnings.push(issue('allowanceAmount', `อ่านจำนวนเงินเบี้ยไม่ได้ (${rawAmount}) จึงไม่ได้บันทึก`, `Unreadable allowance amount (${rawAmount}), not recorded`));
    else amount = n;
  }
  if (kind) out.allowance = { kind, status: status ?? 'receiving', amount };
  else if ((status || amount !== null) && col('allowanceType') === undefined)
    warnings.push(issue('allowanceType', 'มีสถานะหรือจำนวนเงินเบี้ยแต่ไม่ระบุประเภทเบี้ย จึงไม่ได้บันทึก', 'An allowance status or amount without its type, not recorded'));

  // GPS: two columns, or "lat,lng" in one; a point outside Thailand is a slip (or swapped), not stored.
  const rawGps = col('gps');
  const rawLat = col('gpsLat');
  const rawLng = col('gpsLng');
  const pair = rawGps !== undefined ? thaiDigitsToAscii(rawGps).split(/\s*[,;]\s*|\s+/) : [rawLat, rawLng];
  if (rawGps !== undefined || rawLat !== undefined || rawLng !== undefined) {
    const gpsText = rawGps ?? `${rawLat ?? ''},${rawLng ?? ''}`;
    const [lat, lng] = pair.length === 2 ? pair.map((v) => (v === undefined ? undefined : readImportNumber(v))) : [undefined, undefined];
    if (lat === undefined || lng === undefined)
      warnings.push(issue('gps', `อ่านพิกัด GPS ไม่ได้ (${gpsText}) จึงไม่ได้บันทึก`, `Unreadable GPS (${gpsText}), not recorded`));
    else if (!inThailand(lat, lng))
      warnings.push(
        issue(
          'gps',
          `พิกัด GPS ${lat},${lng} อยู่นอกประเทศไทย${inThailand(lng, lat) ? ' (ละติจูดและลองจิจูดอาจสลับกัน)' : ''} จึงไม่ได้บันทึก`,
          `GPS ${lat},${lng} is outside Thailand${inThailand(lng, lat) ? ' (latitude and longitude may be swapped)' : ''}, not recorded`,
        ),
      );
    else out.gps = { lat, lng };
  }

  const caregiverName = col('caregiverName') ?? null;
  const rawCaregiverPhone = col('caregiverPhone');
  const caregiverPhone = rawCaregiverPhone ? thaiDigitsToAscii(rawCaregiverPhone).replace(/[^\d+]/g, '') : null;
  if (rawCaregiverPhone && (caregiverPhone ?? '').length < 9)
    warnings.push(issue('caregiverPhone', `เบอร์โทรศัพท์ผู้ดูแล ${rawCaregiverPhone} สั้นเกินไป`, `Caregiver phone ${rawCaregiverPhone} is too short`));
  if (caregiverName || rawCaregiverPhone) out.caregiver = { name: caregiverName, phone: caregiverPhone && caregiverPhone.length >= 9 ? caregiverPhone : null };
  return out;
}
