import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { refreshAgeDependent, todayIso } from './service.js';

let f: Fixture;
let sw: ApiClient;
const somsri = {
  cid: '๓-๑๐๐๖-๐๑๒๓๔-๕๖-๗',
  titleTh: 'นาง',
  firstNameTh: 'สมศรี',
  lastNameTh: 'ศรีสุข',
  birthDate: '5/3/2490',
  sex: 'female',
  areaCode: '900101',
  address: { houseNo: '12/3', villageNo: 3 },
  phones: ['081-234-5678'],
};

beforeAll(async () => {
  f = await createFixture({}, 0);
  sw = await f.as('sw.boyang');
});
afterAll(() => f?.close());

async function actions(personId: string) {
  const rows = await f.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', personId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('registering a person', () => {
  let id: string;

  it('accepts a national ID in Thai digits with dashes and a Buddhist-era birth date, and stores ISO', async () => {
    const r0 = await sw.post('/api/persons', somsri);
    expect(r0.status).toBe(400);
    expect(r0.body.details.fields[0]).toMatchObject({ path: 'cid', message_en: expect.stringContaining('national ID') });
    const r = await sw.post('/api/persons', { ...somsri, cid: '๓-๑๐๐๖-๐๑๒๓๔-๕๖-๕' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      cid: '3100601234565',
      birthDate: '1947-03-05',
      areaPath: 'ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา',
      version: 1,
      address: { houseNo: '12/3', villageNo: 3 },
    });
    expect(r.body.flags).toContain('elderly');
    id = r.body.id;
    const row = await f.database.db.selectFrom('persons').select(['birth_date', 'birth_precision', 'cid']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ birth_date: '1947-03-05', birth_precision: 'day', cid: '3100601234565' });
  });

  it('keeps a year-only birth date as a year', async () => {
    const r = await sw.post('/api/persons', {
      cidMissingReason: 'no_card',
      firstNameTh: 'บุญมี',
      lastNameTh: 'ทองคำ',
      birthDate: '2480',
      sex: 'male',
      areaCode: '900101',
    });
    expect(r.status).toBe(201);
    expect(r.body.birthDate).toBe('1937');
  });

  it('requires a national ID or the reason it is missing', async () => {
    const r = await sw.post('/api/persons', { firstNameTh: 'ไม่มี', lastNameTh: 'เลข', sex: 'male', areaCode: '900101' });
    expect(r.status).toBe(400);
    expect(r.body.details.fields).toEqual([expect.objectContaining({ path: 'cidMissingReason', message_en: expect.stringContaining('national ID') })]);
  });

  it('warns of a likely duplicate and registers only when the user confirms it is someone else', async () => {
    const slip = { cidMissingReason: 'unknown', titleTh: 'นาง', firstNameTh: 'สมศรี', lastNameTh: 'ศรีสุข', birthDate: '2490', sex: 'female', areaCode: '900101' };
    const r = await sw.post('/api/persons', slip);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('person.possible_duplicate');
    expect(r.body.details.candidates[0]).toMatchObject({ id, reason: 'similar_name_and_birth', name: 'นางสมศรี ศรีสุข' });
    const check = await sw.post('/api/persons/check-duplicates', { firstNameTh: 'สมศรี', lastNameTh: 'ศรีสุข' });
    expect(check.body[0].id).toBe(id);
    const confirmed = await sw.post('/api/persons', { ...slip, confirmNotDuplicate: true });
    expect(confirmed.status).toBe(201);
  });

  it('refuses the same national ID twice, and reports a match in another area without revealing it', async () => {
    const same = await sw.post('/api/persons', { ...somsri, cid: '3100601234565', firstNameTh: 'อื่น', confirmNotDuplicate: true });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('conflict.duplicate');
    const hatyai = await f.as('sw.hatyai');
    const r = await hatyai.post('/api/persons/check-duplicates', { cid: '3100601234565', firstNameTh: 'ก', lastNameTh: 'ข' });
    expect(r.body).toEqual([
      {
        id: null,
        reason: 'same_cid',
        existsElsewhere: true,
        name: null,
        birthDate: null,
        areaName: null,
        score: null,
        message_th: 'มีบุคคลนี้ในพื้นที่อื่น ติดต่อหน่วยงานเจ้าของข้อมูล',
        message_en: 'This person exists elsewhere — ask the owning organisation',
      },
    ]);
  });

  it('lists a village as its subdistrict and the village number of the address', async () => {
    const ids = async (area: string) => (await sw.get(`/api/persons?area=${area}&pageSize=100`)).body.items.map((p: { id: string }) => p.id);
    expect(await ids('90010103')).toEqual([id]);
    expect(await ids('900101')).toContain(id);
    expect(await ids('90010104')).not.toContain(id);
    expect((await sw.get('/api/persons?area=9001010')).status).toBe(400);
  });

  it('refuses a stale edit and overwrites nothing', async () => {
    const a = await sw.patch(`/api/persons/${id}`, { version: 1, lastNameTh: 'ศรีสุขใจ' });
    expect(a.status).toBe(200);
    expect(a.body.version).toBe(2);
    const b = await sw.patch(`/api/persons/${id}`, { version: 1, lastNameTh: 'ชนะ' });
    expect(b.status).toBe(409);
    expect(b.body).toMatchObject({ code: 'conflict.stale', message_th: expect.stringContaining('แก้ไข'), details: { currentVersion: 2 } });
    expect((await sw.get(`/api/persons/${id}`)).body.lastNameTh).toBe('ศรีสุขใจ');
  });

  it('remembers where every value came from, with its history', async () => {
    const r = await sw.get(`/api/persons/${id}/provenance`);
    const lastNames = r.body.filter((e: { field: string }) => e.field === 'lastNameTh');
    expect(lastNames.map((e: { value: string }) => e.value)).toEqual(['ศรีสุขใจ', 'ศรีสุข']);
    expect(lastNames[0]).toMatchObject({ source: 'user', recordedBy: 'sw.boyang' });
    expect(r.body.find((e: { field: string }) => e.field === 'birthDate').value).toBe('1947-03-05');
  });

  it('audits every read and change, and shows them on the timeline', async () => {
    await sw.get(`/api/persons/${id}`);
    const acts = await actions(id);
    expect(acts).toEqual(expect.arrayContaining(['person.create', 'person.update', 'person.read']));
    const t = await sw.get(`/api/persons/${id}/timeline`);
    expect(t.body[0].action).toBe('person.read');
    expect(t.body.map((e: { action: string }) => e.action)).toContain('person.create');
  });
});

describe('vulnerability profile, entitlements and gaps', () => {
  let id: string;
  beforeAll(async () => {
    const r = await sw.post('/api/persons', {
      cidMissingReason: 'unknown',
      firstNameTh: 'วีระ',
      lastNameTh: 'กล้าหาญ',
      birthDate: '2530',
      sex: 'male',
      areaCode: '900101',
    });
    id = r.body.id;
  });

  it('records a disability with its types and card, and flags the missing allowance', async () => {
    const r = await sw.post(`/api/persons/${id}/vulnerabilities`, {
      kind: 'disability',
      disabilityTypes: [3, 1],
      cardNumber: '9001-123',
      cardIssued: '2024-01-10',
      cardExpiry: '2032-01-09',
    });
    expect(r.status).toBe(200);
    expect(r.body.flags).toContain('disability');
    expect(r.body.gaps).toEqual(['disability_allowance', 'disability_uc_right_check', 'health_scheme_unknown']);
    const list = await sw.get('/api/persons?gap=disability_allowance');
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);
    const byType = await sw.get('/api/persons?vulnerability=disability&disabilityType=3');
    expect(byType.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
  });

  it('clears the gap once the allowance is received', async () => {
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc_disability', status: 'receiving' });
    const applied = await sw.post(`/api/persons/${id}/entitlements`, { kind: 'disability_allowance', status: 'applied', startDate: '2026-11-01' });
    expect(applied.body.gaps).toEqual(['disability_allowance']);
    const ent = applied.body.entitlements.find((e: { kind: string }) => e.kind === 'disability_allowance');
    const r = await sw.patch(`/api/persons/${id}/entitlements/${ent.id}`, { status: 'receiving' });
    expect(r.body.gaps).toEqual([]);
    expect((await sw.get('/api/persons?gap=disability_allowance')).body.items.map((p: { id: string }) => p.id)).not.toContain(id);
  });

  it('requires the condition for awaiting rehabilitation, and ends an item without deleting it', async () => {
    const bad = await sw.post(`/api/persons/${id}/vulnerabilities`, { kind: 'awaiting_rehabilitation' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].path).toBe('condition');
    const ok = await sw.post(`/api/persons/${id}/vulnerabilities`, { kind: 'awaiting_rehabilitation', condition: 'stroke' });
    const v = ok.body.vulnerabilities.find((x: { kind: string }) => x.kind === 'awaiting_rehabilitation');
    const ended = await sw.post(`/api/persons/${id}/vulnerabilities/${v.id}/end`);
    expect(ended.body.flags).not.toContain('awaiting_rehabilitation');
    expect(ended.body.vulnerabilities.find((x: { id: string }) => x.id === v.id).endedAt).toBeTruthy();
  });

  it('keeps one main caregiver', async () => {
    await sw.post(`/api/persons/${id}/household`, { name: 'สมหญิง กล้าหาญ', relation: 'คู่สมรส', isMainCaregiver: true, phone: '0812345678' });
    const r = await sw.post(`/api/persons/${id}/household`, { name: 'กล้า กล้าหาญ', relation: 'บุตร', isMainCaregiver: true });
    expect(r.body.household.filter((m: { isMainCaregiver: boolean }) => m.isMainCaregiver).map((m: { name: string }) => m.name)).toEqual(['กล้า กล้าหาญ']);
    expect(await actions(id)).toEqual(
      expect.arrayContaining(['vulnerability.added', 'vulnerability.ended', 'entitlement.added', 'entitlement.changed', 'household.added']),
    );
  });
});

describe('consent gates sharing beyond the owning area', () => {
  let id: string;
  let hospital: ApiClient;
  beforeAll(async () => {
    const r = await sw.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'ประยูร', lastNameTh: 'ทะเลงาม', sex: 'male', areaCode: '900101' });
    id = r.body.id;
    hospital = await f.as('nurse.hatyai');
  });

  async function hospitalOrg() {
    return (await f.database.db.selectFrom('organisations').select('id').where('name', '=', 'โรงพยาบาลหาดใหญ่').executeTakeFirstOrThrow()).id;
  }

  it('refuses to share without the data-sharing consent', async () => {
    const r = await sw.post(`/api/persons/${id}/shares`, { organisationId: await hospitalOrg() });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('consent.required');
    expect((await hospital.get(`/api/persons/${id}`)).status).toBe(404);
  });

  it('shares once consent is recorded: the other organisation may read the person', async () => {
    const c = await sw.post(`/api/persons/${id}/consents`, {
      purpose: 'data_sharing',
      givenBy: 'guardian',
      guardianName: 'นางประไพ ทะเลงาม',
      method: 'written',
      givenAt: '2026-11-20',
    });
    expect(c.status).toBe(200);
    expect(c.body.consents[0]).toMatchObject({ purpose: 'data_sharing', givenBy: 'guardian', withdrawnAt: null });
    const s = await sw.post(`/api/persons/${id}/shares`, { organisationId: await hospitalOrg() });
    expect(s.status).toBe(201);
    expect((await hospital.get(`/api/persons/${id}`)).status).toBe(200);
    // It stays out of the hospital's area lists: shared, not moved.
    expect((await hospital.get('/api/persons?q=ประยูร')).body.total).toBe(1);
  });

  it("a receiving organisation cannot move a shared person out of the owner's area (issue 18, H2)", async () => {
    const seen = (await hospital.get(`/api/persons/${id}`)).body;
    const moved = await hospital.patch(`/api/persons/${id}`, { version: seen.version, areaCode: '901101' });
    expect(moved.status).toBe(403);
    expect(moved.body.code).toBe('forbidden.out_of_scope');
    const owner = await sw.get(`/api/persons/${id}`);
    expect(owner.status).toBe(200);
    expect(owner.body.areaCode).toBe('900101');
  });

  it('withdrawing the consent ends the access at once, in the database too', async () => {
    const person = (await sw.get(`/api/persons/${id}`)).body;
    const consent = person.consents.find((c: { purpose: string }) => c.purpose === 'data_sharing');
    const w = await sw.post(`/api/persons/${id}/consents/${consent.id}/withdraw`);
    expect(w.body.consents.find((c: { id: string }) => c.id === consent.id).withdrawnAt).toBeTruthy();
    expect((await hospital.get(`/api/persons/${id}`)).status).toBe(404);
    const nurse = await f.database.db
      .selectFrom('users')
      .select(['id', 'scopes', 'organisation_id'])
      .where('username', '=', 'nurse.hatyai')
      .executeTakeFirstOrThrow();
    const seen = await asUser(f.database.db, { userId: nurse.id, scopes: nurse.scopes, organisationId: nurse.organisation_id }, (tx) =>
      tx.selectFrom('persons').select('id').where('id', '=', id).execute(),
    );
    expect(seen).toEqual([]);
    expect(await actions(id)).toEqual(expect.arrayContaining(['consent.given', 'person.shared', 'consent.withdrawn']));
  });
});

describe('export for an access request (PDPA)', () => {
  let id: string;
  beforeAll(async () => {
    const r = await sw.post('/api/persons', {
      cidMissingReason: 'unknown',
      titleTh: 'นาย',
      firstNameTh: 'ธนากร',
      lastNameTh: 'ใจงาม',
      birthDate: '12/8/2500',
      sex: 'male',
      areaCode: '900101',
    });
    id = r.body.id;
    await sw.post(`/api/persons/${id}/consents`, { purpose: 'care_coordination', givenBy: 'self', method: 'verbal', givenAt: '2026-11-01' });
  });

  it('gives the whole record as JSON, audited', async () => {
    const r = await sw.get(`/api/persons/${id}/export?format=json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain(`person-${id}.json`);
    expect(r.body.person).toMatchObject({ firstNameTh: 'ธนากร', birthDate: '1957-08-12' });
    expect(r.body.person.consents).toHaveLength(1);
    expect(r.body.provenance.length).toBeGreaterThan(0);
    expect(await actions(id)).toContain('person.export');
  });

  it('gives a readable PDF whose text is the Thai record', async () => {
    const res = await fetch(`${f.server.url}/api/persons/${id}/export?format=pdf`, { headers: { cookie: sw.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: bytes }).promise;
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      text += content.items.map((it) => ('str' in it ? it.str : '')).join('');
    }
    expect(text.replace(/\s+/g, '')).toContain('นายธนากรใจงาม');
    expect(text).toContain('12 ส.ค. 2500');
    expect(text).toContain('การประสานการดูแล');
  });
});

describe('age-dependent gaps', () => {
  it('are re-derived for people who just turned 60', async () => {
    // Born 60 years before the day after tomorrow: 59 today, 60 in three days, whatever today is.
    const day = (offset: number, years = 0) => {
      const d = new Date(`${todayIso()}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + offset);
      d.setUTCFullYear(d.getUTCFullYear() - years);
      return d.toISOString().slice(0, 10);
    };
    const r = await sw.post('/api/persons', {
      cidMissingReason: 'unknown',
      firstNameTh: 'ชื่นใจ',
      lastNameTh: 'วันเกิด',
      birthDate: day(2, 60),
      sex: 'female',
      areaCode: '900101',
    });
    await sw.post(`/api/persons/${r.body.id}/entitlements`, { kind: 'health_scheme', detail: 'uc', status: 'receiving' });
    const before = await f.database.db.selectFrom('persons').select('gaps').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    // Two days short of 60, so inside the fiscal-year window for advance registration.
    expect(before.gaps).toEqual(['elderly_allowance_register']);
    const n = await asSystem(f.database.db, (tx) => refreshAgeDependent(tx, day(3)));
    expect(n).toBeGreaterThanOrEqual(1);
    const after = await f.database.db.selectFrom('persons').select('gaps').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(after.gaps).toEqual(['elderly_allowance']);
  });
});
