import { describe, expect, it } from 'vitest';
import { exportHref, reportMonths } from './exportLinks';

describe('dashboard export links', () => {
  it('offers this month and the twelve before it, in Thai time, newest first', () => {
    // 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in Thailand.
    const months = reportMonths(new Date('2026-12-31T20:00:00Z'));
    expect(months).toHaveLength(13);
    expect(months.slice(0, 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(months.at(-1)).toBe('2026-01');
  });

  it('builds the download addresses of each export', () => {
    expect(exportHref.xlsx('9001')).toBe('/api/dashboard/export.xlsx?area=9001');
    expect(exportHref.xlsx('9001', 'en')).toBe('/api/dashboard/export.xlsx?area=9001&lang=en');
    expect(exportHref.csv('900101', 'ageBands')).toBe('/api/dashboard/export.csv?area=900101&table=ageBands');
    expect(exportHref.pdf('90', '2026-10')).toBe('/api/dashboard/report.pdf?area=90&month=2026-10');
    expect(exportHref.openData('TH')).toBe('/api/open-data/aggregates?area=TH&format=csv');
  });
});
