import type { Area } from '@carehub/core';
import { COUNTRY_SCOPE, type Locale } from '@carehub/core';
import type { AreaDetail } from './api';

/** Bangkok (10) has เขต/แขวง instead of อำเภอ/ตำบล. */
function thaiPrefix(area: Area): string {
  const bangkok = area.code.startsWith('10');
  switch (area.level) {
    case 'province':
      return bangkok ? '' : 'จ.';
    case 'district':
      return bangkok ? 'เขต' : 'อ.';
    case 'subdistrict':
      return bangkok ? 'แขวง' : 'ต.';
    case 'village':
      return 'ม.';
  }
}

export function areaName(area: Area, lang: Locale): string {
  return lang === 'en' ? area.nameEn || area.nameTh : area.nameTh;
}

/** "ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา" / "Bo Yang, Mueang Songkhla, Songkhla". */
export function areaPath(detail: AreaDetail, lang: Locale): string {
  const chain = [detail, ...[...detail.ancestors].sort((a, b) => b.code.length - a.code.length)];
  return lang === 'en' ? chain.map((a) => areaName(a, 'en')).join(', ') : chain.map((a) => `${thaiPrefix(a)}${a.nameTh}`).join(' ');
}

export function isCountry(code: string): boolean {
  return code === COUNTRY_SCOPE;
}
