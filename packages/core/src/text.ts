const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Replaces Thai digits (๐–๙) with ASCII digits. */
export function thaiDigitsToAscii(s: string): string {
  return s.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}
