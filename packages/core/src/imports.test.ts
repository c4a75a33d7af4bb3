import { describe, expect, it } from 'vitest';
import {
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  ImportMapping,
  parseImportDate,
  parseSex,
  parseThaiAddress,
  readImportNumber,
  readImportRow,
  readValues,
  VALUE_CODE_LABELS,
  VALUE_CODES,
  VALUE_MAP_FIELDS,
} from './imports.js';

describe('parseImportDate', () => {
  it.each([
    ['2490-02-01', '1947-02-01', 'day'],
    ['1/2/2490', '1947-02-01', 'day'],
    ['01-02-1947', '1947-02-01', 'day'],
    ['๑/๒/๒๔๙๐', '1947-02-01', 'day'],
    ['1 ก.พ. 2490', '1947-02-01', 'day'],
    ['1 กพ 2490', '1947-02-01', 'day'],
    ['1 กุมภาพันธ์ พ.ศ. 2490', '1947-02-01', 'day'],
    ['วันที่ 15 ธันวาคม 2500', '1957-12-15', 'day'],
    ['ก.พ. 2490', '1947-02-01', 'month'],
    ['2/2490', '1947-02-01', 'month'],
    ['2490', '1947-01-01', 'year'],
    ['17199', '1947-02-01', 'day'], // an Excel date serial
  ])('reads %s', (input, iso, precision) => {
    expect(parseImportDate(input)).toEqual({ iso, precision });
  });

  it.each(['31/2/2490', '1 ก.พ.', 'ไม่ทราบ', '13/13/2500'])('refuses %s', (input) => {
    expect(parseImportDate(input)).toBeUndefined();
  });
});

describe('parseSex', () => {
  it('reads ชาย/หญิง, M/F and 1/2, else infers from the title, else says unknown', () => {
    expect(['ชาย', 'M', 'male', '1', '๑'].map((v) => parseSex(v, null))).toEqual(['male', 'male', 'male', 'male', 'male']);
    expect(['หญิง', 'f', 'Female', '2'].map((v) => parseSex(v, null))).toEqual(['female', 'female', 'female', 'female']);
    expect(parseSex(undefined, 'นางสาว')).toBe('female');
    expect(parseSex('', 'นาย')).toBe('male');
    expect(parseSex(undefined, 'ดร.')).toBe('unknown');
    expect(parseSex('x', null)).toBeUndefined();
  });
});

describe('parseThaiAddress', () => {
  it('reads abbreviated and written-out Thai addresses', () => {
    expect(parseThaiAddress('12/3 ม.3 ต.ฉาง อ.นาทวี จ.สงขลา')).toEqual({
      houseNo: '12/3',
      villageNo: 3,
      subdistrict: 'ฉาง',
      district: 'นาทวี',
      province: 'สงขลา',
    });
    expect(parseThaiAddress('บ้านเลขที่ ๔๕ หมู่ที่ ๗ ตำบลบ่อยาง อำเภอเมืองสงขลา จังหวัดสงขลา')).toEqual({
      houseNo: '45',
      villageNo: 7,
      subdistrict: 'บ่อยาง',
      district: 'เมืองสงขลา',
      province: 'สงขลา',
    });
  });
});

describe('readImportRow', () => {
  const pmj = ImportMapping.parse({
    columns: { fullName: 'ชื่อ-สกุล', cid: 'เลขบัตร', birthDate: 'วันเกิด', sex: 'เพศ', address: 'ที่อยู่', disabilityTypes: 'ประเภท' },
    recordKey: 'ลำดับ',
  });

  it('reads a full name with the title attached, an ID with dashes, a BE date and an address', () => {
    const r = readImportRow(
      {
        ลำดับ: 'P-001',
        'ชื่อ-สกุล': 'นางสมศรี  ใจดี',
        เลขบัตร: '1-1037-02071-81-1',
        วันเกิด: '5 มี.ค. 2490',
        เพศ: '',
        ที่อยู่: '12 ม.3 ต.ฉาง อ.นาทวี จ.สงขลา',
        ประเภท: '3,4',
      },
      pmj,
      2,
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      person: {
        recordKey: 'P-001',
        cid: '1103702071811',
        cidInvalid: null,
        title: 'นาง',
        firstName: 'สมศรี',
        lastName: 'ใจดี',
        birth: { iso: '1947-03-05', precision: 'day' },
        sex: 'female',
        areaCode: null,
        address: { houseNo: '12', villageNo: 3, subdistrict: 'ฉาง', district: 'นาทวี', province: 'สงขลา' },
        phones: [],
        disabilityTypes: [3, 4],
        disabilityCard: null,
      },
    });
  });

  it('keeps a row whose ID fails the checksum, with a warning, for linkage by the other fields', () => {
    const r = readImportRow({ 'ชื่อ-สกุล': 'นายมานะ ดีใจ', เลขบัตร: '1103702071810', ที่อยู่: 'ต.ฉาง อ.นาทวี' }, pmj, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.person).toMatchObject({ recordKey: 'row:3', cid: null, cidInvalid: '1103702071810', sex: 'male' });
    expect(r.warnings.map((w) => w.path)).toEqual(['cid']);
  });

  it('refuses a row with every reason at once, in Thai and English', () => {
    const r = readImportRow({ 'ชื่อ-สกุล': 'สมชาย', วันเกิด: '31/02/2500', เพศ: 'x', ประเภท: '9' }, pmj, 4);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.recordKey).toBe('row:4');
    // An unknown disability type is not among them: it is a warning on a row that is otherwise kept.
    expect(r.reasons.map((x) => x.path)).toEqual(['lastName', 'birthDate', 'sex', 'address']);
    expect(r.reasons[1]).toEqual({ path: 'birthDate', message_th: 'อ่านวันเกิดไม่ได้ (31/02/2500)', message_en: 'Unreadable date of birth (31/02/2500)' });
  });

  it('reads separate columns with codes, Thai digits and a title inside the first-name column', () => {
    const nhso = ImportMapping.parse({
      columns: { firstName: 'FNAME', lastName: 'LNAME', sex: 'SEX', areaCode: 'TAMBON', birthDate: 'DOB', phone: 'TEL', villageNo: 'MOO' },
    });
    const r = readImportRow(
      { FNAME: 'น.ส.วิภา', LNAME: 'รักดี', SEX: '2', TAMBON: '๙๐๐๑๐๑', DOB: '1950', TEL: '081-234-5678, 074 123 456', MOO: 'หมู่ ๕' },
      nhso,
      7,
    );
    expect(r.ok && r.person).toMatchObject({
      title: 'น.ส.',
      firstName: 'วิภา',
      sex: 'female',
      areaCode: '900101',
      birth: { iso: '1950-01-01', precision: 'year' },
      phones: ['0812345678', '074123456'],
      address: { villageNo: 5 },
    });
  });

  it('splits a whole name typed into the first-name column', () => {
    const m = ImportMapping.parse({ columns: { firstName: 'FNAME', lastName: 'LNAME', areaCode: 'TAMBON' } });
    const r = readImportRow({ FNAME: 'นายสมชาย ใจดี', LNAME: '', TAMBON: '900101' }, m, 2);
    expect(r.ok && r.person).toMatchObject({ title: 'นาย', firstName: 'สมชาย', lastName: 'ใจดี', sex: 'male' });
  });

  it('needs a name column in the mapping', () => {
    expect(ImportMapping.safeParse({ columns: { cid: 'ID' } }).success).toBe(false);
  });
});

describe('values in the agency’s own words (issue 19, item 2)', () => {
  const m = ImportMapping.parse({ columns: { fullName: 'ชื่อ', subdistrict: 'ตำบล', disabilityTypes: 'ประเภท', sex: 'เพศ' } });
  const read = (cells: Record<string, string>, mapping = m) => readImportRow({ ชื่อ: 'นายมานะ ดีใจ', ตำบล: 'บ่อยาง', ...cells }, mapping, 2);

  it('reads the 7 disability types from the product’s labels, common words and numbers, several in a cell', () => {
    expect(readValues('disabilityTypes', 'ทางการเห็น')).toEqual({ codes: ['1'], unknown: [] });
    expect(readValues('disabilityTypes', 'ความพิการทางการได้ยินหรือสื่อความหมาย')).toEqual({ codes: ['2'], unknown: [] });
    expect(readValues('disabilityTypes', 'ตาบอด / ทางการเคลื่อนไหวหรือทางร่างกาย')).toEqual({ codes: ['1', '3'], unknown: [] });
    expect(readValues('disabilityTypes', 'Mental or behavioural, autism')).toEqual({ codes: ['4', '7'], unknown: [] });
    expect(readValues('disabilityTypes', '๓ ๕')).toEqual({ codes: ['3', '5'], unknown: [] });
    expect(readValues('disabilityTypes', '1,8')).toEqual({ codes: ['1'], unknown: ['8'] });
    expect(readValues('disabilityTypes', 'พิการซ้ำซ้อน')).toEqual({ codes: [], unknown: ['พิการซ้ำซ้อน'] });
  });

  it('keeps a row with an unknown type, warning about that value, and reads it through the source’s value map', () => {
    const r = read({ ประเภท: 'ทางการเห็น, พิการซ้ำซ้อน' });
    expect(r.ok && r.person.disabilityTypes).toEqual([1]);
    expect(r.ok && r.warnings).toEqual([expect.objectContaining({ path: 'disabilityTypes', message_th: expect.stringContaining('"พิการซ้ำซ้อน"') })]);
    const mapped = ImportMapping.parse({ ...m, values: { disabilityTypes: { พิการซ้ำซ้อน: '3', ไม่พิการ: '' } } });
    const again = read({ ประเภท: 'ทางการเห็น, พิการซ้ำซ้อน' }, mapped);
    expect(again.ok && again.person.disabilityTypes).toEqual([1, 3]);
    expect(again.ok && again.warnings).toEqual([]);
    const none = read({ ประเภท: 'ไม่พิการ' }, mapped);
    expect(none.ok && [none.person.disabilityTypes, none.warnings]).toEqual([[], []]);
  });

  it('reads sex through the value map before the built-in words, and refuses a code the field does not have', () => {
    const mapped = ImportMapping.parse({ ...m, values: { sex: { 'ช.': 'male', 'ญ.': 'female', X: '' } } });
    expect(read({ เพศ: 'ญ.' }, mapped)).toMatchObject({ ok: true, person: { sex: 'female' } });
    expect(read({ เพศ: 'x' }, mapped)).toMatchObject({ ok: true, person: { sex: 'unknown' } });
    expect(read({ เพศ: 'ญ.' })).toMatchObject({ ok: false });
    expect(ImportMapping.safeParse({ ...m, values: { sex: { ช: 'man' } } }).success).toBe(false);
    expect(ImportMapping.safeParse({ ...m, values: { disabilityTypes: { x: '8' } } }).success).toBe(false);
  });
});

describe('more targets: ADL, disability card dates, allowance, GPS, caregiver', () => {
  const m = ImportMapping.parse({
    columns: {
      fullName: 'ชื่อ',
      subdistrict: 'ตำบล',
      adlScore: 'ADL',
      adlGroup: 'กลุ่ม',
      adlDate: 'วันประเมิน',
      disabilityCardIssued: 'วันออกบัตร',
      disabilityCardExpiry: 'วันหมดอายุ',
      allowanceType: 'เบี้ย',
      allowanceStatus: 'สถานะ',
      allowanceAmount: 'จำนวนเงิน',
      gpsLat: 'lat',
      gpsLng: 'lng',
      caregiverName: 'ผู้ดูแล',
      caregiverPhone: 'โทรผู้ดูแล',
    },
  });
  const read = (cells: Record<string, string>, mapping = m) => readImportRow({ ชื่อ: 'นางสมศรี ใจดี', ตำบล: 'ฉาง', ...cells }, mapping, 2);
  const ok = (r: ReturnType<typeof read>) => {
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    return r;
  };
  const paths = (r: ReturnType<typeof read>) => ok(r).warnings.map((w) => w.path);

  it('adds every new field with Thai and English labels, and the value-mapped ones with labelled codes', () => {
    for (const f of [
      'adlScore',
      'adlGroup',
      'adlDate',
      'disabilityCardIssued',
      'disabilityCardExpiry',
      'allowanceType',
      'allowanceStatus',
      'allowanceAmount',
      'gpsLat',
      'gpsLng',
      'gps',
      'caregiverName',
      'caregiverPhone',
    ] as const) {
      expect(IMPORT_FIELDS).toContain(f);
      expect(IMPORT_FIELD_LABELS[f].th).toMatch(/[ก-๙]/);
      expect(IMPORT_FIELD_LABELS[f].en).toMatch(/[A-Za-z]/);
    }
    expect(VALUE_MAP_FIELDS).toEqual(expect.arrayContaining(['adlGroup', 'allowanceType', 'allowanceStatus']));
    expect(VALUE_CODES.adlGroup).toEqual(['social', 'homebound', 'bedridden', '']);
    expect(VALUE_CODES.allowanceStatus).toEqual(['receiving', 'eligible_not_receiving', 'applied', 'not_eligible', '']);
    for (const f of ['adlGroup', 'allowanceType', 'allowanceStatus'] as const)
      for (const code of VALUE_CODES[f].filter(Boolean)) expect(VALUE_CODE_LABELS[f][code]?.th).toBeTruthy();
    expect(ImportMapping.safeParse({ ...m, values: { adlGroup: { กลุ่ม1: 'social' }, allowanceType: { เบี้ยคนชรา: 'elderly_allowance' } } }).success).toBe(true);
    expect(ImportMapping.safeParse({ ...m, values: { adlGroup: { x: 'walking' } } }).success).toBe(false);
    expect(ImportMapping.safeParse({ ...m, values: { allowanceType: { x: 'health_scheme' } } }).success).toBe(false);
  });

  it('reads ADL group words in Thai and English, and allowance words by themselves', () => {
    expect(['ติดสังคม', 'ติดบ้าน', 'ติดเตียง', 'Social', 'homebound', 'BEDRIDDEN', 'กลุ่ม ติดเตียง'].map((v) => readValues('adlGroup', v).codes[0])).toEqual([
      'social',
      'homebound',
      'bedridden',
      'social',
      'homebound',
      'bedridden',
      'bedridden',
    ]);
    expect(['เบี้ยความพิการ', 'เบี้ยยังชีพผู้สูงอายุ', 'เบี้ยผู้สูงอายุ', 'เบี้ยยังชีพ คนพิการ'].map((v) => readValues('allowanceType', v).codes[0])).toEqual([
      'disability_allowance',
      'elderly_allowance',
      'elderly_allowance',
      'disability_allowance',
    ]);
    expect(['ได้รับ', 'รับอยู่', 'ยื่นคำขอแล้ว', 'ไม่มีสิทธิ'].map((v) => readValues('allowanceStatus', v).codes[0])).toEqual([
      'receiving',
      'receiving',
      'applied',
      'not_eligible',
    ]);
    expect(readValues('adlGroup', 'เดินได้')).toEqual({ codes: [], unknown: ['เดินได้'] });
    expect(readValues('allowanceType', 'เบี้ยคนชรา', { allowanceType: { เบี้ยคนชรา: 'elderly_allowance' } })).toEqual({
      codes: ['elderly_allowance'],
      unknown: [],
    });
  });

  it('takes an ADL score’s group, with its date; warns on a score outside 0–20 and on a group that disagrees, trusting the score', () => {
    const r = ok(read({ ADL: '๓', วันประเมิน: '15/3/2568' }));
    expect(r.person.adl).toEqual({ score: 3, group: 'bedridden', date: '2025-03-15' });
    expect(r.warnings).toEqual([]);
    const disagree = ok(read({ ADL: '15', กลุ่ม: 'ติดเตียง' }));
    expect(disagree.person.adl).toEqual({ score: 15, group: 'social', date: null });
    expect(disagree.warnings).toEqual([
      expect.objectContaining({ path: 'adlGroup', message_th: expect.stringContaining('ใช้กลุ่มตามคะแนน'), message_en: expect.stringContaining('score') }),
    ]);
    const outside = ok(read({ ADL: '45', กลุ่ม: 'ติดบ้าน' }));
    expect(outside.person.adl).toEqual({ score: null, group: 'homebound', date: null });
    expect(outside.warnings).toEqual([
      expect.objectContaining({ path: 'adlScore', message_th: expect.stringContaining('0–20'), message_en: expect.stringContaining('0–20') }),
    ]);
    const bad = ok(read({ ADL: 'ดี', กลุ่ม: 'เดินได้', วันประเมิน: '1/1/2700' }));
    expect(bad.person.adl).toBeUndefined();
    expect(paths(read({ ADL: 'ดี', กลุ่ม: 'เดินได้', วันประเมิน: '1/1/2700' }))).toEqual(['adlScore', 'adlGroup', 'adlDate']);
    expect(bad.warnings[1]?.message_th).toContain('"เดินได้"');
    const group = ok(read({ กลุ่ม: 'ติดบ้าน' }, ImportMapping.parse({ ...m, values: { adlGroup: { ติดบ้าน: 'bedridden' } } })));
    expect(group.person.adl?.group).toBe('bedridden');
  });

  it('reads the disability card’s issue and expiry days, warning on unreadable or impossible ones', () => {
    const r = ok(read({ วันออกบัตร: '1 ม.ค. 2565', วันหมดอายุ: '31/12/2570' }));
    expect([r.person.disabilityCardIssued, r.person.disabilityCardExpiry, r.warnings]).toEqual(['2022-01-01', '2027-12-31', []]);
    const bad = read({ วันออกบัตร: '1/1/2690', วันหมดอายุ: 'ตลอดชีพ' });
    expect(paths(bad)).toEqual(['disabilityCardIssued', 'disabilityCardExpiry']);
    expect(ok(bad).person.disabilityCardIssued).toBeUndefined();
    expect(ok(bad).warnings[1]?.message_en).toContain('ตลอดชีพ');
    expect(paths(read({ วันออกบัตร: '1/1/2565', วันหมดอายุ: '1/1/2560' }))).toEqual(['disabilityCardExpiry']);
  });

  it('reads an allowance (receiving unless said), its amount with Thai digits and commas, and warns on what does not read', () => {
    expect(ok(read({ เบี้ย: 'เบี้ยความพิการ', จำนวนเงิน: '๑,๐๐๐ บาท' })).person.allowance).toEqual({
      kind: 'disability_allowance',
      status: 'receiving',
      amount: 1000,
    });
    expect(ok(read({ เบี้ย: 'เบี้ยผู้สูงอายุ', สถานะ: 'ยื่นคำขอแล้ว' })).person.allowance).toEqual({ kind: 'elderly_allowance', status: 'applied', amount: null });
    const bad = read({ เบี้ย: 'เบี้ยความพิการ', สถานะ: 'งด', จำนวนเงิน: 'แปดร้อย' });
    expect(ok(bad).person.allowance).toEqual({ kind: 'disability_allowance', status: 'receiving', amount: null });
    expect(paths(bad)).toEqual(['allowanceStatus', 'allowanceAmount']);
    const unknownType = read({ เบี้ย: 'เบี้ยเด็กแรกเกิด', จำนวนเงิน: '600' });
    expect(ok(unknownType).person.allowance).toBeUndefined();
    expect(paths(unknownType)).toEqual(['allowanceType']);
    expect(paths(read({ จำนวนเงิน: '800' }))).toEqual(['allowanceType']);
    expect(readImportNumber('1,234.50')).toBe(1234.5);
    expect(readImportNumber('12a')).toBeUndefined();
  });

  it('keeps a GPS point in Thailand from two columns or one, and warns (not storing it) outside Thailand or unreadable', () => {
    expect(ok(read({ lat: '6.8412', lng: '100.8123' })).person.gps).toEqual({ lat: 6.8412, lng: 100.8123 });
    const one = ImportMapping.parse({ columns: { fullName: 'ชื่อ', subdistrict: 'ตำบล', gps: 'พิกัด' } });
    expect(ok(read({ พิกัด: '๖.๘๔, ๑๐๐.๘๑' }, one)).person.gps).toEqual({ lat: 6.84, lng: 100.81 });
    const swapped = read({ พิกัด: '100.81,6.84' }, one);
    expect(ok(swapped).person.gps).toBeUndefined();
    expect(ok(swapped).warnings).toEqual([
      expect.objectContaining({ path: 'gps', message_th: expect.stringContaining('นอกประเทศไทย'), message_en: expect.stringContaining('swapped') }),
    ]);
    expect(paths(read({ lat: '51.5', lng: '-0.12' }))).toEqual(['gps']);
    expect(paths(read({ lat: '6.84' }))).toEqual(['gps']);
    expect(paths(read({ พิกัด: 'บ้านริมคลอง' }, one))).toEqual(['gps']);
  });

  it('reads the caregiver’s name and phone, warning on a phone too short', () => {
    expect(ok(read({ ผู้ดูแล: 'นายสมชาย ใจดี', โทรผู้ดูแล: '๐๘๑-๒๓๔-๕๖๗๘' })).person.caregiver).toEqual({ name: 'นายสมชาย ใจดี', phone: '0812345678' });
    const short = read({ ผู้ดูแล: 'สมชาย', โทรผู้ดูแล: '1234' });
    expect(ok(short).person.caregiver).toEqual({ name: 'สมชาย', phone: null });
    expect(paths(short)).toEqual(['caregiverPhone']);
  });

  it('never refuses a row for these fields, and reads none of them when they are not mapped', () => {
    const r = ok(read({ ADL: 'x', เบี้ย: 'y', lat: 'z', lng: 'w', วันออกบัตร: 'v' }));
    expect(r.person.firstName).toBe('สมศรี');
    const plain = ok(readImportRow({ ชื่อ: 'นางสมศรี ใจดี', ตำบล: 'ฉาง', ADL: '3' }, ImportMapping.parse({ columns: { fullName: 'ชื่อ', subdistrict: 'ตำบล' } }), 2));
    expect([plain.person.adl, plain.person.allowance, plain.person.gps, plain.person.caregiver, plain.warnings]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      [],
    ]);
  });
});
