import { describe, expect, it } from 'vitest';
import { areaLevel, inScope, parentArea, scopesOutside, scopeWithin } from './areas.js';

describe('area codes and scopes', () => {
  it('knows the level from the code length', () => {
    expect(areaLevel('90')).toBe('province');
    expect(areaLevel('9001')).toBe('district');
    expect(areaLevel('900101')).toBe('subdistrict');
    expect(areaLevel('90010103')).toBe('village');
    expect(areaLevel('900')).toBeUndefined();
    expect(areaLevel('TH')).toBe('country');
    expect(parentArea('900101')).toBe('9001');
    expect(parentArea('90')).toBe('TH');
  });

  it('matches a scope by prefix', () => {
    expect(inScope('900101', ['900101'])).toBe(true);
    expect(inScope('90010103', ['900101'])).toBe(true);
    expect(inScope('900102', ['900101'])).toBe(false);
    expect(inScope('901101', ['90'])).toBe(true);
    expect(inScope('101101', ['TH'])).toBe(true);
  });

  it('lets an admin grant only what lies inside their own scope', () => {
    expect(scopeWithin(['900101', '900102'], ['9001'])).toBe(true);
    expect(scopeWithin(['9001'], ['900101'])).toBe(false);
    expect(scopeWithin(['TH'], ['90'])).toBe(false);
    expect(scopeWithin(['TH'], ['TH'])).toBe(true);
  });

  it("finds the scopes outside an organisation's area", () => {
    expect(scopesOutside(['900101', '610305', '9001'], '9001')).toEqual(['610305']);
    expect(scopesOutside(['90', 'TH'], '9001')).toEqual(['90', 'TH']);
    expect(scopesOutside(['610305', 'TH'], 'TH')).toEqual([]);
  });
});
