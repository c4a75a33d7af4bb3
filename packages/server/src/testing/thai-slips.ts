import { Faker, th } from '@faker-js/faker';

/** The kinds of slip people make typing a Thai name into a search box. */
export const SLIP_KINDS = ['title', 'spacing', 'tone_mark', 'vowel', 'first_name_only', 'typo'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

const TONES = ['่', '้', '๊', '๋'];
const VOWEL_SWAPS: Array<[RegExp, string]> = [
  [/ั/, 'า'],
  [/า/, 'ั'],
  [/ิ/, 'ี'],
  [/ี/, 'ิ'],
  [/ุ/, 'ู'],
  [/ู/, 'ุ'],
  [/ไ/, 'ใ'],
  [/ใ/, 'ไ'],
];
const CONSONANTS = 'กขคงจชซดตทนบปผพฟมยรลวศสหอ';

/** A seeded generator of realistic slips, so a search-quality measurement is repeatable. */
export function slipper(seed = 2569) {
  const f = new Faker({ locale: [th], seed });
  return (first: string, last: string, kind: SlipKind): string => {
    const full = `${first} ${last}`;
    switch (kind) {
      case 'title':
        return `${f.helpers.arrayElement(['นาย', 'นาง', 'นางสาว', 'ด.ช.', 'ด.ญ.', 'เด็กหญิง', 'นาย '])}${full}`;
      case 'spacing':
        return f.helpers.arrayElement([`${first}${last}`, `${first}   ${last}`, ` ${first}  ${last} `]);
      case 'tone_mark': {
        const at = [...full].findIndex((c) => TONES.includes(c));
        if (at >= 0) return [...full].filter((_, i) => i !== at).join('');
        const chars = [...full];
        chars.splice(1, 0, f.helpers.arrayElement(TONES));
        return chars.join('');
      }
      case 'vowel': {
        const swap = VOWEL_SWAPS.find(([re]) => re.test(full));
        return swap ? full.replace(swap[0], swap[1]) : full.replace(/(.)$/, '$1ะ');
      }
      case 'first_name_only':
        return first;
      case 'typo': {
        const chars = [...last];
        const i = f.number.int({ min: 0, max: chars.length - 1 });
        chars[i] = f.helpers.arrayElement([...CONSONANTS].filter((c) => c !== chars[i]));
        return `${first} ${chars.join('')}`;
      }
    }
  };
}
