import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { assertVisible, todayIso } from './service.js';

/**
 * Issue 18: sharing follows ownership (H2), a share does not reach past a volunteer's caseload (H3),
 * and reading whom a person is shared with is audited.
 */
let f: Fixture;
let sw: ApiClient; // social worker of รพ.สต.บ่อยาง (900101): the owner of Bo Yang persons
let nurse: ApiClient; // nurse of โรงพยาบาลหาดใหญ่ (9011): a referral's receiver
let hatyaiAdmin: ApiClient; // district admin of Hat Yai, also โรงพยาบาลหาดใหญ่
let province: ApiClient; // province admin of Songkhla (พมจ.)
let hospital: string;
let boyangOrg: string;

const consent = { purpose: 'data_sharing', givenBy: 'self', method: 'written', givenAt: '2026-11-01' };

async function register(client: ApiClient, firstNameTh: string, areaCode: string): Promise<string> {
  const r = await client.post('/api/persons', {
    cidMissingReason: 'unknown',
    firstNameTh,
    lastNameTh: 'แบ่งปันทดสอบ',
    sex: 'female',
    areaCode,
    confirmNotDuplicate: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const c = await client.post(`/api/persons/${r.body.id}/consents`, consent);
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return r.body.id;
}

beforeAll(async () => {
  f = await createFixture({}, 0);
  [sw, nurse, hatyaiAdmin, province] = await Promise.all([f.as('sw.boyang'), f.as('nurse.hatyai'), f.as('hatyai'), f.as('songkhla')]);
  hospital = (await nurse.get('/api/me')).body.organisation.id;
  boyangOrg = (await sw.get('/api/me')).body.organisation.id;
}, 180_000);
afterAll(() => f?.close());

describe('sharing only by the owner (issue 18, H2)', () => {
  it("a referral's receiver cannot share the person with itself, and loses the person when the referral closes", async () => {
    const person = await register(sw, 'ส่งต่อไม่เก็บ', '900101');
    const sent = await sw.post('/api/referrals', { personId: person, toOrganisationId: hospital, urgency: 'urgent', reason: 'ต้องการกายภาพบำบัด' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await nurse.get(`/api/persons/${person}`)).status).toBe(200);

    // The attack: keep the person beyond the referral by sharing it with one's own organisation.
    const selfGrant = await nurse.post(`/api/persons/${person}/shares`, { organisationId: hospital });
    expect(selfGrant.status).toBe(403);
    expect(selfGrant.body).toMatchObject({ code: 'share.self_grant', message_th: expect.stringMatching(/[\u0E00-\u0E7F]/), message_en: expect.any(String) });
    // Nor to anyone else, nor by the receiving district's admin, whose areas do not cover the person.
    const onward = await nurse.post(`/api/persons/${person}/shares`, { organisationId: boyangOrg });
    expect(onward.status).toBe(403);
    expect(onward.body.code).toBe('share.not_owner');
    expect((await hatyaiAdmin.post(`/api/persons/${person}/shares`, { organisationId: hospital })).body.code).toBe('share.self_grant');
    const shares = await f.database.db.selectFrom('person_shares').select('id').where('person_id', '=', person).execute();
    expect(shares).toEqual([]);

    const cancelled = await sw.post(`/api/referrals/${sent.body.id}/move`, { action: 'cancel', reason: 'ทดสอบ' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await nurse.get(`/api/persons/${person}`)).status).toBe(404);
  });

  it('the owner, or an area admin in scope, shares and stops sharing; the receiver cannot stop it', async () => {
    const person = await register(sw, 'เจ้าของแบ่งปัน', '900101');
    const shared = await sw.post(`/api/persons/${person}/shares`, { organisationId: hospital });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect((await nurse.get(`/api/persons/${person}`)).status).toBe(200);
    // The receiver sees the person but neither passes it on nor touches the owner's shares.
    expect((await nurse.delete(`/api/persons/${person}/shares/${shared.body.id}`)).body.code).toBe('share.not_owner');
    expect((await nurse.post(`/api/persons/${person}/shares`, { organisationId: boyangOrg })).body.code).toBe('share.not_owner');
    // The province admin's areas cover Bo Yang.
    const byAdmin = await province.post(`/api/persons/${person}/shares`, { organisationId: boyangOrg });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
    expect((await sw.delete(`/api/persons/${person}/shares/${shared.body.id}`)).status).toBe(204);
    expect((await nurse.get(`/api/persons/${person}`)).status).toBe(404);
  });

  it('reading whom a person is shared with is audited', async () => {
    const person = await register(sw, 'อ่านการแบ่งปัน', '900101');
    const r = await sw.get(`/api/persons/${person}/shares`);
    expect(r.status).toBe(200);
    const rows = await f.database.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'area_code', 'actor_username'])
      .where('subject_id', '=', person)
      .execute();
    expect(rows).toContainEqual({ action: 'person.read', details: { part: 'shares' }, area_code: '900101', actor_username: 'sw.boyang' });
  });
});

describe('a share does not reach past the caseload (issue 18, H3)', () => {
  let osm: ApiClient;
  let admin: ApiClient; // subdistrict admin of Bo Yang: supervises the volunteer
  let swHatyai: ApiClient;
  let outside: string; // a Hat Yai person shared with รพ.สต.บ่อยาง, on no caseload of Bo Yang
  let assigned: string; // another, which Bo Yang's admin puts on the volunteer's caseload
  let osmId: string;

  beforeAll(async () => {
    [osm, admin, swHatyai] = await Promise.all([f.as('osm.boyang'), f.as('boyang'), f.as('sw.hatyai')]);
    osmId = (await osm.get('/api/me')).body.id;
    outside = await register(swHatyai, 'บุญเรือน', '901101');
    assigned = await register(swHatyai, 'ประภาพร', '901101');
    for (const p of [outside, assigned]) {
      const s = await swHatyai.post(`/api/persons/${p}/shares`, { organisationId: boyangOrg });
      expect(s.status, JSON.stringify(s.body)).toBe(201);
    }
    const a = await admin.post('/api/caseload', { personId: assigned, userId: osmId });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
  });

  it('staff of the organisation see the shared person; the volunteer does not read, list or search them', async () => {
    expect((await sw.get(`/api/persons/${outside}`)).status).toBe(200);
    expect((await osm.get(`/api/persons/${outside}`)).status).toBe(404);
    expect((await osm.get(`/api/persons/${outside}/provenance`)).status).toBe(404);
    expect((await osm.get(`/api/persons/${outside}/shares`)).status).toBe(404);
    const listed = await osm.get('/api/persons?pageSize=200');
    expect(listed.status).toBe(200);
    const ids = listed.body.items.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(outside);
    expect(ids).toContain(assigned);
    expect((await osm.get(`/api/persons?q=${encodeURIComponent('บุญเรือน')}`)).body.total).toBe(0);
    expect((await osm.get(`/api/persons?q=${encodeURIComponent('ประภาพร')}`)).body.total).toBe(1);
  });

  it('the volunteer neither exports, visits, reads assessments of, nor re-shares the person', async () => {
    const exported = await osm.download(`/api/persons/${outside}/export?format=json`);
    expect([403, 404]).toContain(exported.status);
    const visit = await osm.post('/api/visits', {
      id: randomUUID(),
      personId: outside,
      visitedAt: new Date().toISOString(),
      gps: null,
      present: ['self'],
      vitals: {},
      needs: [],
      help: [],
      photos: [],
      note: 'เยี่ยม',
      nextVisitOn: todayIso(),
      assessmentIds: [],
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(404);
    expect((await osm.get(`/api/visits?personId=${outside}`)).body).toEqual([]);
    expect((await osm.get(`/api/persons/${outside}/assessments`)).status).toBe(404);
    const reshare = await osm.post(`/api/persons/${outside}/shares`, { organisationId: hospital });
    expect(reshare.status).toBe(404);
    expect(await f.database.db.selectFrom('person_shares').select('organisation_id').where('person_id', '=', outside).execute()).toEqual([
      { organisation_id: boyangOrg },
    ]);
  });

  it('the person on their caseload stays visible, and a volunteer still shares nothing', async () => {
    const r = await osm.get(`/api/persons/${assigned}`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(assigned);
    expect((await osm.post(`/api/persons/${assigned}/shares`, { organisationId: hospital })).body.code).toBe('share.not_owner');
  });

  it('the database policy narrows a caseload-only user to the caseload, shared or not', async () => {
    const user = await f.database.db.selectFrom('users').select(['id', 'scopes', 'organisation_id', 'role']).where('id', '=', osmId).executeTakeFirstOrThrow();
    const actor = { userId: user.id, scopes: user.scopes, organisationId: user.organisation_id, role: 'volunteer_osm' as const };
    const seen = await asUser(f.database.db, actor, (tx) => tx.selectFrom('persons').select('id').where('id', 'in', [outside, assigned]).execute());
    expect(seen.map((p) => p.id)).toEqual([assigned]);
    const consents = await asUser(f.database.db, actor, (tx) =>
      tx.selectFrom('consents').select('person_id').where('person_id', 'in', [outside, assigned]).execute(),
    );
    expect(new Set(consents.map((c) => c.person_id))).toEqual(new Set([assigned]));
  });

  it('the service check refuses the same, without the policy', async () => {
    const user = await f.database.db.selectFrom('users').selectAll().where('id', '=', osmId).executeTakeFirstOrThrow();
    const actor = {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      role: 'volunteer_osm' as const,
      organisationId: user.organisation_id,
      areaCode: user.area_code,
      scopes: user.scopes,
      sessionId: randomUUID(),
      ip: null,
    };
    // In the volunteer's own context, then back to the table owner: row-level security no longer
    // applies, so only the service's own check stands between the volunteer and the row.
    const check = (personId: string) =>
      asUser(f.database.db, actor, async (tx) => {
        await sql`RESET ROLE`.execute(tx);
        return assertVisible(tx, actor, personId).then(
          () => 'visible',
          (e: { code?: string }) => e.code,
        );
      });
    expect(await check(outside)).toBe('forbidden.out_of_scope');
    expect(await check(assigned)).toBe('visible');
  });
});
