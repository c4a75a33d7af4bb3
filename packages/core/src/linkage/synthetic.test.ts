import { describe, expect, it } from 'vitest';
import { generateThaiRecords, type SyntheticPerson } from './synthetic.js';

const small = generateThaiRecords({ seed: 3, records: 10_000 });
const large = generateThaiRecords({ seed: 3, records: 200_000 });

const distinct = (persons: SyntheticPerson[], of: (p: SyntheticPerson) => string) => new Set(persons.map(of)).size;
const letters = (name: string) => name.replace(/[^ก-ฮ]/g, '').length;

describe('the seeded Thai synthetic generator at scale', () => {
  it('repeats itself for a seed, persons and records alike, and differs for another', () => {
    const again = generateThaiRecords({ seed: 3, records: 10_000 });
    expect(again.persons).toEqual(small.persons);
    expect(again.records).toEqual(small.records);
    expect(generateThaiRecords({ seed: 4, records: 10_000 }).persons).not.toEqual(small.persons);
  });

  it('makes the records asked for at every size', () => {
    expect(small.records).toHaveLength(10_000);
    expect(large.records).toHaveLength(200_000);
  });

  it('draws given names Zipf-like: a few common ones, a long tail, more distinct names the more people', () => {
    for (const { persons } of [small, large]) {
      const counts = new Map<string, number>();
      for (const p of persons) counts.set(p.firstName, (counts.get(p.firstName) ?? 0) + 1);
      const sorted = [...counts.values()].sort((x, y) => y - x);
      // The commonest name is held by about one person in a hundred, not one in ten.
      expect(sorted[0]! / persons.length).toBeGreaterThan(0.003);
      expect(sorted[0]! / persons.length).toBeLessThan(0.03);
      // Most names are held by one person only.
      expect(sorted.filter((n) => n === 1).length / counts.size).toBeGreaterThan(0.5);
    }
    const ratio = distinct(large.persons, (p) => p.firstName) / distinct(small.persons, (p) => p.firstName);
    expect(ratio).toBeGreaterThan(4);
  });

  it('gives nearly every household line its own surname, at most ten letters, and more of them the more people', () => {
    for (const { persons } of [small, large]) {
      // A household is a surname in a village; a surname shared by several is a related household or a clan name.
      const households = distinct(persons, (p) => `${p.village}|${p.lastName}`);
      expect(distinct(persons, (p) => p.lastName) / households).toBeGreaterThan(0.7);
      expect([...new Set(persons.map((p) => p.lastName))].filter((name) => letters(name) > 10)).toEqual([]);
    }
    expect(distinct(large.persons, (p) => p.lastName) / distinct(small.persons, (p) => p.lastName)).toBeGreaterThan(15);
  });

  it('covers more villages the more people, keeping a village at 100–400 people', () => {
    for (const { persons } of [small, large]) {
      const villages = distinct(persons, (p) => p.village);
      const mean = persons.length / villages;
      expect(mean, `${persons.length} people in ${villages} villages`).toBeGreaterThanOrEqual(100);
      expect(mean).toBeLessThanOrEqual(400);
    }
    expect(distinct(large.persons, (p) => p.village.slice(0, 6))).toBeGreaterThan(5 * distinct(small.persons, (p) => p.village.slice(0, 6)));
  });

  it('writes area codes in the DOPA layout: village 8 digits in a region-12 province, or a district, or none', () => {
    const region12 = new Set(['90', '91', '92', '93', '94', '95', '96']);
    expect(large.persons.filter((p) => !/^\d{8}$/.test(p.village) || !region12.has(p.village.slice(0, 2)))).toEqual([]);
    const byEntity = new Map(large.persons.map((p) => [p.entity, p]));
    const wrong = large.records.filter((r) => {
      const area = r.input.areaCode;
      const home = byEntity.get(r.entity)!.village;
      if (area === null || area === undefined) return !r.slips.includes('area_missing');
      if (!(r.slips.includes('area_district_only') ? /^\d{4}$/ : /^\d{8}$/).test(area)) return true;
      // A move stays inside the person's subdistrict or district.
      if (r.slips.includes('moved_village')) return area.slice(0, 6) !== home.slice(0, 6);
      if (r.slips.includes('moved_subdistrict')) return area.slice(0, 4) !== home.slice(0, 4);
      return false;
    });
    expect(wrong).toEqual([]);
  });
});
