/**
 * A seeded generator of Thai person records with known truth, for measuring linkage: people in
 * households (shared surname and village, sometimes twins; related households nearby share a surname), each recorded by one to four agencies with
 * the slips agency files carry — titles glued on or apart, spacing, tone and vowel marks, typing
 * slips, first name only, a whole name in one field, dates in either era and in part, missing or
 * mistyped national IDs, a person who moved. Pure: the same seed gives the same records.
 */
import { cidCheckDigit } from '../cid.js';
import type { PersonLinkInput } from './person.js';
import { seededRandom } from './random.js';

const MALE = (
  'สมชาย สมศักดิ์ สมพงษ์ สมบัติ สมหมาย สมปอง สมนึก สมคิด ประเสริฐ ประสิทธิ์ ประยุทธ ประวิทย์ ประพันธ์ ประสงค์ บุญมี บุญเลิศ บุญชัย บุญส่ง ' +
  'บุญธรรม วิชัย วิทยา วิเชียร วีระ วีระพงษ์ สุชาติ สุรชัย สุรพล สุเทพ สุนทร ชัยวัฒน์ ชาญชัย ชูชาติ เฉลิม เกรียงไกร กิตติ กิตติพงษ์ ไกรสร ' +
  'ณรงค์ ธนพล ธีระ ธวัชชัย ทองดี ทองสุข นิพนธ์ นิรันดร์ บรรจง ปรีชา พงศักดิ์ พิชัย มานพ มนตรี ยุทธนา รังสรรค์ ละเอียด วรวุฒิ วัชระ ' +
  'ศักดิ์ชัย สมเกียรติ สุวิทย์ อนันต์ อภิชาติ อำนาจ อุดม เอกชัย จักรพันธ์ จำลอง เจริญ ดำรง ถาวร ทวี ทวีศักดิ์ ไพโรจน์ ไพบูลย์ ภานุวัฒน์ ' +
  'มงคล รุ่งโรจน์ วินัย สงัด สนั่น สมาน เสถียร อดิศักดิ์ อาทิตย์ ฮาซัน อับดุลเลาะ มูฮัมหมัด อาหมัด สุไลมาน อิสมาแอ ธนากร ณัฐพล ' +
  'ภูมิพัฒน์ กฤษดา ปิยะพงษ์ จิรายุ ศุภชัย พีระพงษ์ ชนินทร์ ธีรวัฒน์ สิทธิชัย'
).split(' ');
const FEMALE = (
  'สมศรี สมใจ สมหญิง สมพิศ มาลี มาลัย บุญเรือน บุญมา ประไพ ประนอม ประภา ประคอง สุนีย์ สุนันทา สุภาพ สุมาลี สุดา สุพัตรา วันดี ' +
  'วันเพ็ญ วิไล วิไลวรรณ ละมัย ลำดวน จันทร์เพ็ญ จันทร์ทิพย์ ทองใบ ทองคำ นงลักษณ์ นงนุช นิตยา นิภา บัวผัน บัวลอย พรทิพย์ พเยาว์ ' +
  'เพ็ญศรี ไพรินทร์ มยุรี รัชนี รำไพ ลัดดา วรรณา ศรีสุดา สายสุนีย์ อรุณี อัมพร อำไพ อุไร เอื้อมพร กาญจนา กัลยา ขวัญใจ จิราพร ' +
  'ชนิดา ดวงใจ ดวงเดือน ทิพวรรณ ธิดา นันทนา บุษบา ปราณี ผ่องศรี พรรณี ยุพิน รัตนา ลำใย วาสนา ศิริพร สุกัญญา สุจิตรา เสาวนีย์ ' +
  'หนูพิน อรทัย อุษา ฮาลีเมาะ ซารีปะ ฟาตีมะห์ ไซนับ รอฮานี นูรีซัน ณัฐธิดา ปิยะนุช กมลวรรณ ชไมพร ศศิธร อรอุมา พัชรี'
).split(' ');
const SURNAME_HEADS = (
  'ศรี แก้ว ทอง บุญ สุข ใจ วงศ์ จันทร์ แสง เพชร ชัย มณี พรหม รัตน ศักดิ์ สุวรรณ ทิพย์ นาค ขวัญ เจริญ ปาน พูล อินทร์ คง รักษ์ ' + 'เรือง กิจ ธรรม หอม สิทธิ์ บัว ดวง เกตุ ยิ้ม ชื่น พุ่ม อ่อน เนียม ขำ'
).split(' ');
const SURNAME_TAILS = (
  'สุข ดี มาก ศรี งาม วงศ์ สวัสดิ์ ทอง แก้ว ใจ ประเสริฐ สมบูรณ์ พันธ์ พงษ์ ชัย เจริญ รักษา ภักดี ทรัพย์ เกษม นิมิตร พิทักษ์ สกุล ' +
  'กุล ศักดิ์ ประดิษฐ์ รุ่งเรือง โชติ มณี ไพศาล สิทธิ์ วัฒนา ฤทธิ์ คำ เงิน ขาว แดง'
).split(' ');
const SURNAME_ENDS = ['', '', '', '', 'กุล', 'วงศ์', 'ศักดิ์', 'ชัย', 'พันธุ์', 'สกุล', 'รัตน์', 'เดช', 'ธรรม', 'นนท์', 'วัฒน์'];
const SURNAMES_WHOLE = 'สะมะแอ หะยีมะ ดอเลาะ มะลี เจะแม ยูโซะ หมัดหมัน โต๊ะเล็ง หลีเส็น สาและ แซ่ตั้ง แซ่ลิ้ม แซ่อึ้ง แซ่เฮ้ง'.split(' ');

const TONES = ['่', '้', '๊', '๋'];
const VOWEL_SWAPS: Array<[string, string]> = [
  ['ั', 'า'],
  ['ิ', 'ี'],
  ['ี', 'ิ'],
  ['ุ', 'ู'],
  ['ู', 'ุ'],
  ['ไ', 'ใ'],
  ['ใ', 'ไ'],
  ['ึ', 'ื'],
];
const SOUND_ALIKE: Array<[string, string]> = [
  ['ส', 'ศ'],
  ['ศ', 'ส'],
  ['ร', 'ล'],
  ['ล', 'ร'],
  ['ท', 'ธ'],
  ['พ', 'ภ'],
  ['ค', 'ข'],
  ['น', 'ณ'],
];
const CONSONANTS = [...'กขคงจชซดตทนบปผพฟมยรลวศสหอ'];

/** The kinds of slip the generator makes; each record lists the ones it carries. */
export const SYNTHETIC_SLIPS = [
  'title_glued',
  'title_spaced',
  'title_field',
  'tone_mark',
  'vowel',
  'sound_alike',
  'typo',
  'spacing',
  'first_name_only',
  'whole_name_in_one_field',
  'cid_missing',
  'cid_invalid',
  'birth_be',
  'birth_ce',
  'birth_thai_digits',
  'birth_month_only',
  'birth_year_only',
  'birth_missing',
  'birth_year_off_by_one',
  'birth_day_month_swapped',
  'birth_day_typo',
  'sex_missing',
  'sex_wrong',
  'moved_village',
  'moved_subdistrict',
  'moved_district',
  'area_district_only',
  'area_missing',
] as const;
export type SyntheticSlip = (typeof SYNTHETIC_SLIPS)[number];

export interface SyntheticPerson {
  entity: string;
  cid: string;
  sex: 'male' | 'female';
  firstName: string;
  lastName: string;
  /** ISO, Christian era. */
  birthDate: string;
  village: string;
}

export interface SyntheticRecord {
  /** "rec-<entity>-<n>". */
  id: string;
  /** The true person. */
  entity: string;
  /** Which agency file it came from. */
  source: string;
  input: PersonLinkInput;
  slips: SyntheticSlip[];
}

export interface SyntheticOptions {
  seed?: number;
  /** Records to make (default 10,000). */
  records?: number;
}

const SOURCES = ['registry', 'hospital', 'local_government', 'social_development'];

export function generateThaiRecords(options: SyntheticOptions = {}): { persons: SyntheticPerson[]; records: SyntheticRecord[] } {
  const rand = seededRandom(options.seed ?? 2569);
  const target = options.records ?? 10_000;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  // Names are not equally common: the i-th name of a list is drawn with weight 1 / (i + 1)^0.8.
  const zipf = <T>(xs: readonly T[]) => {
    const cum: number[] = [];
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      s += 1 / (i + 1) ** 0.8;
      cum.push(s);
    }
    return () => {
      const x = rand() * s;
      let i = 0;
      while (cum[i]! < x) i++;
      return xs[i]!;
    };
  };
  const maleName = zipf(MALE);
  const femaleName = zipf(FEMALE);
  // A Thai surname belongs to one family line (the Personal Names Act B.E. 2505 refuses a new surname
  // that repeats a registered one), so most households get their own, built from common parts; a
  // fifth take the surname of a household made shortly before in the same district (relatives), and a
  // few carry a clan surname shared across families (แซ่ลิ้ม, สะมะแอ …).
  const recentByDistrict = new Map<string, string[]>();
  const surname = (district: string) => {
    const recent = recentByDistrict.get(district) ?? [];
    let name: string;
    if (recent.length && chance(0.2)) name = pick(recent);
    else if (chance(0.05)) name = pick(SURNAMES_WHOLE);
    else {
      const head = pick(SURNAME_HEADS);
      let tail = pick(SURNAME_TAILS);
      while (tail === head) tail = pick(SURNAME_TAILS);
      name = head + tail + pick(SURNAME_ENDS);
    }
    recentByDistrict.set(district, [...recent.slice(-19), name]);
    return name;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const villageCode = () => `90${pad(int(1, 16))}${pad(int(1, 10))}${pad(int(1, 12))}`;
  const birthDate = () => {
    // Ages skew old, as in a social-care register: half born 1930–1965, half 1966–2022.
    const y = chance(0.5) ? int(1930, 1965) : int(1966, 2022);
    const m = int(1, 12);
    const d = int(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
    return `${y}-${pad(m)}-${pad(d)}`;
  };
  const cid = () => {
    const first12 = `${int(1, 8)}${Array.from({ length: 11 }, () => int(0, 9)).join('')}`;
    return `${first12}${cidCheckDigit(first12)}`;
  };

  // People, in households that share a surname and a village; a few households have twins.
  const persons: SyntheticPerson[] = [];
  const copies: number[] = [];
  let planned = 0;
  while (planned < target) {
    const village = villageCode();
    const last = surname(village.slice(0, 4));
    const size = pick([1, 1, 2, 2, 3, 3, 4, 5]);
    const twins = size >= 2 && chance(0.03);
    let twinDate: string | undefined;
    const given = new Set<string>();
    for (let k = 0; k < size && planned < target; k++) {
      const sex = chance(0.5) ? 'male' : 'female';
      if (twins && twinDate === undefined) twinDate = birthDate();
      const born = twins && k < 2 ? twinDate! : birthDate();
      // No two in one household share a first name.
      let firstName = sex === 'male' ? maleName() : femaleName();
      while (given.has(firstName)) firstName = sex === 'male' ? maleName() : femaleName();
      given.add(firstName);
      persons.push({ entity: String(persons.length + 1), cid: cid(), sex, firstName, lastName: last, birthDate: born, village });
      // Records per person: 1 (40%), 2 (30%), 3 (20%), 4 (10%).
      const x = rand();
      const n = Math.min(target - planned, x < 0.4 ? 1 : x < 0.7 ? 2 : x < 0.9 ? 3 : 4);
      copies.push(n);
      planned += n;
    }
  }

  const records: SyntheticRecord[] = [];
  persons.forEach((p, i) => {
    const sources = shuffle([...SOURCES]);
    for (let k = 0; k < copies[i]!; k++) records.push(recordOf(p, k, sources[k % sources.length]!));
  });
  // Shuffled, so that the order of the file says nothing.
  return { persons, records: shuffle(records) };

  /** Fisher–Yates, in place. */
  function shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }

  function recordOf(p: SyntheticPerson, k: number, source: string): SyntheticRecord {
    const slips: SyntheticSlip[] = [];
    const slip = (s: SyntheticSlip) => slips.push(s);
    let first = p.firstName;
    let last = p.lastName;
    const misspell = (name: string): string => {
      const x = rand();
      if (x < 0.12) {
        slip('tone_mark');
        const at = [...name].findIndex((c) => TONES.includes(c));
        if (at >= 0) return [...name].filter((_, i) => i !== at).join('');
        const chars = [...name];
        chars.splice(Math.min(chars.length, int(1, 2)), 0, pick(TONES));
        return chars.join('');
      }
      if (x < 0.2) {
        const swaps = VOWEL_SWAPS.filter(([from]) => name.includes(from));
        if (swaps.length) {
          slip('vowel');
          const [from, to] = pick(swaps);
          return name.replace(from, to);
        }
      }
      if (x < 0.25) {
        const swaps = SOUND_ALIKE.filter(([from]) => name.includes(from));
        if (swaps.length) {
          slip('sound_alike');
          const [from, to] = pick(swaps);
          return name.replace(from, to);
        }
      }
      if (x < 0.3) {
        slip('typo');
        const chars = [...name];
        const consonants = chars.map((c, i) => (CONSONANTS.includes(c) ? i : -1)).filter((i) => i >= 0);
        const i = consonants.length ? pick(consonants) : int(0, chars.length - 1);
        chars[i] = pick(CONSONANTS.filter((c) => c !== chars[i]));
        return chars.join('');
      }
      return name;
    };
    first = misspell(first);
    last = misspell(last);
    if (chance(0.04)) {
      slip('spacing');
      const at = int(1, Math.max(1, [...first].length - 1));
      first = `${[...first].slice(0, at).join('')} ${[...first].slice(at).join('')}`;
    }
    const age = 2026 - Number(p.birthDate.slice(0, 4));
    const title =
      age < 15 ? (p.sex === 'male' ? pick(['เด็กชาย', 'ด.ช.']) : pick(['เด็กหญิง', 'ด.ญ.'])) : p.sex === 'male' ? 'นาย' : pick(['นาง', 'นางสาว', 'น.ส.']);
    const input: PersonLinkInput = {};
    const t = rand();
    if (t < 0.3) {
      slip('title_glued');
      first = `${title}${first}`;
    } else if (t < 0.4) {
      slip('title_spaced');
      first = `${title} ${first}`;
    } else if (t < 0.6) {
      slip('title_field');
      input.title = title;
    }
    const n = rand();
    if (n < 0.04) {
      slip('first_name_only');
      last = '';
    } else if (n < 0.08) {
      slip('whole_name_in_one_field');
      first = chance(0.5) ? `${first}${last}` : `${first} ${last}`;
      last = '';
    }
    input.firstName = first;
    input.lastName = last;

    // National ID: present and right, missing, or mistyped so that the checksum fails.
    const c = rand();
    if (c < 0.3) {
      slip('cid_missing');
    } else if (c < 0.45) {
      slip('cid_invalid');
      const digits = [...p.cid];
      const i = int(0, 11);
      digits[i] = String((Number(digits[i]) + int(1, 9)) % 10);
      let bad = digits.join('');
      if (cidCheckDigit(bad.slice(0, 12)) === Number(bad[12])) bad = `${bad.slice(0, 12)}${(Number(bad[12]) + 1) % 10}`;
      input.cid = chance(0.5) ? `${bad.slice(0, 1)}-${bad.slice(1, 5)}-${bad.slice(5, 10)}-${bad.slice(10, 12)}-${bad.slice(12)}` : bad;
    } else {
      input.cid = chance(0.3) ? `${p.cid.slice(0, 1)}-${p.cid.slice(1, 5)}-${p.cid.slice(5, 10)}-${p.cid.slice(10, 12)}-${p.cid.slice(12)}` : p.cid;
    }

    // Sex: usually stated, sometimes blank (the title may still tell), rarely wrong.
    const s = rand();
    if (s < 0.12) slip('sex_missing');
    else if (s < 0.13) {
      slip('sex_wrong');
      input.sex = p.sex === 'male' ? 'หญิง' : 'ชาย';
    } else input.sex = pick(p.sex === 'male' ? ['ชาย', 'male', '1'] : ['หญิง', 'female', '2']);

    input.birthDate = birthOf(p.birthDate, slip);
    input.areaCode = areaOf(p.village, slip);
    return { id: `rec-${p.entity}-${k}`, entity: p.entity, source, input, slips };
  }

  function birthOf(iso: string, slip: (s: SyntheticSlip) => void): string | null {
    let [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    const e = rand();
    if (e < 0.03) {
      slip('birth_year_off_by_one');
      y += chance(0.5) ? 1 : -1;
    } else if (e < 0.05 && d <= 12 && d !== m) {
      slip('birth_day_month_swapped');
      [d, m] = [m, d];
    } else if (e < 0.07) {
      slip('birth_day_typo');
      d = d >= 28 ? d - int(1, 9) : d + 1;
    }
    const be = y + 543;
    const f = rand();
    if (f < 0.07) {
      slip('birth_missing');
      return null;
    }
    if (f < 0.17) {
      slip('birth_year_only');
      return String(be);
    }
    if (f < 0.22) {
      slip('birth_month_only');
      return `${m}/${be}`;
    }
    if (f < 0.5) {
      slip('birth_ce');
      return `${y}-${pad(m)}-${pad(d)}`;
    }
    slip('birth_be');
    const typed = chance(0.5) ? `${d}/${m}/${be}` : `${be}-${pad(m)}-${pad(d)}`;
    if (chance(0.1)) {
      slip('birth_thai_digits');
      return typed.replace(/\d/g, (x) => '๐๑๒๓๔๕๖๗๘๙'[Number(x)]!);
    }
    return typed;
  }

  function areaOf(village: string, slip: (s: SyntheticSlip) => void): string | null {
    const a = rand();
    if (a < 0.05) {
      slip('area_missing');
      return null;
    }
    if (a < 0.08) {
      slip('area_district_only');
      return village.slice(0, 4);
    }
    if (a < 0.14) {
      slip('moved_village');
      return `${village.slice(0, 6)}${pad(int(1, 12))}`;
    }
    if (a < 0.2) {
      slip('moved_subdistrict');
      return `${village.slice(0, 4)}${pad(int(1, 10))}${pad(int(1, 12))}`;
    }
    if (a < 0.24) {
      slip('moved_district');
      return villageCode();
    }
    return village;
  }
}
