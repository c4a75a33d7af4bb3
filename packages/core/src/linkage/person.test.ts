import { describe, expect, it } from 'vitest';
import { FULL_NAME_LEVELS } from './comparators.js';
import { linkageNameKey } from './keys.js';
import { PERSON_FIELDS, toPersonLinkRecord } from './person.js';
import { generateThaiRecords, SYNTHETIC_SLIPS } from './synthetic.js';

describe('a source row made ready for linkage', () => {
  it('strips the title, reads sex from it when none is given, and reads a BE date', () => {
    const r = toPersonLinkRecord({ firstName: 'นางสาวสมศรี', lastName: 'ใจดี', birthDate: '๑/๓/๒๔๙๓', areaCode: '90-01-01' });
    expect(r).toMatchObject({ first: linkageNameKey('สมศรี'), last: linkageNameKey('ใจดี'), sex: 'female', birth: '1950-03-01', area: '900101', cid: null });
  });

  it('splits a whole name, keeps a valid ID and drops one failing the checksum', () => {
    expect(toPersonLinkRecord({ fullName: 'นาย สมชาย ใจดี', cid: '1-1037-02071-81-1' })).toMatchObject({
      first: 'สมชาย',
      last: linkageNameKey('ใจดี'),
      sex: 'male',
      cid: '1103702071811',
    });
    expect(toPersonLinkRecord({ fullName: 'สมชาย ใจดี', cid: '1103702071810' }).cid).toBeNull();
  });

  it('takes sex as written in the usual codes, and a date already read', () => {
    expect(toPersonLinkRecord({ sex: 'หญิง' }).sex).toBe('female');
    expect(toPersonLinkRecord({ sex: '1' }).sex).toBe('male');
    expect(toPersonLinkRecord({ sex: 'unknown' }).sex).toBeNull();
    expect(toPersonLinkRecord({ birthDate: { iso: '1950-03-01', precision: 'month' } }).birth).toBe('1950-03');
  });

  it('lines up a name typed whole into the first-name field with one given in two', () => {
    const name = PERSON_FIELDS[0]!;
    const glued = toPersonLinkRecord({ firstName: 'สมศรีใจดี' });
    const spaced = toPersonLinkRecord({ firstName: 'สมศรี ใจดี' });
    const apart = toPersonLinkRecord({ firstName: 'สมศรี', lastName: 'ใจดี' });
    expect(FULL_NAME_LEVELS[name.compare(glued, apart)]).toBe('exact');
    expect(FULL_NAME_LEVELS[name.compare(apart, spaced)]).toBe('exact');
    const firstOnly = toPersonLinkRecord({ firstName: 'สมศรี' });
    expect(FULL_NAME_LEVELS[name.compare(firstOnly, apart)]).toBe('first_only_known');
  });
});

describe('the seeded Thai synthetic generator', () => {
  const a = generateThaiRecords({ seed: 9, records: 2_000 });

  it('repeats itself for a seed, and differs for another', () => {
    const b = generateThaiRecords({ seed: 9, records: 2_000 });
    expect(b.records).toEqual(a.records);
    expect(generateThaiRecords({ seed: 10, records: 2_000 }).records).not.toEqual(a.records);
  });

  it('makes the records asked for, several per person for many', () => {
    expect(a.records).toHaveLength(2_000);
    const perEntity = new Map<string, number>();
    for (const r of a.records) perEntity.set(r.entity, (perEntity.get(r.entity) ?? 0) + 1);
    expect(perEntity.size).toBe(a.persons.length);
    expect([...perEntity.values()].filter((n) => n > 1).length).toBeGreaterThan(a.persons.length / 3);
  });

  it('makes every kind of slip', () => {
    const seen = new Set(a.records.flatMap((r) => r.slips));
    for (const s of SYNTHETIC_SLIPS) expect(seen.has(s), s).toBe(true);
  });

  it('writes what it says: BE years read back as the true date, invalid IDs fail the checksum', () => {
    const byEntity = new Map(a.persons.map((p) => [p.entity, p]));
    for (const r of a.records) {
      const rec = toPersonLinkRecord(r.input);
      const p = byEntity.get(r.entity)!;
      if (r.slips.includes('cid_invalid')) expect(rec.cid).toBeNull();
      else if (!r.slips.includes('cid_missing')) expect(rec.cid).toBe(p.cid);
      const plainDate = !r.slips.some((s) => s.startsWith('birth_') && !['birth_be', 'birth_ce', 'birth_thai_digits'].includes(s));
      if (plainDate) expect(rec.birth, JSON.stringify(r.input)).toBe(p.birthDate);
    }
  });
});
