import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidCheckDigit, cidSlip, isNearCid, isValidCid, normaliseCid } from './cid.js';

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

describe('national IDs one typing slip apart', () => {
  // The 3rd digit weighs 11 ≡ 0 (mod 11): any digit there passes the checksum.
  const ID = '1103702071811';

  it('finds one digit changed, where both IDs are valid', () => {
    expect(isValidCid('1193702071811')).toBe(true);
    expect(cidSlip(ID, '1193702071811')).toEqual({ kind: 'one_digit', position: 3 });
    expect(isNearCid(ID, '1193702071811')).toBe(true);
    expect(isNearCid('1-1037-02071-81-1', '๑๒๐๓๗๐๒๐๗๑๘๑๑')).toBe(true); // 1203702071811: the 2nd digit, written otherwise
  });

  it('finds two adjacent digits swapped', () => {
    expect(isValidCid('1100000031671') && isValidCid('1100000031761')).toBe(true);
    expect(cidSlip('1100000031671', '1100000031761')).toEqual({ kind: 'transposed', position: 11 });
    expect(isNearCid('1100000031671', '1100000031761')).toBe(true);
  });

  it('is not near: the same ID, two digits apart, a swap of digits not side by side, or an invalid ID', () => {
    expect(isNearCid(ID, ID)).toBe(false);
    expect(isNearCid(ID, '1-1037-02071-81-1')).toBe(false); // the same, written otherwise
    expect(isValidCid('1103702071820')).toBe(true);
    expect(cidSlip(ID, '1103702071820')).toBeNull(); // the last two digits both differ, not a swap
    expect(isNearCid(ID, '1103702071820')).toBe(false);
    expect(cidSlip('1234567890123', '1264537890123')).toBeNull(); // 3rd and 5th swapped
    expect(cidSlip(ID, '1103702071810')).toEqual({ kind: 'one_digit', position: 13 });
    expect(isNearCid(ID, '1103702071810')).toBe(false); // one slip apart, but the other fails its checksum
    expect(isNearCid(ID, null)).toBe(false);
  });

  it('property: a valid ID with its 3rd digit changed is always near it', () => {
    const twelve = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(twelve, fc.integer({ min: 1, max: 9 }), (d, delta) => {
        const a = d + cidCheckDigit(d);
        const b = `${a.slice(0, 2)}${(Number(a[2]) + delta) % 10}${a.slice(3)}`;
        return isValidCid(b) && isNearCid(a, b) && cidSlip(a, b)?.position === 3;
      }),
    );
  });
});
