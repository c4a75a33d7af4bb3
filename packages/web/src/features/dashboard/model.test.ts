import type { AreaCounts, Dashboard } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { areaChain } from '../areas/scope';
import {
  boundsOf,
  chartData,
  chartOption,
  circleSize,
  formatIndicator,
  indicatorValue,
  latitudeOf,
  mapAreas,
  mercatorY,
  monthLabel,
  overlaps,
  personsArea,
  pointGroup,
  tilesFor,
} from './model';

const zero: AreaCounts = {
  persons: 0,
  disability: 0,
  elderly: 0,
  bedridden: 0,
  awaitingRehabilitation: 0,
  withGaps: 0,
  visitsThisMonth: 0,
  personsVisited: 0,
  visitDue: 0,
  visitDueVisited: 0,
  needsFound: 0,
  needsMet: 0,
  openReferrals: 0,
  overdueReferrals: 0,
  openTasks: 0,
  overdueTasks: 0,
};

const dashboard: Dashboard = {
  area: { code: '900101', level: 'subdistrict', nameTh: 'บ่อยาง', nameEn: 'Bo Yang' },
  asOf: '2026-11-20',
  month: '2026-11',
  refreshedAt: '2026-11-20T03:00:00.000Z',
  counts: { ...zero, persons: 6, visitDue: 2, visitDueVisited: 1, openReferrals: 3, overdueReferrals: 1, openTasks: 2 },
  persons: {
    disabilityTypes: [
      { type: 1, count: 1 },
      { type: 3, count: 2 },
    ],
    adlGroups: [
      { group: 'bedridden', count: 2 },
      { group: 'unknown', count: 4 },
    ],
    ageBands: [{ band: '80+', count: 1 }],
    sex: [
      { sex: 'male', count: 2 },
      { sex: 'female', count: 4 },
    ],
  },
  visits: {
    coverage: 0.5,
    byMonth: [
      { month: '2026-10', visits: 2, persons: 2 },
      { month: '2026-11', visits: 5, persons: 3 },
    ],
  },
  needs: {
    thisMonth: [{ category: 'device', found: 1, met: 1 }],
    last12Months: [
      { category: 'device', found: 2, met: 2 },
      { category: 'food', found: 1, met: 0 },
      { category: 'zz_retired', found: 1, met: 0 },
    ],
  },
  gaps: [{ code: 'elderly_allowance', count: 2 }],
  children: [
    {
      code: '90010101',
      level: 'village',
      nameTh: 'หมู่ที่ 1',
      nameEn: 'Village 1',
      counts: { ...zero, persons: 4, bedridden: 1, visitDue: 2, visitDueVisited: 1 },
    },
    { code: '90010102', level: 'village', nameTh: 'หมู่ที่ 2', nameEn: 'Village 2', counts: { ...zero, persons: 2 } },
  ],
};

const t = (k: string) => `«${k}»`;

describe('dashboard drill-down', () => {
  it('lists the areas from the province down to the shown one', () => {
    expect(areaChain('90010101')).toEqual(['90', '9001', '900101', '90010101']);
    expect(areaChain('9001')).toEqual(['90', '9001']);
    expect(areaChain('TH')).toEqual(['TH']);
  });

  it('refetches for changes inside or around the shown area only', () => {
    expect(overlaps('9001', '900101')).toBe(true); // a subdistrict of the shown district changed
    expect(overlaps('90010101', '900101')).toBe(true); // the village's subdistrict changed
    expect(overlaps('900101', '90')).toBe(true); // coarsened to the province
    expect(overlaps('900101', '900102')).toBe(false);
    expect(overlaps('9011', '9001')).toBe(false);
    expect(overlaps('TH', '9011')).toBe(true);
  });

  it('filters the person list by the area, a village by its subdistrict and number', () => {
    expect(personsArea('90010107')).toEqual({ area: '900101', village: 7 });
    expect(personsArea('9001')).toEqual({ area: '9001' });
    expect(personsArea('TH')).toBeNull();
  });
});

describe('dashboard charts', () => {
  it('labels rows from core label maps and keeps counts in order for the chart and its table', () => {
    expect(chartData(dashboard, 'disabilityTypes', 'th', t).rows).toEqual([
      { key: '1', label: 'ทางการเห็น', values: [1] },
      { key: '3', label: 'ทางการเคลื่อนไหวหรือทางร่างกาย', values: [2] },
    ]);
    expect(chartData(dashboard, 'adl', 'en', t).rows.map((r) => [r.label, r.values[0]])).toEqual([
      ['Bedridden', 2],
      ['«dashboard.notAssessed»', 4],
    ]);
    const needs = chartData(dashboard, 'needs', 'en', t);
    expect(needs.series).toEqual(['«dashboard.col.found»', '«dashboard.col.met»']);
    // An unknown category keeps its code rather than vanishing.
    expect(needs.rows.map((r) => r.key)).toEqual(['device', 'food', 'zz_retired']);
    expect(needs.rows[2]).toEqual({ key: 'zz_retired', label: 'zz_retired', values: [1, 0] });
    expect(chartData(dashboard, 'needs', 'en', t, 'thisMonth').rows).toHaveLength(1);
    expect(chartData(dashboard, 'followUp', 'en', t).rows).toEqual([
      { key: 'referrals', label: '«dashboard.referrals»', values: [3, 1] },
      { key: 'tasks', label: '«dashboard.tasks»', values: [2, 0] },
    ]);
  });

  it('shows months in the Buddhist era', () => {
    expect(monthLabel('2026-11', 'th')).toBe('พ.ย. 69');
    expect(monthLabel('2026-11', 'en')).toMatch(/Nov.*2569/);
    expect(chartData(dashboard, 'visitsByMonth', 'th', t).rows[1]).toEqual({ key: '2026-11', label: 'พ.ย. 69', values: [5, 3] });
  });

  it('builds ECharts options with one series per column and the rows as categories', () => {
    const o = chartOption(chartData(dashboard, 'visitsByMonth', 'th', t), 'line') as {
      xAxis: { data: string[] };
      series: Array<{ type: string; data: number[] }>;
    };
    expect(o.xAxis.data).toEqual(['ต.ค. 69', 'พ.ย. 69']);
    expect(o.series.map((s) => [s.type, s.data])).toEqual([
      ['line', [2, 5]],
      ['line', [2, 3]],
    ]);
    const pie = chartOption(chartData(dashboard, 'sex', 'th', t), 'pie') as { series: Array<{ data: unknown[] }> };
    expect(pie.series[0]!.data).toEqual([
      { name: 'ชาย', value: 2 },
      { name: 'หญิง', value: 4 },
    ]);
  });
});

describe('dashboard map', () => {
  it('works out indicators, with no value where there is no denominator', () => {
    expect(indicatorValue({ ...zero, visitDue: 4, visitDueVisited: 3 }, 'coverage')).toBe(0.75);
    expect(indicatorValue(zero, 'coverage')).toBeNull();
    // Due but nobody visited is 0 %, not "—" (issue 17: 1,010 due and unvisited showed as "—").
    expect(formatIndicator(indicatorValue({ ...zero, persons: 1010, visitDue: 1010 }, 'coverage'), 'coverage')).toBe('0%');
    expect(indicatorValue({ ...zero, persons: 8, bedridden: 2 }, 'bedriddenShare')).toBe(0.25);
    expect(indicatorValue({ ...zero, openReferrals: 3 }, 'openReferrals')).toBe(3);
    expect(formatIndicator(2 / 3, 'coverage')).toBe('66.7%');
    expect(formatIndicator(null, 'coverage')).toBe('—');
    expect(formatIndicator(4, 'overdueTasks')).toBe('4');
  });

  it('places each child area at its centroid, or nowhere when none of its persons is located', () => {
    const areas = mapAreas(dashboard, [{ code: '90010101', lng: 100.6, lat: 7.19, n: 3 }], 'coverage', 'th');
    expect(areas).toEqual([
      { code: '90010101', name: 'หมู่ที่ 1', lng: 100.6, lat: 7.19, located: 3, persons: 4, value: 0.5 },
      { code: '90010102', name: 'หมู่ที่ 2', lng: null, lat: null, located: 0, persons: 2, value: null },
    ]);
    // At a village (no children) the area itself is the one circle.
    const village = { ...dashboard, area: { ...dashboard.area, code: '90010101', level: 'village' as const }, children: [] };
    expect(mapAreas(village, [], 'openReferrals', 'en')).toEqual([
      { code: '90010101', name: 'Bo Yang', lng: null, lat: null, located: 0, persons: 6, value: 3 },
    ]);
  });

  it('sizes circles by the square root of persons and groups points by their most pressing flag', () => {
    expect(circleSize(100, 100)).toBe(48);
    expect(circleSize(25, 100)).toBe(29); // 10 + 38 × 0.5
    expect(circleSize(0, 100)).toBe(10);
    expect(pointGroup({ flags: ['elderly', 'bedridden'] })).toBe('bedridden');
    expect(pointGroup({ flags: ['elderly', 'awaiting_rehabilitation'] })).toBe('awaiting_rehabilitation');
    expect(pointGroup({ flags: [] })).toBe('other');
  });

  it('projects latitude to Mercator and back, and picks the XYZ tiles that cover the box', () => {
    expect(mercatorY(0)).toBeCloseTo(0, 12);
    expect(latitudeOf(mercatorY(7.1897))).toBeCloseTo(7.1897, 10);
    // Tile 0/0/0 spans the whole Mercator square: y from +180 to -180 "degrees".
    expect(mercatorY(85.0511287798)).toBeCloseTo(180, 6);
    const box = boundsOf([
      { lng: 100.5, lat: 7.0 },
      { lng: 100.7, lat: 7.2 },
    ])!;
    const tiles = tilesFor('https://t.example/{z}/{x}/{y}.png', box, 4);
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.length).toBeLessThanOrEqual(4);
    const z = Number(tiles[0]!.url.split('/')[3]);
    // At zoom z, the tile holding lng 100.5 is floor((100.5 + 180) / 360 × 2^z).
    const xs = tiles.map((tile) => Number(tile.url.split('/')[4]));
    expect(Math.min(...xs)).toBe(Math.floor(((box.x0 + 180) / 360) * 2 ** z));
    // The tiles together cover the box.
    expect(Math.min(...tiles.map((tile) => tile.x0))).toBeLessThanOrEqual(box.x0);
    expect(Math.max(...tiles.map((tile) => tile.x1))).toBeGreaterThanOrEqual(box.x1);
    expect(Math.max(...tiles.map((tile) => tile.y0))).toBeGreaterThanOrEqual(box.y1);
    expect(Math.min(...tiles.map((tile) => tile.y1))).toBeLessThanOrEqual(box.y0);
    // A tiny box in Songkhla fits one tile even at the deepest zoom offered (17): x = floor(280.6 / 360 × 2^17)
    // = floor(102163.5) and y = floor((180 − 7.2089…) / 360 × 2^17) = floor(62911.3) (Mercator y of 7.19° ≈ 7.2089).
    const one = tilesFor('{z}/{x}/{y}', { x0: 100.6, x1: 100.6001, y0: mercatorY(7.19), y1: mercatorY(7.1901) }, 1);
    expect(one.map((tile) => tile.url)).toEqual(['17/102163/62911']);
  });
});
