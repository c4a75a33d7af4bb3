import { describe, expect, it } from 'vitest';
import { ImportMapping, readImportRow } from './imports.js';
import { compareBirthDates } from './linkage/comparators.js';
import { toPersonLinkRecord } from './linkage/person.js';

/** Placeholder birth dates: a day agencies write when they know only the year (issue 19, item 4). */
describe('placeholder birth dates', () => {
  const columns = { fullName: 'ชื่อ', birthDate: 'วันเกิด', areaCode: 'ตำบล' };
  const mapping = ImportMapping.parse({ columns });
  const read = (birth: string, m: ImportMapping = mapping) => {
    const r = readImportRow({ ชื่อ: 'นางสมศรี ใจดี', วันเกิด: birth, ตำบล: '900101' }, m, 2);
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    return r;
  };

  it.each([
    ['1/1/2490', '1947-01-01', '1 ม.ค.', '1 January'],
    ['1 ก.ค. 2490', '1947-07-01', '1 ก.ค.', '1 July'],
    ['2490-01-01', '1947-01-01', '1 ม.ค.', '1 January'],
  ])('reads %s as the year of birth only, keeping the day as written, with a warning', (birth, iso, th, en) => {
    const r = read(birth);
    expect(r.person.birth).toEqual({ iso, precision: 'year' });
    expect(r.warnings).toEqual([
      {
        path: 'birthDate',
        message_th: `วันเกิด ${th} ถือเป็นปีเกิดเท่านั้น (วันที่ที่ใช้แทนเมื่อไม่ทราบวันเกิด)`,
        message_en: `${en} taken as the year of birth only (a date written when the day is not known)`,
      },
    ]);
  });

  it('takes any other day as written, and a year or month alone as before, without a warning', () => {
    for (const [birth, expected] of [
      ['3/5/2490', { iso: '1947-05-03', precision: 'day' }],
      ['2/1/2490', { iso: '1947-01-02', precision: 'day' }],
      ['2490', { iso: '1947-01-01', precision: 'year' }],
      ['ม.ค. 2490', { iso: '1947-01-01', precision: 'month' }],
    ] as const) {
      const r = read(birth);
      expect(r.person.birth, birth).toEqual(expected);
      expect(r.warnings, birth).toEqual([]);
    }
  });

  it('is set per source: other days, or none at all', () => {
    const own = ImportMapping.parse({ columns, placeholderDates: ['06-15'] });
    expect(read('15/6/2490', own).person.birth).toEqual({ iso: '1947-06-15', precision: 'year' });
    expect(read('1/1/2490', own).person.birth).toEqual({ iso: '1947-01-01', precision: 'day' });
    const none = ImportMapping.parse({ columns, placeholderDates: [] });
    expect(read('1/1/2490', none).person.birth).toEqual({ iso: '1947-01-01', precision: 'day' });
    expect(read('1/1/2490', none).warnings).toEqual([]);
  });

  it('refuses a placeholder that is not a month and day', () => {
    for (const bad of ['1-1', '13-01', '01-32', '2490-01-01', 'มกราคม'])
      expect(ImportMapping.safeParse({ columns, placeholderDates: [bad] }).success, bad).toBe(false);
  });

  it('is compared for linkage on its year alone', () => {
    const r = read('1/1/2490');
    const row = toPersonLinkRecord({ fullName: 'นางสมศรี ใจดี', birthDate: r.person.birth, areaCode: '900101' });
    expect(row.birth).toBe('1947');
    expect(compareBirthDates(row.birth, '1947-05-03')).toBe(1); // partial: agrees on all that both know
    expect(compareBirthDates('1947-01-01', '1947-05-03')).toBe(3); // read as a day, it would disagree
  });
});
