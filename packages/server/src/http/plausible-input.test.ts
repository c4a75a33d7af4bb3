import { randomUUID } from 'node:crypto';
import { addDays, thaiToday } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../testing/fixture.js';
import type { ApiClient } from '../testing/server.js';

/**
 * Issue 18 item 8: future birth dates, a visit in 1900, GPS (−89, 179) and non-image bytes as PNG were
 * accepted. Each case below is a 400 naming the field in Thai and English, with nothing stored. On the
 * code before this change a birth date next year, a death date next year, a consent given next year, a
 * visit in 1900 or two hours ahead, a visit or an assessment at (−89, 179), a home at Hanoi (21.0,
 * 105.85), an assessment performed in 1900 and a script sent as image/png were all stored.
 */
let f: Fixture;
let osm: ApiClient; // volunteer of ต.บ่อยาง
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง
let admin: ApiClient;
let personId: string; // in ต.บ่อยาง, on the volunteer's caseload

// The first bytes of each type, as base64; the rest of the "image" does not matter to the check.
const JPEG = `data:image/jpeg;base64,/9j/4AAQSkZJRgAB${'A'.repeat(200)}`;
const PNG = `data:image/png;base64,iVBORw0KGgoAAAAN${'A'.repeat(200)}`;
const SCRIPT_AS_PNG = `data:image/png;base64,${Buffer.from('<script>alert(document.cookie)</script>').toString('base64')}`;
const JPEG_AS_PNG = `data:image/png;base64,/9j/4AAQSkZJRgAB${'A'.repeat(200)}`;

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const thaiYearFromNow = (n: number) => String(Number(thaiToday().slice(0, 4)) + 543 + n);

const visit = (extra: Record<string, unknown> = {}) => {
  const visitedAt = (extra.visitedAt as string) ?? hoursFromNow(-3);
  return {
    id: randomUUID(),
    personId,
    visitedAt,
    gps: { lat: 7.1901, lng: 100.5951 },
    present: ['self'],
    vitals: { systolic: 128, diastolic: 82 },
    needs: [],
    help: [],
    photos: [],
    note: '',
    nextVisitOn: addDays(thaiToday(), 7),
    assessmentIds: [],
    ...extra,
  };
};

/** The field messages of a 400 `validation.failed`, by path. */
function fieldsOf(r: { status: number; body: any }): Record<string, { message_th: string; message_en: string }> {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.code).toBe('validation.failed');
  return Object.fromEntries(r.body.details.fields.map((x: { path: string }) => [x.path, x]));
}

const visitCount = async () =>
  (
    await f.database.db
      .selectFrom('visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

beforeAll(async () => {
  f = await createFixture({}, 0);
  [osm, boyang, admin] = await Promise.all([f.as('osm.boyang'), f.as('boyang'), f.as('admin')]);
  const r = await boyang.post('/api/persons', {
    cidMissingReason: 'unknown',
    titleTh: 'นาง',
    firstNameTh: 'ข้อมูล',
    lastNameTh: 'ที่เป็นไปได้',
    birthDate: '2490',
    sex: 'female',
    areaCode: '900101',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  personId = r.body.id;
  const osmId = (await osm.get('/api/me')).body.id;
  expect((await boyang.post('/api/caseload', { personId, userId: osmId })).status).toBe(201);
}, 300_000);
afterAll(() => f?.close());

describe('dates', () => {
  it('a birth date in the future (Thai time) or before 1900 is refused, in either era; today is taken', async () => {
    const person = { cidMissingReason: 'unknown', firstNameTh: 'เกิด', lastNameTh: 'พรุ่งนี้', sex: 'male', areaCode: '900101', confirmNotDuplicate: true };
    for (const birthDate of [thaiYearFromNow(1), `1/1/${thaiYearFromNow(1)}`, addDays(thaiToday(), 1)]) {
      const fields = fieldsOf(await boyang.post('/api/persons', { ...person, birthDate }));
      expect(fields.birthDate!.message_th).toBe('วันที่ต้องไม่อยู่ในอนาคต');
    }
    const early = fieldsOf(await boyang.post('/api/persons', { ...person, birthDate: '2442' }));
    expect(early.birthDate!.message_en).toMatch(/before 1900/);
    expect(await f.database.db.selectFrom('persons').select('id').where('last_name_th', '=', 'พรุ่งนี้').execute()).toEqual([]);
    const today = await boyang.post('/api/persons', { ...person, lastNameTh: 'วันนี้', birthDate: thaiToday() });
    expect(today.status, JSON.stringify(today.body)).toBe(201);
  });

  it('a volunteer’s field registration with a future birth date is refused', async () => {
    const r = await osm.post('/api/persons/registrations', {
      id: randomUUID(),
      person: { cidMissingReason: 'no_card', firstNameTh: 'ลงทะเบียน', lastNameTh: 'อนาคต', sex: 'female', areaCode: '900101', birthDate: thaiYearFromNow(2) },
    });
    expect(fieldsOf(r)['person.birthDate']).toBeDefined();
  });

  it('a death (status) date or a consent in the future is refused', async () => {
    const { version } = (await boyang.get(`/api/persons/${personId}`)).body;
    const status = await boyang.patch(`/api/persons/${personId}`, { version, status: 'deceased', statusDate: addDays(thaiToday(), 30) });
    expect(fieldsOf(status).statusDate!.message_en).toBe('The date cannot be in the future');
    expect((await boyang.get(`/api/persons/${personId}`)).body).toMatchObject({ version, status: 'alive', statusDate: null });
    const consent = await boyang.post(`/api/persons/${personId}/consents`, {
      purpose: 'care_coordination',
      givenBy: 'self',
      method: 'verbal',
      givenAt: addDays(thaiToday(), 365),
    });
    expect(fieldsOf(consent).givenAt).toBeDefined();
  });

  it('a visit dated 1900, or more than ten minutes ahead, is refused; one kept offline for three weeks is taken', async () => {
    const before = await visitCount();
    for (const visitedAt of ['1900-01-01T10:00:00+07:00', '1999-12-31T10:00:00+07:00']) {
      const fields = fieldsOf(await osm.post('/api/visits', visit({ visitedAt, nextVisitOn: addDays(thaiToday(), 7) })));
      expect(fields.visitedAt!.message_th).toMatch(/2543/);
    }
    const ahead = hoursFromNow(2);
    expect(fieldsOf(await osm.post('/api/visits', visit({ visitedAt: ahead, nextVisitOn: addDays(ahead.slice(0, 10), 7) }))).visitedAt!.message_en).toMatch(
      /future/,
    );
    expect(await visitCount()).toBe(before);
    const queued = hoursFromNow(-21 * 24);
    const late = await osm.post('/api/visits', visit({ visitedAt: queued, nextVisitOn: addDays(queued.slice(0, 10), 7) }));
    expect(late.status, JSON.stringify(late.body)).toBe(201);
  });

  it('an assessment performed in 1900 or tomorrow is refused', async () => {
    for (const performedAt of ['1900-01-01T09:00:00+07:00', hoursFromNow(30)]) {
      const r = await boyang.post(`/api/persons/${personId}/assessments`, { instrumentCode: 'barthel', instrumentVersion: 1, answers: {}, performedAt });
      expect(fieldsOf(r).performedAt).toBeDefined();
    }
  });
});

describe('GPS', () => {
  it('a visit, an assessment or a home outside Thailand is refused, naming the field', async () => {
    const before = await visitCount();
    const v = fieldsOf(await osm.post('/api/visits', visit({ gps: { lat: -89, lng: 179 } })));
    expect(v.gps!.message_th).toMatch(/นอกประเทศไทย/);
    expect(await visitCount()).toBe(before);
    const a = await boyang.post(`/api/persons/${personId}/assessments`, {
      instrumentCode: 'barthel',
      instrumentVersion: 1,
      answers: {},
      gps: { lat: -89, lng: 179 },
    });
    expect(fieldsOf(a).gps!.message_en).toMatch(/outside Thailand/);
    const { version } = (await boyang.get(`/api/persons/${personId}`)).body;
    const hanoi = await boyang.patch(`/api/persons/${personId}`, { version, gps: { lat: 21.0, lng: 105.85 } });
    expect(fieldsOf(hanoi).gps).toBeDefined();
    const home = await boyang.patch(`/api/persons/${personId}`, { version, gps: { lat: 7.1901, lng: 100.5951 } });
    expect(home.status, JSON.stringify(home.body)).toBe(200);
  });
});

describe('photos', () => {
  it('a visit photo whose bytes are not the image it declares is refused; real JPEG and PNG bytes are taken', async () => {
    const before = await visitCount();
    for (const photo of [SCRIPT_AS_PNG, JPEG_AS_PNG]) {
      const fields = fieldsOf(await osm.post('/api/visits', visit({ photos: [JPEG, photo] })));
      expect(fields['photos.1']!.message_th).toMatch(/ไม่ใช่ภาพ/);
      expect(fields['photos.0']).toBeUndefined();
    }
    expect(await visitCount()).toBe(before);
    const ok = await osm.post('/api/visits', visit({ photos: [JPEG, PNG] }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.photoCount).toBe(2);
  });

  it('an assessment photo answer is checked the same way', async () => {
    const def = {
      code: 'home_photo',
      version: 1,
      title: { th: 'สภาพบ้าน', en: 'Home' },
      source: { citation: 'CareHub test instrument', verified: true },
      items: [
        { id: 'nrs', type: 'number', min: 0, max: 10, label: { th: 'คะแนน', en: 'Score' } },
        { id: 'house', type: 'photo', label: { th: 'รูปบ้าน', en: 'House photo' } },
      ],
      scores: [{ id: 'total', label: { th: 'คะแนน', en: 'Score' }, method: 'sum', items: ['nrs'], min: 0, max: 10 }],
      bands: [{ score: 'total', min: 0, max: 10, code: 'any', label: { th: 'ใดๆ', en: 'Any' } }],
    };
    const published = await admin.post('/api/instruments', def);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const answer = (house: string) =>
      boyang.post(`/api/persons/${personId}/assessments`, {
        instrumentCode: 'home_photo',
        instrumentVersion: published.body.version,
        answers: { nrs: 3, house },
      });
    const refused = await answer(SCRIPT_AS_PNG);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'assessment.answer_invalid', details: { fields: [{ path: 'answers.house' }] } });
    const taken = await answer(PNG);
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
  });
});
