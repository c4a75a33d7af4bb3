/**
 * Field comparators: each says how far two values agree, as a level index into its list of levels,
 * strongest agreement first and disagreement last, or MISSING when either value is absent (a missing
 * value is no evidence either way: it weighs 0).
 */
import { parsePartialDate, partialDateString } from '../person.js';
import { thaiDigitsToAscii } from '../text.js';
import { foldSounds } from './keys.js';
import { jaroWinkler, withinOneEdit } from './similarity.js';

export const MISSING = -1;

type Value = string | null | undefined;
const absent = (v: Value): v is null | undefined | '' => v === null || v === undefined || v === '';

export const STRING_LEVELS = ['exact', 'close', 'similar', 'disagree'] as const;
/** Jaro–Winkler cut-offs of the 'close' and 'similar' levels. */
export const STRING_THRESHOLDS = [0.92, 0.8] as const;

/** Compares two keys (already normalised, e.g. by `linkageNameKey`): exact, Jaro–Winkler ≥ 0.92, ≥ 0.8, else disagree. */
export function compareStrings(a: Value, b: Value, thresholds: readonly [number, number] = STRING_THRESHOLDS): number {
  if (absent(a) || absent(b)) return MISSING;
  if (a === b) return 0;
  const s = jaroWinkler(a, b);
  return s >= thresholds[0] ? 1 : s >= thresholds[1] ? 2 : 3;
}

/**
 * Names (keys from `linkageNameKey`), levels as `STRING_LEVELS`:
 * - exact;
 * - close: one typing slip apart (a letter added, dropped, changed, or two swapped), or the same sounds
 *   in another Thai spelling (ส/ศ, ร/ล, ท/ธ …; see `foldSounds`), or Jaro–Winkler ≥ 0.92;
 * - similar: Jaro–Winkler ≥ 0.8 — many different Thai names share a first syllable (สม-, บุญ-,
 *   ประ-), so this level says much less than 'close';
 * - disagree.
 */
export function compareNames(a: Value, b: Value, thresholds: readonly [number, number] = STRING_THRESHOLDS): number {
  const level = compareStrings(a, b, thresholds);
  if (level <= 1) return level;
  return withinOneEdit(a!, b!) || foldSounds(a!) === foldSounds(b!) ? 1 : level;
}

export const FULL_NAME_LEVELS = [
  'exact',
  'close',
  'first_similar',
  'last_similar',
  'similar',
  'first_only_known',
  'first_only',
  'last_only',
  'disagree',
] as const;

/**
 * A person's first and last name compared together, so that how the two parts agree jointly is one
 * piece of evidence: a sibling or spouse shares the last name but not the first, a woman may change her
 * last name on marriage, an agency may record the first name only. Each part is compared by
 * `compareNames` (exact / close / similar / disagree); then
 * - exact: both exact; close: both at least close;
 * - first_similar / last_similar: that part only similar, the other at least close;
 * - similar: both only similar;
 * - first_only_known: first at least close, one record has no last name;
 * - first_only: first at least close, last names disagree;
 * - last_only: last at least close, first names similar at best or absent;
 * - disagree: otherwise. Missing when either record has no first name.
 */
export function compareFullNames(aFirst: Value, aLast: Value, bFirst: Value, bLast: Value): number {
  const f = compareNames(aFirst, bFirst);
  const l = compareNames(aLast, bLast);
  if (f === MISSING) return l !== MISSING && l <= 1 ? 7 : MISSING;
  if (f <= 1 && l !== MISSING && l <= 1) return f === 0 && l === 0 ? 0 : 1;
  if (f === 2 && l !== MISSING && l <= 1) return 2;
  if (f <= 1 && l === 2) return 3;
  if (f === 2 && l === 2) return 4;
  if (f <= 1) return l === MISSING ? 5 : 6;
  if (l !== MISSING && l <= 1) return 7;
  return 8;
}

export const CODE_LEVELS = ['exact', 'one_edit', 'disagree'] as const;
/** Codes and numbers typed by hand (postcode, house number, an ID without a checksum): equal, one typing slip apart, or different. */
export function compareCodes(a: Value, b: Value): number {
  if (absent(a) || absent(b)) return MISSING;
  if (a === b) return 0;
  return withinOneEdit(a, b) ? 1 : 2;
}

export const EXACT_LEVELS = ['agree', 'disagree'] as const;
export function compareExact(a: Value, b: Value): number {
  if (absent(a) || absent(b)) return MISSING;
  return a === b ? 0 : 1;
}

export const SEX_LEVELS = EXACT_LEVELS;
/** 'male' / 'female'; anything else (unknown, blank) is missing. */
export function compareSex(a: Value, b: Value): number {
  const known = (s: Value) => s === 'male' || s === 'female';
  if (!known(a) || !known(b)) return MISSING;
  return a === b ? 0 : 1;
}

export const AREA_LEVELS = ['village', 'subdistrict', 'district', 'province', 'disagree'] as const;
/**
 * DOPA area codes (province 2 digits, district 4, subdistrict 6, village 8): the finest level at
 * which both agree. A coarser code agrees with a finer one at its own level ("9001" and "900101" are
 * the same district).
 */
export function compareAreas(a: Value, b: Value): number {
  if (absent(a) || absent(b)) return MISSING;
  const max = Math.min(a.length, b.length);
  let common = 0;
  while (common < max && a.charCodeAt(common) === b.charCodeAt(common)) common++;
  const level = Math.floor(common / 2) * 2;
  return level >= 8 ? 0 : level >= 6 ? 1 : level >= 4 ? 2 : level >= 2 ? 3 : 4;
}

export const DATE_LEVELS = ['exact', 'partial', 'close', 'disagree'] as const;

/**
 * A birth date as known: "1950-03-01" (day), "1950-03" (month) or "1950" (year), Christian era.
 * Accepts what `parsePartialDate` reads (ISO or d/m/y, either era, Thai digits; years above 2400 are
 * Buddhist era) and YYYYMMDD. Returns null when it cannot be read.
 */
export function birthDateKey(input: Value): string | null {
  if (absent(input)) return null;
  const s = thaiDigitsToAscii(input.trim());
  const compact = s.match(/^(\d{4})(\d{2})(\d{2})$/);
  const parsed = parsePartialDate(compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : s);
  return parsed ? partialDateString(parsed.iso, parsed.precision) : null;
}

/** [year, month?, day?] of a birth-date key, read without splitting the string. */
function dateParts(key: string): number[] {
  const n = (from: number, to: number) => {
    let x = 0;
    for (let i = from; i < to; i++) x = x * 10 + key.charCodeAt(i) - 48;
    return x;
  };
  return key.length >= 10 ? [n(0, 4), n(5, 7), n(8, 10)] : key.length >= 7 ? [n(0, 4), n(5, 7)] : [n(0, 4)];
}

/** Years one apart, or one typing slip apart (1950 / 1960, 1950 / 1905). */
function yearsClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1 || withinOneEdit(String(a), String(b));
}

/**
 * Compares two birth-date keys (see `birthDateKey`):
 * - exact: the same day;
 * - partial: agree on all that both know, where one or both know only the month or year;
 * - close: one part differs (a year one apart or one typing slip apart; any month or day), or day and
 *   month are swapped;
 * - disagree: otherwise.
 */
export function compareBirthDates(a: Value, b: Value): number {
  if (absent(a) || absent(b)) return MISSING;
  if (a === b) return a.length >= 10 ? 0 : 1;
  const pa = dateParts(a);
  const pb = dateParts(b);
  const n = Math.min(pa.length, pb.length);
  let differing = 0;
  let yearOk = true;
  for (let i = 0; i < n; i++) {
    if (pa[i] === pb[i]) continue;
    differing++;
    if (i === 0) yearOk = yearsClose(pa[0]!, pb[0]!);
  }
  if (differing === 0) return n === 3 ? 0 : 1;
  if (differing === 1 && yearOk) return 2;
  if (n === 3 && pa[0] === pb[0] && pa[1] === pb[2] && pa[2] === pb[1]) return 2;
  return 3;
}
