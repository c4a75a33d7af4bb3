import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportField, type ImportMapping } from '@carehub/core';

/** A header as compared: lower case, without spaces, dots, dashes, underscores or slashes. */
const norm = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s._\-/]+/g, '');

/**
 * Headers agencies commonly give each field, besides the field's own Thai and English labels. Kept
 * short on purpose: a guess only pre-selects; the steward checks every choice before saving.
 */
const ALIASES: Partial<Record<ImportField, string[]>> = {
  cid: ['เลขบัตรประชาชน', 'เลขประจำตัวประชาชน 13 หลัก', 'pid', 'cid', 'idcard'],
  title: ['คำนำหน้าชื่อ', 'prename', 'pname'],
  firstName: ['fname', 'firstname'],
  lastName: ['สกุล', 'lname', 'lastname', 'surname'],
  fullName: ['ชื่อ-สกุล', 'ชื่อ-นามสกุล', 'ชื่อสกุล', 'fullname'],
  birthDate: ['วันเดือนปีเกิด', 'dob', 'birthdate', 'birthday'],
  sex: ['gender'],
  areaCode: ['รหัสพื้นที่', 'รหัสตำบล', 'tambon'],
  address: ['ที่อยู่'],
  villageNo: ['หมู่', 'moo'],
  phone: ['เบอร์โทร', 'เบอร์โทรศัพท์', 'tel', 'mobile'],
  adlScore: ['adl', 'คะแนนadl', 'barthel'],
  adlGroup: ['กลุ่มadl', 'adlgroup'],
  allowanceType: ['เบี้ย', 'ประเภทเบี้ยยังชีพ'],
  gpsLat: ['lat', 'latitude'],
  gpsLng: ['lng', 'lon', 'long', 'longitude'],
  caregiverName: ['ผู้ดูแล', 'ชื่อผู้ดูแล', 'caregiver'],
};

const RECORD_KEY_ALIASES = ['hn', 'รหัสรายการ', 'recordid'];

/** Pre-selected columns for a file's headers: each field takes the first header that is obviously it, each header at most once. */
export function guessMapping(headers: string[]): ImportMapping {
  const byName = new Map<string, string>();
  for (const h of headers) if (!byName.has(norm(h))) byName.set(norm(h), h);
  const used = new Set<string>();
  const columns: ImportMapping['columns'] = {};
  for (const field of IMPORT_FIELDS) {
    const names = [IMPORT_FIELD_LABELS[field].th, IMPORT_FIELD_LABELS[field].en, field, ...(ALIASES[field] ?? [])];
    const header = names.map((n) => byName.get(norm(n))).find((h) => h !== undefined && !used.has(h));
    if (header) {
      columns[field] = header;
      used.add(header);
    }
  }
  const recordKey = RECORD_KEY_ALIASES.map((n) => byName.get(norm(n))).find((h) => h !== undefined && !used.has(h));
  return recordKey ? { columns, recordKey } : { columns };
}

/**
 * The mapping to start editing from: the saved one, for the columns this file still has; the guess for
 * the fields the saved one leaves open (or for all of them when there is none).
 */
export function initialMapping(saved: ImportMapping | null, headers: string[]): ImportMapping {
  const guess = guessMapping(headers);
  if (!saved) return guess;
  const has = new Set(headers);
  const columns: ImportMapping['columns'] = {};
  for (const field of IMPORT_FIELDS) {
    const header = saved.columns[field];
    if (header && has.has(header)) columns[field] = header;
  }
  const used = new Set(Object.values(columns));
  for (const field of IMPORT_FIELDS) {
    const header = guess.columns[field];
    if (!columns[field] && header && !used.has(header)) {
      columns[field] = header;
      used.add(header);
    }
  }
  const recordKey = saved.recordKey && has.has(saved.recordKey) ? saved.recordKey : guess.recordKey;
  // The rest of the saved mapping (value maps and the like) is kept as it was.
  const { recordKey: _old, ...rest } = saved;
  return recordKey ? { ...rest, columns, recordKey } : { ...rest, columns };
}

/** The columns of the saved mapping this file lacks. */
export function missingColumns(mapping: ImportMapping | null, headers: string[]): string[] {
  if (!mapping) return [];
  const has = new Set(headers);
  return [...Object.values(mapping.columns), ...(mapping.recordKey ? [mapping.recordKey] : [])].filter((h): h is string => !!h && !has.has(h));
}
