/**
 * DOPA geocodes: province 2 digits, district 4, subdistrict 6, village (หมู่) 8.
 * The hierarchy is the string prefix, so a user's scope is a set of prefixes.
 * The scope `TH` means the whole country.
 */
export type AreaLevel = 'country' | 'province' | 'district' | 'subdistrict' | 'village';

export const COUNTRY_SCOPE = 'TH';

const LEVEL_BY_LENGTH: Record<number, AreaLevel> = { 2: 'province', 4: 'district', 6: 'subdistrict', 8: 'village' };

export function areaLevel(code: string): AreaLevel | undefined {
  if (code === COUNTRY_SCOPE) return 'country';
  if (!/^\d+$/.test(code)) return undefined;
  return LEVEL_BY_LENGTH[code.length];
}

export function isAreaCode(code: string): boolean {
  return areaLevel(code) !== undefined;
}

/** Parent code: 900101 → 9001 → 90 → TH. */
export function parentArea(code: string): string | undefined {
  if (code === COUNTRY_SCOPE) return undefined;
  return code.length <= 2 ? COUNTRY_SCOPE : code.slice(0, code.length - 2);
}

/** True when `code` lies inside (or is) one of the scope prefixes. */
export function inScope(code: string, scopes: readonly string[]): boolean {
  return scopes.some((s) => s === COUNTRY_SCOPE || code.startsWith(s));
}

/** True when every prefix of `inner` lies inside `outer` (used when an admin grants a scope). */
export function scopeWithin(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((code) => inScope(code, outer) && (code !== COUNTRY_SCOPE || outer.includes(COUNTRY_SCOPE)));
}

/** The scopes that do not lie inside `area` (an organisation's area; `TH` holds every scope). */
export function scopesOutside(scopes: readonly string[], area: string): string[] {
  return scopes.filter((s) => !scopeWithin([s], [area]));
}
