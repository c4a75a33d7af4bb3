import { cidCheckDigit } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';

// Issue 18, item 7: every audit row has an area an admin reads it under, and refused requests on a
// person are recorded. Each test here failed on the code before: import.rejections, referral.read and
// failed sign-ins of unknown usernames were written without an area (read by no admin), and a 403 or
// 404 on a person left no row.

let f: Fixture;
let sw: ApiClient; // social worker of ต.บ่อยาง
let personId: string;

async function rows(action: string) {
  return f.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}
type Event = { action: string; actorUsername: string | null; subjectId: string | null; areaCode: string | null; details: Record<string, unknown> };
async function readAs(c: ApiClient, action: string): Promise<Event[]> {
  const r = await c.get(`/api/audit?action=${encodeURIComponent(action)}&summarise=false&pageSize=100`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items;
}

beforeAll(async () => {
  f = await createFixture({}, 0);
  sw = await f.as('sw.boyang');
  const p = await sw.post('/api/persons', {
    cidMissingReason: 'unknown',
    titleTh: 'นาง',
    firstNameTh: 'สายใจ',
    lastNameTh: 'ตรวจบันทึก',
    birthDate: '2495',
    sex: 'female',
    areaCode: '900101',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  personId = p.body.id;
}, 300_000);
afterAll(() => f?.close());

describe('every audit row has an area an admin reads it under', () => {
  it('a failed sign-in with an unknown username is filed under the whole country: system admins read it, area admins do not', async () => {
    expect((await f.client('10.9.8.7').login('no.such.user', 'whatever-1')).status).toBe(401);
    const [row] = (await rows('auth.login_failed')).filter((r) => JSON.stringify(r.details).includes('no.such.user'));
    expect(row).toMatchObject({ actor_id: null, area_code: 'TH' });
    const seen = await readAs(await f.as('admin'), 'auth.login_failed');
    expect(seen.some((e) => JSON.stringify(e.details).includes('no.such.user'))).toBe(true);
    const district = await readAs(await f.as('hatyai'), 'auth.login_failed');
    expect(district.some((e) => JSON.stringify(e.details).includes('no.such.user'))).toBe(false);
  });

  it("a receiver's read of a declined referral is filed under the reader's area", async () => {
    const nurse = await f.as('nurse.hatyai');
    const hospital = (await nurse.get('/api/me')).body.organisation.id;
    const consent = await sw.post(`/api/persons/${personId}/consents`, { purpose: 'data_sharing', givenBy: 'self', method: 'written', givenAt: '2026-11-01' });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    const sent = await sw.post('/api/referrals', { personId, toOrganisationId: hospital, urgency: 'routine', reason: 'ขอรับการประเมินที่บ้าน' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const declined = await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'decline', reason: 'ไม่มีทีมว่างในเดือนนี้' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const read = await nurse.get(`/api/referrals/${sent.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.personName).toBeNull();
    const row = (await rows('referral.read')).at(-1)!;
    expect(row).toMatchObject({ actor_username: 'nurse.hatyai', subject_id: personId, area_code: '9011' });
    const seen = await readAs(await f.as('hatyai'), 'referral.read');
    expect(seen).toEqual(expect.arrayContaining([expect.objectContaining({ actorUsername: 'nurse.hatyai', subjectId: personId, areaCode: '9011' })]));
  });

  it("a download of an import's rejected rows is filed under the steward's area", async () => {
    await saveDemoSources(f);
    const pmj = await f.as('steward.pmj');
    const cid = `${'390000000123'}${cidCheckDigit('390000000123')}`;
    const file = [
      'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
      `K1,นายสมปอง ทดลองนำเข้า,${cid},1/1/2490,"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",1`,
      'K2,นายไม่มี วันเกิด,,31/02/2500,,',
    ].join('\r\n');
    const up = await fetch(`${pmj.base}/api/imports?source=pmj_disability&fileName=list.csv`, {
      method: 'POST',
      headers: { cookie: pmj.cookie, 'content-type': 'application/octet-stream' },
      body: new TextEncoder().encode(`${file}\r\n`),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.rejected).toBe(1);
    expect((await pmj.get(`/api/imports/${up.body.id}/rejections?format=json`)).status).toBe(200);
    const row = (await rows('import.rejections')).at(-1)!;
    expect(row).toMatchObject({ actor_username: 'steward.pmj', subject_id: up.body.id, area_code: '90' });
    const seen = await readAs(await f.as('songkhla'), 'import.rejections');
    expect(seen.map((e) => e.subjectId)).toContain(up.body.id);
  });
});

describe('a refused request on a person is recorded', () => {
  it('404 outside the scope and 403 without the permission, in their own transaction, filed under the asker’s area', async () => {
    const other = await f.as('sw.hatyai'); // ทต.หาดใหญ่, 901101: does not see a Bo Yang person
    expect((await other.get(`/api/persons/${personId}`)).status).toBe(404);
    expect((await other.get(`/api/persons/${personId}/timeline`)).status).toBe(404);
    const volunteer = await f.as('osm.boyang');
    const exported = await volunteer.get(`/api/persons/${personId}/export`);
    expect([403, 404]).toContain(exported.status);
    // Without a session: a 401, not recorded as a refusal (no one to file it under).
    expect((await f.client().get(`/api/persons/${personId}`)).status).toBe(401);

    // The hook writes after the answer has gone: wait for the three rows.
    const refused = await vi.waitFor(
      async () => {
        const r = (await rows('person.read_refused')).filter((r) => r.subject_id === personId);
        expect(r).toHaveLength(3);
        return r;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(refused.map((r) => [r.actor_username, r.area_code, (r.details as { status: number }).status, (r.details as { route: string }).route])).toEqual([
      ['sw.hatyai', '901101', 404, '/api/persons/:id'],
      ['sw.hatyai', '901101', 404, '/api/persons/:id/timeline'],
      ['osm.boyang', '900101', exported.status, '/api/persons/:id/export'],
    ]);
    expect(refused[0]).toMatchObject({ subject_type: 'person', details: { method: 'GET' } });
    // The district admin of Hat Yai reads the refusals of their social worker.
    const seen = await readAs(await f.as('hatyai'), 'person.read_refused');
    expect(seen.filter((e) => e.subjectId === personId).map((e) => e.actorUsername)).toEqual(['sw.hatyai', 'sw.hatyai']);
  });

  it('an answer that is not a refusal writes no refusal row', async () => {
    const before = (await rows('person.read_refused')).length;
    expect((await sw.get(`/api/persons/${personId}`)).status).toBe(200);
    expect((await sw.get('/api/persons/not-a-uuid')).status).toBe(400);
    expect((await sw.get(`/api/persons/${personId}/no-such-part`)).status).toBe(404);
    // Then one refusal as a marker: once its row is there, only it was added.
    const marker = '00000000-0000-4000-8000-000000000001';
    expect((await sw.get(`/api/persons/${marker}`)).status).toBe(404);
    const after = await vi.waitFor(
      async () => {
        const r = await rows('person.read_refused');
        expect(r.at(-1)?.subject_id).toBe(marker);
        return r;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(after.length).toBe(before + 1);
  });
});

describe('after all of the above', () => {
  it('no audit row lacks an area', async () => {
    const { rows: r } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE area_code IS NULL`.execute(f.database.db);
    expect(r[0]!.n).toBe(0);
  });
});
