/**
 * The map's colours and legend, kept apart from MapLibre so they can be tested: classes of an
 * indicator's values, a sequential palette that colour-blind readers can tell apart (ColorBrewer
 * YlGnBu, light to dark, so order reads in grey too), and categorical colours for points (Okabe–Ito).
 */

/** Light → dark; each step differs in lightness as well as hue. */
export const SEQUENTIAL = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** Areas without a value (no denominator, or no figure): a neutral grey, never a palette colour. */
export const NO_DATA = '#d9d9d9';
/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const CATEGORICAL = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

export interface LegendClass {
  colour: string;
  /** Inclusive lower bound; the last class also includes its upper bound. */
  from: number;
  to: number;
}

/** A round step above `max / classes` (1, 2, 2.5 or 5 × 10^n), so legends read 0–20, 20–40 … */
function niceStep(max: number, classes: number): number {
  const raw = max / classes;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * Five classes for values: shares (0–1) in fixed fifths, so two areas or two days compare; counts in
 * equal round steps from 0 to their maximum (whole numbers), fewer classes when the maximum is small.
 */
export function classesFor(values: readonly (number | null)[], percent: boolean): LegendClass[] {
  if (percent) return SEQUENTIAL.map((colour, i) => ({ colour, from: i / 5, to: (i + 1) / 5 }));
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  if (max <= 0) return [{ colour: SEQUENTIAL[0], from: 0, to: 0 }];
  const n = Math.min(SEQUENTIAL.length, Math.ceil(max));
  const step = Math.max(1, Math.ceil(niceStep(max, n)));
  const out: LegendClass[] = [];
  for (let i = 0; i < n && i * step <= max; i++)
    out.push({ colour: SEQUENTIAL[Math.round((i * (SEQUENTIAL.length - 1)) / Math.max(1, n - 1))]!, from: i * step, to: (i + 1) * step });
  return out;
}

/** The colour of a value in its classes (NO_DATA for null). */
export function colourOf(value: number | null, classes: readonly LegendClass[]): string {
  if (value === null || !classes.length) return NO_DATA;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    const last = i === classes.length - 1;
    if (value >= c.from && (value < c.to || last)) return c.colour;
  }
  return value < classes[0]!.from ? classes[0]!.colour : classes[classes.length - 1]!.colour;
}

/** The box around positions, or null. */
export function boundsOfPositions(positions: ReadonlyArray<{ lng: number; lat: number }>): [number, number, number, number] | null {
  if (!positions.length) return null;
  const lngs = positions.map((p) => p.lng);
  const lats = positions.map((p) => p.lat);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

/** The union of boxes (nulls skipped). */
export function unionBounds(...boxes: Array<[number, number, number, number] | null | undefined>): [number, number, number, number] | null {
  const b = boxes.filter((x): x is [number, number, number, number] => !!x);
  if (!b.length) return null;
  return [Math.min(...b.map((x) => x[0])), Math.min(...b.map((x) => x[1])), Math.max(...b.map((x) => x[2])), Math.max(...b.map((x) => x[3]))];
}

/** A class's range in words: shares as 0–20%, counts as whole numbers (the last class open above: ≥ 40). */
export function legendText(c: LegendClass, last: boolean, percent: boolean): string {
  if (percent) return `${Math.round(c.from * 100)}–${Math.round(c.to * 100)}%`;
  if (c.from === c.to) return String(c.from);
  if (last) return `≥ ${c.from}`;
  return c.to - 1 === c.from ? String(c.from) : `${c.from}–${c.to - 1}`;
}
