import { describe, expect, it } from 'vitest';
import { clusterRecords } from './cluster.js';
import { linkRecords, oneToOne } from './engine.js';
import { clusterQuality, pairQuality, truePairCount } from './evaluate.js';
import { PERSON_LINKAGE, type PersonLinkInput, toPersonLinkRecord } from './person.js';
import { generateThaiRecords } from './synthetic.js';

// Worked example of shared/domain/README.md: 1103702071811 is valid, 1103702071810 is not.
const VALID = '1103702071811';
const INVALID = '1103702071810';
const OTHER_VALID = '1-1037-02071-82-?'.replace('?', '0'); // check digit of 110370207182 is 0

const background = generateThaiRecords({ seed: 1, records: 1_500 }).records;

/** Runs the Thai configuration on the background records plus `extra`, returning the decisions on pairs among `extra`. */
function linkWith(extra: PersonLinkInput[], options: Parameters<typeof linkRecords>[3] = {}) {
  const records = [...background.map((r) => toPersonLinkRecord(r.input)), ...extra.map(toPersonLinkRecord)];
  const base = background.length;
  const result = linkRecords(PERSON_LINKAGE, records, undefined, options);
  const decision = (i: number, j: number) => result.pairs.find((p) => p.a === base + i && p.b === base + j);
  return { result, decision, base };
}

describe('national ID precedence', () => {
  it('links the same valid ID whatever else differs', () => {
    const { decision } = linkWith([
      { cid: VALID, firstName: 'สมชาย', lastName: 'ใจดี', birthDate: '1/1/2490', sex: 'ชาย', areaCode: '90010101' },
      { cid: `1-1037-02071-81-1`, firstName: 'ประไพ', lastName: 'ทองคำ', birthDate: '1980-05-05', sex: 'หญิง', areaCode: '90110101' },
    ]);
    expect(decision(0, 1)).toMatchObject({ decision: 'link', by: 'national_id', probability: 1 });
  });

  it('keeps apart two different valid IDs however alike the rest', () => {
    const same = { firstName: 'สมชาย', lastName: 'ใจดีมาก', birthDate: '1/1/2490', sex: 'ชาย', areaCode: '90010101' };
    const { decision, result } = linkWith([
      { ...same, cid: VALID },
      { ...same, cid: OTHER_VALID },
    ]);
    expect(decision(0, 1)).toBeUndefined();
    expect(result.counts.nationalIdConflicts).toBeGreaterThanOrEqual(1);
  });

  it('treats an ID failing the checksum as missing and scores the pair', () => {
    const same = { firstName: 'สมชาย', lastName: 'ใจดีมาก', birthDate: '1/1/2490', sex: 'ชาย', areaCode: '90010101' };
    const { decision } = linkWith([
      { ...same, cid: INVALID },
      { ...same, firstName: 'นายสมชาย', cid: VALID },
      { ...same, firstName: 'ประไพ', lastName: 'ทองคำ', birthDate: '1980', cid: INVALID },
    ]);
    expect(decision(0, 1)).toMatchObject({ decision: 'link', by: 'score' });
    expect(decision(0, 2)).toBeUndefined(); // the same invalid ID is no evidence at all
  });
});

describe('reviewers’ decisions', () => {
  it('keep their decision and leave the rest to the score', () => {
    const same = { firstName: 'สมชาย', lastName: 'ใจดีมาก', birthDate: '1/1/2490', sex: 'ชาย', areaCode: '90010101' };
    const first = linkWith([same, same, same]);
    expect(first.decision(0, 1)?.decision).toBe('link');
    const { base } = first;
    const second = linkWith([same, same, same], { decisions: [{ a: base + 1, b: base, match: false }] });
    expect(second.decision(0, 1)).toBeUndefined();
    expect(second.decision(0, 2)).toMatchObject({ decision: 'link', by: 'score' });
    expect(second.result.counts.byReviewer).toBe(1);
  });
});

describe('a whole run on the Thai synthetic set', () => {
  const { records } = generateThaiRecords({ seed: 42, records: 3_000 });
  const labels = records.map((r) => r.entity);
  const result = linkRecords(
    PERSON_LINKAGE,
    records.map((r) => toPersonLinkRecord(r.input)),
  );

  it('estimates weights that make sense: agreement for, disagreement against', () => {
    expect(result.parameters.converged).toBe(true);
    for (const f of result.parameters.fields) expect(f.m[0]!, f.name).toBeGreaterThan(f.u[0]!);
    for (const f of result.parameters.fields.filter((x) => x.name !== 'area')) expect(f.m.at(-1)!, f.name).toBeLessThan(f.u.at(-1)!);
  });

  it('links accurately, and the review queue holds the doubtful pairs', () => {
    const links = pairQuality(
      result.pairs.filter((p) => p.decision === 'link'),
      labels,
    );
    expect(links.precision).toBeGreaterThan(0.97);
    expect(links.recall).toBeGreaterThan(0.85);
    const withReview = pairQuality(result.pairs, labels);
    expect(withReview.recall).toBeGreaterThan(links.recall);
    for (const p of result.pairs) expect(p.decision === 'link' ? p.probability >= 0.9 : p.probability >= 0.1).toBe(true);
  });

  it('clusters links by transitive closure', () => {
    const q = clusterQuality(
      clusterRecords(
        records.length,
        result.pairs.filter((p) => p.decision === 'link'),
      ),
      labels,
    );
    expect(q.f1).toBeGreaterThan(0.9);
  });

  it('refuses thresholds in the wrong order', () => {
    expect(() => linkRecords({ ...PERSON_LINKAGE, thresholds: { upper: 0.1, lower: 0.9 } }, [])).toThrow();
  });
});

describe('clusters and pairwise quality', () => {
  it('joins records linked directly or through others', () => {
    expect(
      Array.from(
        clusterRecords(6, [
          { a: 0, b: 2 },
          { a: 2, b: 5 },
          { a: 3, b: 4 },
        ]),
      ),
    ).toEqual([0, 1, 0, 3, 3, 0]);
  });

  it('counts true pairs within a file and between two', () => {
    expect(truePairCount(['a', 'a', 'a', 'b', 'b', 'c'])).toBe(4);
    expect(truePairCount(['a', 'b', 'c'], ['a', 'a', 'c', 'd'])).toBe(3);
  });

  it('computes precision, recall and F1 over pairs and over clusters', () => {
    const labels = ['a', 'a', 'a', 'b', 'b'];
    const q = pairQuality(
      [
        { a: 0, b: 1 },
        { a: 1, b: 2 },
        { a: 2, b: 3 },
      ],
      labels,
    );
    expect(q).toMatchObject({ truePairs: 4, predictedPairs: 3, truePositives: 2 });
    expect(q.f1).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5), 12);
    expect(clusterQuality([0, 0, 0, 3, 3], labels)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(clusterQuality([0, 0, 0, 0, 0], labels)).toMatchObject({ predictedPairs: 10, truePositives: 4 });
  });
});

describe('one link per record between two de-duplicated files', () => {
  it('keeps the most probable link of each record and sends the rest to review', () => {
    const pair = (a: number, b: number, probability: number) => ({ a, b, probability, decision: 'link' as const, by: 'score' as const, score: 0, levels: [] });
    const out = oneToOne([pair(0, 0, 0.95), pair(0, 1, 0.99), pair(1, 1, 0.97), pair(1, 2, 0.93)]);
    const links = out.filter((p) => p.decision === 'link').map((p) => `${p.a}-${p.b}`);
    expect(links.sort()).toEqual(['0-1', '1-2']);
    expect(out.filter((p) => p.decision === 'review')).toHaveLength(2);
  });
});
