import { describe, expect, it } from 'vitest';
import { linkRecords } from './engine.js';
import { PERSON_LINKAGE, type PersonLinkInput, toPersonLinkRecord } from './person.js';
import { generateThaiRecords } from './synthetic.js';

/** Two valid national IDs one typing slip apart, everything else agreeing: a reviewer's, not two persons (issue 19, item 4). */
describe('valid national IDs one typing slip apart', () => {
  const background = generateThaiRecords({ seed: 3, records: 1_000 }).records.map((r) => toPersonLinkRecord(r.input));
  const same = { firstName: 'สมชาย', lastName: 'ใจดีมาก', birthDate: '3/5/2490', sex: 'ชาย', areaCode: '90010101' };
  const run = (a: PersonLinkInput, b: PersonLinkInput) => {
    const result = linkRecords(PERSON_LINKAGE, [...background, toPersonLinkRecord(a)], [...background, toPersonLinkRecord(b)]);
    const n = background.length;
    return { result, pair: result.pairs.find((p) => p.a === n && p.b === n) };
  };

  it('puts a pair one digit apart (the 3rd, which the checksum cannot see) to a reviewer', () => {
    const { pair, result } = run({ ...same, cid: '1103702071811' }, { ...same, cid: '1193702071811' });
    expect(pair).toMatchObject({ decision: 'review', by: 'near_national_id' });
    expect(pair?.levels).toEqual([0, 0, 0, 0]);
    expect(result.counts.nearNationalId).toBe(1);
  });

  it('puts a pair with two adjacent digits swapped to a reviewer', () => {
    const { pair } = run({ ...same, cid: '1100000031671' }, { ...same, cid: '1100000031761' });
    expect(pair).toMatchObject({ decision: 'review', by: 'near_national_id' });
  });

  it('keeps apart IDs two digits apart, or near IDs where anything else differs', () => {
    expect(run({ ...same, cid: '1103702071811' }, { ...same, cid: '1103702071820' }).pair).toBeUndefined();
    for (const other of [{ birthDate: '3/5/2491' }, { birthDate: '2490' }, { firstName: 'สมชัย' }, { sex: 'หญิง' }, { areaCode: '90010201' }])
      expect(run({ ...same, cid: '1103702071811' }, { ...same, ...other, cid: '1193702071811' }).pair, JSON.stringify(other)).toBeUndefined();
  });

  it('lets a reviewer’s decision on such a pair stand', () => {
    const a = { ...same, cid: '1103702071811' };
    const b = { ...same, cid: '1193702071811' };
    const n = background.length;
    const left = [...background, toPersonLinkRecord(a)];
    const right = [...background, toPersonLinkRecord(b)];
    const apart = linkRecords(PERSON_LINKAGE, left, right, { decisions: [{ a: n, b: n, match: false }] });
    expect(apart.pairs.find((p) => p.a === n && p.b === n)).toBeUndefined();
    const linked = linkRecords(PERSON_LINKAGE, left, right, { decisions: [{ a: n, b: n, match: true }] });
    expect(linked.pairs.find((p) => p.a === n && p.b === n)).toMatchObject({ decision: 'link', by: 'reviewer' });
  });
});
