/**
 * Linking Thai person records: what a source row becomes for linkage, and the fields and blocking
 * rules CareHub compares them on (DESIGN.md §7).
 */
import { isNearCid, isValidCid, normaliseCid } from '../cid.js';
import { type PartialDate, partialDateString, splitTitle } from '../person.js';
import type { BlockingRule } from './blocking.js';
import {
  AREA_LEVELS,
  birthDateKey,
  compareAreas,
  compareBirthDates,
  compareFullNames,
  compareSex,
  DATE_LEVELS,
  FULL_NAME_LEVELS,
  SEX_LEVELS,
} from './comparators.js';
import type { LinkageConfig, LinkageField } from './engine.js';
import { linkageNameKey, phoneticKey, sexFromTitle } from './keys.js';
import { jaroWinkler } from './similarity.js';

/** A person as a source row gives it, before any cleaning. */
export interface PersonLinkInput {
  cid?: string | null;
  title?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Used when first and last name are not given apart: "นางสมศรี ใจดี". */
  fullName?: string | null;
  /** 'male' / 'female', ชาย / หญิง, M / F, 1 / 2 (the DOPA coding); anything else is unknown. */
  sex?: string | null;
  /** As typed (ISO or d/m/y, Buddhist or Christian era, full, month-and-year or year only), or already read. */
  birthDate?: string | PartialDate | null;
  /** DOPA area code at any level (province 2 digits … village 8). */
  areaCode?: string | null;
}

/** A person ready for linkage: keys computed once. */
export interface PersonLinkRecord {
  /** Valid national ID (13 digits), or null when missing or failing the checksum. */
  cid: string | null;
  first: string;
  last: string;
  /** first + last, for a name typed whole into one field. */
  full: string;
  firstSound: string;
  lastSound: string;
  /** Sound of the whole name, however it was split between the fields. */
  fullSound: string;
  /** "1950-03-01", "1950-03" or "1950" (Christian era), or null. */
  birth: string | null;
  sex: 'male' | 'female' | null;
  area: string | null;
}

const SEX_CODES: Record<string, 'male' | 'female'> = {
  male: 'male',
  m: 'male',
  ชาย: 'male',
  '1': 'male',
  female: 'female',
  f: 'female',
  หญิง: 'female',
  '2': 'female',
};

export function toPersonLinkRecord(input: PersonLinkInput): PersonLinkRecord {
  let title = input.title?.trim() || null;
  let first = input.firstName?.trim() ?? '';
  let last = input.lastName?.trim() ?? '';
  if (!first && !last && input.fullName) {
    const split = splitTitle(input.fullName);
    title ??= split.title;
    const [f = '', ...rest] = split.rest.split(/\s+/);
    first = f;
    last = rest.join(' ');
  } else if (first) {
    const split = splitTitle(first);
    title ??= split.title;
  }
  const sex = SEX_CODES[(input.sex ?? '').trim().toLowerCase()] ?? sexFromTitle(title) ?? null;
  const cid = input.cid && isValidCid(input.cid) ? normaliseCid(input.cid) : null;
  const area = input.areaCode?.trim().replace(/\D/g, '') || null;
  const firstKey = linkageNameKey(first);
  const lastKey = linkageNameKey(last);
  return {
    cid,
    first: firstKey,
    last: lastKey,
    full: firstKey + lastKey,
    firstSound: phoneticKey(first),
    lastSound: phoneticKey(last),
    fullSound: phoneticKey(`${first}${last}`),
    birth:
      typeof input.birthDate === 'object' && input.birthDate
        ? partialDateString(input.birthDate.iso, input.birthDate.precision)
        : birthDateKey(input.birthDate),
    sex,
    area,
  };
}

/**
 * First and last names of a pair, lined up: when one record has no last name and its first name reads
 * like the other record's whole name (typed together in one field), it is cut where the other's first
 * name ends.
 */
function alignNames(a: PersonLinkRecord, b: PersonLinkRecord): [string, string, string, string] {
  const glued = (x: PersonLinkRecord, y: PersonLinkRecord) => !x.last && y.last && x.first.length >= y.first.length + 2 && jaroWinkler(x.first, y.full) >= 0.9;
  if (glued(a, b)) return [a.first.slice(0, b.first.length), a.first.slice(b.first.length), b.first, b.last];
  if (glued(b, a)) return [a.first, a.last, b.first.slice(0, a.first.length), b.first.slice(a.first.length)];
  return [a.first, a.last, b.first, b.last];
}

export const PERSON_FIELDS: readonly LinkageField<PersonLinkRecord>[] = [
  { name: 'name', levels: FULL_NAME_LEVELS, compare: (a, b) => compareFullNames(...alignNames(a, b)) },
  { name: 'birth_date', levels: DATE_LEVELS, compare: (a, b) => compareBirthDates(a.birth, b.birth) },
  { name: 'sex', levels: SEX_LEVELS, compare: (a, b) => compareSex(a.sex, b.sex) },
  { name: 'area', levels: AREA_LEVELS, compare: (a, b) => compareAreas(a.area, b.area) },
];

const year = (r: PersonLinkRecord) => r.birth?.slice(0, 4);

/** Blocks up to this size are compared in full; a larger one by sorted neighbourhood with this window. */
const PERSON_BLOCK = { maxBlockSize: 8, window: 3 } as const;
const areaOf = (r: PersonLinkRecord) => r.area ?? '';

/**
 * Blocking rules for persons: a pair is compared if it shares any one key (the engine adds the
 * national ID). Sound keys (`phoneticKey`) shrug off vowel, tone-mark, spacing and sound-alike slips;
 * each rule lets a different field be wrong or missing.
 * - last-name sound (first 4 consonant classes) + birth year: first name mistyped;
 * - first-name sound (first 4) + birth year: last name mistyped, missing or changed;
 * - first-name sound + subdistrict: birth date missing or wrong;
 * - full birth date (known to the day): both names mistyped;
 * - first-name sound (3) + last-name sound (3), and the sound of the whole name (6) however it was split
 *   between the fields: birth date and area both off, or a name typed whole into one field.
 * No rule joins a last name to an area: that would bring in every household, whose members agree on
 * surname and address, and EM would learn less from the pairs (see bench/RESULTS.md).
 *
 * Most of these keys have a number of values that does not grow with the register (there are only so
 * many birth dates, and so many name sounds in a birth year), so their blocks swell as it grows: at a
 * million records a birth date is shared by about 27. A block of more than 8 is therefore read in the
 * order of what its key leaves free (a birth date's block by area, then name sound) and each record is
 * compared with the next two only: at most about 3.5 pairs a record a rule, whatever the size, so the
 * cost grows near-linearly (bench/RESULTS.md, "Linkage cost growth").
 */
export const PERSON_BLOCKING: readonly BlockingRule<PersonLinkRecord>[] = [
  {
    name: 'last_name_sound+birth_year',
    key: (r) => (r.lastSound && year(r) ? `${r.lastSound.slice(0, 4)}|${year(r)}` : null),
    sortKey: (r) => `${r.firstSound}|${r.birth ?? ''}|${areaOf(r)}`,
    ...PERSON_BLOCK,
  },
  {
    name: 'first_name_sound+birth_year',
    key: (r) => (r.firstSound && year(r) ? `${r.firstSound.slice(0, 4)}|${year(r)}` : null),
    sortKey: (r) => `${r.lastSound}|${r.birth ?? ''}|${areaOf(r)}`,
    ...PERSON_BLOCK,
  },
  {
    name: 'first_name_sound+subdistrict',
    key: (r) => (r.firstSound && r.area && r.area.length >= 6 ? `${r.firstSound}|${r.area.slice(0, 6)}` : null),
    sortKey: (r) => `${r.lastSound}|${r.birth ?? ''}`,
    ...PERSON_BLOCK,
  },
  {
    name: 'birth_date',
    key: (r) => (r.birth && r.birth.length === 10 ? r.birth : null),
    sortKey: (r) => `${areaOf(r).slice(0, 6)}|${r.fullSound}`,
    ...PERSON_BLOCK,
  },
  {
    name: 'first_sound+last_sound',
    key: (r) => (r.firstSound && r.lastSound ? `${r.firstSound.slice(0, 3)}|${r.lastSound.slice(0, 3)}` : null),
    sortKey: (r) => `${r.birth ?? ''}|${areaOf(r)}`,
    ...PERSON_BLOCK,
  },
  {
    name: 'full_name_sound',
    key: (r) => (r.fullSound.length >= 4 ? r.fullSound.slice(0, 6) : null),
    sortKey: (r) => `${r.birth ?? ''}|${areaOf(r)}`,
    ...PERSON_BLOCK,
  },
];

/**
 * Everything but the national ID agrees in full: the same name (as `linkageNameKey` reads it), the same
 * birth date known to the day, the same known sex, and the same subdistrict (or village).
 */
export function agreesInFull(a: PersonLinkRecord, b: PersonLinkRecord): boolean {
  const [name, birth, sex, area] = PERSON_FIELDS.map((f) => f.compare(a, b)) as [number, number, number, number];
  return name === 0 && birth === 0 && sex === 0 && area >= 0 && area <= 1;
}

/** CareHub's configuration for linking Thai person records. */
export const PERSON_LINKAGE: LinkageConfig<PersonLinkRecord> = {
  fields: PERSON_FIELDS,
  blocking: PERSON_BLOCKING,
  nationalId: (r) => r.cid,
  // Two valid IDs one digit apart (or two adjacent digits swapped) on the same person in every other
  // respect are more likely one typing slip that the checksum let through than two people: a reviewer's.
  nearNationalId: (a, b) => isNearCid(a.cid, b.cid) && agreesInFull(a, b),
  sortKey: (r) => `${r.last}|${r.first}|${r.birth ?? ''}`,
};
