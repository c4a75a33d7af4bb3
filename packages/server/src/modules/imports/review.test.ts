import { cidCheckDigit } from '@carehub/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import { ApiClient } from '../../testing/server.js';

/**
 * The review screens' reads: the queue a page at a time with its total, the count for the menu, and
 * the past decisions and score links where a wrong link is split, each within the steward's own
 * organisation's sources and areas.
 *
 * Where the score places each row is linkage's business (imports.test.ts and the engine's own tests);
 * here the rows of a real import are put in the states under test directly, so these tests do not hang
 * on the weights.
 */
const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const SOMSRI = cid('310060012345');
const MANA = cid('310060054321');
const FILE = 'ผู้สูงอายุ-รอบ2.xlsx';

let f: Fixture;
let pmj: ApiClient;
let nhso: ApiClient;
let ssj: ApiClient;
let somsri = '';
let mana = '';
/** The elderly list's rows by record key: id and row number in the file. */
const rec: Record<string, { id: string; row: number }> = {};
let ssjBatch = '';

const upload = (c: ApiClient, source: string, fileName: string, data: Uint8Array) =>
  fetch(`${c.base}/api/imports?source=${source}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: data,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

async function elderlyXlsx(rows: string[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('ผู้สูงอายุ');
  sheet.addRow(['HN', 'คำนำหน้า', 'ชื่อ', 'นามสกุล', 'เพศ', 'วันเกิด', 'ตำบล', 'อำเภอ', 'จังหวัด']);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const BOYANG = ['บ่อยาง', 'เมืองสงขลา', 'สงขลา'];
const CHANG = ['ฉาง', 'นาทวี', 'สงขลา'];
const EVIDENCE = { name: 1, birth_date: 0, sex: 0, area: 0 };

/** A row put before a reviewer with one candidate. */
const toReview = (id: string, personId: string, probability: number) =>
  f.database.db
    .updateTable('source_records')
    .set({
      status: 'review',
      person_id: null,
      match_score: null,
      candidates: JSON.stringify([{ personId, probability, evidence: EVIDENCE }]),
      decided_by: null,
      decided_at: null,
    })
    .where('id', '=', id)
    .execute();

interface QueueItem {
  recordId: string;
  source: string;
  recordKey: string;
  rowNumber: number;
  batch: { id: string; fileName: string; importedAt: string };
  row: { name: string; cid: string | null };
  candidates: Array<{ personId: string; name: string; cid: string | null }>;
}
interface DecisionItem {
  recordId: string;
  recordKey: string;
  rowNumber: number;
  batch: { id: string; fileName: string; importedAt: string };
  kind: 'reviewed' | 'scored';
  status: 'linked' | 'new';
  at: string;
  decidedAt: string | null;
  decidedBy: string | null;
  row: { name: string; birthDate: string | null; sex: string; areaCode: string | null; cid: string | null };
  personId: string | null;
  person: { personId: string; name: string; cid: string | null; probability: number | null; evidence: Record<string, number> | null } | null;
}
interface Decisions {
  items: DecisionItem[];
  total: number;
  limit: number;
  offset: number;
}

beforeAll(async () => {
  f = await createFixture({}, 0);
  [pmj, nhso, ssj] = await Promise.all([f.as('steward.pmj'), f.as('steward.nhso'), f.as('steward.ssj')]);
  await saveDemoSources(f);

  // The registry: สมศรี (ต.บ่อยาง) and มานะ (ต.ฉาง), with their national IDs, from พมจ.'s list.
  const registry = [
    'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
    `P1,นางสมศรี ใจดี,${SOMSRI},5/3/2490,"12 ม.3 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3`,
    `P2,นายมานะ ดีใจ,${MANA},1/1/2495,"4 ม.1 ต.ฉาง อ.นาทวี จ.สงขลา",1`,
  ].join('\r\n');
  const a = await upload(pmj, 'pmj_disability', 'คนพิการ.csv', new TextEncoder().encode(registry));
  expect(a.body).toMatchObject({ created: 2 });
  const persons = await f.database.db.selectFrom('persons').select(['id', 'cid']).execute();
  somsri = persons.find((p) => p.cid === SOMSRI)?.id as string;
  mana = persons.find((p) => p.cid === MANA)?.id as string;

  // สปสช.'s list names มานะ by his national ID: linked for certain, never a row to review or split.
  const b = await upload(nhso, 'nhso_ltc', 'ltc.csv', new TextEncoder().encode(`PID;FNAME;LNAME;SEX;DOB;TAMBON\n${MANA};มานะ;ดีใจ;1;1 ม.ค. 2495;900402`));
  expect(b.body).toMatchObject({ linked: 1 });

  // สสจ.'s list: no IDs. Six rows in ต.บ่อยาง and two in ต.ฉาง.
  const c = await upload(
    ssj,
    'ssj_elderly',
    FILE,
    await elderlyXlsx([
      ['R1', 'นาง', 'สมสี', 'ใจดี', 'หญิง', '1947-03-05', ...BOYANG],
      ['R2', 'นาง', 'สมศรี', 'ใจดีมาก', 'หญิง', '1947', ...BOYANG],
      ['R3', 'นาง', 'สมศรี', 'ใจดี', 'หญิง', '1957-08-20', ...BOYANG],
      ['R4', 'นาง', 'สมศี', 'ใจดี', 'หญิง', '1947-03-06', ...BOYANG],
      ['R5', 'นาง', 'สมศรี', 'ใจดี', 'หญิง', '1947-05-03', ...BOYANG],
      ['R6', 'นาง', 'สมสรี', 'ใจดี', 'หญิง', '1947-03-05', ...BOYANG],
      ['R7', 'นาย', 'มานะ', 'ดีจัย', 'ชาย', '1952-01-01', ...CHANG],
      ['R8', 'นาย', 'มานะ', 'ดีใจ', 'ชาย', '1962-01-01', ...CHANG],
    ]),
  );
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  expect(c.body.accepted).toBe(8);
  ssjBatch = c.body.id;
  for (const r of await f.database.db
    .selectFrom('source_records')
    .select(['id', 'record_key', 'row_number'])
    .where('source_code', '=', 'ssj_elderly')
    .execute())
    rec[r.record_key] = { id: r.id, row: r.row_number };

  // R1–R5 and R7–R8 wait for a reviewer; R6 the score linked to สมศรี (0.95) with no reviewer.
  for (const k of ['R1', 'R2', 'R3', 'R4', 'R5']) await toReview(rec[k]!.id, somsri, 0.6);
  for (const k of ['R7', 'R8']) await toReview(rec[k]!.id, mana, 0.5);
  await f.database.db
    .updateTable('source_records')
    .set({
      status: 'linked',
      person_id: somsri,
      match_score: 0.95,
      candidates: JSON.stringify([{ personId: somsri, probability: 0.95, evidence: EVIDENCE }]),
      decided_by: null,
      decided_at: null,
    })
    .where('id', '=', rec.R6!.id)
    .execute();
});
afterAll(() => f?.close());

const queue = (c: ApiClient, query = '') => c.get<QueueItem[]>(`/api/imports/reviews${query}`);
const decisions = (c: ApiClient, query = '') => c.get<Decisions>(`/api/imports/decisions${query}`);

describe('the review queue a page at a time', () => {
  it('counts the rows waiting, in all and by source, and pages through them with nothing twice or left out', async () => {
    const count = await ssj.get('/api/imports/reviews/count');
    expect(count.status).toBe(200);
    expect(count.body).toEqual({ total: 7, bySource: [{ source: 'ssj_elderly', sourceName: 'คัดกรองผู้สูงอายุ สสจ.สงขลา', total: 7 }] });

    const all = await queue(ssj, '?limit=100');
    expect(all.body).toHaveLength(7);
    const pages = [
      await queue(ssj, '?limit=3'),
      await queue(ssj, '?limit=3&offset=3'),
      await queue(ssj, '?limit=3&offset=6'),
      await queue(ssj, '?limit=3&offset=9'),
    ];
    expect(pages.map((p) => p.body.length)).toEqual([3, 3, 1, 0]);
    expect(pages.flatMap((p) => p.body.map((q) => q.recordId))).toEqual(all.body.map((q) => q.recordId));
    expect(new Set(all.body.map((q) => q.recordKey))).toEqual(new Set(['R1', 'R2', 'R3', 'R4', 'R5', 'R7', 'R8']));
    // The default page is 20 rows; more than 100 at once is refused.
    expect((await queue(ssj)).body).toHaveLength(7);
    expect((await queue(ssj, '?limit=101')).status).toBe(400);
    expect((await queue(ssj, '?offset=-1')).status).toBe(400);

    // Each row with its file, the day it was imported and its row in the file, beside its record key.
    const r3 = all.body.find((q) => q.recordKey === 'R3') as QueueItem;
    expect(r3).toMatchObject({ source: 'ssj_elderly', rowNumber: rec.R3!.row, batch: { id: ssjBatch, fileName: FILE } });
    expect(rec.R3!.row).toBe(4); // the header is row 1
    expect(Date.now() - Date.parse(r3.batch.importedAt)).toBeLessThan(10 * 60_000);
    // The registry person's national ID shows its last 4 digits only, and is never sent whole.
    expect(r3.candidates[0]).toMatchObject({ personId: somsri, name: 'นาง สมศรี ใจดี', cid: `x-xxxx-xxxx${SOMSRI[9]}-${SOMSRI.slice(10, 12)}-${SOMSRI[12]}` });
    expect(JSON.stringify(all.body)).not.toContain(SOMSRI);
  });

  it('filters by source', async () => {
    const mine = await queue(ssj, '?source=ssj_elderly&limit=100');
    expect(mine.body).toHaveLength(7);
    expect(mine.body.every((q) => q.source === 'ssj_elderly')).toBe(true);
    expect((await queue(ssj, '?source=pmj_disability')).body).toEqual([]);
  });
});

describe('past decisions and score links', () => {
  it('lists a reviewer’s decision and a score link, newest first, and leaves out links by national ID', async () => {
    // ssj's reviewer decides R1 is สมศรี.
    const decided = await ssj.post(`/api/imports/records/${rec.R1!.id}/decide`, { personId: somsri });
    expect(decided.body).toMatchObject({ status: 'linked', personId: somsri });
    expect((await ssj.get('/api/imports/reviews/count')).body.total).toBe(6);

    const list = await decisions(ssj);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    const [r1, r6] = list.body.items;
    expect(r1).toMatchObject({
      recordId: rec.R1!.id,
      recordKey: 'R1',
      rowNumber: rec.R1!.row,
      batch: { id: ssjBatch, fileName: FILE },
      kind: 'reviewed',
      status: 'linked',
      decidedBy: 'พิมพ์ใจ สาธารณสุข',
      row: { name: 'นาง สมสี ใจดี', birthDate: '1947-03-05', sex: 'female', areaCode: '900101', cid: null },
      personId: somsri,
      person: { personId: somsri, name: 'นาง สมศรี ใจดี', probability: 0.6, evidence: EVIDENCE },
    });
    expect(r1?.at).toBe(r1?.decidedAt);
    expect(r6).toMatchObject({
      recordId: rec.R6!.id,
      kind: 'scored',
      status: 'linked',
      decidedAt: null,
      decidedBy: null,
      personId: somsri,
      person: { personId: somsri, probability: 0.95, cid: `x-xxxx-xxxx${SOMSRI[9]}-${SOMSRI.slice(10, 12)}-${SOMSRI[12]}` },
    });
    expect(Date.parse(r1!.at)).toBeGreaterThanOrEqual(Date.parse(r6!.at));
    expect(JSON.stringify(list.body)).not.toContain(SOMSRI);

    // By kind, and a page at a time.
    expect((await decisions(ssj, '?kind=reviewed')).body.items.map((d) => d.recordKey)).toEqual(['R1']);
    expect((await decisions(ssj, '?kind=scored')).body).toMatchObject({ total: 1, items: [{ recordKey: 'R6' }] });
    const second = await decisions(ssj, '?limit=1&offset=1');
    expect(second.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ recordKey: 'R6' }] });
    expect((await decisions(ssj, '?offset=5')).body).toMatchObject({ total: 2, items: [] });
    expect((await decisions(ssj, '?kind=other')).status).toBe(400);

    // สปสช.'s row linked by มานะ's national ID is nowhere: not for its own steward either. Nor are พมจ.'s registered rows.
    const byId = await f.database.db
      .selectFrom('source_records')
      .select(['status', 'match_score'])
      .where('source_code', '=', 'nhso_ltc')
      .executeTakeFirstOrThrow();
    expect(byId).toEqual({ status: 'linked', match_score: 1 });
    expect((await decisions(nhso)).body).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
    expect((await decisions(pmj)).body.total).toBe(0);

    // The reads are audited with counts and record ids, never names or national IDs.
    const audits = await f.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'in', ['import.decision_list', 'import.review_list', 'import.review_count'])
      .orderBy('id')
      .execute();
    const listed = audits.filter((a) => a.action === 'import.decision_list').at(0)?.details as Record<string, unknown>;
    expect(listed).toMatchObject({ rows: 2, total: 2, records: [rec.R1!.id, rec.R6!.id], persons: [somsri] });
    const counted = audits.filter((a) => a.action === 'import.review_count').at(0)?.details as Record<string, unknown>;
    expect(counted).toEqual({ total: 7, sources: 1 });
    expect(audits.find((a) => a.action === 'import.review_list')?.details).toMatchObject({ rows: 7, records: expect.arrayContaining([rec.R3!.id]) });
    const text = JSON.stringify(audits);
    expect(text).not.toContain('สมศรี');
    expect(text).not.toContain('สมสี');
    expect(text).not.toContain(SOMSRI.slice(0, 9));
  });

  it('splits a score link found in the list: the row becomes a person of its own and lists as decided', async () => {
    // What the score link told สมศรี's record (as an import writes it).
    await f.database.db
      .insertInto('field_provenance')
      .values({
        person_id: somsri,
        field: 'firstNameTh',
        value: JSON.stringify('สมสรี'),
        source: 'import',
        source_ref: `import:${ssjBatch}:${rec.R6!.id}`,
        recorded_by: null,
      })
      .execute();
    const listed = (await decisions(ssj, '?kind=scored')).body.items[0] as DecisionItem;
    const split = await ssj.post(`/api/imports/records/${listed.recordId}/split`, {});
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    expect(split.body.status).toBe('new');
    expect(split.body.personId).not.toBe(somsri);
    const refs = await f.database.db.selectFrom('field_provenance').select('source_ref').where('person_id', '=', somsri).execute();
    expect(refs.some((x) => x.source_ref?.endsWith(rec.R6!.id))).toBe(false);
    // No longer a score link: a reviewer's decision (a person of its own), newest first; and not split twice.
    expect((await decisions(ssj, '?kind=scored')).body.total).toBe(0);
    const list = await decisions(ssj);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({
      recordId: rec.R6!.id,
      kind: 'reviewed',
      status: 'new',
      decidedBy: 'พิมพ์ใจ สาธารณสุข',
      personId: split.body.personId,
      person: { personId: split.body.personId, name: 'นาง สมสรี ใจดี', probability: null, evidence: null },
    });
    expect((await ssj.post(`/api/imports/records/${rec.R6!.id}/split`, {})).status).toBe(409);
    // The reviewer's link of R1 splits the same way.
    expect((await ssj.post(`/api/imports/records/${rec.R1!.id}/split`, {})).body.status).toBe('new');
    expect((await decisions(ssj)).body.items.map((d) => [d.recordKey, d.status])).toEqual([
      ['R1', 'new'],
      ['R6', 'new'],
    ]);
  });
});

describe('who sees what', () => {
  it('shows another organisation’s steward none of the rows, and splits none of them', async () => {
    for (const other of [nhso, pmj]) {
      expect((await queue(other)).body).toEqual([]);
      expect((await other.get('/api/imports/reviews/count')).body).toEqual({ total: 0, bySource: [] });
      expect((await decisions(other, '?source=ssj_elderly')).body.total).toBe(0);
    }
    // A link the other organisation could only guess the id of: not found for it.
    await ssj.post(`/api/imports/records/${rec.R2!.id}/decide`, { personId: somsri });
    expect((await nhso.post(`/api/imports/records/${rec.R2!.id}/split`, {})).status).toBe(404);
    expect((await decisions(ssj, '?kind=reviewed')).body.items[0]).toMatchObject({ recordKey: 'R2', status: 'linked' });
  });

  it('shows a steward of the same organisation only the rows of their own areas', async () => {
    const admin = await f.as('admin');
    const org = await f.database.db.selectFrom('users').select('organisation_id').where('username', '=', 'steward.ssj').executeTakeFirstOrThrow();
    const created = await admin.post('/api/users', {
      username: 'steward.ssj.nathawi',
      displayName: 'ผู้ดูแลข้อมูล นาทวี',
      role: 'data_steward',
      organisationId: org.organisation_id,
      scopes: ['9004'],
      password: 'nathawi-steward-1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const nathawi = new ApiClient(f.server.url);
    expect((await nathawi.login('steward.ssj.nathawi', 'nathawi-steward-1')).status).toBe(200);
    // ต.ฉาง's rows only: R7 and R8 wait; the decided rows are all in ต.บ่อยาง.
    expect((await queue(nathawi)).body.map((q) => q.recordKey).sort()).toEqual(['R7', 'R8']);
    expect((await nathawi.get('/api/imports/reviews/count')).body).toMatchObject({ total: 2 });
    expect((await decisions(nathawi)).body.total).toBe(0);
    expect((await ssj.get('/api/imports/reviews/count')).body.total).toBe(5);
    // A social worker does not review imports.
    const sw = await f.as('sw.boyang');
    expect((await sw.get('/api/imports/reviews/count')).status).toBe(403);
    expect((await sw.get('/api/imports/decisions')).status).toBe(403);
  });
});
