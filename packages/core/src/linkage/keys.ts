/**
 * Keys of names for comparing and blocking. Built on `nameKey` (person.ts): title stripped, tone marks
 * and other signs dropped, spaces and dots removed, lower-cased.
 */
import { nameKey, splitTitle } from '../person.js';
import { thaiDigitsToAscii } from '../text.js';
import { soundex } from './similarity.js';

/** Vowel pairs that are easily confused in typing Thai names; the comparison key writes both the same way. */
const VOWEL_FOLDS: Record<string, string> = { 'ี': 'ิ', 'ื': 'ึ', 'ู': 'ุ', ใ: 'ไ' };
const FOLDED = /[ีืูใ]/g;

/**
 * The key two names are compared on: `nameKey` with the easily confused vowels folded (ิ/ี, ึ/ื,
 * ุ/ู, ใ/ไ), so "นางสมศรี  ใจดี่" and "สมสรี ไจดี" differ only where a letter really differs.
 */
export function linkageNameKey(name: string | null | undefined): string {
  if (!name) return '';
  return nameKey(name).replace(FOLDED, (c) => VOWEL_FOLDS[c]!);
}

/**
 * Thai consonants by sound, each class written with one letter: the classes follow the initial
 * sounds of the Royal Institute transcription (ข ฃ ค ฅ ฆ are all /kh/; ซ ศ ษ ส /s/; ฐ ฑ ฒ ถ ท ธ /th/;
 * ผ พ ภ /ph/ …). ร and ล are one class, since the two are widely interchanged in speech and spelling.
 */
const CONSONANT_CLASS: Record<string, string> = {};
for (const group of ['ก', 'ขฃคฅฆ', 'ง', 'จฉชฌ', 'ซศษส', 'ญย', 'ฎด', 'ฏต', 'ฐฑฒถทธ', 'ณน', 'บ', 'ป', 'ผพภ', 'ฝฟ', 'ม', 'รลฬฤฦ', 'ว', 'หฮ', 'อ']) {
  for (const c of group) CONSONANT_CLASS[c] = group[0]!;
}
/** A consonant silenced by the thanthakhat (์), with the vowel sign it may carry: ศักดิ์ → ศัก. */
const SILENT = /[ก-ฮ][ิุ]?์/g;
/** ห leading a sonorant (ห นำ: หนู, หมู, หลาน) only sets the tone; it is often left out. */
const LEADING_HO = /ห(?=[งญนมยรลว])/g;

/**
 * A sound key of a Thai name for blocking: the title stripped, silent letters dropped, then only the
 * consonants, each replaced by its sound class, repeats collapsed. Vowels, tone marks, spacing and
 * swaps between consonants that sound alike, and a ห นำ left out, do not change it. Latin-script names get Soundex.
 */
export function phoneticKey(name: string | null | undefined): string {
  if (!name) return '';
  const rest = splitTitle(thaiDigitsToAscii(name.normalize('NFC'))).rest;
  if (!/[ก-๛]/.test(rest)) return soundex(rest);
  let out = '';
  for (const c of rest.replace(SILENT, '').replace(LEADING_HO, '')) {
    const k = CONSONANT_CLASS[c];
    if (k && k !== out.at(-1)) out += k;
  }
  return out;
}

/**
 * A comparison key with each Thai consonant replaced by its sound class (ส/ศ/ษ/ซ, ร/ล, ท/ธ, พ/ภ …)
 * and vowels kept: two spellings of one spoken name ("สะมะแอ" / "ศะมะแอ") fold to the same string.
 */
export function foldSounds(key: string): string {
  const cached = foldCache.get(key);
  if (cached !== undefined) return cached;
  let out = '';
  for (const c of key) out += CONSONANT_CLASS[c] ?? c;
  // Names repeat a great deal, and a linkage run folds each one many times: keep the recent ones.
  if (foldCache.size >= 50_000) foldCache.clear();
  foldCache.set(key, out);
  return out;
}
const foldCache = new Map<string, string>();

/** The sex a Thai title states, where it states one. */
export function sexFromTitle(title: string | null | undefined): 'male' | 'female' | undefined {
  if (!title) return undefined;
  const t = title.replace(/\s+/g, '');
  if (['นาย', 'เด็กชาย', 'ด.ช.', 'สามเณร', 'พระ', 'พระภิกษุ', 'นพ.'].includes(t)) return 'male';
  if (['นาง', 'นางสาว', 'น.ส.', 'เด็กหญิง', 'ด.ญ.', 'แม่ชี', 'พญ.', 'ว่าที่ร้อยตรีหญิง'].includes(t)) return 'female';
  return undefined;
}
