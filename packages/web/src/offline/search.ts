import { searchKey } from '@carehub/core';

/**
 * Finds names in what the phone holds (the cached caseload) with no signal, forgiving the slips the
 * server forgives: both sides go through core's `searchKey` (titles, spacing and tone marks gone; ศ/ษ/ส,
 * ท/ธ …, vowel length, ั and the silent ร of ศรี folded), so "สี" finds "ศรี". The server then catches
 * a missing vowel or a typo by trigram similarity; here a match may miss up to one letter of the key
 * (two from eight letters on), found anywhere in the name. Best first: the whole name, a name starting
 * with the query, the query inside the name, then by letters missed.
 */
export function searchNames<T>(rows: readonly T[], query: string, name: (row: T) => string): T[] {
  const key = searchKey(query);
  if (!key) return [...rows];
  const allowed = key.length >= 8 ? 2 : key.length >= 3 ? 1 : 0;
  const scored: Array<{ row: T; rank: number; i: number }> = [];
  rows.forEach((row, i) => {
    const target = searchKey(name(row));
    let rank: number;
    if (target === key) rank = 0;
    else if (target.startsWith(key)) rank = 1;
    else if (target.includes(key)) rank = 2;
    else {
      const d = substringDistance(key, target);
      if (d > allowed) return;
      rank = 2 + d;
    }
    scored.push({ row, rank, i });
  });
  return scored.sort((a, b) => a.rank - b.rank || a.i - b.i).map((s) => s.row);
}

/**
 * The fewest letters to add, drop or change in `pattern` for it to appear somewhere in `text`
 * (Sellers' approximate substring matching: edit distance with a free start and end in `text`).
 */
export function substringDistance(pattern: string, text: string): number {
  const p = [...pattern];
  const t = [...text];
  let prev = Array.from({ length: p.length + 1 }, (_, i) => i);
  let best = prev[p.length]!;
  for (let j = 1; j <= t.length; j++) {
    const cur = [0];
    for (let i = 1; i <= p.length; i++) cur[i] = Math.min(prev[i]! + 1, cur[i - 1]! + 1, prev[i - 1]! + (p[i - 1] === t[j - 1] ? 0 : 1));
    best = Math.min(best, cur[p.length]!);
    prev = cur;
  }
  return best;
}
