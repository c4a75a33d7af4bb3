import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adlGroupOf, ageOn, elderlyAllowanceBaht, entitlementGaps, nameKey, parsePartialDate, partialDateString, splitTitle, thaiSortKey } from './person.js';

describe('Thai names', () => {
  it('splits a title off a full name, longest title first', () => {
    expect(splitTitle('นางสมศรี ใจดี')).toEqual({ title: 'นาง', rest: 'สมศรี ใจดี' });
    expect(splitTitle('นางสาวสมศรี ใจดี')).toEqual({ title: 'นางสาว', rest: 'สมศรี ใจดี' });
    expect(splitTitle('ด.ญ. มาลี มีสุข')).toEqual({ title: 'ด.ญ.', rest: 'มาลี มีสุข' });
    expect(splitTitle('สมชาย ใจดี')).toEqual({ title: null, rest: 'สมชาย ใจดี' });
  });

  it('gives the same search key despite title, spacing and tone-mark slips', () => {
    const key = nameKey('สมศรี ใจดี');
    for (const slip of ['นางสมศรี ใจดี', 'สมศรี  ใจดี', 'สมศรีใจดี', 'นาง สมศรี ใจดี', 'สมศรี ใจดี่', 'ส้มศรี ใจดี']) expect(nameKey(slip), slip).toBe(key);
    expect(nameKey('Somsri Jaidee')).toBe('somsrijaidee');
  });

  it('sorts Thai names in dictionary order, leading vowels by their consonant', () => {
    const names = ['ไพศาล', 'กมล', 'เกษม', 'ขวัญ', 'แก้ว', 'โกศล'];
    const sorted = [...names].sort((a, b) => (thaiSortKey(a) < thaiSortKey(b) ? -1 : 1));
    // ก-words (กมล, เกษม, แก้ว, โกศล by their vowels) before ข, and ไพศาล under พ last.
    expect(sorted[0]).toBe('กมล');
    expect(sorted.indexOf('ขวัญ')).toBeGreaterThan(sorted.indexOf('โกศล'));
    expect(sorted.at(-1)).toBe('ไพศาล');
  });
});

describe('dates of birth in either era, in full or in part', () => {
  it.each([
    ['1/3/2493', '1950-03-01', 'day'],
    ['01/03/1950', '1950-03-01', 'day'],
    ['2493-03-01', '1950-03-01', 'day'],
    ['๑/๓/๒๔๙๓', '1950-03-01', 'day'],
    ['3/2493', '1950-03-01', 'month'],
    ['2493-03', '1950-03-01', 'month'],
    ['2493', '1950-01-01', 'year'],
    ['1950', '1950-01-01', 'year'],
  ])('%s → %s (%s)', (input, iso, precision) => {
    expect(parsePartialDate(input)).toEqual({ iso, precision });
  });

  it.each(['31/2/2493', '0/1/2493', '2493-13', 'yesterday', '1/1/1700', ''])('refuses %s', (input) => {
    expect(parsePartialDate(input)).toBeUndefined();
  });

  it('shows only what is known', () => {
    expect(partialDateString('1950-03-01', 'year')).toBe('1950');
    expect(partialDateString('1950-03-01', 'month')).toBe('1950-03');
    expect(partialDateString('1950-03-01', 'day')).toBe('1950-03-01');
  });

  it('property: any real day typed in BE reads back as the same CE day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
        return parsePartialDate(`${day}/${m}/${y + 543}`)?.iso === iso;
      }),
    );
  });

  it('counts age in whole years', () => {
    expect(ageOn('1966-11-24', '2026-11-23')).toBe(59);
    expect(ageOn('1966-11-23', '2026-11-23')).toBe(60);
  });
});

describe('ADL groups (Barthel, Thai 20-point)', () => {
  it.each([
    [20, 'social'],
    [12, 'social'],
    [11, 'homebound'],
    [5, 'homebound'],
    [4, 'bedridden'],
    [0, 'bedridden'],
  ])('%i → %s', (total, group) => expect(adlGroupOf(total)).toBe(group));
});

describe('entitlement gaps', () => {
  const base = {
    birthDate: '1980-01-01',
    status: 'alive' as const,
    disability: null,
    entitlements: [{ kind: 'health_scheme' as const, status: 'receiving' as const }],
  };

  it('flags a disability card without the disability allowance', () => {
    const gaps = entitlementGaps({ ...base, disability: { cardNumber: '123', cardExpiry: '2030-01-01' } }, '2026-11-23');
    expect(gaps).toEqual([{ code: 'disability_allowance', baht: 800 }]);
  });

  it('flags an elder of 60 or more without the elderly allowance, with the stepped amount', () => {
    expect(entitlementGaps({ ...base, birthDate: '1966-11-23' }, '2026-11-23')).toEqual([{ code: 'elderly_allowance', baht: 600 }]);
    expect(entitlementGaps({ ...base, birthDate: '1966-11-24' }, '2026-11-23')).toEqual([]);
    expect(elderlyAllowanceBaht(75)).toBe(700);
    expect(elderlyAllowanceBaht(85)).toBe(800);
    expect(elderlyAllowanceBaht(90)).toBe(1000);
  });

  it('is satisfied by receiving, or by a recorded "not eligible"', () => {
    const elder = { ...base, birthDate: '1940-01-01' };
    expect(entitlementGaps({ ...elder, entitlements: [...base.entitlements, { kind: 'elderly_allowance', status: 'receiving' }] }, '2026-11-23')).toEqual([]);
    expect(entitlementGaps({ ...elder, entitlements: [...base.entitlements, { kind: 'elderly_allowance', status: 'not_eligible' }] }, '2026-11-23')).toEqual(
      [],
    );
    expect(entitlementGaps({ ...elder, entitlements: [...base.entitlements, { kind: 'elderly_allowance', status: 'applied' }] }, '2026-11-23')[0]?.code).toBe(
      'elderly_allowance',
    );
  });

  it('flags an expiring disability card and unknown health coverage, and nothing for the deceased', () => {
    const p = { ...base, entitlements: [], disability: { cardNumber: '1', cardExpiry: '2026-12-31' } };
    expect(entitlementGaps(p, '2026-11-23').map((g) => g.code)).toEqual(['disability_allowance', 'disability_card_expired', 'health_scheme_unknown']);
    expect(entitlementGaps({ ...p, status: 'deceased' }, '2026-11-23')).toEqual([]);
  });
});
