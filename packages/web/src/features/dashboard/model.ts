import {
  ADL_GROUP_LABELS,
  AGE_BAND_LABELS,
  type AreaCounts,
  type Dashboard,
  DISABILITY_TYPE_LABELS,
  type DisabilityType,
  GAP_LABELS,
  type Locale,
  type MapCentroid,
  type MapFlag,
  type MapPoint,
  NEED_CATEGORIES,
  visitCoverage,
} from '@carehub/core';

/**
 * The dashboard's pure parts: the drill-down path, which live events concern the shown area, the
 * rows every chart and its table are drawn from, the map's indicators and its tile arithmetic.
 */

// ---------------------------------------------------------------------------------------------
// Areas

/** A change in `changed` may move the figures of `shown`: one contains the other (TH contains all). */
export function overlaps(shown: string, changed: string): boolean {
  if (shown === 'TH' || changed === 'TH') return true;
  return shown.startsWith(changed) || changed.startsWith(shown);
}

/** The persons list's search for a dashboard area: its picked area (down to a subdistrict) and a village number. */
export function personsArea(code: string): { area: string; village?: number } | null {
  if (code === 'TH') return null;
  return code.length === 8 ? { area: code.slice(0, 6), village: Number(code.slice(6)) } : { area: code };
}

// ---------------------------------------------------------------------------------------------
// Chart rows: each chart and its table come from the same rows.

export interface Row {
  key: string;
  label: string;
  values: number[];
}

export interface ChartData {
  /** The column headers of `values` (one per series). */
  series: string[];
  rows: Row[];
}

const THAI_SEX: Record<string, { th: string; en: string }> = {
  male: { th: 'ชาย', en: 'Male' },
  female: { th: 'หญิง', en: 'Female' },
  unknown: { th: 'ไม่ระบุ', en: 'Not recorded' },
};

const label = (l: { th: string; en: string }, lang: Locale) => (lang === 'en' ? l.en : l.th);

/** "พ.ย. 69" / "Nov 2569" for `YYYY-MM`, in the Buddhist era. */
export function monthLabel(month: string, lang: Locale): string {
  const d = new Date(`${month}-15T12:00:00+07:00`);
  return new Intl.DateTimeFormat(lang === 'th' ? 'th-TH-u-ca-buddhist-nu-latn' : 'en-GB-u-ca-buddhist', {
    month: 'short',
    year: lang === 'th' ? '2-digit' : 'numeric',
    timeZone: 'Asia/Bangkok',
  }).format(d);
}

export type ChartKey = 'disabilityTypes' | 'adl' | 'ageBands' | 'sex' | 'visitsByMonth' | 'needs' | 'gaps' | 'followUp' | 'coverage';

/** Series names, in the user's language (`t` gives the dashboard's own words). */
export function chartData(
  d: Dashboard,
  key: ChartKey,
  lang: Locale,
  t: (k: string) => string,
  needsPeriod: 'thisMonth' | 'last12Months' = 'last12Months',
): ChartData {
  const persons = [t('dashboard.col.persons')];
  switch (key) {
    case 'disabilityTypes':
      return {
        series: persons,
        rows: d.persons.disabilityTypes.map((r) => ({
          key: String(r.type),
          label: DISABILITY_TYPE_LABELS[r.type as DisabilityType] ? label(DISABILITY_TYPE_LABELS[r.type as DisabilityType], lang) : String(r.type),
          values: [r.count],
        })),
      };
    case 'adl':
      return {
        series: persons,
        rows: d.persons.adlGroups.map((r) => ({
          key: r.group,
          label: r.group === 'unknown' ? t('dashboard.notAssessed') : label(ADL_GROUP_LABELS[r.group], lang),
          values: [r.count],
        })),
      };
    case 'ageBands':
      return { series: persons, rows: d.persons.ageBands.map((r) => ({ key: r.band, label: label(AGE_BAND_LABELS[r.band], lang), values: [r.count] })) };
    case 'sex':
      return {
        series: persons,
        rows: d.persons.sex.map((r) => ({ key: r.sex, label: label(THAI_SEX[r.sex] ?? { th: r.sex, en: r.sex }, lang), values: [r.count] })),
      };
    case 'visitsByMonth':
      return {
        series: [t('dashboard.col.visits'), t('dashboard.col.personsVisited')],
        rows: d.visits.byMonth.map((m) => ({ key: m.month, label: monthLabel(m.month, lang), values: [m.visits, m.persons] })),
      };
    case 'needs': {
      const names = new Map(NEED_CATEGORIES.map((c) => [c.code as string, c.label]));
      return {
        series: [t('dashboard.col.found'), t('dashboard.col.met')],
        rows: d.needs[needsPeriod].map((n) => ({
          key: n.category,
          label: names.get(n.category) ? label(names.get(n.category)!, lang) : n.category,
          values: [n.found, n.met],
        })),
      };
    }
    case 'gaps':
      return { series: persons, rows: d.gaps.map((g) => ({ key: g.code, label: label(GAP_LABELS[g.code], lang), values: [g.count] })) };
    case 'followUp':
      return {
        series: [t('dashboard.col.open'), t('dashboard.col.overdue')],
        rows: [
          { key: 'referrals', label: t('dashboard.referrals'), values: [d.counts.openReferrals, d.counts.overdueReferrals] },
          { key: 'tasks', label: t('dashboard.tasks'), values: [d.counts.openTasks, d.counts.overdueTasks] },
        ],
      };
    case 'coverage':
      return {
        series: persons,
        rows: [
          { key: 'due', label: t('dashboard.visitDue'), values: [d.counts.visitDue] },
          { key: 'dueVisited', label: t('dashboard.visitDueVisited'), values: [d.counts.visitDueVisited] },
          { key: 'visited', label: t('dashboard.personsVisited'), values: [d.counts.personsVisited] },
        ],
      };
  }
}

/** An ECharts option for chart rows: bars (horizontal when labels are long), a line for months, a pie for sex. */
export function chartOption(data: ChartData, kind: 'bar' | 'hbar' | 'line' | 'pie'): Record<string, unknown> {
  const base = { textStyle: { fontFamily: 'Sarabun, Tahoma, sans-serif' }, tooltip: { trigger: kind === 'pie' ? 'item' : 'axis' }, aria: { enabled: true } };
  const legend = data.series.length > 1 ? { legend: { top: 0 } } : {};
  if (kind === 'pie')
    return {
      ...base,
      legend: { bottom: 0, type: 'scroll' },
      series: [
        { type: 'pie', radius: ['35%', '65%'], data: data.rows.map((r) => ({ name: r.label, value: r.values[0] ?? 0 })), label: { formatter: '{b}: {c}' } },
      ],
    };
  const categories = data.rows.map((r) => r.label);
  const series = data.series.map((name, i) => ({
    type: kind === 'line' ? 'line' : 'bar',
    name,
    data: data.rows.map((r) => r.values[i] ?? 0),
    label: { show: kind !== 'line', position: kind === 'hbar' ? 'right' : 'top' },
  }));
  const cat = {
    type: 'category',
    data: categories,
    axisLabel: kind === 'hbar' ? { width: 150, overflow: 'break' } : { interval: 0, rotate: kind === 'line' ? 0 : 20 },
  };
  const val = { type: 'value', minInterval: 1 };
  return {
    ...base,
    ...legend,
    grid: { left: kind === 'hbar' ? 160 : 40, right: 40, top: data.series.length > 1 ? 36 : 16, bottom: 40 },
    xAxis: kind === 'hbar' ? val : cat,
    yAxis: kind === 'hbar' ? { ...cat, inverse: true } : val,
    series,
  };
}

// ---------------------------------------------------------------------------------------------
// Map indicators

export const INDICATORS = ['coverage', 'bedriddenShare', 'gapShare', 'openReferrals', 'overdueTasks', 'visitsThisMonth'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Percent indicators are shares (0–1); the others are counts. */
export const PERCENT_INDICATORS: readonly Indicator[] = ['coverage', 'bedriddenShare', 'gapShare'];

/** An area's value of an indicator, or null when it has no denominator. */
export function indicatorValue(c: AreaCounts, indicator: Indicator): number | null {
  switch (indicator) {
    case 'coverage':
      return visitCoverage(c.visitDue, c.visitDueVisited);
    case 'bedriddenShare':
      return c.persons ? c.bedridden / c.persons : null;
    case 'gapShare':
      return c.persons ? c.withGaps / c.persons : null;
    case 'openReferrals':
      return c.openReferrals;
    case 'overdueTasks':
      return c.overdueTasks;
    case 'visitsThisMonth':
      return c.visitsThisMonth;
  }
}

export function formatIndicator(v: number | null, indicator: Indicator): string {
  if (v === null) return '—';
  return PERCENT_INDICATORS.includes(indicator) ? `${Math.round(v * 1000) / 10}%` : String(v);
}

export interface MapArea {
  code: string;
  name: string;
  lng: number | null;
  lat: number | null;
  /** Located points in the area. */
  located: number;
  persons: number;
  value: number | null;
}

/** Each child area (or the shown area itself, at a village) with its centroid, persons and indicator value. */
export function mapAreas(d: Dashboard, centroids: readonly MapCentroid[], indicator: Indicator, lang: Locale): MapArea[] {
  const areas = d.children.length ? d.children : [{ ...d.area, counts: d.counts }];
  const at = new Map(centroids.map((c) => [c.code, c]));
  return areas.map((a) => {
    const c = at.get(a.code);
    return {
      code: a.code,
      name: lang === 'en' ? a.nameEn : a.nameTh,
      lng: c?.lng ?? null,
      lat: c?.lat ?? null,
      located: c?.n ?? 0,
      persons: a.counts.persons,
      value: indicatorValue(a.counts, indicator),
    };
  });
}

/** A circle's size for an area's persons: area proportional to persons, 10–48 px across. */
export function circleSize(persons: number, max: number): number {
  if (max <= 0 || persons <= 0) return 10;
  return Math.round(10 + 38 * Math.sqrt(persons / max));
}

/** The point's group on the map, the most dependent first: bedridden, disability, awaiting rehabilitation, elderly, other. */
export const POINT_GROUPS = ['bedridden', 'disability', 'awaiting_rehabilitation', 'elderly', 'other'] as const;
export type PointGroup = (typeof POINT_GROUPS)[number];
export function pointGroup(p: Pick<MapPoint, 'flags'>): PointGroup {
  for (const g of POINT_GROUPS) if (g !== 'other' && p.flags.includes(g as MapFlag)) return g;
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Web-Mercator arithmetic, so XYZ tiles (when configured) line up with the points: the map's y axis
// is the Mercator y in degrees (equal to latitude near the equator, exact for tiles).

export function mercatorY(lat: number): number {
  return (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;
}

export function latitudeOf(y: number): number {
  return ((2 * Math.atan(Math.exp((y * Math.PI) / 180)) - Math.PI / 2) * 180) / Math.PI;
}

export interface Tile {
  url: string;
  /** West and east longitude, north and south Mercator y (degrees). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The tiles of `template` (`…/{z}/{x}/{y}.png`) that cover a box of longitudes and Mercator y, at the
 * deepest zoom that needs at most `maxTiles` of them.
 */
export function tilesFor(template: string, box: { x0: number; x1: number; y0: number; y1: number }, maxTiles = 36): Tile[] {
  const n = (z: number) => 2 ** z;
  const tx = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * n(z));
  const ty = (y: number, z: number) => Math.floor(((180 - y) / 360) * n(z));
  const count = (z: number) => (tx(box.x1, z) - tx(box.x0, z) + 1) * (ty(Math.min(box.y0, box.y1), z) - ty(Math.max(box.y0, box.y1), z) + 1);
  let z = 1;
  while (z < 17 && count(z + 1) <= maxTiles) z++;
  const tiles: Tile[] = [];
  const north = Math.max(box.y0, box.y1);
  const south = Math.min(box.y0, box.y1);
  for (let x = tx(box.x0, z); x <= tx(box.x1, z); x++)
    for (let y = ty(north, z); y <= ty(south, z); y++)
      tiles.push({
        url: template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)),
        x0: (x / n(z)) * 360 - 180,
        x1: ((x + 1) / n(z)) * 360 - 180,
        y0: 180 - (360 * y) / n(z),
        y1: 180 - (360 * (y + 1)) / n(z),
      });
  return tiles;
}

/** The box around some positions with a margin (at least ~0.01°), for the map's axes. */
export function boundsOf(positions: ReadonlyArray<{ lng: number; lat: number }>): { x0: number; x1: number; y0: number; y1: number } | null {
  if (!positions.length) return null;
  const xs = positions.map((p) => p.lng);
  const ys = positions.map((p) => mercatorY(p.lat));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const mx = Math.max((x1 - x0) * 0.08, 0.01);
  const my = Math.max((y1 - y0) * 0.08, 0.01);
  return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
}
