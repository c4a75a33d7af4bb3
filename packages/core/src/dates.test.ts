import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, toCeYear } from './dates.js';

describe('Buddhist-era display of ISO dates', () => {
  it('shows a calendar day in BE in Thai and English', () => {
    expect(formatDate('2026-11-23', 'th')).toBe('23 พ.ย. 2569');
    expect(formatDate('2026-11-23', 'en')).toBe('23 Nov 2569 BE');
  });

  it('does not move a calendar day across time zones', () => {
    expect(formatDate('2026-01-01', 'th')).toBe('1 ม.ค. 2569');
    expect(formatDate('2026-12-31', 'th')).toBe('31 ธ.ค. 2569');
  });

  it('shows an instant in Bangkok time', () => {
    expect(formatDateTime('2026-11-23T17:30:00Z', 'th')).toBe('24 พ.ย. 2569 00:30');
  });

  it('reads years above 2400 as BE', () => {
    expect(toCeYear(2569)).toBe(2026);
    expect(toCeYear(2026)).toBe(2026);
  });
});
