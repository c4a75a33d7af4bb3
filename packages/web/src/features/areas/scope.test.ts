import { describe, expect, it } from 'vitest';
import { addScope, deepestSelectable, fixedChain, navigable, selectable } from './scope';

describe('area picker scope rules', () => {
  it('fixes the levels every scope shares', () => {
    expect(fixedChain(['900101'])).toEqual(['90', '9001', '900101']);
    expect(fixedChain(['9001', '9002'])).toEqual(['90']);
    expect(fixedChain(['90'])).toEqual(['90']);
    expect(fixedChain(['90', '91'])).toEqual([]);
    expect(fixedChain(['TH'])).toEqual([]);
    expect(fixedChain(['900101', '900102'])).toEqual(['90', '9001']);
    expect(fixedChain(['900101'], 4)).toEqual(['90', '9001']);
  });

  it('lets the user open ancestors of a scope but pick only inside it', () => {
    expect(navigable('9001', ['900101'])).toBe(true);
    expect(selectable('9001', ['900101'])).toBe(false);
    expect(navigable('9002', ['900101'])).toBe(false);
    expect(selectable('900101', ['9001'])).toBe(true);
    expect(navigable('10', ['TH'])).toBe(true);
  });

  it('reports the deepest area the user may pick', () => {
    expect(deepestSelectable('900101', ['9001'])).toBe('900101');
    expect(deepestSelectable('9001', ['900101', '900102'])).toBeNull();
    expect(deepestSelectable('90', ['90'])).toBe('90');
    expect(deepestSelectable('900101', ['90'], 4)).toBe('9001');
    expect(deepestSelectable(null, ['TH'])).toBeNull();
  });

  it('keeps a scope list free of overlaps', () => {
    expect(addScope(['900101'], '9001')).toEqual(['9001']);
    expect(addScope(['9001'], '900101')).toEqual(['9001']);
    expect(addScope(['9001'], '9002')).toEqual(['9001', '9002']);
    expect(addScope(['9001'], 'TH')).toEqual(['TH']);
  });
});
