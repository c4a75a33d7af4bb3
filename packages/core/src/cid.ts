import { thaiDigitsToAscii } from './text.js';

/**
 * Thai national ID (เลขประจำตัวประชาชน): 13 digits, the last a check digit:
 * s = Σ d_i × (14 − i) for i = 1..12; d13 = (11 − s mod 11) mod 10.
 */
export function normaliseCid(input: string): string {
  return thaiDigitsToAscii(input).replace(/[\s-]/g, '');
}

export function cidCheckDigit(first12: string): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(first12[i]) * (13 - i);
  return (11 - (s % 11)) % 10;
}

export function isValidCid(input: string): boolean {
  const cid = normaliseCid(input);
  return /^\d{13}$/.test(cid) && cidCheckDigit(cid.slice(0, 12)) === Number(cid[12]);
}

/**
 * How two national IDs that are not the same may be one typing slip apart: exactly one of the 13
 * digits differs ('one_digit'), or two adjacent digits are swapped ('transposed'); null otherwise
 * (the same ID, two or more slips apart, or either not 13 digits). `position` is the first digit that
 * differs, counted from 1. The checksum catches most such slips, but not all: a slip that leaves the
 * weighted sum's remainder at 0 or 10 gives another valid ID (e.g. a wrong 3rd digit).
 */
export function cidSlip(a: string, b: string): { kind: 'one_digit' | 'transposed'; position: number } | null {
  const x = normaliseCid(a);
  const y = normaliseCid(b);
  if (!/^\d{13}$/.test(x) || !/^\d{13}$/.test(y) || x === y) return null;
  const diff: number[] = [];
  for (let i = 0; i < 13 && diff.length <= 2; i++) if (x[i] !== y[i]) diff.push(i);
  const [i, j] = diff as [number, number];
  if (diff.length === 1) return { kind: 'one_digit', position: i + 1 };
  if (diff.length === 2 && j === i + 1 && x[i] === y[j] && x[j] === y[i]) return { kind: 'transposed', position: i + 1 };
  return null;
}

/** Two valid national IDs, not the same, that may be one typing slip apart (see `cidSlip`). */
export function isNearCid(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a && b && isValidCid(a) && isValidCid(b) && cidSlip(a, b));
}
