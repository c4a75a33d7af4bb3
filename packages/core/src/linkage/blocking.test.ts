import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BlockingRule, candidatePairs } from './blocking.js';

interface Rec {
  x: string;
  y: string;
}
const rules: BlockingRule<Rec>[] = [
  { name: 'x', key: (r) => r.x },
  { name: 'y', key: (r) => (r.y ? [r.y, `${r.y}!`] : null) },
];
const shares = (a: Rec, b: Rec) => (a.x !== '' && a.x === b.x) || (a.y !== '' && a.y === b.y);
const recs = fc.array(fc.record({ x: fc.constantFrom('', 'a', 'b', 'c'), y: fc.constantFrom('', 'p', 'q') }), { maxLength: 40 });

describe('blocking', () => {
  it('finds every pair that shares a key, and no other, each once (deduplication)', () => {
    fc.assert(
      fc.property(recs, (rs) => {
        const c = candidatePairs(rules, rs, undefined, { maxBlockSize: 1000 });
        const got = c.a.map((a, i) => `${a}-${c.b[i]}`);
        expect(new Set(got).size).toBe(got.length);
        const want: string[] = [];
        for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) if (shares(rs[i]!, rs[j]!)) want.push(`${i}-${j}`);
        expect([...got].sort()).toEqual(want.sort());
        expect(c.a.every((a, i) => a < c.b[i]!)).toBe(true);
      }),
    );
  });

  it('pairs only across the two files in linkage', () => {
    fc.assert(
      fc.property(recs, recs, (left, right) => {
        const c = candidatePairs(rules, left, right, { maxBlockSize: 1000 });
        const got = c.a.map((a, i) => `${a}-${c.b[i]}`);
        const want: string[] = [];
        for (let i = 0; i < left.length; i++) for (let j = 0; j < right.length; j++) if (shares(left[i]!, right[j]!)) want.push(`${i}-${j}`);
        expect([...got].sort()).toEqual(want.sort());
      }),
    );
  });

  it('compares an oversized block by sorted neighbourhood: at most n·window pairs, neighbours in sort order kept', () => {
    const rs = Array.from({ length: 500 }, (_, i) => ({ x: 'same', y: String(i).padStart(3, '0') }));
    const c = candidatePairs([{ name: 'x', key: (r: Rec) => r.x }], rs, undefined, { maxBlockSize: 100, window: 5, sortKey: (r) => r.y });
    expect(c.rules[0]).toMatchObject({ blocks: 1, largestBlock: 500, oversizedBlocks: 1 });
    expect(c.a.length).toBeLessThanOrEqual(500 * 4);
    const got = new Set(c.a.map((a, i) => `${a}-${c.b[i]}`));
    expect(got.has('10-11')).toBe(true);
    expect(got.has('10-14')).toBe(true);
    expect(got.has('10-15')).toBe(false);
  });

  it('lets a rule bring its own block size, window and order, leaving the other rules to the options', () => {
    // 40 records share x (one block of 40) and y (one block of 40); only rule x is capped.
    const rs = Array.from({ length: 40 }, (_, i) => ({ x: 'same', y: `${39 - i}`.padStart(2, '0') }));
    const c = candidatePairs(
      [
        { name: 'x', key: (r: Rec) => r.x, maxBlockSize: 8, window: 3, sortKey: (r: Rec) => r.y },
        { name: 'y', key: (r: Rec) => r.y.slice(0, 0) || 'all' },
      ],
      rs,
      undefined,
      { maxBlockSize: 1000, sortKey: () => '' },
    );
    // Rule x: sorted by y (records 39, 38, … 0), each compared with the next two: 39 + 38 pairs.
    expect(c.rules[0]).toMatchObject({ oversizedBlocks: 1, newPairs: 39 + 38 });
    const got = new Set(c.a.map((a, i) => `${a}-${c.b[i]}`));
    expect(got.has('10-11') && got.has('10-12')).toBe(true);
    // Rule y keeps the options' limit of 1,000: the whole block of 40 is compared, the rest of its 780 pairs.
    expect(c.rules[1]).toMatchObject({ oversizedBlocks: 0, newPairs: 780 - 77 });
  });

  it('in linkage, lets each record of an oversized block meet the nearest records of the other file, however many of its own come between', () => {
    // 22 rows of one person in the file, sorted between the registry's records a, b (before) and x, y, z (after).
    const left = Array.from({ length: 22 }, (_, i) => ({ x: 'same', y: `m${String(i).padStart(2, '0')}` }));
    const right = ['a', 'b', 'x', 'y', 'z'].map((y) => ({ x: 'same', y }));
    const c = candidatePairs([{ name: 'x', key: (r: Rec) => r.x }], left, right, { maxBlockSize: 8, window: 3, sortKey: (r) => r.y });
    const got = [...new Set(c.a.map((a, i) => `${a}-${c.b[i]}`))];
    // Every row meets the two registry records before it (a, b) and the two after it (x, y); not z, and no pair within one file.
    expect(got.sort()).toEqual(left.flatMap((_, i) => [0, 1, 2, 3].map((j) => `${i}-${j}`)).sort());
  });

  it('grows near-linearly: pairs per record stay bounded as the data grows and blocks swell', () => {
    // Key y puts n / 97 records in each block: 10 at n = 1,000, 300 at n = 30,000.
    const make = (n: number) => Array.from({ length: n }, (_, i) => ({ x: String(i % Math.ceil(n / 5)), y: String(i % 97) }));
    const perRecord = (n: number) => candidatePairs(rules, make(n), undefined, { maxBlockSize: 50, window: 10 }).a.length / n;
    const bound = 2 * Math.max(50 / 2, 10); // per rule: maxBlockSize / 2 in a full block, window in an oversized one
    const sizes = [1_000, 10_000, 30_000].map(perRecord);
    for (const x of sizes) expect(x).toBeLessThanOrEqual(bound);
    expect(sizes[2]! / sizes[1]!).toBeLessThan(1.1);
  });

  it('keeps each of a million pairs once when every rule finds them all again', () => {
    // 5,000 blocks of 20 under the first rule (950,000 pairs); the second and third rules make the same blocks.
    const rs = Array.from({ length: 100_000 }, (_, i) => ({ x: String(i % 5_000), y: `b${i % 5_000}` }));
    const same: BlockingRule<Rec>[] = [
      { name: 'x', key: (r) => r.x },
      { name: 'y', key: (r) => r.y },
      { name: 'x again', key: (r) => [r.x, r.x] },
    ];
    const c = candidatePairs(same, rs, undefined, { maxBlockSize: 100 });
    expect(c.a.length).toBe(5_000 * ((20 * 19) / 2));
    expect(c.rules.map((r) => r.newPairs)).toEqual([950_000, 0, 0]);
    expect(c.rules[2]).toMatchObject({ blocks: 5_000, largestBlock: 20 });
    expect(c.a.every((a, i) => a < c.b[i]! && a % 5_000 === c.b[i]! % 5_000)).toBe(true);
  });

  it('reports the reduction ratio and what each rule added', () => {
    const rs = [
      { x: 'a', y: 'p' },
      { x: 'a', y: 'p' },
      { x: 'b', y: 'p' },
      { x: 'c', y: '' },
    ];
    const c = candidatePairs(rules, rs);
    expect(c.possiblePairs).toBe(6);
    expect(c.a.length).toBe(3);
    expect(c.reductionRatio).toBeCloseTo(0.5);
    expect(c.rules.map((r) => r.newPairs)).toEqual([1, 2]);
  });
});
