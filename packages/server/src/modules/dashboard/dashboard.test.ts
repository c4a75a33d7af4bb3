import { randomUUID } from 'node:crypto';
import type { AreaCounts, Dashboard, LiveEvent } from '@carehub/core';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { asSystem } from '../../db/context.js';
import { createTestDatabase, testDatabaseKind } from '../../testing/db.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { publish, startEventBus } from '../events/bus.js';
import { coarsen, RollupRefresher } from './refresher.js';

/**
 * The area dashboard over real HTTP, against a small registry whose counts are worked out by hand
 * below. Dates are relative to today (Thai time), since ages and "this month" are.
 */
let f: Fixture;
let province: ApiClient; // songkhla: province admin of 90
let boyang: ApiClient; // subdistrict admin of 900101
let sw: ApiClient; // social worker of 900101
const ids: Record<string, string> = {};

const DAY = 86_400_000;
const thaiNow = () => new Date(Date.now() + 7 * 3600_000);
const TODAY = thaiNow().toISOString().slice(0, 10);
const MONTH_START = `${TODAY.slice(0, 7)}-01`;
const day = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const yearsAgo = (n: number, plusDays = 0) => {
  const [y, m, d] = TODAY.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y - n, m - 1, d) + plusDays * DAY).toISOString().slice(0, 10);
};
/** Noon (Thai time) of a day, as an instant. */
const noon = (iso: string) => new Date(`${iso}T12:00:00+07:00`);

type P = { key: string; area: string; village: number | null; sex: 'male' | 'female' | 'unknown'; birth: string | null } & Partial<{
  flags: string[];
  types: number[];
  adl: 'social' | 'homebound' | 'bedridden';
  gaps: string[];
  status: 'alive' | 'deceased';
}>;

/**
 * Bo Yang (900101), living: A B C (village 1), D E (village 2), F (no village); G has died.
 * Khao Rup Chang (900102, same district): H. Hat Yai (901101, another district): I.
 */
const PERSONS: P[] = [
  {
    key: 'A',
    area: '900101',
    village: 1,
    sex: 'female',
    birth: yearsAgo(75),
    flags: ['disability'],
    types: [3],
    adl: 'bedridden',
    gaps: ['disability_allowance'],
  },
  { key: 'B', area: '900101', village: 1, sex: 'male', birth: yearsAgo(60), adl: 'homebound', gaps: ['elderly_allowance'] }, // 60 today
  { key: 'C', area: '900101', village: 1, sex: 'male', birth: yearsAgo(60, 1), flags: ['awaiting_rehabilitation'] }, // 60 tomorrow
  { key: 'D', area: '900101', village: 2, sex: 'female', birth: yearsAgo(10), flags: ['disability'], types: [1, 2], adl: 'social' },
  { key: 'E', area: '900101', village: 2, sex: 'female', birth: yearsAgo(85), adl: 'bedridden', gaps: ['elderly_allowance', 'health_scheme_unknown'] },
  { key: 'F', area: '900101', village: null, sex: 'unknown', birth: null, flags: ['disability'], types: [5] },
  { key: 'G', area: '900101', village: 2, sex: 'male', birth: yearsAgo(90), flags: ['disability'], types: [3], status: 'deceased' },
  { key: 'H', area: '900102', village: 3, sex: 'male', birth: yearsAgo(70), flags: ['disability'], types: [3], adl: 'bedridden' },
  { key: 'I', area: '901101', village: 4, sex: 'female', birth: yearsAgo(65) },
];

const get = async (c: ApiClient, area?: string) => {
  const r = await c.get<Dashboard>(`/api/dashboard${area ? `?area=${area}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

beforeAll(async () => {
  f = await createFixture({}, 0);
  [province, boyang, sw] = await Promise.all([f.as('songkhla'), f.as('boyang'), f.as('sw.boyang')]);
  const db = f.database.db;
  const user = async (username: string) => db.selectFrom('users').select(['id', 'organisation_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const [swUser, osm, nurse] = await Promise.all([user('sw.boyang'), user('osm.boyang'), user('nurse.hatyai')]);
  for (const p of PERSONS) {
    const row = await db
      .insertInto('persons')
      .values({
        first_name_th: `ทดสอบ${p.key}`,
        last_name_th: 'แดชบอร์ด',
        cid_missing_reason: 'unknown',
        birth_date: p.birth,
        sex: p.sex,
        area_code: p.area,
        village_no: p.village,
        flags: p.flags ?? [],
        disability_types: p.types ?? [],
        gaps: p.gaps ?? [],
        adl_group: p.adl ?? null,
        status: p.status ?? 'alive',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[p.key] = row.id;
  }
  const lastMonth = day(MONTH_START, -3);
  const visit = (person: string, at: Date, next: string, needs: string[] = [], help: string[] = []) => ({
    id: randomUUID(),
    person_id: ids[person]!,
    visited_at: at,
    next_visit_on: next,
    needs: JSON.stringify(needs.map((code) => ({ code }))),
    help: JSON.stringify(help.map((code) => ({ code }))),
    recorded_by: osm.id,
  });
  await db
    .insertInto('visits')
    .values([
      // A: last month, next visit due this month, a wheelchair needed. E: next visit not before next month.
      visit('A', noon(lastMonth), day(MONTH_START, 5), ['device.wheelchair']),
      visit('E', noon(lastMonth), day(MONTH_START, 40)),
      // D: visited this month though not due; food needed.
      visit('D', new Date(Date.now() - 1000), day(TODAY, 30), ['food.insecure']),
    ])
    .execute();
  // B: never visited, in a volunteer's caseload: due, as C, D and F are on none (coverage.ts).
  await db.insertInto('caseload_assignments').values({ person_id: ids.B!, user_id: osm.id }).execute();
  const referral = (person: string, state: 'sent' | 'accepted' | 'completed', urgency: 'emergency' | 'urgent' | 'routine', hoursAgo: number) => ({
    person_id: ids[person]!,
    from_organisation_id: swUser.organisation_id,
    from_user_id: swUser.id,
    to_organisation_id: nurse.organisation_id,
    urgency,
    reason: 'ทดสอบ',
    state,
    sent_at: new Date(Date.now() - hoursAgo * 3600_000),
  });
  await db
    .insertInto('referrals')
    .values([
      referral('A', 'sent', 'urgent', 48), // overdue (24 h)
      referral('B', 'sent', 'routine', 24), // open, within its week
      referral('E', 'accepted', 'urgent', 72), // answered: open, not overdue
      referral('D', 'completed', 'routine', 200), // closed
      referral('H', 'sent', 'emergency', 2), // overdue (1 h), in 900102
    ])
    .execute();
  const task = (person: string, kind: string, due: string | null, status: 'open' | 'done' = 'open') => ({
    person_id: ids[person]!,
    kind,
    severity: 'warning' as const,
    action: 'notify' as const,
    message: JSON.stringify({ th: 'ทดสอบ', en: 'test' }),
    team: ['volunteer_osm'],
    due_on: due,
    status,
  });
  await db
    .insertInto('tasks')
    .values([
      task('A', 'visit_overdue', day(TODAY, -1)), // overdue; A's next visit closes it
      task('B', 'need_unmet', day(TODAY, 3)),
      task('C', 'alert', null),
      task('E', 'visit_due', day(TODAY, -5), 'done'),
    ])
    .execute();
  // The triggers told the refresher; wait for the rollups to show the last statement.
  for (const until = Date.now() + 15_000; (await get(boyang)).counts.openTasks !== 3; ) {
    if (Date.now() > until) throw new Error('the rollups did not catch up within 15 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 60_000);
afterAll(() => f?.close());

const BOYANG: AreaCounts = {
  persons: 6, // A B C D E F (G has died)
  disability: 3, // A D F
  elderly: 3, // A 75, B 60 today, E 85 (C is 60 tomorrow)
  bedridden: 2, // A E
  awaitingRehabilitation: 1, // C
  withGaps: 3, // A B E
  visitsThisMonth: 1, // D
  personsVisited: 1, // D
  // Due (coverage.ts): everyone living unless the last visit before the month set the next one after it:
  // A (set a day this month), B (caseload, never visited), C, D, F (never visited before the month, on
  // no caseload); not E (set a day next month).
  visitDue: 5,
  visitDueVisited: 1, // D
  needsFound: 1, // D food
  needsMet: 0,
  openReferrals: 3, // A sent, B sent, E accepted
  overdueReferrals: 1, // A
  openTasks: 3, // A B C
  overdueTasks: 1, // A
};

describe('area dashboard', () => {
  it('counts a subdistrict exactly as worked out by hand', async () => {
    const d = await get(boyang);
    expect(d.area).toEqual({ code: '900101', level: 'subdistrict', nameTh: 'บ่อยาง', nameEn: expect.any(String) });
    expect(d.asOf).toBe(TODAY);
    expect(d.month).toBe(TODAY.slice(0, 7));
    expect(d.counts).toEqual(BOYANG);
    expect(d.persons.disabilityTypes).toEqual([
      { type: 1, count: 1 },
      { type: 2, count: 1 },
      { type: 3, count: 1 },
      { type: 4, count: 0 },
      { type: 5, count: 1 },
      { type: 6, count: 0 },
      { type: 7, count: 0 },
    ]);
    expect(d.persons.adlGroups).toEqual([
      { group: 'social', count: 1 },
      { group: 'homebound', count: 1 },
      { group: 'bedridden', count: 2 },
      { group: 'unknown', count: 2 },
    ]);
    expect(d.persons.ageBands).toEqual([
      { band: '0-14', count: 1 },
      { band: '15-59', count: 1 },
      { band: '60-69', count: 1 },
      { band: '70-79', count: 1 },
      { band: '80+', count: 1 },
      { band: 'unknown', count: 1 },
    ]);
    expect(d.persons.sex).toEqual([
      { sex: 'male', count: 2 },
      { sex: 'female', count: 3 },
      { sex: 'unknown', count: 1 },
    ]);
    expect(d.gaps).toEqual([
      { code: 'disability_allowance', count: 1 },
      { code: 'elderly_allowance', count: 2 },
      { code: 'disability_card_expired', count: 0 },
      { code: 'health_scheme_unknown', count: 1 },
      // The gaps added with the fiscal-year, card-renewal, ท.74 and long-term-care rules: none stored here.
      ...[
        'elderly_allowance_register',
        'elderly_allowance_check',
        'disability_card_renew',
        'disability_uc_right',
        'disability_uc_right_check',
        'long_term_care',
        'long_term_care_check',
      ].map((code) => ({ code, count: 0 })),
    ]);
    expect(d.visits.coverage).toBe(0.2); // D of A B C D F
    expect(d.visits.byMonth).toHaveLength(12);
    expect(d.visits.byMonth.at(-1)).toEqual({ month: TODAY.slice(0, 7), visits: 1, persons: 1 });
    expect(d.visits.byMonth.at(-2)).toEqual({ month: day(MONTH_START, -3).slice(0, 7), visits: 2, persons: 2 });
    const needs = (rows: Dashboard['needs']['thisMonth']) => rows.filter((r) => r.found > 0);
    expect(needs(d.needs.thisMonth)).toEqual([{ category: 'food', found: 1, met: 0 }]);
    expect(needs(d.needs.last12Months)).toEqual([
      { category: 'device', found: 1, met: 0 },
      { category: 'food', found: 1, met: 0 },
    ]);
    // Villages, and the persons with no village recorded.
    expect(d.children.map((c) => [c.code, c.nameTh, c.counts.persons])).toEqual([
      ['90010100', 'ไม่ระบุหมู่', 1],
      ['90010101', 'หมู่ที่ 1', 3],
      ['90010102', 'หมู่ที่ 2', 2],
    ]);
    const v1 = d.children.find((c) => c.code === '90010101')!.counts;
    expect(v1).toMatchObject({ persons: 3, elderly: 2, bedridden: 1, visitDue: 3, openReferrals: 2, overdueReferrals: 1, openTasks: 3, overdueTasks: 1 });
  });

  it('drills down from the province to a village, each level the sum of its children', async () => {
    const sums = (d: Dashboard) => {
      const out = Object.fromEntries(Object.keys(d.counts).map((k) => [k, 0])) as AreaCounts;
      for (const c of d.children) for (const k of Object.keys(out) as Array<keyof AreaCounts>) out[k] += c.counts[k];
      return out;
    };
    const songkhla = await get(province, '90');
    expect(songkhla.area.level).toBe('province');
    expect(songkhla.counts).toMatchObject({ persons: 8, disability: 4, elderly: 5, bedridden: 3, openReferrals: 4, overdueReferrals: 2 });
    expect(sums(songkhla)).toEqual(songkhla.counts);
    expect(songkhla.children.length).toBeGreaterThanOrEqual(16); // every district, with or without persons
    expect(songkhla.children.find((c) => c.code === '9001')!.counts.persons).toBe(7);
    expect(songkhla.children.find((c) => c.code === '9011')!.counts.persons).toBe(1);

    const mueang = await get(province, '9001');
    expect(sums(mueang)).toEqual(mueang.counts);
    expect(mueang.children.find((c) => c.code === '900101')!.counts).toEqual(BOYANG);
    expect(mueang.children.find((c) => c.code === '900102')!.counts).toMatchObject({ persons: 1, bedridden: 1, openReferrals: 1, overdueReferrals: 1 });

    const sub = await get(province, '900101');
    expect(sub.counts).toEqual(BOYANG);
    expect(sums(sub)).toEqual(sub.counts);

    const village = await get(province, '90010102');
    expect(village.area).toMatchObject({ code: '90010102', level: 'village', nameTh: 'หมู่ที่ 2' });
    expect(village.counts).toMatchObject({ persons: 2, disability: 1, elderly: 1, bedridden: 1, visitsThisMonth: 1, openReferrals: 1, overdueReferrals: 0 });
    expect(village.children).toEqual([]);
  });

  it('keeps a subdistrict admin to their subdistrict, and volunteers out', async () => {
    expect((await get(boyang)).area.code).toBe('900101');
    expect((await get(boyang, '90010101')).counts.persons).toBe(3);
    for (const area of ['900102', '9001', '90', 'TH', '90010201']) {
      const r = await boyang.get(`/api/dashboard?area=${area}`);
      expect(r.status, area).toBe(403);
      expect(r.body.code).toBe('forbidden.out_of_scope');
    }
    expect((await province.get('/api/dashboard?area=10')).status).toBe(403);
    const osm = await f.as('osm.boyang');
    expect((await osm.get('/api/dashboard')).status).toBe(403);
    const admin = await f.as('admin');
    expect((await get(admin, 'TH')).counts.persons).toBe(8);
    expect((await admin.get('/api/dashboard?area=99')).status).toBe(404);
    expect((await admin.get('/api/dashboard?area=9x')).status).toBe(400);
  });

  it('tells a subdistrict admin of a change told for their whole district, not of another district', async () => {
    const stream = boyang.listen();
    await stream.ready;
    await asSystem(f.database.db, async (tx) => {
      await publish(tx, { type: 'dashboard.changed', id: 'other-district', areaCode: '9011' });
      await publish(tx, { type: 'task.created', id: 'district-task', areaCode: '9001' });
      await publish(tx, { type: 'dashboard.changed', id: 'own-district', areaCode: '9001' });
    });
    await expect.poll(() => stream.events.map((e) => e.id), { timeout: 10_000 }).toContain('own-district');
    stream.stop();
    // Sent in one transaction, in order: had the others been delivered, they would have come first.
    expect(stream.events.map((e) => e.id)).not.toContain('other-district');
    expect(stream.events.map((e) => e.id)).not.toContain('district-task');
  });

  it('audits each read as a report of its area', async () => {
    await get(boyang, '90010101');
    const rows = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'subject_type', 'area_code'])
      .where('action', '=', 'dashboard.read')
      .where('area_code', '=', '90010101')
      .execute();
    expect(rows).toContainEqual({ actor_username: 'boyang', subject_type: 'report', area_code: '90010101' });
  });

  it('reflects a visit submitted over the API within seconds, and tells the province admin live', async () => {
    const stream = province.listen();
    await stream.ready;
    const r = await sw.post('/api/visits', {
      id: randomUUID(),
      personId: ids.A,
      visitedAt: `${new Date(thaiNow().getTime() - 60_000).toISOString().slice(0, 19)}+07:00`,
      gps: null,
      present: [],
      vitals: {},
      needs: [{ code: 'device.wheelchair' }, { code: 'medical.follow_up' }],
      help: [{ code: 'help.device_lent' }],
      photos: [],
      note: '',
      nextVisitOn: day(TODAY, 7),
      assessmentIds: [],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const started = Date.now();
    await expect.poll(async () => (await get(boyang)).counts.visitsThisMonth, { timeout: 10_000, interval: 100 }).toBe(2);
    const seenAfter = Date.now() - started;
    // Visits, needs and persons are kept by triggers (current at commit); the tasks view follows at its next refresh.
    await expect.poll(async () => (await get(boyang)).counts.openTasks, { timeout: 10_000, interval: 100 }).toBe(2);
    const d = await get(boyang);
    expect(d.counts).toEqual({
      ...BOYANG,
      visitsThisMonth: 2, // D, A
      personsVisited: 2,
      visitDueVisited: 2, // D, and A was due and is visited
      needsFound: 3, // D food; A wheelchair, follow-up
      needsMet: 1, // the wheelchair, lent at the visit
      openTasks: 2, // A's overdue-visit task closed by the visit
      overdueTasks: 0,
    });
    expect(d.visits.coverage).toBe(0.4);
    expect(d.needs.thisMonth.filter((n) => n.found > 0)).toEqual([
      { category: 'device', found: 1, met: 1 },
      { category: 'medical', found: 1, met: 0 },
      { category: 'food', found: 1, met: 0 },
    ]);
    // Last month's wheelchair need counts as met now that help came at a later visit.
    expect(d.needs.last12Months.find((n) => n.category === 'device')).toEqual({ category: 'device', found: 2, met: 2 });
    await expect
      .poll(() => stream.events.some((e) => e.type === 'dashboard.changed' && (e as { areaCode?: string }).areaCode === '900101'), { timeout: 10_000 })
      .toBe(true);
    stream.stop();
    console.info(`[dashboard] visit visible on the dashboard after ${seenAfter} ms (${f.database.kind})`);
  });

  it('counts a person registered or moved as soon as the rollup catches up', async () => {
    const db = f.database.db;
    const { id } = await db
      .insertInto('persons')
      .values({ first_name_th: 'ทดสอบJ', last_name_th: 'แดชบอร์ด', birth_date: yearsAgo(62), sex: 'female', area_code: '900101', village_no: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect.poll(async () => (await get(boyang)).counts.persons, { timeout: 10_000, interval: 100 }).toBe(7);
    // Moving D (with her visit) to Khao Rup Chang moves her counts and her visit.
    await db.updateTable('persons').set({ area_code: '900102' }).where('id', '=', ids.D!).execute();
    await expect.poll(async () => (await get(boyang)).counts.persons, { timeout: 10_000, interval: 100 }).toBe(6);
    const after = await get(boyang);
    expect(after.counts).toMatchObject({ visitsThisMonth: 1, personsVisited: 1, disability: 2 });
    expect((await get(province, '900102')).counts).toMatchObject({ persons: 2, visitsThisMonth: 1 });
    await db.deleteFrom('persons').where('id', '=', id).execute();
    await db.updateTable('persons').set({ area_code: '900101' }).where('id', '=', ids.D!).execute();
  });

  it('keeps the trigger-kept counts equal to a rebuild from the raw rows, through a returned visit and its correction', async () => {
    const db = f.database.db;
    const osm = await db.selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
    // E's visit last month is returned by the reviewer, then corrected by a new visit with a need met at once.
    const returned = await db.selectFrom('visits').select(['id', 'visited_at']).where('person_id', '=', ids.E!).executeTakeFirstOrThrow();
    await db.updateTable('visits').set({ review_status: 'returned' }).where('id', '=', returned.id).execute();
    await db
      .insertInto('visits')
      .values({
        id: randomUUID(),
        person_id: ids.E!,
        visited_at: returned.visited_at,
        next_visit_on: day(TODAY, 10),
        needs: JSON.stringify([{ code: 'food.insecure' }]),
        help: JSON.stringify([{ code: 'help.food_parcel' }]),
        recorded_by: osm.id,
        replaces: returned.id,
      })
      .execute();
    const lastMonth = day(MONTH_START, -3).slice(0, 7);
    const d = await get(boyang);
    expect(d.visits.byMonth.find((m) => m.month === lastMonth)).toEqual({ month: lastMonth, visits: 2, persons: 2 }); // A, and E's correction
    expect(d.needs.last12Months.find((n) => n.category === 'food')).toEqual({ category: 'food', found: 2, met: 1 }); // D (this month), E (met)
    const snapshot = async () => ({
      persons: (await sql`SELECT area_code, village_no, dim, key, n FROM rollup_persons ORDER BY 1, 2, 3, 4`.execute(db)).rows,
      visits: (await sql`SELECT area_code, village_no, month::text, visits, persons FROM rollup_visits ORDER BY 1, 2, 3`.execute(db)).rows,
      needs: (await sql`SELECT area_code, village_no, month::text, category, found, met FROM rollup_needs ORDER BY 1, 2, 3, 4`.execute(db)).rows,
    });
    const kept = await snapshot();
    expect(kept.visits.length).toBeGreaterThan(0);
    await sql`UPDATE rollup_state SET as_of = NULL WHERE name = 'persons'`.execute(db);
    await sql`SELECT rollup_rebuild('persons', true), rollup_rebuild('visits')`.execute(db);
    expect(await snapshot()).toEqual(kept);
  });

  it('rebuilds the person counts before answering when they were built on another day', async () => {
    await sql`UPDATE rollup_state SET as_of = '2000-01-01' WHERE name = 'persons'`.execute(f.database.db);
    const d = await get(boyang);
    expect(d.asOf).toBe(TODAY);
  });
});

/**
 * Two server processes on one PostgreSQL database: one leads (a session advisory lock) and refreshes
 * and announces; each view's refresh takes its own lock. PGlite is one process, so the suite exists only in
 * the PostgreSQL run (defined there, not skipped in the PGlite one: under CI a skip is an error to look at).
 */
const onPostgres = (name: string, suite: () => void) => {
  if (testDatabaseKind() === 'postgres') describe(name, suite);
};
onPostgres('two processes on one PostgreSQL database', () => {
  let database: Database;
  const refreshers: RollupRefresher[] = [];
  afterAll(async () => {
    for (const r of refreshers) await r.close();
    await database?.close();
  });

  it('refresh and announce once, leave a locked view to its holder, and hand over when the leader goes', async () => {
    database = await createTestDatabase();
    const db = database.db;
    const work: string[] = [];
    const make = async (name: string) => {
      const r = new RollupRefresher(database, { debounceMs: 20, minIntervalMs: 50, leaderRetryMs: 100, onRefresh: (v, o) => work.push(`${name} ${v} ${o}`) });
      refreshers.push(r);
      await r.start();
      return r;
    };
    const [a, b] = [await make('a'), await make('b')];
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const bus = await startEventBus(database, () => {});
    const events: LiveEvent[] = [];
    bus.subscribe((e) => events.push(e));
    await expect.poll(() => work.includes('a tasks refreshed')).toBe(true); // the leader's first refresh
    work.length = 0;

    const { id } = await db
      .insertInto('persons')
      .values({ first_name_th: 'ทดสอบ', last_name_th: 'สองกระบวนการ', birth_date: '1950-01-01', sex: 'male', area_code: '900101', village_no: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const addTask = () =>
      db
        .insertInto('tasks')
        .values({
          person_id: id,
          kind: 'alert',
          severity: 'warning',
          action: 'notify',
          message: JSON.stringify({ th: 'ทดสอบ', en: 'test' }),
          team: ['volunteer_osm'],
        })
        .execute();
    const openTasks = async () => Number((await sql<{ n: number }>`SELECT coalesce(sum(n), 0) AS n FROM rollup_tasks`.execute(db)).rows[0]!.n);
    const changed = () => events.filter((e) => e.type === 'dashboard.changed' && (e as { areaCode?: string }).areaCode === '900101').length;
    await addTask();
    await expect.poll(openTasks, { timeout: 5000 }).toBe(1);
    await expect.poll(changed, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 400)); // room for any second refresh or event
    expect(work).toEqual(['a tasks refreshed']);
    expect(changed()).toBe(1);
    const persons = await sql<{ n: number }>`SELECT n FROM rollup_persons WHERE area_code = '900101' AND dim = 'total' AND key = 'all'`.execute(db);
    expect(persons.rows).toEqual([{ n: 1 }]);

    // Another transaction holds the tasks view's lock: the leader leaves it and looks again until it is free.
    const holder = new pg.Client({ connectionString: database.connectionString });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(74212, 1)');
    work.length = 0;
    await addTask();
    await expect.poll(() => work.includes('a tasks busy'), { timeout: 5000 }).toBe(true);
    expect(await openTasks()).toBe(1);
    expect(work).not.toContain('a tasks refreshed');
    await holder.query('COMMIT');
    await holder.end();
    await expect.poll(openTasks, { timeout: 5000 }).toBe(2);
    expect(work.filter((w) => w.endsWith('refreshed'))).toEqual(['a tasks refreshed']);

    // The leader goes: the other process takes over, refreshes the views once, then follows changes.
    await a.close();
    await expect.poll(() => b.isLeader, { timeout: 5000 }).toBe(true);
    await expect.poll(() => work.includes('b tasks refreshed'), { timeout: 5000 }).toBe(true);
    work.length = 0;
    await addTask();
    await expect.poll(openTasks, { timeout: 5000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(work).toEqual(['b tasks refreshed']);
    await bus.close();
  });
});

describe('coarsen', () => {
  it('names each changed subdistrict, or their districts or provinces when there are many', () => {
    expect(coarsen(['900102', '900101', '900101'])).toEqual(['900101', '900102']);
    const many = Array.from({ length: 60 }, (_, i) => `9001${String(i).padStart(2, '0')}`);
    expect(coarsen([...many, '901101'])).toEqual(['9001', '9011']);
    const districts = Array.from({ length: 60 }, (_, i) => `${i < 30 ? '90' : '91'}${String(i).padStart(2, '0')}01`);
    expect(coarsen(districts)).toEqual(['90', '91']);
  });
});
