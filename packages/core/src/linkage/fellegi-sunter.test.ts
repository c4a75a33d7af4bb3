import { describe, expect, it } from 'vitest';
import { classify, estimateEm, estimateFromLabels, type FieldSpec, fieldWeights, matchProbability, scoreVector } from './fellegi-sunter.js';
import { seededRandom } from './random.js';

const SPECS: FieldSpec[] = [
  { name: 'name', levels: ['exact', 'close', 'disagree'] },
  { name: 'birth', levels: ['exact', 'close', 'disagree'] },
  { name: 'sex', levels: ['agree', 'disagree'] },
  { name: 'area', levels: ['same', 'near', 'far'] },
];
const TRUE_M = [
  [0.85, 0.1, 0.05],
  [0.8, 0.15, 0.05],
  [0.97, 0.03],
  [0.7, 0.2, 0.1],
];
const TRUE_U = [
  [0.05, 0.1, 0.85],
  [0.02, 0.08, 0.9],
  [0.5, 0.5],
  [0.1, 0.3, 0.6],
];

/** Pairs drawn from known m, u and prior, fields independent given the class; some values missing. */
function simulate(n: number, prior: number, seed = 7) {
  const rand = seededRandom(seed);
  const draw = (ps: number[]) => {
    let x = rand();
    for (let i = 0; i < ps.length; i++) {
      x -= ps[i]!;
      if (x < 0) return i;
    }
    return ps.length - 1;
  };
  const levels = new Int8Array(n * SPECS.length);
  const truth: boolean[] = [];
  for (let p = 0; p < n; p++) {
    const match = rand() < prior;
    truth.push(match);
    SPECS.forEach((_, f) => {
      levels[p * SPECS.length + f] = rand() < 0.05 ? -1 : draw((match ? TRUE_M : TRUE_U)[f]!);
    });
  }
  return { vectors: { fields: SPECS.length, levels }, truth };
}

describe('EM estimation of m, u and the prior', () => {
  it('recovers known parameters from simulated pairs', () => {
    const { vectors } = simulate(40_000, 0.15);
    const est = estimateEm(SPECS, vectors);
    expect(est.converged).toBe(true);
    expect(est.prior).toBeCloseTo(0.15, 1);
    est.fields.forEach((f, i) => {
      f.m.forEach((m, l) => {
        expect(Math.abs(m - TRUE_M[i]![l]!), `m ${f.name} ${l}`).toBeLessThan(0.03);
      });
      f.u.forEach((u, l) => {
        expect(Math.abs(u - TRUE_U[i]![l]!), `u ${f.name} ${l}`).toBeLessThan(0.03);
      });
    });
  });

  it('does not come out with the classes swapped, whatever the starting prior', () => {
    const { vectors } = simulate(20_000, 0.3, 11);
    const est = estimateEm(SPECS, vectors, { initialPrior: 0.9 });
    expect(est.fields[0]!.m[0]!).toBeGreaterThan(est.fields[0]!.u[0]!);
    expect(est.prior).toBeCloseTo(0.3, 1);
  });

  it('holds the status of known pairs fixed', () => {
    const { vectors, truth } = simulate(5_000, 0.2, 3);
    const known = truth.map((t) => (t ? 1 : 0));
    const est = estimateEm(SPECS, vectors, { known });
    expect(est.iterations).toBeLessThanOrEqual(3);
    expect(est.prior).toBeCloseTo(truth.filter(Boolean).length / truth.length, 6);
  });

  it('estimates from reviewers’ decisions, a pseudo-count keeping unseen levels finite', () => {
    const { vectors, truth } = simulate(20_000, 0.2, 5);
    const est = estimateFromLabels(SPECS, vectors, truth);
    expect(est.method).toBe('labels');
    expect(est.prior).toBeCloseTo(0.2, 1);
    est.fields.forEach((f, i) => {
      f.m.forEach((m, l) => {
        expect(Math.abs(m - TRUE_M[i]![l]!)).toBeLessThan(0.03);
      });
    });
    const tiny = estimateFromLabels(SPECS, { fields: SPECS.length, levels: Int8Array.from([0, 0, 0, 0]) }, [true]);
    for (const w of fieldWeights(tiny).flat()) expect(Number.isFinite(w)).toBe(true);
  });
});

describe('scores, probabilities and thresholds', () => {
  const params = {
    fields: SPECS.map((s, i) => ({ name: s.name, levels: [...s.levels], m: TRUE_M[i]!, u: TRUE_U[i]! })),
    prior: 0.1,
    method: 'em' as const,
    pairs: 0,
    iterations: 0,
    converged: true,
  };
  const w = fieldWeights(params);

  it('weighs each level by log2(m/u) and skips missing fields', () => {
    expect(w[0]![0]).toBeCloseTo(Math.log2(0.85 / 0.05), 12);
    expect(scoreVector(w, [0, 0, 0, 0])).toBeCloseTo(w[0]![0]! + w[1]![0]! + w[2]![0]! + w[3]![0]!, 12);
    expect(scoreVector(w, [0, -1, -1, -1])).toBeCloseTo(w[0]![0]!, 12);
    expect(scoreVector(w, [9, 9, 9, 9, 0, 0, 1, 2], 1)).toBeCloseTo(w[0]![0]! + w[1]![0]! + w[2]![1]! + w[3]![2]!, 12);
  });

  it('turns a score into a match probability with the prior', () => {
    expect(matchProbability(0, 0.5)).toBeCloseTo(0.5, 12);
    expect(matchProbability(Math.log2(9), 0.1)).toBeCloseTo(0.5, 12);
    expect(matchProbability(20, 0.1)).toBeGreaterThan(0.999);
  });

  it('links above the upper threshold, queues for review between, and refuses crossed thresholds', () => {
    const t = { upper: 0.9, lower: 0.1 };
    expect(classify(0.95, t)).toBe('link');
    expect(classify(0.9, t)).toBe('link');
    expect(classify(0.5, t)).toBe('review');
    expect(classify(0.1, t)).toBe('review');
    expect(classify(0.05, t)).toBe('non-link');
    expect(() => classify(0.5, { upper: 0.2, lower: 0.8 })).toThrow();
  });
});
