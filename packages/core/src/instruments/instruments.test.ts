import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Answers, InstrumentDefinition, STANDARD_INSTRUMENTS, scoreResponse } from './index.js';

// Scoring, bands and chains: shared/domain/README.md (Barthel Thai 20-point; Department of Mental
// Health 2Q, 9Q, 8Q). Each boundary below is a cut-off stated there.
const def = (code: string) => STANDARD_INSTRUMENTS.find((d) => d.code === code)!;

describe('Barthel ADL (Thai 20-point)', () => {
  const items = ['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder'];
  const max = [2, 1, 3, 2, 3, 2, 2, 1, 2, 2];
  /** Answers that add up to `total`, filling items in order. */
  function answersFor(total: number): Answers {
    let left = total;
    return Object.fromEntries(
      items.map((id, i) => {
        const v = Math.min(max[i]!, left);
        left -= v;
        return [id, v];
      }),
    );
  }

  it('has items whose maxima add up to 20', () => {
    expect(max.reduce((a, b) => a + b)).toBe(20);
    expect(def('barthel').items.map((i) => Math.max(...i.options!.map((o) => o.score ?? 0)))).toEqual(max);
  });

  it.each([
    [20, 'social'],
    [12, 'social'],
    [11, 'homebound'],
    [5, 'homebound'],
    [4, 'bedridden'],
    [0, 'bedridden'],
  ])('total %i is %s', (total, band) => {
    const r = scoreResponse(def('barthel'), answersFor(total));
    expect(r.scores.total).toBe(total);
    expect(r.bands.map((b) => b.code)).toEqual([band]);
    expect(r.alerts.length).toBe(total <= 11 ? 1 : 0);
  });

  it('reports unanswered items', () => {
    expect(scoreResponse(def('barthel'), { feeding: 2 }).missing).toHaveLength(9);
  });
});

describe('2Q → 9Q → 8Q', () => {
  it('2Q: any yes is positive and opens 9Q', () => {
    expect(scoreResponse(def('q2'), { q1: false, q2: false })).toMatchObject({ scores: { total: 0 }, next: [] });
    for (const a of [
      { q1: true, q2: false },
      { q1: false, q2: true },
      { q1: true, q2: true },
    ]) {
      const r = scoreResponse(def('q2'), a);
      expect(r.bands[0]!.code).toBe('positive');
      expect(r.next).toEqual(['q9']);
    }
  });

  const q9 = (total: number): Answers => {
    let left = total;
    return Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => {
        const v = Math.min(3, left);
        left -= v;
        return [`q${i + 1}`, v];
      }),
    );
  };
  it.each([
    [0, 'none', []],
    [6, 'none', []],
    [7, 'mild', ['q8']],
    [12, 'mild', ['q8']],
    [13, 'moderate', ['q8']],
    [18, 'moderate', ['q8']],
    [19, 'severe', ['q8']],
    [27, 'severe', ['q8']],
  ])('9Q total %i is %s', (total, band, next) => {
    const r = scoreResponse(def('q9'), q9(total));
    expect(r.scores.total).toBe(total);
    expect(r.bands[0]!.code).toBe(band);
    expect(r.next).toEqual(next);
  });

  const none = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: false, q8: false };
  it.each([
    [{}, 0, 'none'],
    [{ q1: true }, 1, 'low'],
    [{ q1: true, q2: true, q6: true }, 7, 'low'],
    [{ q3: true, q3_1: 'can' }, 6, 'low'],
    [{ q3: true, q3_1: 'can', q2: true, q1: true }, 9, 'moderate'],
    [{ q3: true, q3_1: 'cannot', q1: true }, 15, 'moderate'],
    [{ q3: true, q3_1: 'cannot', q1: true, q2: true }, 17, 'severe'],
    [{ q4: true, q5: true }, 17, 'severe'],
  ])('8Q %j scores %i (%s)', (yes, total, band) => {
    const r = scoreResponse(def('q8'), { ...none, ...yes });
    expect(r.scores.total).toBe(total);
    expect(r.bands[0]!.code).toBe(band);
  });

  it('8Q: item 3.1 is asked only after "yes" to 3, and counts nothing when hidden', () => {
    expect(scoreResponse(def('q8'), { ...none, q3: false, q3_1: 'cannot' }).scores.total).toBe(0);
    expect(scoreResponse(def('q8'), { ...none, q3: true }).missing).toEqual(['q3_1']);
  });

  it('8Q: every risk answered is the maximum, 52', () => {
    const all = Object.fromEntries(def('q8').items.map((i) => [i.id, i.type === 'yesno' ? true : 'cannot']));
    expect(scoreResponse(def('q8'), all).scores.total).toBe(52);
  });
});

describe('every shipped instrument', () => {
  it.each(STANDARD_INSTRUMENTS.map((d) => [d.code, d] as const))('%s: any answer set scores within its declared range', (_code, d) => {
    const answer = (item: (typeof d.items)[number]) =>
      item.type === 'yesno' ? fc.boolean() : item.options ? fc.constantFrom(...item.options.map((o) => o.value)) : fc.constant(null);
    const answers = fc.record(Object.fromEntries(d.items.map((i) => [i.id, fc.option(answer(i), { nil: null })])));
    fc.assert(
      fc.property(answers, (a) => {
        const r = scoreResponse(d, a as Answers);
        return d.scores.every((s) => r.scores[s.id]! >= s.min && r.scores[s.id]! <= s.max) && r.bands.length === d.scores.length;
      }),
    );
  });

  it('says whether its published source was verified', () => {
    for (const d of STANDARD_INSTRUMENTS) expect(typeof d.source.verified).toBe('boolean');
  });

  it('refuses a definition whose score names an unknown item', () => {
    const bad = InstrumentDefinition.safeParse({
      ...def('q2'),
      scores: [{ id: 'total', label: { th: 'ก', en: 'a' }, method: 'sum', items: ['nope'], min: 0, max: 1 }],
    });
    expect(bad.success).toBe(false);
  });
});
