/**
 * Pairwise quality of a linkage against known truth: precision, recall and F1 over record pairs.
 * Truth is an entity label per record; two records match when their labels are equal.
 */

export interface PairQuality {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

function quality(truePairs: number, predictedPairs: number, truePositives: number): PairQuality {
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}

function countBy(labels: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

/** Matching pairs there are: within `left` (deduplication), or between `left` and `right` (linkage). */
export function truePairCount(left: readonly string[], right?: readonly string[]): number {
  const cl = countBy(left);
  if (!right) return [...cl.values()].reduce((s, k) => s + (k * (k - 1)) / 2, 0);
  const cr = countBy(right);
  let n = 0;
  for (const [label, k] of cl) n += k * (cr.get(label) ?? 0);
  return n;
}

/** Quality of predicted pairs (a in left; b in left for deduplication or in right for linkage), each pair once. */
export function pairQuality(pairs: Iterable<{ a: number; b: number }>, left: readonly string[], right?: readonly string[]): PairQuality {
  const other = right ?? left;
  let predicted = 0;
  let tp = 0;
  for (const { a, b } of pairs) {
    predicted++;
    if (left[a] === other[b]) tp++;
  }
  return quality(truePairCount(left, right), predicted, tp);
}

/** Quality of a clustering of one file, counting every pair inside a cluster as predicted. */
export function clusterQuality(clusterOf: ArrayLike<number>, labels: readonly string[]): PairQuality {
  const byCluster = new Map<number, string[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = clusterOf[i]!;
    const xs = byCluster.get(c);
    if (xs) xs.push(labels[i]!);
    else byCluster.set(c, [labels[i]!]);
  }
  let predicted = 0;
  let tp = 0;
  for (const members of byCluster.values()) {
    predicted += (members.length * (members.length - 1)) / 2;
    tp += truePairCount(members);
  }
  return quality(truePairCount(labels), predicted, tp);
}
