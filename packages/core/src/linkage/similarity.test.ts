import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, osaDistance, soundex, withinOneEdit } from './similarity.js';

// Reference values: Winkler (1990) and the worked examples usually quoted with it
// (MARTHA/MARHTA 0.944 Jaro, 0.961 Jaro–Winkler; DWAYNE/DUANE 0.822, 0.840; DIXON/DICKSONX 0.767, 0.813).
describe('Jaro and Jaro–Winkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.9444, 0.9611],
    ['DWAYNE', 'DUANE', 0.8222, 0.84],
    ['DIXON', 'DICKSONX', 0.7667, 0.8133],
  ])('%s / %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('is 1 for equal strings, 0 with nothing in common or an empty side', () => {
    expect(jaroWinkler('สมศรี', 'สมศรี')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('gives no prefix bonus below Jaro 0.7 and caps the prefix at 4', () => {
    expect(jaroWinkler('abcdxxxx', 'abcdyyyy')).toBe(jaro('abcdxxxx', 'abcdyyyy'));
    const j = jaro('abcdefgh', 'abcdefhg');
    expect(jaroWinkler('abcdefgh', 'abcdefhg')).toBeCloseTo(j + 4 * 0.1 * (1 - j), 12);
  });

  it('is symmetric and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const x = jaroWinkler(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBeCloseTo(x, 12);
      }),
    );
  });

  it('rates a one-letter slip in a Thai name well above an unrelated name', () => {
    expect(jaroWinkler('สมศรี', 'สมสรี')).toBeGreaterThan(0.85);
    expect(jaroWinkler('สมศรี', 'ประไพ')).toBeLessThan(0.5);
  });
});

describe('optimal-string-alignment distance', () => {
  it.each([
    ['1234', '1234', 0],
    ['1234', '1243', 1],
    ['1234', '124', 1],
    ['1234', '12345', 1],
    ['1234', '1294', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['ca', 'abc', 3], // OSA, not full Damerau: no edit of a transposed pair
  ])('%s → %s is %i', (a, b, d) => {
    expect(osaDistance(a, b)).toBe(d);
    expect(osaDistance(b, a)).toBe(d);
  });

  it('stops past the limit', () => {
    expect(osaDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    expect(osaDistance('a', 'abcdef', 2)).toBe(3);
  });
});

// Reference codes: the US National Archives' Soundex rules (Robert/Rupert R163, Ashcraft A261, Tymczak T522, Pfister P236).
describe('Soundex', () => {
  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Rubin', 'R150'],
    ['Ashcraft', 'A261'],
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'],
    ['Lee', 'L000'],
    ["o'brien", 'O165'],
    ['', ''],
    ['สมศรี', ''],
  ])('%s → %s', (name, code) => expect(soundex(name)).toBe(code));
});

describe('within one edit', () => {
  it('agrees with the optimal-string-alignment distance', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 7 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 7 }),
        (a, b) => {
          expect(withinOneEdit(a, b)).toBe(osaDistance(a, b) <= 1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
