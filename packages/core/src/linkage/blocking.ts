/**
 * Blocking: only records that share a blocking key are compared. Several rules each give every record
 * zero or more keys; the candidate pairs are the union over the rules, each pair once.
 *
 * Cost stays near-linear: a block of up to `maxBlockSize` records is compared in full (at most
 * maxBlockSize²/2 pairs, so at most n·maxBlockSize/2 per rule); a larger block (a very common name in
 * one district, say) is sorted by `sortKey` and each record is compared only with the next
 * `window − 1` records in that order (sorted neighbourhood; in linkage, the nearest `window − 1` of
 * the other file on either side), at most 2·n·window pairs per rule.
 */

export interface BlockingRule<R> {
  name: string;
  /** The record's key(s) under this rule; null, undefined, '' or [] puts it in no block of the rule. */
  key: (record: R) => string | readonly string[] | null | undefined;
  /**
   * Order inside this rule's oversized blocks: what the key leaves free to differ (a block of one birth
   * date is best read in the order of the names). Default: the options' `sortKey`.
   */
  sortKey?: (record: R) => string;
  /** This rule's own `maxBlockSize` and `window`, for a key whose blocks grow with the register. */
  maxBlockSize?: number;
  window?: number;
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
 * A set of record pairs (i, j), open addressing on typed arrays: unlike a Set of numbers it has no
 * 2^24 limit (a million records give tens of millions of candidate pairs), and it takes 8 bytes a slot.
 */
class PairSet {
  private is: Int32Array;
  private js: Int32Array;
  private mask: number;
  size = 0;
  constructor(capacity = 1 << 12) {
    let c = 1 << 4;
    while (c < capacity) c *= 2;
    this.is = new Int32Array(c).fill(-1);
    this.js = new Int32Array(c);
    this.mask = c - 1;
  }
  private static slot(i: number, j: number, mask: number): number {
    let h = Math.imul(i, 0x9e3779b1) ^ Math.imul(j ^ 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    return h & mask;
  }
  /** Adds the pair; false if it was there already. */
  add(i: number, j: number): boolean {
    if (2 * (this.size + 1) > this.is.length) this.grow();
    const { is, js, mask } = this;
    let k = PairSet.slot(i, j, mask);
    for (;;) {
      const x = is[k]!;
      if (x === -1) break;
      if (x === i && js[k] === j) return false;
      k = (k + 1) & mask;
    }
    is[k] = i;
    js[k] = j;
    this.size++;
    return true;
  }
  private grow(): void {
    const { is, js } = this;
    const c = is.length * 2;
    this.is = new Int32Array(c).fill(-1);
    this.js = new Int32Array(c);
    this.mask = c - 1;
    for (let k = 0; k < is.length; k++) {
      const i = is[k]!;
      if (i === -1) continue;
      let s = PairSet.slot(i, js[k]!, this.mask);
      while (this.is[s] !== -1) s = (s + 1) & this.mask;
      this.is[s] = i;
      this.js[s] = js[k]!;
    }
  }
}

/** An Int32Array that grows as values are pushed. */
class IntList {
  data = new Int32Array(1 << 10);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
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
  const defaultMaxBlockSize = options.maxBlockSize ?? 100;
  const defaultWindow = options.window ?? 20;
  const dedup = right === undefined;
  const nLeft = left.length;
  const nRight = dedup ? nLeft : right.length;
  const total = dedup ? nLeft : nLeft + nRight;
  const record = (g: number): R => (g < nLeft ? left[g]! : right![g - nLeft]!);
  let sortKeys: string[] | undefined;
  const defaultSortKey = (g: number): string => {
    sortKeys ??= Array.from({ length: total }, (_, i) => {
      const r = record(i);
      return options.sortKey ? options.sortKey(r) : rules.map((rule) => keysOf(rule, r).join(',')).join('|');
    });
    return sortKeys[g]!;
  };

  const a: number[] = [];
  const b: number[] = [];
  const seen = new PairSet();
  let added = 0;
  const add = (g1: number, g2: number) => {
    let i: number;
    let j: number;
    if (dedup) {
      if (g1 === g2) return;
      i = g1 < g2 ? g1 : g2;
      j = g1 < g2 ? g2 : g1;
    } else {
      if (g1 < nLeft === g2 < nLeft) return;
      i = g1 < nLeft ? g1 : g2;
      j = g1 < nLeft ? g2 - nLeft : g1 - nLeft;
    }
    if (!seen.add(i, j)) return;
    a.push(i);
    b.push(j);
    added++;
  };

  const stats: BlockingRuleStats[] = [];
  for (const rule of rules) {
    const maxBlockSize = rule.maxBlockSize ?? defaultMaxBlockSize;
    const window = Math.max(2, rule.window ?? defaultWindow);
    const ruleSortKey = rule.sortKey;
    const sortKeyOf = ruleSortKey ? (g: number) => ruleSortKey(record(g)) : defaultSortKey;
    // Each record's blocks, numbered in the order their keys first appear; then the members of every
    // block, in record order, laid out one block after another (a counting sort), so that a million
    // records need no million small arrays.
    const blockOf = new Map<string, number>();
    const entryBlock = new IntList();
    const entryRecord = new IntList();
    for (let g = 0; g < total; g++) {
      const keys = keysOf(rule, record(g));
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        if (k > 0 && keys.indexOf(key) < k) continue; // a key given twice puts the record in its block once
        let id = blockOf.get(key);
        if (id === undefined) {
          id = blockOf.size;
          blockOf.set(key, id);
        }
        entryBlock.push(id);
        entryRecord.push(g);
      }
    }
    const blocks = blockOf.size;
    blockOf.clear();
    const start = new Int32Array(blocks + 1);
    for (let e = 0; e < entryBlock.length; e++) start[entryBlock.data[e]! + 1]!++;
    for (let id = 0; id < blocks; id++) start[id + 1]! += start[id]!;
    const members = new Int32Array(entryBlock.length);
    const fill = start.slice(0, blocks);
    for (let e = 0; e < entryBlock.length; e++) members[fill[entryBlock.data[e]!]!++] = entryRecord.data[e]!;

    const s: BlockingRuleStats = { name: rule.name, blocks: 0, largestBlock: 0, oversizedBlocks: 0, newPairs: 0 };
    added = 0;
    for (let id = 0; id < blocks; id++) {
      const from = start[id]!;
      const size = start[id + 1]! - from;
      if (size < 2) continue;
      s.blocks++;
      s.largestBlock = Math.max(s.largestBlock, size);
      if (size <= maxBlockSize) {
        for (let p = from; p < from + size; p++) for (let q = p + 1; q < from + size; q++) add(members[p]!, members[q]!);
      } else {
        s.oversizedBlocks++;
        const sorted = Array.from(members.subarray(from, from + size), (g) => ({ g, k: sortKeyOf(g) }))
          .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : x.g - y.g))
          .map((x) => x.g);
        if (dedup) {
          for (let p = 0; p < sorted.length; p++) {
            const end = Math.min(sorted.length, p + window);
            for (let q = p + 1; q < end; q++) add(sorted[p]!, sorted[q]!);
          }
        } else {
          // Linkage pairs only across the files, so each record of the first file meets the nearest
          // window − 1 records of the other file on either side of it in the order, however many of its own
          // file stand between (a file that lists one person 20 times must not hide the registry's record
          // from all but the nearest two).
          const m = sorted.length;
          const nextRight = new Int32Array(m + 1).fill(m);
          for (let p = m - 1; p >= 0; p--) nextRight[p] = sorted[p]! < nLeft ? nextRight[p + 1]! : p;
          const prevRight = new Int32Array(m).fill(-1);
          for (let p = 0; p < m; p++) prevRight[p] = sorted[p]! < nLeft ? (p > 0 ? prevRight[p - 1]! : -1) : p;
          for (let p = 0; p < m; p++) {
            if (sorted[p]! >= nLeft) continue;
            for (let k = 1, q = nextRight[p]!; k < window && q < m; k++, q = nextRight[q + 1]!) add(sorted[p]!, sorted[q]!);
            for (let k = 1, q = prevRight[p]!; k < window && q >= 0; k++, q = q > 0 ? prevRight[q - 1]! : -1) add(sorted[p]!, sorted[q]!);
          }
        }
      }
    }
    s.newPairs = added;
    stats.push(s);
  }
  const possiblePairs = dedup ? (nLeft * (nLeft - 1)) / 2 : nLeft * nRight;
  return { a, b, possiblePairs, reductionRatio: possiblePairs === 0 ? 1 : 1 - a.length / possiblePairs, rules: stats };
}
