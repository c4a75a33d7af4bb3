import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responses, validAnswer } from './arbitraries.testing.js';
import { type Answer, type Answers, type InstrumentDefinition, type Item, isShown, itemScoreRange, STANDARD_INSTRUMENTS, scoreResponse } from './index.js';

/** What must hold of any scored response. */
function checkResponse(d: InstrumentDefinition, a: Answers): void {
  const r = scoreResponse(d, a);
  for (const s of d.scores) {
    const value = r.scores[s.id]!;
    expect(value).toBeGreaterThanOrEqual(s.min);
    expect(value).toBeLessThanOrEqual(s.max);
    const bands = r.bands.filter((b) => b.score === s.id);
    expect(bands.length).toBeLessThanOrEqual(1);
    if (!r.incomplete.includes(s.id) && d.bands.some((b) => b.score === s.id)) expect(bands).toHaveLength(1);
  }
  for (const c of d.classifications) expect(r.classes.filter((x) => x.classification === c.id).length).toBeLessThanOrEqual(1);
  const declaredNeeds = new Set(d.items.flatMap((i) => Object.values(i.needs ?? {})));
  expect(new Set(r.needs).size).toBe(r.needs.length);
  for (const n of r.needs) expect(declaredNeeds.has(n)).toBe(true);
  const itemIds = new Set(d.items.map((i) => i.id));
  for (const m of r.missing) expect(itemIds.has(m)).toBe(true);
  for (const s of r.incomplete) expect(d.scores.some((x) => x.id === s)).toBe(true);
}

const each = STANDARD_INSTRUMENTS.map((d) => [d.code, d] as const);

describe('properties of every standard instrument', () => {
  it.each(each)('%s: any valid answers with omissions score within range, at most one band (exactly one when complete), one class each', (_code, d) => {
    fc.assert(
      fc.property(responses(d), (a) => checkResponse(d, a)),
      { numRuns: 300 },
    );
  });

  it.each(each)('%s: never throws on malformed answers, and still stays within range', (_code, d) => {
    fc.assert(
      fc.property(responses(d, true), (a) => checkResponse(d, a)),
      { numRuns: 200 },
    );
  });

  it.each(each)('%s: a complete response has no missing item and no incomplete score', (_code, d) => {
    // Answer every item; whatever is shown is then answered.
    const full = fc.record(Object.fromEntries(d.items.map((i) => [i.id, validAnswer(i)]))) as fc.Arbitrary<Answers>;
    fc.assert(
      fc.property(full, (a) => {
        const r = scoreResponse(d, a);
        expect(r.missing).toEqual([]);
        expect(r.incomplete).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it.each(each)('%s: answers left on hidden items change nothing', (_code, d) => {
    fc.assert(
      fc.property(responses(d), (a) => {
        const shownOnly = Object.fromEntries(Object.entries(a).filter(([id]) => isShown(d.items.find((i) => i.id === id)!, a)));
        expect(scoreResponse(d, a)).toEqual(scoreResponse(d, shownOnly));
      }),
      { numRuns: 200 },
    );
  });

  it.each(each.filter(([, d]) => d.classifications.length > 0))('%s: classification rules never overlap, so their order does not matter', (_code, d) => {
    fc.assert(
      fc.property(responses(d), (a) => {
        for (const c of d.classifications) {
          const matching = c.rules.filter((rule) => scoreResponse({ ...d, classifications: [{ ...c, rules: [rule] }] }, a).classes.length > 0);
          expect(matching.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The answer to `item` that makes weight × score highest (or lowest). */
function extreme(item: Item, weight: number, want: 'max' | 'min'): Answer {
  const better = (x: number, y: number) => (want === 'max' ? weight * x > weight * y : weight * x < weight * y);
  switch (item.type) {
    case 'yesno':
      return better(item.yesScore ?? 1, 0);
    case 'single':
      return item.options!.reduce((best, o) => (better(o.score ?? 0, best.score ?? 0) ? o : best)).value;
    case 'multiple':
      return item.options!.filter((o) => better(o.score ?? 0, 0)).map((o) => o.value);
    case 'number':
      return better(item.max!, item.min!) ? item.max! : item.min!;
    default:
      return 'x';
  }
}

describe('declared score ranges', () => {
  const scores = STANDARD_INSTRUMENTS.flatMap((d) => d.scores.map((s) => [`${d.code}.${s.id}`, d, s] as const));

  it('covers every score of the set', () => {
    expect(scores.length).toBeGreaterThanOrEqual(12);
  });

  it.each(scores)('%s: declared min and max are what its items can add up to', (_name, d, s) => {
    const byId = new Map(d.items.map((i) => [i.id, i]));
    const weight = (id: string) => (s.method === 'weighted_sum' ? (s.weights?.[id] ?? 1) : 1);
    let lo = 0;
    let hi = 0;
    for (const id of s.items) {
      const item = byId.get(id)!;
      const [a, b] = itemScoreRange(item).map((x) => x * weight(id)) as [number, number];
      // An item skip logic may hide counts nothing.
      lo += Math.min(a, b, ...(item.showIf ? [0] : []));
      hi += Math.max(a, b, ...(item.showIf ? [0] : []));
    }
    expect([lo, hi]).toEqual([s.min, s.max]);
  });

  it.each(scores)('%s: the best and worst answers reach exactly the declared max and min', (_name, d, s) => {
    const byId = new Map(d.items.map((i) => [i.id, i]));
    for (const want of ['max', 'min'] as const) {
      const answers = Object.fromEntries(s.items.map((id) => [id, extreme(byId.get(id)!, s.method === 'weighted_sum' ? (s.weights?.[id] ?? 1) : 1, want)]));
      const r = scoreResponse(d, answers);
      expect(r.incomplete).not.toContain(s.id);
      expect(r.scores[s.id]).toBe(want === 'max' ? s.max : s.min);
    }
  });

  it.each(scores)('%s: its bands tile the declared range without gap or overlap', (_name, d, s) => {
    const bands = d.bands.filter((b) => b.score === s.id).sort((a, b) => a.min - b.min);
    expect(bands.length).toBeGreaterThan(0);
    expect(bands[0]!.min).toBe(s.min);
    expect(bands.at(-1)!.max).toBe(s.max);
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.min).toBe(bands[i - 1]!.max + 1);
  });
});
