import { describe, expect, it } from 'vitest';
import {
  AREA_LEVELS,
  birthDateKey,
  CODE_LEVELS,
  compareAreas,
  compareBirthDates,
  compareCodes,
  compareExact,
  compareFullNames,
  compareNames,
  compareSex,
  compareStrings,
  DATE_LEVELS,
  FULL_NAME_LEVELS,
  MISSING,
  STRING_LEVELS,
} from './comparators.js';
import { linkageNameKey as k } from './keys.js';

const level = (levels: readonly string[], i: number) => (i === MISSING ? 'missing' : levels[i]);
const name = (a: string, b: string) => level(STRING_LEVELS, compareNames(k(a), k(b)));

describe('names', () => {
  it('agree exactly through title, spacing, tone-mark and confusable-vowel slips', () => {
    expect(name('สมศรี', 'นางสาว สมศรี')).toBe('exact');
    expect(name('บุญเลิศ', 'บุญเลิส'.replace('ส', 'ศ'))).toBe('exact');
    expect(name('ส้มศรี', 'สมศรี')).toBe('exact');
    expect(name('ไพโรจน์', 'ใพโรจน์')).toBe('exact');
  });

  it('are close one typing slip apart, or spelled with sound-alike consonants', () => {
    expect(name('สมศรี', 'สมสรี')).toBe('close'); // ศ / ส
    expect(name('สะมะแอ', 'ศะมะแอ')).toBe('close'); // a first letter differs: Jaro–Winkler alone says little
    expect(name('ลำดวน', 'รำดวน')).toBe('close'); // ร / ล
    expect(name('ประเสริฐ', 'ประเสรอฐ')).toBe('close'); // a typo
    expect(name('Mitchell', 'Mitchel')).toBe('close');
  });

  it('are only similar when they share a first syllable, and disagree otherwise', () => {
    expect(name('บุญส่ง', 'บุญมี')).toBe('similar');
    expect(name('สมศรี', 'ประไพ')).toBe('disagree');
  });

  it('are missing when either is blank', () => {
    expect(name('', 'สมศรี')).toBe('missing');
    expect(compareStrings(null, 'x')).toBe(MISSING);
  });

  it('are compared as a whole name: first and last together', () => {
    const full = (af: string, al: string, bf: string, bl: string) => level(FULL_NAME_LEVELS, compareFullNames(k(af), k(al), k(bf), k(bl)));
    expect(full('สมศรี', 'ใจดี', 'นางสมศรี', 'ใจดี')).toBe('exact');
    expect(full('สมศรี', 'ใจดี', 'สมสรี', 'ใจดี่')).toBe('close');
    expect(full('บุญส่ง', 'ขำประดิษฐ์', 'บุญมี', 'ขำประดิษฐ์')).toBe('first_similar');
    expect(full('สมศรี', 'ศรีสุวรรณ', 'สมศรี', 'ศรีสุวงศ์')).toBe('last_similar');
    expect(full('สมศรี', 'ใจดี', 'สมศรี', '')).toBe('first_only_known');
    expect(full('สมศรี', 'ใจดี', 'สมศรี', 'แก้วมณี')).toBe('first_only'); // e.g. a surname changed at marriage
    expect(full('สมชาย', 'ใจดี', 'ประไพ', 'ใจดี')).toBe('last_only'); // a sibling or spouse
    expect(full('สมชาย', 'ใจดี', 'ประไพ', 'แก้วมณี')).toBe('disagree');
    expect(full('', 'ใจดี', 'ประไพ', 'ใจดี')).toBe('last_only');
    expect(full('', '', 'ประไพ', 'ใจดี')).toBe('missing');
  });
});

describe('birth dates, full or partial, in either era', () => {
  it('reads BE and CE, ISO and d/m/y, YYYYMMDD, Thai digits, month or year only', () => {
    expect(birthDateKey('1/3/2493')).toBe('1950-03-01');
    expect(birthDateKey('2493-03-01')).toBe('1950-03-01');
    expect(birthDateKey('1950-03-01')).toBe('1950-03-01');
    expect(birthDateKey('19500301')).toBe('1950-03-01');
    expect(birthDateKey('๑/๓/๒๔๙๓')).toBe('1950-03-01');
    expect(birthDateKey('3/2493')).toBe('1950-03');
    expect(birthDateKey('2493')).toBe('1950');
    expect(birthDateKey('31/2/2493')).toBeNull();
    expect(birthDateKey('')).toBeNull();
    expect(birthDateKey(null)).toBeNull();
  });

  const date = (a: string, b: string) => level(DATE_LEVELS, compareBirthDates(birthDateKey(a), birthDateKey(b)));

  it('agree exactly on the same day, whatever the era it was typed in', () => {
    expect(date('1/3/2493', '1950-03-01')).toBe('exact');
  });

  it('agree partially on what both know when one knows only the month or the year', () => {
    expect(date('2493', '1/3/2493')).toBe('partial');
    expect(date('3/2493', '1950-03-17')).toBe('partial');
    expect(date('2493', '1950')).toBe('partial');
  });

  it('are close with one part off: a year either side, a typed digit, a day, or day and month swapped', () => {
    expect(date('1/3/2493', '1/3/2494')).toBe('close');
    expect(date('1950-03-01', '1960-03-01')).toBe('close');
    expect(date('1950-03-01', '1950-03-02')).toBe('close');
    expect(date('1950-03-04', '1950-04-03')).toBe('close');
    expect(date('2493', '1951-06-01')).toBe('close');
  });

  it('disagree otherwise, and are missing when either is unknown', () => {
    expect(date('1950-03-01', '1972-08-19')).toBe('disagree');
    expect(date('1950', '1972')).toBe('disagree');
    expect(date('1950-03-01', '1953-05-01')).toBe('disagree');
    expect(date('', '1950')).toBe('missing');
  });
});

describe('sex, area, codes', () => {
  it('compares sex, unknown being missing', () => {
    expect(compareSex('male', 'male')).toBe(0);
    expect(compareSex('male', 'female')).toBe(1);
    expect(compareSex('unknown', 'male')).toBe(MISSING);
    expect(compareSex(null, 'male')).toBe(MISSING);
  });

  it('compares areas at the finest level both agree on', () => {
    const area = (a: string, b: string) => level(AREA_LEVELS, compareAreas(a, b));
    expect(area('90010101', '90010101')).toBe('village');
    expect(area('90010101', '90010102')).toBe('subdistrict');
    expect(area('900101', '900102')).toBe('district');
    expect(area('9001', '900101')).toBe('district');
    expect(area('900101', '901101')).toBe('province');
    expect(area('900101', '800101')).toBe('disagree');
    expect(compareAreas('', '90')).toBe(MISSING);
  });

  it('compares typed codes: equal, one slip apart, different', () => {
    const code = (a: string, b: string) => level(CODE_LEVELS, compareCodes(a, b));
    expect(code('2119', '2119')).toBe('exact');
    expect(code('2119', '2191')).toBe('one_edit');
    expect(code('1804974', '1804794')).toBe('one_edit');
    expect(code('2119', '3165')).toBe('disagree');
    expect(compareExact('nsw', 'nsw')).toBe(0);
    expect(compareExact('nsw', 'vic')).toBe(1);
    expect(compareExact('', 'vic')).toBe(MISSING);
  });
});
