/**
 * Blocking: only records that share a blocking key are compared. Several rules each give every record
 * zero or more keys; the candidate pairs are the union over the rules, each pair once.
 *
 * Cost stays near-linear: a block of up to `maxBlockSize` records is compared in full (at most
 * maxBlockSize²/2 pairs, so at most n·maxBlockSize/2 per rule); a larger block (a very common name in
 * one district, say) is sorted by `sortKey` and each record is compared only with the next
 * `window − 1` records in that order (sorted neighbourhood), at most n·window pairs per rule.
 */

export interface BlockingRule<R> {
  name: string;
  /** The record's key(s) under this rule; null, undefined, '' or [] puts it in no block of the rule. */
  key: (record: R) => string | readonly string[] | null | undefined;
}

export interface BlockingOptions<R> {
  /** Blocks larger than this are compared by sorted neighbourhood. Default 100. */
  maxBlockSize?: number;
  /** Window of the sorted neighbourhood in an oversized block. Default 20. */
  window?: number;
  /** Order of records inside an oversized block; by default the record's keys under all rules, joined. */
  sortKey?: (record: R) => string;
}

export interface BlockingRuleStats {
  name: string;
  blocks: number;
  largestBlock: number;
  oversizedBlocks: number;
  /** Pairs this rule added that no earlier rule had found. */
  newPairs: number;
}

export interface CandidatePairs {
  /** Index of the pair's first record (in `left`). */
  a: number[];
  /** Index of the pair's second record: in `left` (deduplication, a < b) or in `right` (linkage). */
  b: number[];
  /** All pairs there are without blocking. */
  possiblePairs: number;
  /** 1 − candidates / possible pairs. */
  reductionRatio: number;
  rules: BlockingRuleStats[];
}

function keysOf<R>(rule: BlockingRule<R>, record: R): readonly string[] {
  const k = rule.key(record);
  if (k === null || k === undefined || k === '') return [];
  return typeof k === 'string' ? [k] : k.filter((x) => x !== '');
}

/**
 * Candidate pairs within `left` (deduplication) or between `left` and `right` (linkage).
 * Deterministic: the same input gives the same pairs in the same order.
 */
export function candidatePairs<R>(
  rules: readonly BlockingRule<R>[],
  left: readonly R[],
  right?: readonly R[],
  options: BlockingOptions<R> = {},
): CandidatePairs {
  const maxBlockSize = options.maxBlockSize ?? 100;
  const window = Math.max(2, options.window ?? 20);
  const dedup = right === undefined;
  const nLeft = left.length;
  const nRight = dedup ? nLeft : right.length;
  const total = dedup ? nLeft : nLeft + nRight;
  const record = (g: number): R => (g < nLeft ? left[g]! : right![g - nLeft]!);
  let sortKeys: string[] | undefined;
  const sortKeyOf = (g: number): string => {
    sortKeys ??= Array.from({ length: total }, (_, i) => {
      const r = record(i);
      return options.sortKey ? options.sortKey(r) : rules.map((rule) => keysOf(rule, r).join(',')).join('|');
    });
    return sortKeys[g]!;
  };

  const a: number[] = [];
  const b: number[] = [];
  const seen = new Set<number>();
  let added = 0;
  const add = (g1: number, g2: number) => {
    let i: number;
    let j: number;
    if (dedup) {
      if (g1 === g2) return;
      [i, j] = g1 < g2 ? [g1, g2] : [g2, g1];
    } else {
      if (g1 < nLeft === g2 < nLeft) return;
      [i, j] = g1 < nLeft ? [g1, g2 - nLeft] : [g2, g1 - nLeft];
    }
    const code = i * nRight + j;
    if (seen.has(code)) return;
    seen.add(code);
    a.push(i);
    b.push(j);
    added++;
  };

  const stats: BlockingRuleStats[] = [];
  for (const rule of rules) {
    const blocks = new Map<string, number[]>();
    for (let g = 0; g < total; g++) {
      for (const k of new Set(keysOf(rule, record(g)))) {
        const block = blocks.get(k);
        if (block) block.push(g);
        else blocks.set(k, [g]);
      }
    }
    const s: BlockingRuleStats = { name: rule.name, blocks: 0, largestBlock: 0, oversizedBlocks: 0, newPairs: 0 };
    added = 0;
    for (const block of blocks.values()) {
      if (block.length < 2) continue;
      s.blocks++;
      s.largestBlock = Math.max(s.largestBlock, block.length);
      if (block.length <= maxBlockSize) {
        for (let p = 0; p < block.length; p++) for (let q = p + 1; q < block.length; q++) add(block[p]!, block[q]!);
      } else {
        s.oversizedBlocks++;
        const sorted = [...block].sort((x, y) => {
          const kx = sortKeyOf(x);
          const ky = sortKeyOf(y);
          return kx < ky ? -1 : kx > ky ? 1 : x - y;
        });
        for (let p = 0; p < sorted.length; p++) {
          const end = Math.min(sorted.length, p + window);
          for (let q = p + 1; q < end; q++) add(sorted[p]!, sorted[q]!);
        }
      }
    }
    s.newPairs = added;
    stats.push(s);
  }
  const possiblePairs = dedup ? (nLeft * (nLeft - 1)) / 2 : nLeft * nRight;
  return { a, b, possiblePairs, reductionRatio: possiblePairs === 0 ? 1 : 1 - a.length / possiblePairs, rules: stats };
}
