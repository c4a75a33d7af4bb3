import type { IndicatorSeries } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { formatValue, headline, monthLabels, standing } from './format';

const series = (value: number | null, target: number | null, direction: 'higher' | 'lower' = 'higher', provisional = false): IndicatorSeries => ({
  code: 'x',
  name: { th: 'x', en: 'x' },
  description: { th: 'x', en: 'x' },
  unit: 'percent',
  direction,
  target,
  maturityDays: 0,
  months: [
    { month: '2026-10', numerator: 1, denominator: 2, value: 50, provisional: false },
    { month: '2026-11', numerator: 0, denominator: 0, value, provisional },
  ],
  children: [],
});

describe('indicator formatting', () => {
  it('writes percentages and signed points with one decimal', () => {
    expect(formatValue(66.6667, 'percent', 'en')).toBe('66.7%');
    expect(formatValue(100, 'percent', 'th')).toBe('100.0%');
    expect(formatValue(-4, 'points', 'en')).toBe('-4.0');
    expect(formatValue(2.25, 'points', 'en')).toBe('+2.3');
    expect(formatValue(0, 'points', 'en')).toBe('0.0');
    expect(formatValue(null, 'percent', 'th')).toBe('—');
  });

  it('headlines the last final month, and judges it against the target in the indicator direction', () => {
    expect(headline(series(70, 90))?.month).toBe('2026-11');
    // A month still running is not judged: October's 50 is, against 90.
    expect(headline(series(95, 90, 'higher', true))?.month).toBe('2026-10');
    expect(standing(series(95, 90, 'higher', true))).toBe('misses');
    expect(standing(series(90, 90))).toBe('meets');
    expect(standing(series(89.9, 90))).toBe('misses');
    expect(standing(series(5, 10, 'lower'))).toBe('meets');
    expect(standing(series(null, 90))).toBe('none');
    expect(standing(series(95, null))).toBe('none');
  });

  it('labels months in the Buddhist era', () => {
    expect(monthLabels(series(1, 1), 'th')).toEqual(['ต.ค. 2569', 'พ.ย. 2569']);
  });
});
