/**
 * Aggregate reports, the pure part: age bands, the area dashboard's API shape (issue 8) and
 * small-cell suppression for figures published outside the viewer's own areas. No I/O.
 */
import { z } from 'zod';
import { ADL_GROUPS, GAP_CODES, SEXES } from './person.js';

// ---------------------------------------------------------------------------------------------
// Age bands

/** Age bands of the dashboards: children, working age, and the three elderly bands of Thai allowances. */
export const AGE_BANDS = ['0-14', '15-59', '60-69', '70-79', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand | 'unknown', { th: string; en: string }> = {
  '0-14': { th: '0–14 ปี', en: '0–14' },
  '15-59': { th: '15–59 ปี', en: '15–59' },
  '60-69': { th: '60–69 ปี', en: '60–69' },
  '70-79': { th: '70–79 ปี', en: '70–79' },
  '80+': { th: '80 ปีขึ้นไป', en: '80+' },
  unknown: { th: 'ไม่ทราบอายุ', en: 'Age unknown' },
};

/** The band of an age in whole years (see `ageOn`). */
export function ageBandOf(age: number): AgeBand {
  return age < 15 ? '0-14' : age < 60 ? '15-59' : age < 70 ? '60-69' : age < 80 ? '70-79' : '80+';
}

// ---------------------------------------------------------------------------------------------
// Area dashboard

/** The headline counts of one area; the dashboard gives them for the area and for each child area. */
export const AreaCounts = z.object({
  /** Living persons in the registry. */
  persons: z.number().int(),
  disability: z.number().int(),
  /** 60 or over today. */
  elderly: z.number().int(),
  bedridden: z.number().int(),
  awaitingRehabilitation: z.number().int(),
  /** Persons with at least one entitlement gap. */
  withGaps: z.number().int(),
  /** Visits this calendar month (Thai time), returned visits excluded. */
  visitsThisMonth: z.number().int(),
  /** Persons visited at least once this month. */
  personsVisited: z.number().int(),
  /**
   * Persons due a visit this month: every living person unless their last visit (not returned) before the
   * month set the next one after it; caseloads play no part (server modules/dashboard/coverage.ts).
   */
  visitDue: z.number().int(),
  /** Of those due, the persons visited this month. */
  visitDueVisited: z.number().int(),
  /** Needs found this month (distinct person and need) and how many of them help has answered since. */
  needsFound: z.number().int(),
  needsMet: z.number().int(),
  openReferrals: z.number().int(),
  /** Still unanswered after the response deadline of their urgency. */
  overdueReferrals: z.number().int(),
  openTasks: z.number().int(),
  /** Open tasks past their due day. */
  overdueTasks: z.number().int(),
});
export type AreaCounts = z.infer<typeof AreaCounts>;

/**
 * Visit coverage from the two counts (server modules/dashboard/coverage.ts defines them): the persons
 * due a visit and visited in the month over the persons due; null only when nobody is due.
 */
export const visitCoverage = (due: number, dueVisited: number): number | null => (due > 0 ? dueVisited / due : null);

export const DashboardArea = z.object({
  code: z.string(),
  level: z.enum(['country', 'province', 'district', 'subdistrict', 'village']),
  nameTh: z.string(),
  nameEn: z.string(),
});
export type DashboardArea = z.infer<typeof DashboardArea>;

const Count = z.number().int();
const NeedRow = z.object({ category: z.string(), found: Count, met: Count });

export const Dashboard = z.object({
  area: DashboardArea,
  /** The Thai calendar day the person counts (ages, visits due) are worked out for. */
  asOf: z.string(),
  /** The current month, `YYYY-MM`. */
  month: z.string(),
  /** When the rollups were last refreshed. */
  refreshedAt: z.string().nullable(),
  counts: AreaCounts,
  persons: z.object({
    disabilityTypes: z.array(z.object({ type: z.number().int(), count: Count })),
    adlGroups: z.array(z.object({ group: z.enum([...ADL_GROUPS, 'unknown']), count: Count })),
    ageBands: z.array(z.object({ band: z.enum([...AGE_BANDS, 'unknown']), count: Count })),
    sex: z.array(z.object({ sex: z.enum(SEXES), count: Count })),
  }),
  visits: z.object({
    /** visitDueVisited / visitDue, or null when nobody is due. */
    coverage: z.number().nullable(),
    /** The last twelve months, oldest first. */
    byMonth: z.array(z.object({ month: z.string(), visits: Count, persons: Count })),
  }),
  needs: z.object({ thisMonth: z.array(NeedRow), last12Months: z.array(NeedRow) }),
  gaps: z.array(z.object({ code: z.enum(GAP_CODES), count: Count })),
  /** The next level down (district, subdistrict, village), each with its counts; none for a village. */
  children: z.array(DashboardArea.extend({ counts: AreaCounts })),
});
export type Dashboard = z.infer<typeof Dashboard>;

// ---------------------------------------------------------------------------------------------
// Small-cell suppression

/** Cells below this are suppressed in open data and in figures shown outside the viewer's areas (DESIGN.md §5). */
export const SMALL_CELL_MIN = 5;

export type Suppressed<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };

/**
 * Replaces every count from 1 to `min - 1` with null (a zero stays: an empty cell names nobody).
 * Only number fields are counts; labels and codes pass through. With `complementary`, a row that lost
 * exactly one cell loses its next smallest non-zero cell too, so the row's total (published
 * elsewhere) cannot give the suppressed cell back by subtraction.
 */
export function suppressSmallCells<T extends Record<string, unknown>>(
  rows: readonly T[],
  min: number = SMALL_CELL_MIN,
  opts: { counts?: ReadonlyArray<keyof T>; complementary?: boolean } = {},
): Array<Suppressed<T>> {
  return rows.map((row) => {
    const keys = (opts.counts ?? Object.keys(row)).filter((k) => typeof row[k] === 'number') as Array<keyof T>;
    const out: Record<keyof T, unknown> = { ...row };
    const small = keys.filter((k) => (row[k] as number) > 0 && (row[k] as number) < min);
    for (const k of small) out[k] = null;
    if (opts.complementary && small.length === 1) {
      const next = keys.filter((k) => out[k] !== null && (row[k] as number) > 0).sort((a, b) => (row[a] as number) - (row[b] as number))[0];
      if (next !== undefined) out[next] = null;
    }
    return out as Suppressed<T>;
  });
}
