import { randomUUID } from 'node:crypto';
import { STANDARD_INSTRUMENTS } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

let f: Fixture;
let sw: ApiClient; // social worker of ต.บ่อยาง (900101)
let nurse: ApiClient; // health professional of อ.หาดใหญ่ (9011): another area
let admin: ApiClient; // province admin of สงขลา
let personId: string;

const BARTHEL_ITEMS = ['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder'];
const BARTHEL_MAX: Record<string, number> = { grooming: 1, bathing: 1, transfer: 3, mobility: 3 };
/** Every item at `value`, or at its maximum if lower: 0 → 0, 1 → 10, 3 → 20. */
const barthel = (value: number) => Object.fromEntries(BARTHEL_ITEMS.map((id) => [id, Math.min(value, BARTHEL_MAX[id] ?? 2)]));
const NO_8Q = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: false, q8: false };

beforeAll(async () => {
  f = await createFixture({}, 0);
  [sw, nurse, admin] = await Promise.all([f.as('sw.boyang'), f.as('nurse.hatyai'), f.as('songkhla')]);
  const r = await sw.post('/api/persons', {
    cidMissingReason: 'no_card',
    titleTh: 'นาย',
    firstNameTh: 'ประยูร',
    lastNameTh: 'ใจดี',
    birthDate: '2485',
    sex: 'male',
    areaCode: '900101',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  personId = r.body.id;
});
afterAll(() => f?.close());

const record = (c: ApiClient, body: Record<string, unknown>, pid = personId) => c.post(`/api/persons/${pid}/assessments`, body);

describe('instruments', () => {
  it('lists the latest published version of each shipped instrument with its definition', async () => {
    const r = await sw.get('/api/instruments');
    expect(r.status).toBe(200);
    const codes = r.body.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['barthel', 'q2', 'q9', 'q8']));
    const b = r.body.find((i: { code: string }) => i.code === 'barthel');
    expect(b).toMatchObject({ version: STANDARD_INSTRUMENTS.find((d) => d.code === 'barthel')!.version, title: { en: 'Barthel ADL index (Thai 20-point)' } });
    expect(b.version).toBeGreaterThanOrEqual(2);
    expect(b.definition.items).toHaveLength(10);
  });

  it('lets a province admin validate and publish a new version, and nobody else', async () => {
    const bad = await admin.post('/api/instruments/check', { code: 'pain', version: 1, title: { th: 'ความปวด', en: 'Pain' }, items: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('instrument.invalid');
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['items', 'source']));
    const def = {
      code: 'pain',
      version: 1,
      title: { th: 'ระดับความปวด', en: 'Pain score' },
      source: { citation: 'Numeric rating scale 0–10', verified: true },
      items: [{ id: 'nrs', type: 'number', min: 0, max: 10, label: { th: 'ความปวด 0–10', en: 'Pain 0–10' } }],
      scores: [{ id: 'total', label: { th: 'คะแนน', en: 'Score' }, method: 'sum', items: ['nrs'], min: 0, max: 10 }],
      bands: [
        { score: 'total', min: 0, max: 6, code: 'mild', label: { th: 'ปวดน้อยถึงปานกลาง', en: 'Mild to moderate' } },
        { score: 'total', min: 7, max: 10, code: 'severe', label: { th: 'ปวดมาก', en: 'Severe' }, severity: 'high' },
      ],
    };
    expect((await admin.post('/api/instruments/check', def)).body).toEqual({ ok: true, nextVersion: 1, issues: [] });
    expect((await sw.post('/api/instruments', def)).status).toBe(403);
    expect((await admin.post('/api/instruments', { ...def, items: [] })).body.code).toBe('instrument.invalid');
    const first = await admin.post('/api/instruments', def);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.version).toBe(1);
    const second = await admin.post('/api/instruments', { ...def, title: { th: 'ระดับความปวด (ปรับปรุง)', en: 'Pain score (revised)' } });
    expect(second.body.version).toBe(2);
    const versions = await sw.get('/api/instruments/pain/versions');
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // A published version never changes, not even for the database owner.
    await expect(sql`UPDATE instruments SET definition = '{}' WHERE code = 'pain'`.execute(f.database.db)).rejects.toThrow(/cannot change/);
    const scored = await record(sw, { instrumentCode: 'pain', instrumentVersion: 2, answers: { nrs: 8 }, sign: true });
    expect(scored.body.bands[0]).toMatchObject({ code: 'severe', label: { en: 'Severe' } });
  });
});

describe('recording an assessment', () => {
  it('signs a Barthel, shows score and band at once, and sets the ADL group with its provenance', async () => {
    const r = await record(sw, {
      instrumentCode: 'barthel',
      instrumentVersion: 1,
      answers: barthel(1),
      sign: true,
      place: 'home',
      gps: { lat: 7.19, lng: 100.59 },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      status: 'signed',
      scores: { total: 10 },
      bands: [{ code: 'homebound', label: { th: 'ติดบ้าน' } }],
      recordedBy: expect.any(String),
    });
    expect(r.body.alerts).toHaveLength(1);
    const p = await sw.get(`/api/persons/${personId}`);
    expect(p.body).toMatchObject({ adlGroup: 'homebound', adlGroupSource: `assessment:${r.body.id}` });
    const prov = await sw.get(`/api/persons/${personId}/provenance`);
    expect(prov.body.find((e: { field: string }) => e.field === 'adlGroup')).toMatchObject({ value: 'homebound', sourceRef: r.body.id });
    const audit = await f.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', personId)
      .where('action', '=', 'assessment.signed')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    // The audit records what happened, never the answers themselves.
    expect(JSON.stringify(audit)).not.toContain('feeding');
  });

  it('refuses to sign an incomplete form but keeps it as a draft; the draft is its author’s alone', async () => {
    const incomplete = await record(sw, { instrumentCode: 'barthel', instrumentVersion: 1, answers: { feeding: 2 }, sign: true });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body).toMatchObject({ code: 'assessment.incomplete', details: { missing: expect.arrayContaining(['grooming', 'bladder']) } });
    const draft = await record(sw, { instrumentCode: 'barthel', instrumentVersion: 1, answers: { feeding: 2 } });
    expect(draft.body).toMatchObject({ status: 'draft', missing: expect.arrayContaining(['grooming']) });
    const other = await f.as('boyang');
    expect((await other.put(`/api/assessments/${draft.body.id}`, { answers: barthel(3) })).body.code).toBe('assessment.not_author');
    const otherList = await other.get(`/api/persons/${personId}/assessments`);
    expect(otherList.body.map((a: { id: string }) => a.id)).not.toContain(draft.body.id);
    const updated = await sw.put(`/api/assessments/${draft.body.id}`, { answers: barthel(3) });
    expect(updated.body).toMatchObject({ status: 'draft', scores: { total: 20 } });
    const signed = await sw.put(`/api/assessments/${draft.body.id}`, { answers: barthel(3), sign: true });
    expect(signed.body).toMatchObject({ status: 'signed', bands: [{ code: 'social' }] });
    expect((await sw.get(`/api/persons/${personId}`)).body.adlGroup).toBe('social');
    const again = await sw.put(`/api/assessments/${draft.body.id}`, { answers: barthel(0) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('assessment.signed');
    expect((await sw.delete(`/api/assessments/${draft.body.id}`)).status).toBe(409);
    // Immutable in the database itself, whoever asks.
    await expect(sql`UPDATE assessments SET answers = '{}' WHERE id = ${draft.body.id}`.execute(f.database.db)).rejects.toThrow(/cannot change/);
  });

  it('discards a draft on request', async () => {
    const draft = await record(sw, { instrumentCode: 'q2', instrumentVersion: 1, answers: { q1: true } });
    expect((await sw.delete(`/api/assessments/${draft.body.id}`)).status).toBe(204);
    expect((await sw.get(`/api/assessments/${draft.body.id}`)).status).toBe(404);
  });

  it('answers 400 with the item for an answer that does not fit, and for an unknown instrument', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ instrumentCode: 'barthel', instrumentVersion: 1, answers: { feeding: 7 } }, 'answers.feeding'],
      [{ instrumentCode: 'barthel', instrumentVersion: 1, answers: { appetite: 1 } }, 'answers.appetite'],
      [{ instrumentCode: 'q2', instrumentVersion: 1, answers: { q1: 'yes' } }, 'answers.q1'],
    ];
    for (const [body, path] of cases) {
      const r = await record(sw, body);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('assessment.answer_invalid');
      expect(r.body.details.fields[0].path).toBe(path);
      expect(r.body.message_th).toBeTruthy();
    }
    expect((await record(sw, { instrumentCode: 'nope', instrumentVersion: 1, answers: {} })).body.code).toBe('instrument.unknown');
    expect((await record(sw, { instrumentCode: 'barthel', instrumentVersion: 9, answers: {} })).body.code).toBe('instrument.unknown');
    expect((await record(sw, { instrumentCode: 'barthel', answers: {} })).body.code).toBe('validation.failed');
  });

  it('treats a repeated submission with the same id as the first (offline outbox)', async () => {
    const id = randomUUID();
    const body = { id, instrumentCode: 'q2', instrumentVersion: 1, answers: { q1: false, q2: false }, sign: true };
    const a = await record(sw, body);
    const b = await record(sw, body);
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(id);
    const rows = await f.database.db.selectFrom('assessments').select('id').where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
  });

  it('corrects a signed response with a new one that references it; the ADL group follows the correction', async () => {
    const original = await record(sw, { instrumentCode: 'barthel', instrumentVersion: 1, answers: barthel(0), sign: true });
    expect((await sw.get(`/api/persons/${personId}`)).body.adlGroup).toBe('bedridden');
    const fix = await record(sw, { instrumentCode: 'barthel', instrumentVersion: 1, answers: barthel(1), sign: true, replaces: original.body.id });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body.replaces).toBe(original.body.id);
    expect((await sw.get(`/api/assessments/${original.body.id}`)).body.replacedBy).toBe(fix.body.id);
    expect((await sw.get(`/api/persons/${personId}`)).body).toMatchObject({ adlGroup: 'homebound', adlGroupSource: `assessment:${fix.body.id}` });
    const twice = await record(sw, { instrumentCode: 'barthel', instrumentVersion: 1, answers: barthel(3), sign: true, replaces: original.body.id });
    expect(twice.status).toBe(409);
    const wrong = await record(sw, { instrumentCode: 'q2', instrumentVersion: 1, answers: { q1: false, q2: false }, sign: true, replaces: fix.body.id });
    expect(wrong.status).toBe(400);
  });

  it('keeps assessments of a person in another area out of reach', async () => {
    expect((await record(nurse, { instrumentCode: 'q2', instrumentVersion: 1, answers: { q1: false, q2: false }, sign: true })).status).toBe(404);
    expect((await nurse.get(`/api/persons/${personId}/assessments`)).status).toBe(404);
    const mine = await sw.get(`/api/persons/${personId}/assessments`);
    expect((await nurse.get(`/api/assessments/${mine.body[0].id}`)).status).toBe(404);
  });
});

describe('2Q → 9Q → 8Q and alerts', () => {
  it('chains through the definitions and turns a severe 8Q into an urgent task for the team in the area, live', async () => {
    const mine = sw.listen();
    const theirs = nurse.listen();
    await Promise.all([mine.ready, theirs.ready]);

    const q2 = await record(sw, { instrumentCode: 'q2', instrumentVersion: 1, answers: { q1: true, q2: false }, sign: true });
    expect(q2.body).toMatchObject({ bands: [{ code: 'positive' }], next: ['q9'] });
    const q9 = await record(sw, {
      instrumentCode: 'q9',
      instrumentVersion: 1,
      answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q${i + 1}`, 1])),
      sign: true,
    });
    expect(q9.body).toMatchObject({ scores: { total: 9 }, next: ['q8'] });
    const q8 = await record(sw, { instrumentCode: 'q8', instrumentVersion: 1, answers: { ...NO_8Q, q3: true, q3_1: true, q4: true }, sign: true });
    expect(q8.body).toMatchObject({ scores: { total: 22 }, bands: [{ code: 'severe' }], alerts: [{ severity: 'urgent', action: 'propose_referral' }] });

    const tasks = await sw.get(`/api/tasks?personId=${personId}`);
    const urgent = tasks.body.find((t: { sourceId: string }) => t.sourceId === q8.body.id);
    expect(urgent).toMatchObject({ severity: 'urgent', status: 'open', personName: 'นาย ประยูร ใจดี', team: ['social_worker', 'health_professional'] });
    // The urgent referral is proposed to the hospital whose area covers ต.บ่อยาง most closely.
    expect(urgent.proposedOrganisation).toMatchObject({ name: 'โรงพยาบาลสงขลา' });
    const notices = tasks.body.filter((t: { action: string }) => t.action === 'notify');
    expect(notices.every((t: { proposedOrganisation: unknown }) => t.proposedOrganisation === null)).toBe(true);
    expect((await nurse.get('/api/tasks')).body.map((t: { id: string }) => t.id)).not.toContain(urgent.id);

    await expect.poll(() => mine.events.some((e) => e.type === 'task.created' && e.id === urgent.id)).toBe(true);
    await expect.poll(() => mine.events.some((e) => e.type === 'assessment.signed' && e.id === q8.body.id)).toBe(true);
    expect(theirs.events).toEqual([]);

    expect((await nurse.post(`/api/tasks/${urgent.id}/close`, { status: 'done' })).status).toBe(404);
    expect((await sw.post(`/api/tasks/${urgent.id}/close`, { status: 'done', note: 'ส่งต่อ รพ.สงขลา แล้ว' })).status).toBe(204);
    expect((await sw.post(`/api/tasks/${urgent.id}/close`, { status: 'done' })).status).toBe(409);
    const closed = await sw.get(`/api/tasks?status=done&personId=${personId}`);
    expect(closed.body[0]).toMatchObject({ id: urgent.id, status: 'done', note: 'ส่งต่อ รพ.สงขลา แล้ว' });
    mine.stop();
    theirs.stop();
  });

  it('exports an instrument as a FHIR Questionnaire and a response as a QuestionnaireResponse that points to it', async () => {
    const q = await sw.get('/api/instruments/q8/versions/1/fhir');
    expect(q.status).toBe(200);
    expect(q.headers.get('content-type')).toContain('application/fhir+json');
    expect(q.body).toMatchObject({ resourceType: 'Questionnaire', version: '1', status: 'active' });
    const r = await record(sw, { instrumentCode: 'q8', instrumentVersion: 1, answers: { ...NO_8Q, q1: true }, sign: true });
    const qr = await sw.get(`/api/assessments/${r.body.id}/fhir`);
    expect(qr.body).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: r.body.id,
      status: 'completed',
      questionnaire: `${q.body.url}|1`,
      subject: { reference: `Patient/${personId}` },
    });
    expect(qr.body.item.find((i: { linkId: string }) => i.linkId === 'q1').answer).toEqual([{ valueBoolean: true }]);
    expect((await nurse.get(`/api/assessments/${r.body.id}/fhir`)).status).toBe(404);
  });

  it('skips 3.1 of 8Q unless 3 is yes: an answer to a hidden item counts nothing', async () => {
    const r = await record(sw, { instrumentCode: 'q8', instrumentVersion: 1, answers: { ...NO_8Q, q3_1: true }, sign: true });
    expect(r.body).toMatchObject({ scores: { total: 0 }, bands: [{ code: 'none' }] });
    expect(r.body.answers).not.toHaveProperty('q3_1');
  });
});
