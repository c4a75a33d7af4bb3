import type { Area } from '@carehub/core';
import { COUNTRY_SCOPE } from '@carehub/core';
import { sql } from 'kysely';
import type { Tx } from '../../db/context.js';

/** "ต.บ่อยาง" / "Bo Yang"; Bangkok's districts and subdistricts are เขต and แขวง. */
export function thaiLabel(level: Area['level'], code: string, nameTh: string): string {
  const bangkok = code.startsWith('10');
  const prefix = { province: bangkok ? '' : 'จ.', district: bangkok ? 'เขต' : 'อ.', subdistrict: bangkok ? 'แขวง' : 'ต.', village: 'ม.' }[level];
  return `${prefix}${nameTh}`;
}

/**
 * Full names of area codes with their district and province, in Thai and English:
 * 610305 → "ต.บ่อยาง อ.เมืองอุทัยธานี จ.อุทัยธานี" / "Bo Yang, Mueang Uthai Thani, Uthai Thani".
 * An unknown code is named by itself.
 */
export async function areaPaths(tx: Tx, codes: readonly string[]): Promise<Map<string, { th: string; en: string }>> {
  const prefixes = [...new Set(codes.flatMap((c) => [2, 4, 6, 8].filter((n) => n <= c.length).map((n) => c.slice(0, n))))];
  const rows = prefixes.length
    ? await tx.selectFrom('areas').select(['code', 'level', 'name_th', 'name_en']).where('code', 'in', prefixes).orderBy(sql`length(code)`, 'desc').execute()
    : [];
  const out = new Map<string, { th: string; en: string }>();
  for (const code of codes) {
    if (code === COUNTRY_SCOPE) {
      out.set(code, { th: 'ทั้งประเทศ', en: 'The whole country' });
      continue;
    }
    const chain = rows.filter((r) => code.startsWith(r.code));
    out.set(
      code,
      chain.length && chain[0]!.code === code
        ? { th: chain.map((r) => thaiLabel(r.level, r.code, r.name_th)).join(' '), en: chain.map((r) => r.name_en || r.name_th).join(', ') }
        : { th: code, en: code },
    );
  }
  return out;
}
