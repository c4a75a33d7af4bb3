import { describe, expect, it } from 'vitest';
import { ageOn } from './person.js';
import { AGE_BANDS, ageBandOf, suppressSmallCells } from './reports.js';

describe('age bands', () => {
  it('put each age in its band, boundaries included', () => {
    expect([0, 14, 15, 59, 60, 69, 70, 79, 80, 104].map(ageBandOf)).toEqual([
      '0-14',
      '0-14',
      '15-59',
      '15-59',
      '60-69',
      '60-69',
      '70-79',
      '70-79',
      '80+',
      '80+',
    ]);
    expect(new Set([0, 20, 65, 75, 90].map(ageBandOf))).toEqual(new Set(AGE_BANDS));
  });

  it('move a person up on their birthday, not the day before', () => {
    expect(ageBandOf(ageOn('1966-11-24', '2026-11-23'))).toBe('15-59');
    expect(ageBandOf(ageOn('1966-11-23', '2026-11-23'))).toBe('60-69');
  });
});

describe('suppressSmallCells', () => {
  const rows = [
    { area: '900101', name: 'บ่อยาง', disability: 12, bedridden: 3, rehab: 0 },
    { area: '900102', name: 'เขารูปช้าง', disability: 4, bedridden: 1, rehab: 7 },
    { area: '900103', name: 'เกาะแต้ว', disability: 5, bedridden: 9, rehab: 40 },
  ];

  it('blanks counts from 1 to 4 and keeps zeros, counts of 5 and more, and labels', () => {
    expect(suppressSmallCells(rows)).toEqual([
      { area: '900101', name: 'บ่อยาง', disability: 12, bedridden: null, rehab: 0 },
      { area: '900102', name: 'เขารูปช้าง', disability: null, bedridden: null, rehab: 7 },
      { area: '900103', name: 'เกาะแต้ว', disability: 5, bedridden: 9, rehab: 40 },
    ]);
  });

  it('takes another threshold and leaves the input untouched', () => {
    expect(suppressSmallCells(rows, 10).map((r) => [r.disability, r.bedridden, r.rehab])).toEqual([
      [12, null, 0],
      [null, null, null],
      [null, null, 40],
    ]);
    expect(rows[0]!.bedridden).toBe(3);
  });

  it('suppresses only the named count fields', () => {
    const [r] = suppressSmallCells([{ year: 2, month: 3, persons: 2 }], 5, { counts: ['persons'] });
    expect(r).toEqual({ year: 2, month: 3, persons: null });
  });

  it('with complementary suppression, hides a second cell where one alone would be given back by the total', () => {
    expect(suppressSmallCells(rows, 5, { complementary: true })).toEqual([
      { area: '900101', name: 'บ่อยาง', disability: null, bedridden: null, rehab: 0 },
      { area: '900102', name: 'เขารูปช้าง', disability: null, bedridden: null, rehab: 7 },
      { area: '900103', name: 'เกาะแต้ว', disability: 5, bedridden: 9, rehab: 40 },
    ]);
  });

  it('returns an empty list for no rows', () => {
    expect(suppressSmallCells([])).toEqual([]);
  });
});
