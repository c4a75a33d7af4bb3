import { cidCheckDigit } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * Linkage edge cases of an import (issue 19, item 4): a valid national ID one typing slip from a
 * registry person's, with everything else agreeing, goes to a reviewer with the reason, never to a
 * second person; a placeholder birth date (1 January) counts as the year of birth only.
 */
const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const MANA = cid('310060054321');
/** มานะ's ID with its 3rd digit mistyped: the 3rd digit weighs 11 ≡ 0, so the checksum still passes. */
const MANA_SLIP = `${MANA.slice(0, 2)}${(Number(MANA[2]) + 5) % 10}${MANA.slice(3)}`;
const PRAPAI = cid('310060077777');
const PRAPAI_SLIP = `${PRAPAI.slice(0, 2)}${(Number(PRAPAI[2]) + 3) % 10}${PRAPAI.slice(3)}`;
const CHANG = '900402';

let f: Fixture;
let nhso: ApiClient;
let ssj: ApiClient;
const ids: Record<string, string> = {};

const upload = (c: ApiClient, source: string, fileName: string, text: string) =>
  fetch(`${c.base}/api/imports?source=${source}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: new TextEncoder().encode(text),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

const record = (source: string, key: string) =>
  f.database.db
    .selectFrom('source_records')
    .select(['status', 'person_id', 'match_score', 'candidates', 'reasons'])
    .where('source_code', '=', source)
    .where('record_key', '=', key)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  f = await createFixture({}, 0);
  const pmj = await f.as('steward.pmj');
  [nhso, ssj] = await Promise.all([f.as('steward.nhso'), f.as('steward.ssj')]);
  await saveDemoSources(f);
  // The registry, in ต.ฉาง: มานะ and ประไพ with their national IDs, สมศรี born 3 May 2490 (1947).
  const registry = [
    'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
    `P1,นายมานะ ดีใจ,${MANA},5/3/2495,"4 ม.1 ต.ฉาง อ.นาทวี จ.สงขลา",1`,
    `P2,นางประไพ ทองคำ,${PRAPAI},20/8/2500,"9 ม.2 ต.ฉาง อ.นาทวี จ.สงขลา",3`,
    'P3,นางสมศรี ใจดี,,3/5/2490,"12 ม.3 ต.ฉาง อ.นาทวี จ.สงขลา",3',
  ].join('\r\n');
  const a = await upload(pmj, 'pmj_disability', 'คนพิการ.csv', registry);
  expect(a.body).toMatchObject({ created: 3 });
  for (const p of await f.database.db.selectFrom('persons').select(['id', 'first_name_th']).execute()) ids[p.first_name_th] = p.id;
});
afterAll(() => f?.close());

describe('valid national IDs one digit apart', () => {
  it('sends the row to review with the registry person and why, never to a second person', async () => {
    expect(MANA_SLIP).not.toBe(MANA);
    const before = await f.database.db.selectFrom('persons').select('id').execute();
    const r = await upload(
      nhso,
      'nhso_ltc',
      'ltc.csv',
      [
        'PID;FNAME;LNAME;SEX;DOB;TAMBON',
        `${MANA_SLIP};มานะ;ดีใจ;1;5 มี.ค. 2495;${CHANG}`,
        // One digit apart too, but born another day: two people, as before.
        `${PRAPAI_SLIP};ประไพ;ทองคำ;2;21 ส.ค. 2500;${CHANG}`,
      ].join('\n'),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ accepted: 2, review: 1, created: 1, linked: 0 });

    const mana = await record('nhso_ltc', 'row:2');
    expect(mana).toMatchObject({ status: 'review', person_id: null });
    expect(mana.candidates).toHaveLength(1);
    expect(mana.candidates[0]).toMatchObject({ personId: ids['มานะ'], reason: { code: 'cid_one_digit', position: 3 } });
    expect(mana.candidates[0]?.evidence).toEqual({ name: 0, birth_date: 0, sex: 0, area: 1 });
    const prapai = await record('nhso_ltc', 'row:3');
    expect(prapai.status).toBe('new');
    expect(prapai.person_id).not.toBe(ids['ประไพ']);
    // The only person registered is ประไพ's namesake; มานะ waits.
    expect((await f.database.db.selectFrom('persons').select('id').execute()).length).toBe(before.length + 1);

    // The reviewer sees the candidate with the reason, the IDs still masked.
    const queue = await nhso.get<Array<{ recordKey: string; candidates: Array<{ personId: string; cid: string; reason?: unknown }> }>>('/api/imports/reviews');
    expect(queue.status).toBe(200);
    const item = queue.body.find((q) => q.recordKey === 'row:2');
    expect(item?.candidates).toEqual([expect.objectContaining({ personId: ids['มานะ'], reason: { code: 'cid_one_digit', position: 3 } })]);
    expect(JSON.stringify(queue.body)).not.toContain(MANA);
    expect(JSON.stringify(queue.body)).not.toContain(MANA_SLIP);

    // The reviewer says it is the same person.
    const recordId = (
      await f.database.db
        .selectFrom('source_records')
        .select('id')
        .where('source_code', '=', 'nhso_ltc')
        .where('record_key', '=', 'row:2')
        .executeTakeFirstOrThrow()
    ).id;
    const decided = await nhso.post(`/api/imports/records/${recordId}/decide`, { personId: ids['มานะ'] });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'linked', personId: ids['มานะ'] });
  });
});

describe('placeholder birth dates', () => {
  it('links a row born "1/1/2490" to a person born 3 May 1947 by the score, on the year, with a warning', async () => {
    const r = await upload(
      ssj,
      'ssj_elderly',
      'ผู้สูงอายุ.csv',
      ['HN,คำนำหน้า,ชื่อ,นามสกุล,เพศ,วันเกิด,ตำบล,อำเภอ,จังหวัด', 'R1,นาง,สมศรี,ใจดี,หญิง,1/1/2490,ฉาง,นาทวี,สงขลา'].join('\n'),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, linked: 1, created: 0, review: 0 });
    const row = await record('ssj_elderly', 'R1');
    expect(row.status).toBe('linked');
    expect(row.person_id).toBe(ids['สมศรี']);
    // By the score (not an exact match): the birth date agrees on the year, all it says.
    expect(row.match_score).toBeLessThan(1);
    expect(row.candidates[0]).toMatchObject({ personId: ids['สมศรี'], evidence: { name: 0, birth_date: 1, sex: 0, area: 1 } });
    expect(row.reasons).toEqual([
      expect.objectContaining({ path: 'birthDate', message_en: expect.stringContaining('1 January taken as the year of birth only') }),
    ]);
    // The registry's day stays as it was.
    const person = await f.database.db.selectFrom('persons').select(['birth_date', 'birth_precision']).where('id', '=', ids['สมศรี']!).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ birth_date: '1947-05-03', birth_precision: 'day' });
  });
});
