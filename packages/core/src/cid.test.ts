import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidCheckDigit, isValidCid, normaliseCid } from './cid.js';

// Rule and worked example: shared/domain/README.md (national ID check digit, mod 11 with weights 13..2).
describe('Thai national ID checksum', () => {
  it('accepts the worked example and refuses its neighbour', () => {
    expect(cidCheckDigit('110370207181')).toBe(1);
    expect(isValidCid('1103702071811')).toBe(true);
    expect(isValidCid('1103702071810')).toBe(false);
  });

  it('accepts dashes, spaces and Thai digits', () => {
    expect(isValidCid('1-1037-02071-81-1')).toBe(true);
    expect(isValidCid('1 1037 02071 81 1')).toBe(true);
    expect(isValidCid('๑-๑๐๓๗-๐๒๐๗๑-๘๑-๑')).toBe(true);
    expect(normaliseCid('๑-๑๐๓๗-๐๒๐๗๑-๘๑-๑')).toBe('1103702071811');
  });

  it('refuses wrong lengths and letters', () => {
    for (const bad of ['', '110370207181', '11037020718111', '110370207181a', 'abcdefghijklm']) expect(isValidCid(bad), bad).toBe(false);
  });

  const twelve = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });

  it('property: the computed check digit always validates', () => {
    fc.assert(fc.property(twelve, (d) => isValidCid(d + cidCheckDigit(d))));
  });

  it('property: every other last digit is refused', () => {
    fc.assert(
      fc.property(twelve, fc.integer({ min: 1, max: 9 }), (d, delta) => {
        const wrong = (cidCheckDigit(d) + delta) % 10;
        return !isValidCid(d + wrong);
      }),
    );
  });
});
