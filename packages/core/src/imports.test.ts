import { describe, expect, it } from 'vitest';
import { ImportMapping, parseImportDate, parseSex, parseThaiAddress, readImportRow, readValues } from './imports.js';

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
