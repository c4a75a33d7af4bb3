import { cidCheckDigit } from '@carehub/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';
import { reviewerParameters } from './linkage.js';
import { readTable } from './parse.js';

const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const SOMSRI = cid('310060012345');
const MANA = cid('310060054321');
const BAD_MANA = `${MANA.slice(0, 12)}${(Number(MANA[12]) + 1) % 10}`;

/** Thai text in TIS-620 / Windows-874 bytes: ASCII as is, Thai letters U+0E01–U+0E5B at 0xA1–0xFB. */
function tis620(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) as number;
      if (c < 0x80) return c;
      if (c >= 0x0e01 && c <= 0x0e5b) return c - 0x0e01 + 0xa1;
      throw new Error(`not in TIS-620: ${ch}`);
    }),
  );
}
const utf8Bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);

// พมจ.: one full-name column with the title attached, IDs with dashes, Buddhist-era d/m/y, Thai address text.
const PMJ_CSV = [
  'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
  `P1,นางสมศรี ใจดี,${SOMSRI.replace(/(\d)(\d{4})(\d{5})(\d{2})(\d)/, '$1-$2-$3-$4-$5')},5/3/2490,"12 ม.3 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3`,
  `P2,นายมานะ ดีใจ,${MANA},2/1/2495,"4 ม.1 ต.ฉาง อ.นาทวี จ.สงขลา","1,2"`,
  'P3,นายผิด วันที่,,31/02/2500,ต.บ่อยาง อ.เมืองสงขลา,',
].join('\r\n');

// สปสช.: separate columns, TIS-620 bytes, semicolons, sex as 1/2, Thai month words, subdistrict codes, Thai digits.
const NHSO_CSV = [
  'PID;FNAME;LNAME;SEX;DOB;TAMBON',
  `${SOMSRI};สมศรี;ใจดี;2;5 มี.ค. 2490;๙๐๐๑๐๑`,
  `${BAD_MANA};มานะ;ดีใจ;1;2 ม.ค. 2495;900402`,
  `;สมชาย;กรุงเทพ;1;2500;100101`,
].join('\n');

// สสจ.: XLSX, title in its own column, Christian-era dates, subdistrict/district/province names.
async function ssjXlsx(rows: Array<Array<string | Date>>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('ผู้สูงอายุ');
  sheet.addRow(['HN', 'คำนำหน้า', 'ชื่อ', 'นามสกุล', 'เพศ', 'วันเกิด', 'ตำบล', 'อำเภอ', 'จังหวัด']);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
const SSJ_ROWS: Array<Array<string | Date>> = [
  ['HN001', 'นาง', 'สมศรี', 'ใจดี', 'หญิง', new Date(Date.UTC(1947, 2, 5)), 'บ่อยาง', 'เมืองสงขลา', 'สงขลา'],
  ['HN002', 'นาย', 'ไม่มี', 'ที่อยู่', 'ชาย', '1950-01-01', 'ไม่มีตำบลนี้', 'นาทวี', 'สงขลา'],
];

let f: Fixture;
let pmj: ApiClient;
let nhso: ApiClient;
let sw: ApiClient;
const batches: Record<string, string> = {};

const upload = (c: ApiClient, source: string, fileName: string, data: Uint8Array) =>
  fetch(`${c.base}/api/imports?source=${source}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: data,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  f = await createFixture({}, 0);
  [pmj, nhso, sw] = await Promise.all([f.as('steward.pmj'), f.as('steward.nhso'), f.as('sw.boyang')]);
  await saveDemoSources(f);
});
afterAll(() => f?.close());

describe('file parsing', () => {
  it('finds the delimiter, keeps blank and repeated headers apart, and reads the first sheet of an XLSX', async () => {
    const t = await readTable(tis620(NHSO_CSV), 'ltc.csv');
    expect(t.headers).toEqual(['PID', 'FNAME', 'LNAME', 'SEX', 'DOB', 'TAMBON']);
    expect(t.rows[0]).toEqual({ row: 2, cells: { PID: SOMSRI, FNAME: 'สมศรี', LNAME: 'ใจดี', SEX: '2', DOB: '5 มี.ค. 2490', TAMBON: '๙๐๐๑๐๑' } });
    expect((await readTable(new TextEncoder().encode('a,,a\n1,2,3'), 'x.csv')).headers).toEqual(['a', 'column_2', 'a_2']);
    const x = await readTable(await ssjXlsx(SSJ_ROWS), 'elderly.xlsx');
    expect(x.rows[0]?.cells).toMatchObject({ HN: 'HN001', วันเกิด: '1947-03-05', ตำบล: 'บ่อยาง' });
  });
});

describe('importing three agencies’ lists', () => {
  it('counts each person once, links by ID or by every field agreeing, and reports each rejected row with its reasons', async () => {
    const a = await upload(pmj, 'pmj_disability', 'คนพิการ.csv', utf8Bom(PMJ_CSV));
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ total: 3, accepted: 2, rejected: 1, created: 2, linked: 0, repeated: false });
    batches.pmj = a.body.id;

    const b = await upload(nhso, 'nhso_ltc', 'ltc.csv', tis620(NHSO_CSV));
    expect(b.body).toMatchObject({ total: 3, accepted: 2, linked: 2, created: 0, rejected: 1 });
    const c = await upload(pmj, 'ssj_elderly', 'x.xlsx', await ssjXlsx(SSJ_ROWS));
    expect(c.status).toBe(404); // not the steward's organisation's source
    const ssj = await f.as('songkhla');
    const c2 = await upload(ssj, 'ssj_elderly', 'elderly.xlsx', await ssjXlsx(SSJ_ROWS));
    // songkhla (province admin, พมจ.) does not own สสจ.'s source either.
    expect(c2.status).toBe(404);

    const persons = await f.database.db
      .selectFrom('persons')
      .select(['id', 'cid', 'first_name_th', 'area_code', 'disability_types'])
      .orderBy('first_name_th')
      .execute();
    expect(persons.map((p) => [p.first_name_th, p.cid, p.area_code])).toEqual([
      ['มานะ', MANA, '900402'],
      ['สมศรี', SOMSRI, '900101'],
    ]);
    const rejections = await nhso.get(`/api/imports/${b.body.id}/rejections?format=json`);
    expect(rejections.body).toEqual([
      {
        row: 4,
        recordKey: 'row:4',
        cells: expect.objectContaining({ FNAME: 'สมชาย' }),
        reasons: [{ path: 'address', message_th: 'พื้นที่ 100101 อยู่นอกพื้นที่ที่คุณรับผิดชอบ', message_en: 'Area 100101 is outside your areas' }],
      },
    ]);
    // The invalid ID is a warning on a row linked by name, birth date, sex and area.
    const linked = await f.database.db
      .selectFrom('source_records')
      .select(['record_key', 'status', 'person_id', 'reasons'])
      .where('source_code', '=', 'nhso_ltc')
      .orderBy('row_number')
      .execute();
    expect(linked.map((r) => r.status)).toEqual(['linked', 'linked', 'rejected']);
    expect(linked[1]?.person_id).toBe(persons[0]?.id);
    expect(linked[1]?.reasons.map((r) => r.path)).toEqual(['cid']);
    // Provenance: each field of สมศรี remembers both agencies' rows.
    const prov = await f.database.db
      .selectFrom('field_provenance')
      .select(['field', 'source_ref'])
      .where('person_id', '=', persons[1]!.id)
      .where('field', '=', 'lastNameTh')
      .execute();
    expect(prov).toHaveLength(2);
  });

  it('gives the rejected rows back as a CSV to fix, and takes the fixed file without doubling anyone', async () => {
    const csv = await pmj.download(`/api/imports/${batches.pmj}/rejections`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a byte-order mark, so Excel reads the Thai right
    const text = new TextDecoder().decode(bytes);
    // In the agency's own column order, so the fixed file imports with the same mapping.
    expect(text.split('\r\n')[0]).toBe('ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ,แถวที่ (row),เหตุผล,reason');
    expect(text).toContain('อ่านวันเกิดไม่ได้ (31/02/2500)');
    expect(text).toContain('Unreadable date of birth (31/02/2500)');
    const xlsx = await pmj.download(`/api/imports/${batches.pmj}/rejections?format=xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');

    // The very same file again: recognised, nothing read.
    const again = await upload(pmj, 'pmj_disability', 'คนพิการ-copy.csv', utf8Bom(PMJ_CSV));
    expect(again.body).toMatchObject({ id: batches.pmj, repeated: true });
    // The fixed file, rows in another order: two unchanged, the fixed one accepted as a new person.
    const fixed = PMJ_CSV.replace('31/02/2500', '28/02/2500').split('\r\n');
    const reordered = [fixed[0], fixed[3], fixed[2], fixed[1]].join('\r\n');
    const r = await upload(pmj, 'pmj_disability', 'คนพิการ-แก้.csv', utf8Bom(reordered));
    expect(r.body).toMatchObject({ total: 3, unchanged: 2, accepted: 1, created: 1, rejected: 0 });
    batches.pmjFixed = r.body.id;
    expect(await f.database.db.selectFrom('persons').select('id').execute()).toHaveLength(3);
  });

  it('rolls back only a source’s latest batch, putting back what it changed and removing whom it registered', async () => {
    expect((await pmj.post(`/api/imports/${batches.pmj}/rollback`, {})).body.code).toBe('import.not_latest');
    const undone = await pmj.post(`/api/imports/${batches.pmjFixed}/rollback`, {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body).toMatchObject({ status: 'rolled_back', personsRemoved: 1, personsKept: 0 });
    expect(await f.database.db.selectFrom('persons').select('id').execute()).toHaveLength(2);
    const p3 = await f.database.db
      .selectFrom('source_records')
      .select(['status', 'batch_id'])
      .where('source_code', '=', 'pmj_disability')
      .where('record_key', '=', 'P3')
      .executeTakeFirstOrThrow();
    expect(p3).toEqual({ status: 'rejected', batch_id: batches.pmj });
    const audits = await f.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'import.%').orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['import.batch', 'import.rollback']));
    expect(JSON.stringify(audits)).not.toContain('สมศรี');
  });

  it('shows an agency only its own batches and rows, and each organisation the coverage of its areas', async () => {
    const mine = await nhso.get('/api/imports');
    expect(mine.body.map((b: { source: string }) => b.source)).toEqual(['nhso_ltc']);
    expect((await nhso.get(`/api/imports/${batches.pmj}/rejections?format=json`)).status).toBe(404);
    expect((await sw.get('/api/imports')).status).toBe(403);
    const cov = await sw.get('/api/imports/coverage');
    expect(cov.status).toBe(200);
    // ต.บ่อยาง's social worker sees สมศรี, counted once though two agencies list her.
    expect(cov.body.counted).toMatchObject({ persons: 1, sources: 2, records: 2 });
    const province = await pmj.get('/api/imports/coverage');
    expect(province.body.counted).toMatchObject({ persons: 2, disability: 2, elderly: 2 });
    const rows = province.body.bySource.filter((r: { source_code: string }) => r.source_code === 'nhso_ltc');
    expect(rows.reduce((n: number, r: { linked: number }) => n + r.linked, 0)).toBe(2);
  });

  describe('probable matches', () => {
    it('scores rows without an ID against the registry, queues the doubtful for a reviewer, and splits a wrong link', async () => {
      const ssj = await f.as('steward.ssj');
      const file = await ssjXlsx([
        // สมศรี with a slipped first name (no ID, so only the score can place her).
        ['HN201', 'นาง', 'สมสี', 'ใจดี', 'หญิง', new Date(Date.UTC(1947, 2, 5)), 'บ่อยาง', 'เมืองสงขลา', 'สงขลา'],
        // Same surname and village, another first name and birth year: a household member, not มานะ or สมศรี.
        ['HN202', 'นาย', 'มานพ', 'ดีใจ', 'ชาย', new Date(Date.UTC(1980, 5, 1)), 'ฉาง', 'นาทวี', 'สงขลา'],
      ]);
      const r = await upload(ssj, 'ssj_elderly', 'slips.xlsx', file);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.accepted).toBe(2);
      const records = await f.database.db
        .selectFrom('source_records')
        .select(['record_key', 'status', 'person_id', 'candidates', 'id'])
        .where('source_code', '=', 'ssj_elderly')
        .orderBy('record_key')
        .execute();
      const somsri = (await f.database.db.selectFrom('persons').select('id').where('cid', '=', SOMSRI).executeTakeFirstOrThrow()).id;
      const [hn201, hn202] = records;
      // The slipped สมศรี is either linked by the score or put before a reviewer with สมศรี as the best candidate; never a new person.
      expect(['linked', 'review']).toContain(hn201?.status);
      if (hn201?.status === 'linked') expect(hn201.person_id).toBe(somsri);
      else expect(hn201?.candidates[0]?.personId).toBe(somsri);
      expect(hn202?.status).not.toBe('linked');

      if (hn201?.status === 'review') {
        const queue = await ssj.get('/api/imports/reviews');
        const item = queue.body.find((q: { recordId: string }) => q.recordId === hn201.id);
        expect(item.row).toMatchObject({ name: 'นาง สมสี ใจดี', birthDate: '1947-03-05', sex: 'female', areaCode: '900101' });
        expect(item.candidates[0]).toMatchObject({ personId: somsri, name: 'นาง สมศรี ใจดี', evidence: expect.objectContaining({ birth_date: 0, sex: 0 }) });
        const decided = await ssj.post(`/api/imports/records/${hn201.id}/decide`, { personId: somsri });
        expect(decided.body).toMatchObject({ status: 'linked', personId: somsri });
      }
      expect((await nhso.get('/api/imports/reviews')).body.every((q: { source: string }) => q.source === 'nhso_ltc')).toBe(true);

      // The reviewer finds the link wrong after all: split. สมศรี's record forgets what the row said.
      const split = await ssj.post(`/api/imports/records/${hn201?.id}/split`, {});
      expect(split.status, JSON.stringify(split.body)).toBe(200);
      expect(split.body.status).toBe('new');
      expect(split.body.personId).not.toBe(somsri);
      const refs = await f.database.db.selectFrom('field_provenance').select('source_ref').where('person_id', '=', somsri).execute();
      expect(refs.some((x) => x.source_ref?.endsWith(hn201?.id as string))).toBe(false);
      expect((await ssj.post(`/api/imports/records/${hn201?.id}/split`, {})).status).toBe(409);
      const audits = await f.database.db.selectFrom('audit_log').select('action').where('action', 'in', ['import.review', 'import.split']).execute();
      expect(audits.map((a) => a.action)).toContain('import.split');
      // The decisions are labelled pairs for the weights: the split candidate counts as a non-match.
      const labelled = await reviewerParameters(f.database.db, 1);
      expect(labelled).toMatchObject({ method: 'labels' });
      expect(labelled?.pairs).toBeGreaterThanOrEqual(1);
      expect(await reviewerParameters(f.database.db)).toBeUndefined(); // too few for the default of 50
    });
  });
});

describe('long imports', () => {
  // A list longer than a few chunks: half with a national ID, half without (matched by score after reading).
  const SYLLABLES = 'กา นา มา ลี ศรี สม ใจ ดี บุญ ทอง แก้ว คำ จันทร์ เพ็ญ วง ศักดิ์ ชัย พร รัตน์ สุข'.split(' ');
  const name = (i: number) => `${SYLLABLES[i % 20]}${SYLLABLES[Math.floor(i / 20) % 20]}${SYLLABLES[Math.floor(i / 400) % 20]}`;
  const ROWS = 1300;
  /** `tag` (0 or 1) keeps two lists' people apart: their own IDs, surnames and subdistricts. */
  const bulk = (tag: number) =>
    new TextEncoder().encode(
      [
        'key,cid,first,last,sex,dob,area',
        ...Array.from({ length: ROWS }, (_, i) =>
          [
            `K${i}`,
            i % 2 ? cid(`39${tag}0${String(i).padStart(8, '0')}`) : '',
            name(i),
            `${['อินทร', 'ภักดี'][tag]}${name(i + 7)}`,
            i % 3 ? 'ชาย' : 'หญิง',
            `19${40 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
            [
              ['900101', '900402'],
              ['900103', '900403'],
            ][tag]?.[i % 4 ? 0 : 1],
          ].join(','),
        ),
      ].join('\n'),
    );
  const MAPPING = { columns: { cid: 'cid', firstName: 'first', lastName: 'last', sex: 'sex', birthDate: 'dob', areaCode: 'area' }, recordKey: 'key' };
  const pendingOf = (source: string) =>
    f.database.db
      .selectFrom('source_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_code', '=', source)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  beforeAll(async () => {
    const admin = await f.as('songkhla');
    const [pmjOrg] = await f.database.db.selectFrom('import_sources').select('organisation_id').where('code', '=', 'pmj_disability').execute();
    for (const code of ['bulk_web', 'bulk_cut'])
      expect((await admin.put(`/api/import-sources/${code}`, { code, name: code, organisationId: pmjOrg?.organisation_id, mapping: MAPPING })).status).toBe(
        200,
      );
  });

  it('runs in the background with its progress saved on the batch and told live to its organisation only', async () => {
    const mine = pmj.listen();
    const theirs = nhso.listen();
    await Promise.all([mine.ready, theirs.ready]);
    const res = await fetch(`${pmj.base}/api/imports?source=bulk_web&fileName=bulk.csv&background=true`, {
      method: 'POST',
      headers: { cookie: pmj.cookie, 'content-type': 'text/csv' },
      body: bulk(0),
    });
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(started).toMatchObject({ status: 'running', repeated: false });
    await expect.poll(async () => (await pmj.get(`/api/imports/${started.id}`)).body.status, { timeout: 60_000, interval: 200 }).toBe('done');
    const done = await pmj.get(`/api/imports/${started.id}`);
    expect(done.body).toMatchObject({ total: ROWS, accepted: ROWS, created: ROWS, rejected: 0, error: null });
    expect(done.body.progress).toEqual({ phase: 'done', read: ROWS, toMatch: ROWS, matched: ROWS });
    expect(await pendingOf('bulk_web')).toBe(0);
    await expect.poll(() => mine.events.filter((e) => e.type === 'import.progress' && e.id === started.id).length).toBeGreaterThanOrEqual(3);
    expect(theirs.events.filter((e) => e.type === 'import.progress')).toEqual([]);
    expect((await nhso.get(`/api/imports/${started.id}`)).status).toBe(404);
    mine.stop();
    theirs.stop();
  }, 90_000);

  it('keeps the rows of an import cut off midway pending, and finishes them when the same file comes again', async () => {
    const data = bulk(1);
    const abort = new AbortController();
    const { runImport } = await import('./service.js');
    const cut = runImport(
      f.database.db,
      { kind: 'operator' },
      { source: 'bulk_cut', fileName: 'bulk.csv', data },
      { signal: abort.signal, onProgress: (p) => p.read >= 500 && abort.abort(new Error('import.interrupted')) },
    );
    await expect(cut).rejects.toThrow('import.interrupted');
    const failed = await f.database.db.selectFrom('import_batches').selectAll().where('source_code', '=', 'bulk_cut').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', error: 'import.interrupted' });
    const left = await pendingOf('bulk_cut');
    expect(left).toBeGreaterThanOrEqual(500);
    expect(left).toBeLessThan(ROWS);

    const again = await runImport(f.database.db, { kind: 'operator' }, { source: 'bulk_cut', fileName: 'bulk.csv', data });
    expect(again).toMatchObject({ status: 'done', total: ROWS, accepted: ROWS, unchanged: 0, created: ROWS, repeated: false });
    expect(await pendingOf('bulk_cut')).toBe(0);
    const persons = await f.database.db
      .selectFrom('source_records')
      .select((eb) => eb.fn.count<number>('person_id').distinct().as('n'))
      .where('source_code', '=', 'bulk_cut')
      .executeTakeFirstOrThrow();
    expect(Number(persons.n)).toBe(ROWS);
  }, 90_000);
});
