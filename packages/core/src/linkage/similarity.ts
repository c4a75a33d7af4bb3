/**
 * String similarity for record linkage: Jaro–Winkler (Winkler 1990) and the optimal-string-alignment
 * (restricted Damerau–Levenshtein) distance.
 *
 * Written here rather than taken from npm: the maintained-looking packages either compute a
 * different measure (a 5-character prefix bonus and a wider match window in one, no 0.7 boost
 * threshold) or are untyped CommonJS without a release in years. Both functions work on UTF-16 code
 * units, which is exact for Thai and Latin names (all in the Basic Multilingual Plane).
 */

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const t = Math.floor(halfTranspositions / 2);
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/**
 * Jaro–Winkler similarity in [0, 1]: Jaro raised for a common prefix of up to 4 characters (scale
 * 0.1), applied only when Jaro exceeds 0.7, as Winkler defined it.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of two
 * adjacent characters each cost 1 (so "1234" → "1243" is 1). Stops early and returns `limit + 1`
 * once the distance is known to exceed `limit`.
 */
export function osaDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb]!;
}

/**
 * True when `a` and `b` are at most one edit apart (one insertion, deletion, substitution, or swap of
 * two adjacent characters): `osaDistance(a, b, 1) <= 1` in linear time and without allocating.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // substitution at i, or a swap of i and i + 1
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  // insertion or deletion at i
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * American Soundex (the National Archives rule: H and W do not separate letters of the same code),
 * for blocking Latin-script names. Returns '' for a name with no Latin letter.
 */
export function soundex(name: string): string {
  const s = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (!s) return '';
  const code = (c: string) => SOUNDEX_CODES[c.charCodeAt(0) - 65]!;
  let out = s[0]!;
  let last = code(s[0]!);
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const c = s[i]!;
    const d = code(c);
    if (c === 'H' || c === 'W') continue;
    if (d !== '0' && d !== last) out += d;
    last = d;
  }
  return out.padEnd(4, '0');
}
//                      ABCDEFGHIJKLMNOPQRSTUVWXYZ
const SOUNDEX_CODES = '01230120022455012623010202';
