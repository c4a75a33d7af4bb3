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
