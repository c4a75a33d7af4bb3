import { describe, expect, it } from 'vitest';
import { CATEGORICAL, classesFor, colourOf, NO_DATA, SEQUENTIAL, unionBounds } from './choropleth';

/** Relative luminance (WCAG 2.1) of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('choropleth classes and colours', () => {
  it('splits shares into fixed fifths and colours each value by its class', () => {
    const c = classesFor([0.1, 0.95], true);
    expect(c.map((x) => [x.from, x.to])).toEqual([
      [0, 0.2],
      [0.2, 0.4],
      [0.4, 0.6],
      [0.6, 0.8],
      [0.8, 1],
    ]);
    expect(colourOf(0, c)).toBe(SEQUENTIAL[0]);
    expect(colourOf(0.5, c)).toBe(SEQUENTIAL[2]);
    expect(colourOf(1, c)).toBe(SEQUENTIAL[4]);
    expect(colourOf(null, c)).toBe(NO_DATA);
  });

  it('splits counts into round steps up to the largest, fewer classes for small counts', () => {
    expect(classesFor([3, 47, null], false).map((x) => [x.from, x.to])).toEqual([
      [0, 10],
      [10, 20],
      [20, 30],
      [30, 40],
      [40, 50],
    ]);
    const small = classesFor([0, 1, 2], false);
    expect(small.map((x) => [x.from, x.to])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(colourOf(2, small)).toBe(small[1]!.colour);
    expect(colourOf(0, small)).toBe(SEQUENTIAL[0]);
    expect(classesFor([0, null], false)).toEqual([{ colour: SEQUENTIAL[0], from: 0, to: 0 }]);
  });

  it('uses a palette that gets steadily darker, so order reads without hue', () => {
    const l = SEQUENTIAL.map(luminance);
    for (let i = 1; i < l.length; i++) expect(l[i]!).toBeLessThan(l[i - 1]!);
    // The darkest and lightest classes differ by more than 3:1 in contrast.
    expect((l[0]! + 0.05) / (l[4]! + 0.05)).toBeGreaterThan(3);
    expect(new Set(CATEGORICAL).size).toBe(CATEGORICAL.length);
  });

  it('joins boxes', () => {
    expect(unionBounds(null, [1, 2, 3, 4], [0, 3, 2, 5])).toEqual([0, 2, 3, 5]);
    expect(unionBounds(null, undefined)).toBeNull();
  });
});

describe('legend text', () => {
  it('names ranges as a reader counts them', async () => {
    const { legendText } = await import('./choropleth');
    expect(legendText({ colour: '', from: 0.2, to: 0.4 }, false, true)).toBe('20–40%');
    expect(legendText({ colour: '', from: 0, to: 10 }, false, false)).toBe('0–9');
    expect(legendText({ colour: '', from: 1, to: 2 }, false, false)).toBe('1');
    expect(legendText({ colour: '', from: 40, to: 50 }, true, false)).toBe('≥ 40');
    expect(legendText({ colour: '', from: 0, to: 0 }, true, false)).toBe('0');
  });
});
