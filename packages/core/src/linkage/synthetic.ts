/**
 * A seeded generator of Thai person records with known truth, for measuring linkage: people in
 * households (shared surname and village, sometimes twins; related households nearby share a surname), each recorded by one to four agencies with
 * the slips agency files carry — titles glued on or apart, spacing, tone and vowel marks, typing
 * slips, first name only, a whole name in one field, dates in either era and in part, missing or
 * mistyped national IDs, a person who moved. Pure: the same seed gives the same records.
 *
 * Names and places spread as a real population's do, at any size: given names are a head of common
 * names and a long tail composed of Pali and Sanskrit morphemes (about 30 % of people born after 1965
 * carry a given name no one else in a sample of 45,000 has; Doug Cooper's study of 45,665 Thai names
 * found 35 %), almost every family line has its own surname, and a larger register covers more
 * subdistricts rather than crowding more people into the same villages.
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
// Given names: the common names above are the frequent head; the long tail is composed, as most Thai
// given names are, of Pali and Sanskrit morphemes (ธน + พล, กิตติ + พงษ์, สุ + ภาพร), so the number of
// distinct names keeps growing with the population. Each list runs from common to rare.
const MALE_PREFIXES = (
  'ธน กิตติ ณัฐ ธีร วร ศุภ อภิ พีร ภูมิ ชัย สุร จิร ปิย เกียรติ ศักดิ์ พงศ์ อนุ เอก ทวี ประ วีร ชน ภาณุ นพ ธวัช ชาญ สิทธิ ' +
  'กฤษ กฤต รัฐ ยุทธ อรรถ เดช ชาติ ปริญ วุฒิ ศิริ อรุณ อิทธิ เทพ ทรง อัคร จักร ไชย ธรรม นิติ ภัทร วัชร ศรัณ สรา อดิ ธนา ' +
  'วิ พิ ปกร ภาคิน ธัช กร ฐิติ ปณ คม ถิร นรา บวร ปฐม ปรม พสุ อนันต์ อัฐ อุดม เอื้อ ไตร ทศ ธาม นันท พุฒิ ภาค มงคล มนู ' +
  'ยศ รณ รัช วิชิต วิทย วิศว สถิต สุข สุทธิ หิรัญ อริย เฉลิม เชาว์ โชค ไพ ทัศน ปัณณ ปิติ พล พัฒน เมธ รชต รวี วัฒน ศิว ' +
  'อธิ ภาส กษิ เขม ชล ธิติ นิธิ มนัส วสุ กันต์ ทักษ์ เสก'
).split(' ');
const MALE_SUFFIXES = (
  'พล พงษ์ ชัย ศักดิ์ วัฒน์ กร ภัทร นนท์ เดช ชาติ วุฒิ ธร พัฒน์ ยุทธ วิทย์ สิทธิ์ รัตน์ ภูมิ เทพ ฤทธิ์ พงศ์ ศิลป์ พันธ์ ' +
  'เกียรติ นันท์ ภณ วินท์ พจน์ นิธิ ทัต ณัฐ โชติ ไกร กฤต กานต์ ปกรณ์ ภาส วีร์ ศร ธัช วงศ์ วิชญ์ ดนัย กิตติ์ ธาดา ภพ ภาคย์ ' +
  'เมธ รักษ์ วรรธน์ ศิษฏ์ สรรค์ สันต์ เศรษฐ์ อนันต์ อาทิตย์ ฤกษ์ บดี บดินทร์ ปัญญ์ พิสิฐ ภาณุ มงคล มนตรี ยศ รพี รัฐ วิน ' +
  'ศิริ สถิตย์ สวัสดิ์ ธนัท นาถ ชาญ ชนะ กันต์ ภูมินทร์ ธเนศ ศักย์ ปวิช'
).split(' ');
const FEMALE_PREFIXES = (
  'สุ ศิริ กมล พิม กัญ จันทร์ ดวง นภ นิ ปิย พร รัตน วรรณ อร ณัฐ ชุติ ศศิ สุภ อารี รุ่ง เพ็ญ ทิพ มณี ขวัญ สาย จิร กนก ' +
  'กาญจน ปวี ภัท วิ พัช เบญ ดารา ธิ อุ ประ ลลิ ณิช เยาว บุษ ชล นันท จุฑา ศรี ปภา อัญ พรรณ วรา กุล ธัญ เกศ แข จารุ ฉวี ' +
  'ชฎา ชนิ ญาณ ฐิติ ณภ ดาว ทัศ ธมน นพ นวล นิรม ปาริ ปุณ พนิ พิศ เพียง ภาวิ มยุ มาลิ รมิ ลัก วนิ วิม ศุภ สิริ โสภ อนงค์ ' +
  'อำ ไอ เอม อัม ปรา กัล กิ่ง ขนิษ จิต ชม ดุษ ตรี ทอง นฤ เนตร ปัท พิชา ภร ยุ ลำ วัล สรัญ อมร'
).split(' ');
const FEMALE_SUFFIXES = (
  'พร ภาพร วรรณ ทิพย์ รัตน์ นภา ธิดา นุช ลักษณ์ มาศ ณี ดา รีย์ ยา ลดา ศรี จิต สุดา ภรณ์ วดี กานต์ ชนก สิริ ประภา มณี ' +
  'มาลย์ ญา รินทร์ วรรณา นันท์ กัญญา พิชญ์ ฉัตร ชญา ปภา ทิพา นิภา พรรณ อร อุมา ปรียา วลี ธิรา ตา จันทร์ ชนิดา ณิชา ดาว ' +
  'นิตย์ นิดา ปราณี พิศ เพ็ญ ภัสร์ มาลี ยุพา รดา ลภัส วิมล ศศิ สมร สุรีย์ อำไพ อรุณ ไพลิน บุญ ขวัญ ชื่น จรัส ฤดี นวล ' +
  'กาญจน์ วไล เกศ ปวีณ์'
).split(' ');
// Malay-Muslim given names, common in Songkhla: a short list shared by many.
const MUSLIM_MALE = (
  'อาหมัด มูฮัมหมัด อิบรอฮีม ยูซุฟ อิสมาแอล สุไลมาน ฮาซัน ฮูเซ็น อับดุลเลาะ อับดุลรอฮิม อับดุลการีม อับดุลฮาลิม อับดุลรอมัน ' +
  'อับดุลราซัก อาริฟ ฟาริด ซุลกิฟลี รอซาลี มะรอนิง แวอาลี ซาการียา อุสมาน ยะโกบ นาวาวี ซัมซูดิน บัดรูดิน ซอและ ดือราแม กามารูดิน'
).split(' ');
const MUSLIM_FEMALE = (
  'ฟาตีมะห์ ไซนับ ฮาลีเมาะ รอฮานี นูรีซัน ซารีปะ อามีเนาะ ซาฟียะห์ ฮาบีบะห์ มารีแย รอกีเยาะ นูรฮายาตี นูรีดา ซูไรดา ฟาอีซะห์ ' +
  'อัสมะ ยามีละห์ ซัลมา รุสนี นิซาฮา คอลีเยาะ อานีซะห์ ซูไฮลา นูรไอนี มารียัม'
).split(' ');
// Surnames: head + middle (+ a second middle) + ending, from common to rare parts.
const SURNAME_HEADS = (
  'ศรี แก้ว ทอง บุญ สุข ใจ วงศ์ จันทร์ แสง เพชร ชัย มณี พรหม รัตน ศักดิ์ สุวรรณ ทิพย์ นาค ขวัญ เจริญ ปาน พูล อินทร์ คง รักษ์ ' +
  'เรือง กิจ ธรรม หอม สิทธิ์ บัว ดวง เกตุ ยิ้ม ชื่น พุ่ม อ่อน เนียม ขำ กาญจน เกษม ไชย ดำ เทพ นิล ประ ภู มงคล ยอด ลิ้ม ' +
  'วิเศษ สาย หิรัญ อุดม เอี่ยม ไกร โชค ฤทธิ์ นวล ปิ่น พัฒน์ มั่น เย็น ละออ วัฒน ศิลป์ สง่า หนู อ่ำ เหลือง ขาว เลิศ ชาญ กล้า ' +
  'ชู ขุน นุ้ย ช่วย เอียด เพ็ง เกื้อ ด้วง จิตร ชำนาญ ดาว ตั้ง ถาวร นิ่ม บำรุง ผล พร พิมพ์ มหา รุ่ง ลาภ วิจิตร สม สมุทร ' +
  'สุนทร เสือ หงส์ อนันต์ เกิด เข็ม คำ จิระ ฉิม ชุม ตัน ธนา บุญญา ปัญญา พึ่ง ภิญโญ แย้ม รอด ลอย วาณิช ศิลา หมื่น โพธิ์ ' +
  'แสน ใหม่ เนตร'
).split(' ');
const SURNAME_MIDDLES = (
  'สุข ดี มาก ศรี งาม วงศ์ สวัสดิ์ ทอง แก้ว ใจ ประเสริฐ สมบูรณ์ พันธ์ พงษ์ ชัย เจริญ รักษา ภักดี ทรัพย์ เกษม นิมิตร พิทักษ์ ' +
  'สกุล กุล ศักดิ์ ประดิษฐ์ รุ่งเรือง โชติ มณี ไพศาล สิทธิ์ วัฒนา ฤทธิ์ คำ เงิน ขาว แดง จันทร์ ทิพย์ นาค บุญ ดวง แสง อินทร์ ' +
  'เพชร ศิลป์ วิไล นิล ธาดา ปัญญา สมุทร ภิรมย์ อำไพ ขจร ชนะ ดำรง ทวี นุ่ม ปลอด พุฒ มงคล ยืน รอด ลือ สังข์ หาญ อ่อน เอียด ' +
  'แจ้ง โพธิ์ สีดา'
).split(' ');
const SURNAME_ENDS = 'กุล วงศ์ ศักดิ์ ชัย พันธุ์ สกุล รัตน์ เดช ธรรม นนท์ วัฒน์ ไพบูลย์ ศิริ สมบัติ เลิศ กิจ พงศ์ ภักดิ์ ประเสริฐ ทวี อนันต์'.split(' ');
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

/** Cumulative weights 1 / (i + 1)^s of a list's items: a few common ones, a long tail of rare ones (Zipf). */
function zipfTable(length: number, s: number): Float64Array {
  const cum = new Float64Array(length);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    sum += 1 / (i + 1) ** s;
    cum[i] = sum;
  }
  return cum;
}
/** The index a uniform draw `x` in [0, 1) falls on in cumulative weights. */
function drawFrom(cum: Float64Array, x: number): number {
  const target = x * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Places: the provinces of health region 12 with their real number of districts (Songkhla first, then
// Satun, Trang, Phatthalung, Pattani, Yala, Narathiwat). Subdistricts and villages are made up, in the
// DOPA layout (province 2 digits, district 4, subdistrict 6, village 8): 5–11 subdistricts a district
// and 6–13 villages a subdistrict, about 1,200 villages in Songkhla, as in a real province. The layout
// is fixed (its own seed), so every seed and size describes the same province.
const REGION_12: ReadonlyArray<[string, number]> = [
  ['90', 16],
  ['91', 7],
  ['92', 10],
  ['93', 11],
  ['94', 12],
  ['95', 8],
  ['96', 13],
];
interface Subdistrict {
  code: string;
  villages: string[];
  /** Relative size of each village. */
  weights: number[];
}
interface Province {
  subdistricts: Subdistrict[];
  villages: number;
}
const provinces = new Map<string, Province>();
const subdistrictsOfDistrict = new Map<string, Subdistrict[]>();
function province(code: string, districts: number): Province {
  let p = provinces.get(code);
  if (p) return p;
  const r = seededRandom(9000 + Number(code));
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (n: number) => String(n).padStart(2, '0');
  p = { subdistricts: [], villages: 0 };
  for (let d = 1; d <= districts; d++) {
    const district = `${code}${pad(d)}`;
    const inDistrict: Subdistrict[] = [];
    for (let t = 1, nt = int(5, 11); t <= nt; t++) {
      const sub: Subdistrict = { code: `${district}${pad(t)}`, villages: [], weights: [] };
      for (let v = 1, nv = int(6, 13); v <= nv; v++) {
        sub.villages.push(`${sub.code}${pad(v)}`);
        sub.weights.push(0.4 + 1.2 * r());
      }
      inDistrict.push(sub);
      p.villages += sub.villages.length;
    }
    subdistrictsOfDistrict.set(district, inDistrict);
    p.subdistricts.push(...inDistrict);
  }
  provinces.set(code, p);
  return p;
}
/**
 * People a village holds in the register: about 150 while the province has subdistricts to spare (a
 * register of 5,000 people covers 3–4 subdistricts, each with all its villages), rising to 400 once
 * every village is covered; past that the next province of the region is covered too. Songkhla's
 * 1,216 villages hold up to about 490,000 people, so a million records (500,000 people) reach into Satun.
 */
const PEOPLE_PER_VILLAGE = { least: 150, most: 400 };

export function generateThaiRecords(options: SyntheticOptions = {}): { persons: SyntheticPerson[]; records: SyntheticRecord[] } {
  const rand = seededRandom(options.seed ?? 2569);
  const target = options.records ?? 10_000;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const zipf = <T>(xs: readonly T[], s: number) => {
    const cum = zipfTable(xs.length, s);
    return () => xs[drawFrom(cum, rand())]!;
  };
  // Given names. The common names of each list are drawn with weight 1 / (i + 1)^0.8; older people
  // carry them more often (ประเสริฐ, สมศรี), younger ones more often a composed name (ณัฐพล, ศศิธร).
  const head = { male: zipf(MALE, 0.8), female: zipf(FEMALE, 0.8) };
  const muslim = { male: zipf(MUSLIM_MALE, 0.8), female: zipf(MUSLIM_FEMALE, 0.8) };
  const parts = {
    male: { prefix: zipf(MALE_PREFIXES, 0.6), suffix: zipf(MALE_SUFFIXES, 0.6) },
    female: { prefix: zipf(FEMALE_PREFIXES, 0.6), suffix: zipf(FEMALE_SUFFIXES, 0.6) },
  };
  const composed = (sex: 'male' | 'female') => {
    const { prefix, suffix } = parts[sex];
    let name = prefix();
    // One in four has two leading morphemes (ธน + ภัทร + พล).
    if (chance(0.25)) {
      let second = prefix();
      while (second === name) second = prefix();
      name += second;
    }
    let end = suffix();
    while (name.endsWith(end)) end = suffix();
    return name + end;
  };
  const givenName = (sex: 'male' | 'female', born: string) => {
    const x = rand();
    const common = Number(born.slice(0, 4)) <= 1965 ? 0.3 : 0.08;
    if (x < common) return head[sex]();
    if (x < common + 0.07) return muslim[sex]();
    return composed(sex);
  };
  // A Thai surname belongs to one family line (the Personal Names Act B.E. 2505 refuses a new surname
  // that repeats a registered one), so most households get their own, built from common parts and
  // refused if taken; a fifth take the surname of a household made shortly before in the same
  // district (relatives), and a few carry a clan surname shared across families (แซ่ลิ้ม, สะมะแอ …).
  const surnameHead = zipf(SURNAME_HEADS, 0.5);
  const surnameMiddle = zipf(SURNAME_MIDDLES, 0.4);
  const surnameEnd = zipf(SURNAME_ENDS, 0.4);
  const registered = new Set<string>();
  // The same Act allows at most ten letters in a new surname, vowel signs and marks not counted.
  const letters = (name: string) => name.replace(/[^ก-ฮ]/g, '').length;
  const composedSurname = (): string => {
    const first = surnameHead();
    let name = first;
    for (let k = 0, parts = chance(0.3) ? 2 : 1; k < parts; k++) {
      let middle = surnameMiddle();
      while (name.endsWith(middle) || middle === first) middle = surnameMiddle();
      name += middle;
    }
    if (chance(0.65)) {
      let end = surnameEnd();
      while (name.endsWith(end)) end = surnameEnd();
      name += end;
    }
    return letters(name) <= 10 ? name : composedSurname();
  };
  const recentByDistrict = new Map<string, string[]>();
  const surname = (district: string) => {
    const recent = recentByDistrict.get(district) ?? [];
    let name: string;
    if (recent.length && chance(0.2)) name = pick(recent);
    else if (chance(0.05)) name = pick(SURNAMES_WHOLE);
    else {
      name = composedSurname();
      for (let tries = 0; registered.has(name) && tries < 50; tries++) name = composedSurname();
      registered.add(name);
    }
    recentByDistrict.set(district, [...recent.slice(-19), name]);
    return name;
  };
  const pad = (n: number) => String(n).padStart(2, '0');

  // Villages. About one person in two has records made for them (one to four, two on average), so
  // the register holds about target / 2 people; it covers as many subdistricts, in a random order, as
  // it takes to keep villages from exceeding PEOPLE_PER_VILLAGE.
  const people = Math.max(1, Math.ceil(target / 2));
  const region: Province[] = [];
  for (const [code, districts] of REGION_12) {
    region.push(province(code, districts));
    if (people <= region.reduce((s, p) => s + p.villages, 0) * PEOPLE_PER_VILLAGE.most) break;
  }
  const open = shuffle(region.flatMap((p) => p.subdistricts));
  const wanted = Math.ceil(people / PEOPLE_PER_VILLAGE.least);
  const covered: string[] = [];
  const coveredWeights: number[] = [];
  for (const sub of open) {
    if (covered.length >= wanted) break;
    covered.push(...sub.villages);
    coveredWeights.push(...sub.weights);
  }
  const villageCum = new Float64Array(coveredWeights.length);
  coveredWeights.reduce((s, w, i) => (villageCum[i] = s + w), 0);
  /** A village where the register has people, the larger ones more often. */
  const villageCode = () => covered[drawFrom(villageCum, rand())]!;
  const subdistrictOf = (village: string) => subdistrictsOfDistrict.get(village.slice(0, 4))!.find((s) => s.code === village.slice(0, 6))!;

  const birthDate = () => {
    // Ages skew old, as in a social-care register: half born 1930–1965, half 1966–2022.
    const y = chance(0.5) ? int(1930, 1965) : int(1966, 2022);
    const m = int(1, 12);
    const d = int(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
    return `${y}-${pad(m)}-${pad(d)}`;
  };
  const cid = () => {
    let first12 = String(int(1, 8));
    for (let i = 0; i < 11; i++) first12 += int(0, 9);
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
      let firstName = givenName(sex, born);
      while (given.has(firstName)) firstName = givenName(sex, born);
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
      return pick(subdistrictOf(village).villages);
    }
    if (a < 0.2) {
      slip('moved_subdistrict');
      return pick(pick(subdistrictsOfDistrict.get(village.slice(0, 4))!).villages);
    }
    if (a < 0.24) {
      slip('moved_district');
      return villageCode();
    }
    return village;
  }
}
