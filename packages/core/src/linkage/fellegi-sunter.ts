/**
 * Fellegi–Sunter scoring. Each field's agreement level has a probability m (among matching pairs) and
 * u (among non-matching pairs); its weight is log2(m/u); a pair's score is the sum of the weights of
 * its fields' levels (a missing field adds 0). With the share of matches among the compared pairs
 * (the prior), the score gives a match probability, which two thresholds turn into a decision.
 *
 * m, u and the prior are estimated from the data by expectation–maximisation over the comparison
 * vectors of the candidate pairs, assuming fields agree independently given the match status
 * (Winkler 1988; Jaro 1989), or from pairs whose status reviewers decided.
 */

export interface FieldSpec {
  name: string;
  /** Agreement levels, strongest agreement first; the last is disagreement. */
  levels: readonly string[];
}

export interface FieldParameters {
  name: string;
  levels: string[];
  m: number[];
  u: number[];
}

export interface FsParameters {
  fields: FieldParameters[];
  /** Share of matches among the pairs the parameters were estimated on. */
  prior: number;
  method: 'em' | 'labels';
  /** Pairs the estimate rests on. */
  pairs: number;
  iterations: number;
  converged: boolean;
}

/**
 * Comparison vectors of many pairs, one row per pair, flat: levels[pair * fields + field], each a level
 * index or -1 for missing.
 */
export interface ComparisonVectors {
  fields: number;
  levels: Int8Array;
}

export interface EmOptions {
  /** Default 500. */
  maxIterations?: number;
  /** Stop when no probability moves by more than this. Default 1e-6. */
  tolerance?: number;
  /** Starting prior. Default 0.1. */
  initialPrior?: number;
  /** Start from these parameters (e.g. estimated from reviewer decisions) instead of the defaults. */
  initial?: FsParameters;
  /**
   * Pairs whose status is known, one entry per pair: 1 match, 0 non-match, anything else unknown (e.g.
   * pairs the national ID decided). A known pair keeps its status through the iterations instead of
   * being guessed (semi-supervised EM), which anchors the match class to "same person" rather than to
   * whatever else makes pairs agree (a household shares surname and address).
   */
  known?: ArrayLike<number>;
}

const FLOOR = 1e-9;
const PSEUDO_PAIRS = 1;

interface Patterns {
  levels: Int8Array;
  counts: Float64Array;
  /** 1 / 0 for a pattern of known matches / non-matches, -1 unknown. */
  known: Int8Array;
  size: number;
}

const knownOf = (known: ArrayLike<number> | undefined, p: number): number => (known && (known[p] === 1 || known[p] === 0) ? known[p]! : -1);

/** Identical comparison vectors collapsed into one pattern with a count: EM then costs O(patterns), not O(pairs). */
function patternsOf(vectors: ComparisonVectors, known?: ArrayLike<number>): Patterns {
  const F = vectors.fields;
  const n = F === 0 ? 0 : vectors.levels.length / F;
  const index = new Map<string, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  for (let p = 0; p < n; p++) {
    let key = String.fromCharCode(66 + knownOf(known, p));
    for (let f = 0; f < F; f++) key += String.fromCharCode(66 + vectors.levels[p * F + f]!);
    const at = index.get(key);
    if (at !== undefined) counts[at]!++;
    else {
      index.set(key, counts.length);
      rows.push(p);
      counts.push(1);
    }
  }
  const levels = new Int8Array(rows.length * F);
  rows.forEach((p, i) => {
    levels.set(vectors.levels.subarray(p * F, p * F + F), i * F);
  });
  return { levels, counts: Float64Array.from(counts), known: Int8Array.from(rows, (p) => knownOf(known, p)), size: rows.length };
}

function normalise(xs: number[]): number[] {
  const floored = xs.map((x) => Math.max(FLOOR, Number.isFinite(x) ? x : FLOOR));
  const sum = floored.reduce((s, x) => s + x, 0);
  return floored.map((x) => x / sum);
}

/** Level frequencies among pairs where the field is present. */
function marginals(specs: readonly FieldSpec[], pat: Patterns): number[][] {
  const F = specs.length;
  return specs.map((spec, f) => {
    const c = new Array<number>(spec.levels.length).fill(0);
    for (let i = 0; i < pat.size; i++) {
      const l = pat.levels[i * F + f]!;
      if (l >= 0) c[l]! += pat.counts[i]!;
    }
    return normalise(c);
  });
}

/**
 * Estimates m, u and the prior by EM (optionally with some pairs' status known). Starting values: m puts 0.9 on full agreement and spreads 0.1
 * over the other levels; u is each level's share among all the pairs (nearly all of them are
 * non-matches); the prior is 0.1. If the estimate comes out with its classes swapped (the "match"
 * class agreeing less than the other), they are swapped back.
 */
export function estimateEm(specs: readonly FieldSpec[], vectors: ComparisonVectors, options: EmOptions = {}): FsParameters {
  const F = specs.length;
  const pat = patternsOf(vectors, options.known);
  const total = pat.counts.reduce((s, c) => s + c, 0);
  let m: number[][];
  let u: number[][];
  let prior: number;
  if (options.initial) {
    m = options.initial.fields.map((x) => [...x.m]);
    u = options.initial.fields.map((x) => [...x.u]);
    prior = options.initial.prior;
  } else {
    m = specs.map((s) => normalise(s.levels.map((_, l) => (l === 0 ? 0.9 : 0.1 / (s.levels.length - 1)))));
    u = marginals(specs, pat);
    prior = options.initialPrior ?? 0.1;
  }
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-6;
  const g = new Float64Array(pat.size);
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations && total > 0) {
    iterations++;
    // E step: the probability that each pattern is a match.
    for (let i = 0; i < pat.size; i++) {
      if (pat.known[i]! >= 0) {
        g[i] = pat.known[i]!;
        continue;
      }
      let pm = prior;
      let pu = 1 - prior;
      for (let f = 0; f < F; f++) {
        const l = pat.levels[i * F + f]!;
        if (l < 0) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      g[i] = pm / (pm + pu);
    }
    // M step.
    let matches = 0;
    for (let i = 0; i < pat.size; i++) matches += pat.counts[i]! * g[i]!;
    const nextPrior = Math.min(1 - FLOOR, Math.max(FLOOR, matches / total));
    // One pseudo-pair per level, shared between the classes in proportion to the prior: a level seen
    // rarely keeps a finite weight, and a level never seen weighs about 0.
    const nextM = specs.map((s) => new Array<number>(s.levels.length).fill(PSEUDO_PAIRS * prior));
    const nextU = specs.map((s) => new Array<number>(s.levels.length).fill(PSEUDO_PAIRS * (1 - prior)));
    for (let i = 0; i < pat.size; i++) {
      const cm = pat.counts[i]! * g[i]!;
      const cu = pat.counts[i]! - cm;
      for (let f = 0; f < F; f++) {
        const l = pat.levels[i * F + f]!;
        if (l < 0) continue;
        nextM[f]![l]! += cm;
        nextU[f]![l]! += cu;
      }
    }
    const mm = nextM.map(normalise);
    const uu = nextU.map(normalise);
    let delta = Math.abs(nextPrior - prior);
    for (let f = 0; f < F; f++) {
      for (let l = 0; l < mm[f]!.length; l++) delta = Math.max(delta, Math.abs(mm[f]![l]! - m[f]![l]!), Math.abs(uu[f]![l]! - u[f]![l]!));
    }
    m = mm;
    u = uu;
    prior = nextPrior;
    converged = delta < tolerance;
  }
  const agreeM = m.reduce((s, x) => s + x[0]!, 0);
  const agreeU = u.reduce((s, x) => s + x[0]!, 0);
  if (agreeM < agreeU && !pat.known.some((k) => k >= 0)) [m, u, prior] = [u, m, 1 - prior];
  return {
    fields: specs.map((s, f) => ({ name: s.name, levels: [...s.levels], m: m[f]!, u: u[f]! })),
    prior,
    method: 'em',
    pairs: total,
    iterations,
    converged,
  };
}

/**
 * Estimates m, u and the prior from pairs whose status is known (reviewers' decisions), with a
 * pseudo-count per level (default 0.5) so that a level no decided pair showed keeps a finite weight.
 */
export function estimateFromLabels(
  specs: readonly FieldSpec[],
  vectors: ComparisonVectors,
  isMatch: ArrayLike<boolean>,
  options: { pseudoCount?: number } = {},
): FsParameters {
  const F = specs.length;
  const alpha = options.pseudoCount ?? 0.5;
  const cm = specs.map((s) => new Array<number>(s.levels.length).fill(alpha));
  const cu = specs.map((s) => new Array<number>(s.levels.length).fill(alpha));
  let matches = 0;
  for (let p = 0; p < isMatch.length; p++) {
    const target = isMatch[p] ? cm : cu;
    if (isMatch[p]) matches++;
    for (let f = 0; f < F; f++) {
      const l = vectors.levels[p * F + f]!;
      if (l >= 0) target[f]![l]!++;
    }
  }
  return {
    fields: specs.map((s, f) => ({ name: s.name, levels: [...s.levels], m: normalise(cm[f]!), u: normalise(cu[f]!) })),
    prior: Math.min(1 - FLOOR, Math.max(FLOOR, (matches + alpha) / (isMatch.length + 2 * alpha))),
    method: 'labels',
    pairs: isMatch.length,
    iterations: 0,
    converged: true,
  };
}

/** log2(m/u) of every field and level. */
export function fieldWeights(params: FsParameters): number[][] {
  return params.fields.map((f) => f.m.map((m, l) => Math.log2(m / f.u[l]!)));
}

/** The Fellegi–Sunter score of one comparison vector (row `row` of `levels`). */
export function scoreVector(weights: readonly (readonly number[])[], levels: ArrayLike<number>, row = 0): number {
  const F = weights.length;
  let s = 0;
  for (let f = 0; f < F; f++) {
    const l = levels[row * F + f]!;
    if (l >= 0) s += weights[f]![l]!;
  }
  return s;
}

/** The match probability of a score under the prior: 1 / (1 + 2^−(score + log2(prior / (1 − prior)))). */
export function matchProbability(score: number, prior: number): number {
  return 1 / (1 + 2 ** -(score + Math.log2(prior / (1 - prior))));
}

export type Decision = 'link' | 'review' | 'non-link';

/** Thresholds on the match probability: at or above `upper` link; at or above `lower` review; below, no link. */
export interface Thresholds {
  upper: number;
  lower: number;
}

export function classify(probability: number, thresholds: Thresholds): Decision {
  if (!(thresholds.lower <= thresholds.upper)) throw new Error('linkage thresholds: lower must not exceed upper');
  return probability >= thresholds.upper ? 'link' : probability >= thresholds.lower ? 'review' : 'non-link';
}
