import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDate, formatDateTime, formatMonth } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { beDateLabel, beDateTimeLabel, beDecadeLabel, beMonthLabel, beYearLabel } from './thaiDates';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

// `type="date"`, `type: 'datetime-local'`, `type={'month'}`…: the browser's own pickers, which show
// the Christian era in the phone's own format.
const NATIVE = /\btype\s*[=:]\s*\{?\s*["'`](date|datetime-local|month|week)["'`]/g;

describe('date fields', () => {
  it('leaves no browser-native date, date-time, month or week input in the web app', () => {
    const found = sources(SRC).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(NATIVE)].map((m) => `${relative(SRC, file)}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`);
    });
    expect(found).toEqual([]);
  });

  it('finds a native input when there is one (the scan itself works)', () => {
    expect('<TextInput type="date" />'.match(NATIVE)).toHaveLength(1);
    expect('<TextInput type="datetime-local" />'.match(NATIVE)).toHaveLength(1);
    expect("<input type='month' />".match(NATIVE)).toHaveLength(1);
    expect("{ type: 'date' }".match(NATIVE)).toHaveLength(1);
  });

  it('names the calendar years in the Buddhist era: 2026 is 2569', () => {
    expect(beYearLabel('2026-12-07')).toBe('2569');
    expect(beYearLabel('1939-10-08')).toBe('2482');
    expect(beDecadeLabel('2020-01-01', '2029-12-31')).toBe('2563 – 2572');
    expect(beMonthLabel('2026-12-01', 'th')).toBe('ธันวาคม 2569');
    expect(beMonthLabel('2026-12-01', 'en')).toBe('December 2569 BE');
  });

  it('shows a chosen day, time and month as they are shown everywhere else', () => {
    for (const lang of ['th', 'en'] as const) {
      expect(beDateLabel('2026-12-07', lang)).toBe(formatDate('2026-12-07', lang));
      expect(beDateLabel('2026-12-07', lang)).toContain('2569');
      // The picker gives wall-clock time, with a space or a T; the app shows Bangkok time.
      expect(beDateTimeLabel('2026-12-07 10:56:00', lang)).toBe(formatDateTime('2026-12-07T10:56:00+07:00', lang));
      expect(beDateTimeLabel('2026-12-07T10:56', lang)).toBe(formatDateTime('2026-12-07T10:56:00+07:00', lang));
      expect(beMonthLabel('2026-12-01', lang)).toBe(formatMonth('2026-12', lang));
    }
    expect(beDateLabel('2026-12-07', 'th')).toBe('7 ธ.ค. 2569');
    expect(beDateTimeLabel('2026-12-07 10:56:00', 'th')).toBe('7 ธ.ค. 2569 10:56');
  });
});
