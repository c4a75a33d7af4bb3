/** Clusters of records joined by links (transitive closure), by union–find with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  union(x: number, y: number): boolean {
    let rx = this.find(x);
    let ry = this.find(y);
    if (rx === ry) return false;
    if (this.size[rx]! < this.size[ry]!) [rx, ry] = [ry, rx];
    this.parent[ry] = rx;
    this.size[rx]! += this.size[ry]!;
    return true;
  }
}

/**
 * The cluster of each of `n` records under the given links: `clusterOf[i]` is the smallest index in
 * i's cluster, so records that are linked directly or through others share it.
 */
export function clusterRecords(n: number, links: Iterable<{ a: number; b: number }>): Int32Array {
  const uf = new UnionFind(n);
  for (const { a, b } of links) uf.union(a, b);
  const smallest = new Int32Array(n).fill(-1);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    if (smallest[r] === -1) smallest[r] = i;
    out[i] = smallest[r]!;
  }
  return out;
}
