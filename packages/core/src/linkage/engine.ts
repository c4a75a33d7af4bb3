/**
 * The linkage run: blocking → exact national-ID decisions → comparison vectors → m/u estimated by EM
 * (or given) → scores → decisions. Pure: records in, pairs and decisions out; the caller stores them.
 */
import { isValidCid, normaliseCid } from '../cid.js';
import { type BlockingOptions, type BlockingRule, type BlockingRuleStats, candidatePairs } from './blocking.js';
import {
  type ComparisonVectors,
  classify,
  type Decision,
  type EmOptions,
  estimateEm,
  type FieldSpec,
  type FsParameters,
  fieldWeights,
  matchProbability,
  scoreVector,
  type Thresholds,
} from './fellegi-sunter.js';

export interface LinkageField<R> extends FieldSpec {
  /** Level index into `levels`, or MISSING (-1). */
  compare: (a: R, b: R) => number;
}

export interface LinkageConfig<R> extends BlockingOptions<R> {
  fields: readonly LinkageField<R>[];
  blocking: readonly BlockingRule<R>[];
  /**
   * The record's Thai national ID, if any. A valid one (checksum) decides: the same valid ID on both
   * records links them whatever else differs, and two different valid IDs keep them apart. An invalid
   * one counts as missing, and the pair is scored.
   */
  nationalId?: (record: R) => string | null | undefined;
  /**
   * The exception to "two different valid IDs keep a pair apart": a pair whose valid IDs may be one
   * typing slip apart (a checksum does not catch every slip) and whose other fields all agree goes to a
   * reviewer instead ('review', by 'near_national_id'): never linked by itself, never kept apart
   * silently. A reviewer's decision on such a pair stands. Not given: different valid IDs always part.
   */
  nearNationalId?: (a: R, b: R) => boolean;
  /** On the match probability. Default upper 0.9, lower 0.1. */
  thresholds?: Thresholds;
  em?: Omit<EmOptions, 'known'>;
  /**
   * Let the pairs the national ID decided teach EM what a match and a non-match look like (their
   * status is held fixed; see `EmOptions.known`). Pairs that only the national ID brought together
   * (sharing no other blocking key) are left out, since no pair without an ID could be found that way.
   * Default true.
   */
  learnFromNationalId?: boolean;
}

export const DEFAULT_THRESHOLDS: Thresholds = { upper: 0.9, lower: 0.1 };

export interface LinkedPair {
  /** Index in `left`. */
  a: number;
  /** Index in `left` (deduplication) or `right` (linkage). */
  b: number;
  decision: Decision;
  /**
   * What decided: the same valid national ID, a reviewer, or the score; 'near_national_id': two valid
   * IDs one typing slip apart with all else agreeing, put to a reviewer (see `nearNationalId`).
   */
  by: 'national_id' | 'reviewer' | 'score' | 'near_national_id';
  /** Sum of the field weights (log2); +Infinity when the national ID decided. */
  score: number;
  /** Match probability (1 when the national ID decided). */
  probability: number;
  /** Agreement level of each field, in the order of `config.fields` (-1 missing); empty when the national ID decided. */
  levels: number[];
}

export interface LinkResult {
  /** Links and pairs for review, most probable first. */
  pairs: LinkedPair[];
  /** Every candidate pair, in blocking order, with its match probability (1 / 0 when the national ID decided). */
  candidates: { a: number[]; b: number[]; probability: Float64Array };
  parameters: FsParameters;
  thresholds: Thresholds;
  counts: {
    candidates: number;
    /** Pairs linked because both carry the same valid national ID. */
    byNationalId: number;
    /** Pairs kept apart because they carry different valid national IDs. */
    nationalIdConflicts: number;
    /** Pairs with different valid national IDs one typing slip apart and all else agreeing, put to a reviewer. */
    nearNationalId: number;
    byReviewer: number;
    scored: number;
    links: number;
    reviews: number;
  };
  blocking: { possiblePairs: number; reductionRatio: number; rules: BlockingRuleStats[] };
}

export interface LinkOptions {
  /** Use these m/u (saved from an earlier run, or from `estimateFromLabels`) instead of estimating them by EM. */
  parameters?: FsParameters;
  /**
   * Reviewers' decisions on pairs (indices as in the result). A decided candidate pair keeps its
   * decision (unless the national ID decides it), and EM holds its status fixed (see `EmOptions.known`).
   */
  decisions?: Iterable<{ a: number; b: number; match: boolean }>;
}

/** The comparison vector of one pair, for estimating from reviewers' decisions or explaining a score. */
export function compareRecords<R>(fields: readonly LinkageField<R>[], a: R, b: R): number[] {
  return fields.map((f) => f.compare(a, b));
}

/** Comparison vectors of many pairs, in the flat form the estimators take. */
export function comparisonVectors<R>(fields: readonly LinkageField<R>[], pairs: Iterable<readonly [R, R]>): ComparisonVectors {
  const rows: number[] = [];
  for (const [a, b] of pairs) for (const f of fields) rows.push(f.compare(a, b));
  return { fields: fields.length, levels: Int8Array.from(rows) };
}

/**
 * Links `left` with itself (deduplication: pairs a < b) or with `right` (linkage: a in left, b in right).
 * Order of precedence for a pair: the national ID (both valid; but two valid IDs one slip apart with
 * all else agreeing are a reviewer's, see `nearNationalId`), then a reviewer's decision, then the
 * score against the thresholds.
 */
export function linkRecords<R>(config: LinkageConfig<R>, left: readonly R[], right?: readonly R[], options: LinkOptions = {}): LinkResult {
  const thresholds = config.thresholds ?? DEFAULT_THRESHOLDS;
  classify(0, thresholds); // refuses thresholds in the wrong order before any work
  const validId = (r: R): string | undefined => {
    const raw = config.nationalId?.(r);
    return raw && isValidCid(raw) ? normaliseCid(raw) : undefined;
  };
  const other = right ?? left;
  const nRight = other.length;
  const idsLeft = config.nationalId ? left.map(validId) : [];
  const idsRight = config.nationalId ? (right ? right.map(validId) : idsLeft) : [];
  // The national-ID rule goes last, so the pairs only it found are the tail of the list.
  const rules: BlockingRule<R>[] = config.nationalId ? [...config.blocking, { name: 'national_id', key: validId }] : [...config.blocking];
  const blocked = candidatePairs(rules, left, right, config);
  const n = blocked.a.length;
  const idOnlyFrom = config.nationalId ? n - blocked.rules.at(-1)!.newPairs : n;
  const learn = config.learnFromNationalId ?? true;
  const reviewed = new Map<number, boolean>();
  for (const d of options.decisions ?? []) {
    const [a, b] = right || d.a < d.b ? [d.a, d.b] : [d.b, d.a];
    reviewed.set(a * nRight + b, d.match);
  }

  // status: 1 / -1 the same / different valid national IDs, 2 / -2 a reviewer's match / non-match,
  // 3 different valid IDs one slip apart with all else agreeing (to review), 0 to score.
  // Typed arrays, sized for every candidate pair: tens of millions of pairs fit (a number[] of pairs ×
  // fields would pass V8's limit on an array's length at about 30 million pairs of four fields).
  const F = config.fields.length;
  const status = new Int8Array(n);
  const rows = new Int32Array(n); // the pair of each comparison vector
  const known = new Int8Array(n); // its status for EM: 1 match, 0 non-match, -1 unknown
  const levels = new Int8Array(n * F);
  let nRows = 0;
  for (let p = 0; p < n; p++) {
    const a = blocked.a[p]!;
    const b = blocked.b[p]!;
    const ia = idsLeft[a];
    const ib = idsRight[b];
    const review = reviewed.size ? reviewed.get(a * nRight + b) : undefined;
    const near = ia && ib && ia !== ib && config.nearNationalId?.(left[a]!, other[b]!);
    if (ia && ib && !near) status[p] = ia === ib ? 1 : -1;
    else if (review !== undefined) status[p] = review ? 2 : -2;
    else if (near) status[p] = 3;
    if ((status[p] === 1 || status[p] === -1) && (!learn || p >= idOnlyFrom)) continue;
    const row = nRows++;
    rows[row] = p;
    known[row] = status[p] === 0 || status[p] === 3 ? -1 : status[p]! > 0 ? 1 : 0;
    const ra = left[a]!;
    const rb = other[b]!;
    for (let f = 0; f < F; f++) levels[row * F + f] = config.fields[f]!.compare(ra, rb);
  }
  const vectors: ComparisonVectors = { fields: F, levels: levels.subarray(0, nRows * F) };
  const parameters = options.parameters ?? estimateEm(config.fields, vectors, { ...config.em, known: known.subarray(0, nRows) });
  const weights = fieldWeights(parameters);

  const probability = new Float64Array(n);
  const pairs: LinkedPair[] = [];
  const counts = { candidates: n, byNationalId: 0, nationalIdConflicts: 0, nearNationalId: 0, byReviewer: 0, scored: 0, links: 0, reviews: 0 };
  const push = (pair: LinkedPair) => {
    if (pair.decision === 'link') counts.links++;
    if (pair.decision === 'review') counts.reviews++;
    if (pair.decision !== 'non-link') pairs.push(pair);
  };
  for (let p = 0; p < n; p++) {
    if (status[p] === 1) {
      counts.byNationalId++;
      probability[p] = 1;
      push({ a: blocked.a[p]!, b: blocked.b[p]!, decision: 'link', by: 'national_id', score: Number.POSITIVE_INFINITY, probability: 1, levels: [] });
    } else if (status[p] === -1) counts.nationalIdConflicts++;
  }
  for (let row = 0; row < nRows; row++) {
    const p = rows[row]!;
    if (status[p] === 1 || status[p] === -1) continue;
    const score = scoreVector(weights, vectors.levels, row);
    const prob = matchProbability(score, parameters.prior);
    probability[p] = prob;
    // Only links and pairs for review are kept (most candidate pairs are neither): build no more.
    const fieldLevels = () => Array.from(vectors.levels.subarray(row * F, row * F + F));
    if (status[p] === 0) {
      counts.scored++;
      const decision = classify(prob, thresholds);
      if (decision !== 'non-link') push({ a: blocked.a[p]!, b: blocked.b[p]!, decision, by: 'score', score, probability: prob, levels: fieldLevels() });
    } else if (status[p] === 3) {
      counts.nearNationalId++;
      push({ a: blocked.a[p]!, b: blocked.b[p]!, decision: 'review', by: 'near_national_id', score, probability: prob, levels: fieldLevels() });
    } else {
      counts.byReviewer++;
      if (status[p] === 2) push({ a: blocked.a[p]!, b: blocked.b[p]!, decision: 'link', by: 'reviewer', score, probability: prob, levels: fieldLevels() });
    }
  }
  pairs.sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b);
  return {
    pairs,
    candidates: { a: blocked.a, b: blocked.b, probability },
    parameters,
    thresholds,
    counts,
    blocking: { possiblePairs: blocked.possiblePairs, reductionRatio: blocked.reductionRatio, rules: blocked.rules },
  };
}

/**
 * Keeps, for linkage between two files each free of duplicates, at most one link per record: links
 * are taken most probable first, and a link whose record is already taken becomes a pair for review.
 */
export function oneToOne(pairs: readonly LinkedPair[]): LinkedPair[] {
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out = [...pairs]
    .sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b)
    .map((p) => {
      if (p.decision !== 'link') return p;
      if (usedA.has(p.a) || usedB.has(p.b)) return { ...p, decision: 'review' as const };
      usedA.add(p.a);
      usedB.add(p.b);
      return p;
    });
  return out;
}
