// Writes the three sample agency files a newcomer imports (README, "Importing agency lists"):
// the same people as each agency lists them, in each agency's own layout, with the slips real lists have.
// Run: node samples/imports/make.mjs (after `npm ci`). The demo data's sources (seed/demo.ts, DEMO_SOURCES) map these layouts.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const here = dirname(fileURLToPath(import.meta.url));
const check = (d12) => (11 - ([...d12].reduce((s, d, i) => s + Number(d) * (13 - i), 0) % 11)) % 10;
const cid = (d12) => `${d12}${check(d12)}`;
const dashed = (c) => `${c[0]}-${c.slice(1, 5)}-${c.slice(5, 10)}-${c.slice(10, 12)}-${c[12]}`;

const people = [
  {
    id: cid('390010012301'),
    title: 'นาง',
    first: 'สมศรี',
    last: 'ใจดี',
    sex: 'หญิง',
    dob: [1947, 3, 5],
    area: '900101',
    place: 'ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา',
    types: '3',
  },
  {
    id: cid('390010012302'),
    title: 'นาย',
    first: 'มานะ',
    last: 'ดีใจ',
    sex: 'ชาย',
    dob: [1952, 1, 1],
    area: '900402',
    place: 'ต.ฉาง อ.นาทวี จ.สงขลา',
    types: '1,2',
  },
  {
    id: cid('390010012303'),
    title: 'นางสาว',
    first: 'วิภา',
    last: 'รักดี',
    sex: 'หญิง',
    dob: [1960, 7, 12],
    area: '900101',
    place: 'ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา',
    types: '4',
  },
  {
    id: cid('390010012304'),
    title: 'นาย',
    first: 'ประยงค์',
    last: 'ทองดี',
    sex: 'ชาย',
    dob: [1940, 11, 30],
    area: '900402',
    place: 'ต.ฉาง อ.นาทวี จ.สงขลา',
    types: '3',
  },
  {
    id: cid('390010012305'),
    title: 'นาง',
    first: 'บุญเรือน',
    last: 'ศรีสุข',
    sex: 'หญิง',
    dob: [1945, 2, 14],
    area: '900101',
    place: 'ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา',
    types: '',
  },
];
const be = ([y, m, d]) => `${d}/${m}/${y + 543}`;
const MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
const thaiDigits = (s) => s.replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]);

// พมจ.: the disability registry: one full-name column with the title attached, IDs with dashes,
// Buddhist-era day/month/year, the address as Thai text; UTF-8 with a byte-order mark (as Excel saves it).
const pmj = [
  'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
  ...people
    .slice(0, 4)
    .map((p, i) => `PMJ-${i + 1},${p.title}${p.first} ${p.last},${dashed(p.id)},${be(p.dob)},"${10 + i} ม.${i + 1} ${p.place}","${p.types}"`),
  'PMJ-9,นายไม่ทราบ วันเกิด,,31/02/2500,"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3',
].join('\r\n');
writeFileSync(join(here, 'pmj-disability.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${pmj}\r\n`, 'utf8')]));

// สปสช.: the long-term-care list: separate name columns, sex 1/2, Thai month words, subdistrict codes
// in Thai digits, one ID with a wrong check digit; TIS-620 (Windows-874) with semicolons, as older software exports it.
const nhsoRows = [people[0], people[2], people[4], people[1]].map((p, i) => {
  const id = i === 3 ? `${p.id.slice(0, 12)}${(Number(p.id[12]) + 1) % 10}` : p.id;
  return [id, p.first, p.last, p.sex === 'ชาย' ? '1' : '2', `${p.dob[2]} ${MONTHS[p.dob[1] - 1]} ${p.dob[0] + 543}`, thaiDigits(p.area)].join(';');
});
const nhso = ['PID;FNAME;LNAME;SEX;DOB;TAMBON', ...nhsoRows, ';สมชาย;นอกเขต;1;2500;100101'].join('\n');
const tis620 = Uint8Array.from(
  [...`${nhso}\n`].map((ch) => {
    const c = ch.codePointAt(0);
    if (c < 0x80) return c;
    if (c >= 0x0e01 && c <= 0x0e5b) return c - 0x0e01 + 0xa1;
    throw new Error(`not in TIS-620: ${ch}`);
  }),
);
writeFileSync(join(here, 'nhso-ltc.csv'), tis620);

// สสจ.: the elderly screening list: XLSX, title in its own column, real dates, place names in columns, no IDs.
const book = new ExcelJS.Workbook();
const sheet = book.addWorksheet('ผู้สูงอายุ');
sheet.addRow(['HN', 'คำนำหน้า', 'ชื่อ', 'นามสกุล', 'เพศ', 'วันเกิด', 'ตำบล', 'อำเภอ', 'จังหวัด']);
for (const [i, p] of [people[0], people[3], people[4]].entries()) {
  const [s, d, pr] = p.place.split(' ').map((x) => x.replace(/^[ตอจ]\./, ''));
  sheet.addRow([`HN${100 + i}`, p.title, p.first, p.last, p.sex, new Date(Date.UTC(p.dob[0], p.dob[1] - 1, p.dob[2])), s, d, pr]);
}
sheet.addRow(['HN199', 'นาย', 'ไม่มี', 'ตำบลนี้', 'ชาย', new Date(Date.UTC(1950, 0, 1)), 'ไม่มีตำบลนี้', 'นาทวี', 'สงขลา']);
writeFileSync(join(here, 'ssj-elderly.xlsx'), Buffer.from(await book.xlsx.writeBuffer()));

console.log('wrote samples/imports: pmj-disability.csv, nhso-ltc.csv, ssj-elderly.xlsx');
