import { COUNTRY_SCOPE, inScope } from '@carehub/core';

/** Lengths of the codes the picker cascades through: province, district, subdistrict. */
export const PICKER_LEVELS = ['province', 'district', 'subdistrict'] as const;
export type PickerLevel = (typeof PICKER_LEVELS)[number];
export const LEVEL_LENGTH: Record<PickerLevel, number> = { province: 2, district: 4, subdistrict: 6 };

/** The user may pick this area: it lies inside (or is) one of their scopes. */
export function selectable(code: string, scopes: readonly string[]): boolean {
  return inScope(code, scopes);
}

/** The user may open this area to reach something selectable: it is selectable or an ancestor of a scope. */
export function navigable(code: string, scopes: readonly string[]): boolean {
  return inScope(code, scopes) || scopes.some((s) => s !== COUNTRY_SCOPE && s.startsWith(code));
}

/**
 * The chain of areas every scope lies in, which the picker shows fixed ("start at the scope level").
 * ['900101'] → ['90', '9001', '900101']; ['9001', '9002'] → ['90']; ['90'] → ['90']; ['TH'] → [].
 */
export function fixedChain(scopes: readonly string[], maxLength = 6): string[] {
  if (scopes.length === 0 || scopes.includes(COUNTRY_SCOPE)) return [];
  const chain: string[] = [];
  for (const len of [2, 4, 6]) {
    if (len > maxLength) break;
    const last = chain[chain.length - 1];
    // Once a fixed area is itself a scope, everything below it is a free choice.
    if (last && scopes.includes(last)) break;
    if (scopes.some((s) => s.length < len)) break;
    const prefixes = new Set(scopes.map((s) => s.slice(0, len)));
    if (prefixes.size !== 1) break;
    chain.push([...prefixes][0]!);
  }
  return chain;
}

/** The deepest selectable prefix of a navigation path (what the picker reports), or null. */
export function deepestSelectable(path: string | null, scopes: readonly string[], maxLength = 6): string | null {
  if (!path) return null;
  for (const len of [6, 4, 2]) {
    if (len > maxLength || len > path.length) continue;
    const code = path.slice(0, len);
    if (selectable(code, scopes)) return code;
  }
  return null;
}

/** Adds an area to a scope list, dropping areas it covers; ignored when an existing scope already covers it. */
export function addScope(list: readonly string[], code: string): string[] {
  if (list.some((s) => s === COUNTRY_SCOPE || code.startsWith(s))) return [...list];
  if (code === COUNTRY_SCOPE) return [COUNTRY_SCOPE];
  return [...list.filter((s) => !s.startsWith(code)), code];
}

/** The codes from the province down to `code`: '90010101' → ['90', '9001', '900101', '90010101']; 'TH' → ['TH']. */
export function areaChain(code: string): string[] {
  if (code === 'TH' || !/^\d{2,8}$/.test(code)) return [code];
  return [2, 4, 6, 8].filter((n) => n <= code.length).map((n) => code.slice(0, n));
}
