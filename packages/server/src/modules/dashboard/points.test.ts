import { randomUUID } from 'node:crypto';
import { type DashboardPoints, MAP_POINT_LIMIT } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { tileUrlFromEnv } from './points.js';

/**
 * The dashboard map's points over real HTTP: which located persons and visits an area shows, where
 * each child area's centre is (worked out by hand below), and who may see what.
 */
let f: Fixture;
let province: ApiClient;
let boyang: ApiClient;
let analyst: ApiClient;
const ids: Record<string, string> = {};

/**
 * Every located person here has a standing care-coordination consent, the map's rule, except H (none)
 * and I (withdrawn), who live in Bo Yang village 1 with GPS and a recent visit and must never show.
 */
async function consentAll() {
  await sql`INSERT INTO consents (person_id, purpose, given_by, method, given_at)
    SELECT p.id, 'care_coordination', 'self', 'written', '2026-01-15' FROM persons p
    WHERE p.first_name_th LIKE 'แผนที่%' AND p.first_name_th NOT IN ('แผนที่H', 'แผนที่I')
      AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id AND c.purpose = 'care_coordination')`.execute(f.database.db);
}

const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-01`;

/**
 * Bo Yang (900101): A and B in village 1, C in village 2, D without GPS, E dead. Khao Rup Chang
 * (900102, district 9001): F. Hat Yai (901101, district 9011): G.
 */
const PERSONS = [
  { key: 'A', area: '900101', village: 1, lng: 100.5951, lat: 7.1897, birth: yearsAgo(75), flags: ['disability'], adl: 'bedridden' as const },
  { key: 'B', area: '900101', village: 1, lng: 100.6001, lat: 7.1901, birth: yearsAgo(30) },
  { key: 'C', area: '900101', village: 2, lng: 100.61234567, lat: 7.200049, birth: yearsAgo(65), flags: ['awaiting_rehabilitation'] },
  { key: 'D', area: '900101', village: 2, lng: null, lat: null, birth: yearsAgo(70) },
  { key: 'E', area: '900101', village: 1, lng: 100.59, lat: 7.18, birth: yearsAgo(90), status: 'deceased' as const },
  { key: 'F', area: '900102', village: 3, lng: 100.7, lat: 7.3, birth: yearsAgo(40) },
  { key: 'G', area: '901101', village: 4, lng: 100.47, lat: 7.0, birth: yearsAgo(50) },
  { key: 'H', area: '900101', village: 1, lng: 100.5955, lat: 7.1899, birth: yearsAgo(81) },
  { key: 'I', area: '900101', village: 1, lng: 100.5958, lat: 7.1893, birth: yearsAgo(82) },
];

const points = async (c: ApiClient, query: string) => {
  const r = await c.get<DashboardPoints>(`/api/dashboard/points?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

/** Centroids as [code, lng, lat, n], the means compared to 9 decimals (floating-point sums). */
function expectCentroids(d: DashboardPoints, want: Array<[string, number, number, number]>) {
  expect(d.centroids.map((c) => [c.code, c.n])).toEqual(want.map(([code, , , n]) => [code, n]));
  d.centroids.forEach((c, i) => {
    expect(c.lng).toBeCloseTo(want[i]![1], 9);
    expect(c.lat).toBeCloseTo(want[i]![2], 9);
  });
}

beforeAll(async () => {
  f = await createFixture({}, 0);
  const db = f.database.db;
  const songkhla = await db.selectFrom('users').selectAll().where('username', '=', 'songkhla').executeTakeFirstOrThrow();
  // An analyst reads counts, never persons.
  await db
    .insertInto('users')
    .values({
      username: 'analyst.test',
      display_name: 'นักวิเคราะห์',
      password_hash: songkhla.password_hash,
      role: 'analyst',
      organisation_id: songkhla.organisation_id,
      area_code: '90',
      scopes: ['90'],
    })
    .execute();
  [province, boyang, analyst] = await Promise.all([f.as('songkhla'), f.as('boyang'), f.as('analyst.test')]);
  for (const p of PERSONS) {
    const row = await db
      .insertInto('persons')
      .values({
        first_name_th: `แผนที่${p.key}`,
        last_name_th: 'ทดสอบ',
        cid_missing_reason: 'unknown',
        birth_date: p.birth,
        sex: 'female',
        area_code: p.area,
        village_no: p.village,
        gps_lng: p.lng,
        gps_lat: p.lat,
        flags: p.flags ?? [],
        adl_group: p.adl ?? null,
        status: p.status ?? 'alive',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[p.key] = row.id;
  }
  await consentAll();
  // I withdrew the consent they had given.
  await db
    .insertInto('consents')
    .values({ person_id: ids.I!, purpose: 'care_coordination', given_by: 'self', method: 'written', given_at: '2026-01-15', withdrawn_at: new Date() })
    .execute();
  const osm = await db.selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  const visit = (person: string, daysAgo: number, gps: [number, number] | null, review: 'pending' | 'returned' = 'pending') => ({
    id: randomUUID(),
    person_id: ids[person]!,
    visited_at: new Date(Date.now() - daysAgo * 86_400_000),
    gps_lng: gps?.[0] ?? null,
    gps_lat: gps?.[1] ?? null,
    needs: '[]',
    help: '[]',
    recorded_by: osm.id,
    review_status: review,
    next_visit_on: '2099-01-01',
  });
  await db
    .insertInto('visits')
    .values([
      visit('A', 2, [100.59512, 7.18968]), // shown
      visit('B', 200, [100.6, 7.19]), // too old
      visit('C', 3, [100.61, 7.2], 'returned'), // returned for correction
      visit('C', 4, null), // no GPS
      visit('F', 1, [100.70004, 7.29996]), // shown at the province and district
      visit('H', 1, [100.5955, 7.1899]), // no consent: never shown
      visit('I', 1, [100.5958, 7.1893]), // consent withdrawn: never shown
    ])
    .execute();
}, 180_000);

afterAll(() => f?.close());

describe('GET /api/dashboard/points', () => {
  it('puts the located living persons of a subdistrict in their villages, with flags and rounded coordinates', async () => {
    const d = await points(boyang, 'area=900101');
    expect(d).toMatchObject({ area: '900101', kind: 'persons', total: 3, truncated: false, tileUrl: null });
    expectCentroids(d, [
      ['90010101', 100.5976, 7.1899, 2],
      ['90010102', 100.6123, 7.2, 1],
    ]);
    const byLng = [...d.points].sort((a, b) => a.lng - b.lng);
    expect(byLng).toEqual([
      { lng: 100.5951, lat: 7.1897, area: '90010101', flags: ['disability', 'elderly', 'bedridden'] },
      { lng: 100.6001, lat: 7.1901, area: '90010101', flags: [] },
      { lng: 100.6123, lat: 7.2, area: '90010102', flags: ['elderly', 'awaiting_rehabilitation'] },
    ]);
    // No names or ids travel with the points.
    expect(JSON.stringify(d)).not.toMatch(/แผนที่|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const village = await points(boyang, 'area=90010101');
    expect(village.total).toBe(2);
    expectCentroids(village, [['90010101', 100.5976, 7.1899, 2]]);
  });

  it('groups a province by district and audits the read as a dashboard read', async () => {
    const d = await points(province, 'area=90');
    expect(d.total).toBe(5);
    expect(d.points).toHaveLength(5);
    // (100.5951 + 100.6001 + 100.6123 + 100.7) / 4 and (7.1897 + 7.1901 + 7.2 + 7.3) / 4
    expectCentroids(d, [
      ['9001', 100.626875, 7.21995, 4],
      ['9011', 100.47, 7, 1],
    ]);
    const rows = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'subject_type', 'details'])
      .where('action', '=', 'dashboard.read')
      .where('area_code', '=', '90')
      .execute();
    expect(rows).toContainEqual({ actor_username: 'songkhla', subject_type: 'report', details: { map: 'persons', points: 5, total: 5 } });
  });

  it('shows the visits with GPS of the last 90 days, not returned ones, where the person lives', async () => {
    const sub = await points(boyang, 'area=900101&kind=visits');
    expect(sub.total).toBe(1);
    expect(sub.points).toEqual([{ lng: 100.5951, lat: 7.1897, area: '90010101', flags: ['disability', 'elderly', 'bedridden'] }]);
    const prov = await points(province, 'area=90&kind=visits');
    expectCentroids(prov, [['9001', 100.64755, 7.24485, 2]]);
  });

  it('puts a household on the map only while the person has a standing care-coordination consent', async () => {
    // H (no consent) and I (withdrawn) live in village 1 with GPS and a visit 1 day ago: neither shows,
    // nor moves the village's centre or count (checked in the tests above and here).
    const before = await points(boyang, 'area=90010101');
    expect(before.total).toBe(2);
    expect(before.points.map((p) => p.lng).sort()).toEqual([100.5951, 100.6001]);
    expect((await points(boyang, 'area=900101&kind=visits')).total).toBe(1);
    // A consent given today for H puts H's home and visit on the map; I's withdrawn one still does not count.
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    await f.database.db
      .insertInto('consents')
      .values({ person_id: ids.H!, purpose: 'care_coordination', given_by: 'self', method: 'verbal', given_at: today })
      .execute();
    const after = await points(boyang, 'area=90010101');
    expect(after.total).toBe(3);
    expect(after.points.map((p) => p.lng).sort()).toEqual([100.5951, 100.5955, 100.6001]);
    expect((await points(boyang, 'area=900101&kind=visits')).total).toBe(2);
    // A data-sharing consent alone is not enough: withdrawing H's care-coordination consent hides H again.
    await sql`UPDATE consents SET withdrawn_at = now() WHERE person_id = ${ids.H!}`.execute(f.database.db);
    await f.database.db
      .insertInto('consents')
      .values({ person_id: ids.H!, purpose: 'data_sharing', given_by: 'self', method: 'verbal', given_at: today })
      .execute();
    expect((await points(boyang, 'area=90010101')).total).toBe(2);
  });

  it('keeps users to their scope: out-of-scope areas, volunteers and bad codes are refused', async () => {
    for (const area of ['90', '9001', '900102', '9011']) expect((await boyang.get(`/api/dashboard/points?area=${area}`)).status, area).toBe(403);
    expect((await boyang.get('/api/dashboard/points?area=90')).body.code).toBe('forbidden.out_of_scope');
    const osm = await f.as('osm.boyang');
    expect((await osm.get('/api/dashboard/points?area=900101')).status).toBe(403);
    expect((await province.get('/api/dashboard/points?area=9x')).status).toBe(400);
    expect((await province.get('/api/dashboard/points?area=90&kind=homes')).status).toBe(400);
    // Default: the user's own area.
    expect((await points(boyang, '')).area).toBe('900101');
  });

  it('gives an analyst only the centres of areas with at least 5 points, no single point', async () => {
    const few = await points(analyst, 'area=90');
    expect(few).toMatchObject({ total: 5, points: [], truncated: false, centroids: [] });
    // Five more in Hat Yai make its centre safe to show; Bo Yang's district still has 4.
    await sql`INSERT INTO persons (first_name_th, last_name_th, cid_missing_reason, sex, area_code, village_no, gps_lng, gps_lat)
      SELECT 'แผนที่' || i, 'ทดสอบ', 'unknown', 'male', '901101', 4, 100.47, 7.0 FROM generate_series(1, 4) i`.execute(f.database.db);
    await consentAll();
    const enough = await points(analyst, 'area=90');
    expect(enough.points).toEqual([]);
    expectCentroids(enough, [['9011', 100.47, 7, 5]]);
  });

  it(`sends at most ${MAP_POINT_LIMIT} points but counts and centres them all`, async () => {
    await sql`INSERT INTO persons (first_name_th, last_name_th, cid_missing_reason, sex, area_code, village_no, gps_lng, gps_lat)
      SELECT 'แผนที่' || i, 'ทดสอบ', 'unknown', 'male', '901101', 5, 100.4, 7.1 FROM generate_series(1, ${MAP_POINT_LIMIT}) i`.execute(f.database.db);
    await consentAll();
    const d = await points(province, 'area=90');
    expect(d.total).toBe(5 + 4 + MAP_POINT_LIMIT);
    expect(d.points).toHaveLength(MAP_POINT_LIMIT);
    expect(d.truncated).toBe(true);
    expect(d.centroids.find((c) => c.code === '9011')!.n).toBe(1 + 4 + MAP_POINT_LIMIT);
  });

  it('offers a tile URL only when one is configured as an http(s) XYZ template', () => {
    expect(tileUrlFromEnv(undefined)).toBeNull();
    expect(tileUrlFromEnv('')).toBeNull();
    expect(tileUrlFromEnv('https://tiles.example.org/{z}/{x}/{y}.png')).toBe('https://tiles.example.org/{z}/{x}/{y}.png');
    expect(tileUrlFromEnv('https://tiles.example.org/{z}/{x}.png')).toBeNull();
    expect(tileUrlFromEnv('javascript:alert(1)//{z}/{x}/{y}')).toBeNull();
  });
});
