import { randomUUID } from 'node:crypto';
import { addMonthsTo, type IndicatorSeries, type IndicatorValues, isProvisional, maturityDays, STARTING_INDICATORS } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { definitionHash, RECENT_MINUTES } from './cache.js';
import { readIndicatorValues, warmIndicatorCache } from './service.js';

/**
 * The quality-of-life indicators over real HTTP, on a small registry built by hand: two subdistricts
 * of Mueang Songkhla (Bo Yang 900101, Khao Rup Chang 900102) and two whole months, M1 (two months
 * ago) and M2 (last month), in Thai time. Every expected numerator and denominator is worked out in
 * the comments next to the data.
 */
let f: Fixture;
let province: ApiClient; // songkhla: province admin of 90
let boyang: ApiClient; // subdistrict admin of 900101

const thaiNow = () => new Date(Date.now() + 7 * 3600_000);
const THIS_MONTH = thaiNow().toISOString().slice(0, 7);
const M2 = addMonthsTo(THIS_MONTH, -1);
const M1 = addMonthsTo(THIS_MONTH, -2);
const pad = (n: number) => String(n).padStart(2, '0');
/** A day of a month (YYYY-MM), as an instant at `hour` o'clock Thai time. */
const at = (month: string, day: number, hour = 10) => new Date(`${month}-${pad(day)}T${pad(hour)}:00:00+07:00`);
const date = (month: string, day: number) => `${month}-${pad(day)}`;
const yearsBefore = (month: string, day: number, years: number) => `${Number(month.slice(0, 4)) - years}-${month.slice(5, 7)}-${pad(day)}`;

type P = {
  key: string;
  area: string;
  village: number;
  birth: string;
  adl?: 'social' | 'homebound' | 'bedridden';
  status?: { status: 'deceased'; date: string };
};

/**
 * Bo Yang (900101): A B F G I K M in village 1, C D H L in village 2. Khao Rup Chang (900102): E J N in village 3.
 * A–F and M, N are 50 (no allowance); the others' ages are what the allowance indicator needs.
 */
const PERSONS: P[] = [
  { key: 'A', area: '900101', village: 1, birth: yearsBefore(M1, 1, 50), adl: 'bedridden' }, // bedridden by a Barthel of 3 in M1
  { key: 'B', area: '900101', village: 1, birth: yearsBefore(M1, 1, 50), adl: 'bedridden' }, // registry group only, no Barthel
  { key: 'C', area: '900101', village: 2, birth: yearsBefore(M1, 1, 50), adl: 'bedridden' }, // Barthel 10 six months before M2, 4 in M2
  { key: 'D', area: '900101', village: 2, birth: yearsBefore(M1, 1, 50), adl: 'bedridden', status: { status: 'deceased', date: date(M2, 15) } },
  { key: 'E', area: '900102', village: 3, birth: yearsBefore(M1, 1, 50), adl: 'bedridden' },
  { key: 'F', area: '900101', village: 1, birth: yearsBefore(M1, 1, 50), adl: 'social' },
  { key: 'G', area: '900101', village: 1, birth: yearsBefore(M1, 1, 40) },
  { key: 'H', area: '900101', village: 2, birth: yearsBefore(M1, 1, 30) },
  { key: 'I', area: '900101', village: 1, birth: yearsBefore(M1, 1, 70) },
  { key: 'K', area: '900101', village: 1, birth: yearsBefore(M2, 15, 60) }, // 60 on the 15th of M2
  { key: 'L', area: '900101', village: 2, birth: yearsBefore(M1, 1, 75) },
  { key: 'J', area: '900102', village: 3, birth: yearsBefore(M1, 1, 45) },
  { key: 'M', area: '900101', village: 1, birth: yearsBefore(M1, 1, 50) },
  { key: 'N', area: '900102', village: 3, birth: yearsBefore(M1, 1, 50) },
];
const ids: Record<string, string> = {};

beforeAll(async () => {
  f = await createFixture({}, 0);
  [province, boyang] = await Promise.all([f.as('songkhla'), f.as('boyang')]);
  const db = f.database.db;
  const user = async (username: string) => db.selectFrom('users').select(['id', 'organisation_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const [sw, osm, nurse] = await Promise.all([user('sw.boyang'), user('osm.boyang'), user('nurse.hatyai')]);
  for (const p of PERSONS) {
    const row = await db
      .insertInto('persons')
      .values({
        first_name_th: `ตัวชี้วัด${p.key}`,
        last_name_th: 'ทดสอบ',
        cid_missing_reason: 'unknown',
        birth_date: p.birth,
        sex: 'female',
        area_code: p.area,
        village_no: p.village,
        adl_group: p.adl ?? null,
        status: p.status?.status ?? 'alive',
        status_date: p.status?.date ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[p.key] = row.id;
  }

  // Visits. Returned visits count for nothing.
  const visit = (key: string, when: Date, needs: string[] = [], help: string[] = [], returned = false) => ({
    id: randomUUID(),
    person_id: ids[key]!,
    visited_at: when,
    next_visit_on: date(THIS_MONTH, 28),
    needs: JSON.stringify(needs.map((code) => ({ code }))),
    help: JSON.stringify(help.map((code) => ({ code }))),
    recorded_by: osm.id,
    review_status: returned ? ('returned' as const) : ('pending' as const),
  });
  await db
    .insertInto('visits')
    .values([
      visit('A', at(M1, 10), ['device.wheelchair', 'food.insecure'], ['help.device_lent']), // wheelchair met at the visit; food never
      visit('B', at(M2, 5), ['device.wheelchair']),
      visit('B', at(M2, 12), ['device.wheelchair'], ['help.device_lent']), // the same need again: counted once, found on the 5th, met on the 12th
      visit('D', at(M1, 4), ['medical.follow_up']), // never met
      visit('E', at(M1, 20), ['food.insecure'], ['help.food_parcel']), // met at the visit
      visit('E', at(M2, 20), ['device.wheelchair'], [], true), // returned: not a visit, no need found
      visit('F', at(M1, 3), ['food.insecure']),
      visit('F', at(M2, 8), [], ['help.food_parcel']), // answers F's food need 33–36 days later: met, but not within 30 days
    ])
    .execute();

  // Barthel ADL responses (signed). C's response in M2 was corrected: the correction (4) replaces the original (2).
  const barthel = (key: string, when: Date, total: number, replaces: string | null = null) => ({
    id: randomUUID(),
    person_id: ids[key]!,
    instrument_code: 'barthel',
    instrument_version: 1,
    status: 'signed' as const,
    answers: '{}',
    scores: JSON.stringify({ total }),
    bands: '{}',
    place: 'home',
    performed_at: when,
    recorded_by: sw.id,
    signed_at: when,
    replaces,
  });
  const original = barthel('C', at(M2, 3), 2);
  await db.insertInto('assessments').values(original).execute();
  await db
    .insertInto('assessments')
    .values([
      barthel('A', at(addMonthsTo(M1, -6), 2), 8),
      barthel('A', at(M1, 2), 3), // A: 3 − 8 = −5 in M1
      barthel('C', at(addMonthsTo(M2, -6), 3), 10),
      barthel('C', at(M2, 3), 4, original.id), // C: 4 − 10 = −6 in M2
      barthel('M', at(addMonthsTo(M2, -9), 20), 18), // outside 5–7 months
      barthel('M', at(addMonthsTo(M2, -5), 18), 15), // inside, ~29 days from six months before
      barthel('M', at(addMonthsTo(M2, -6), 10), 14), // inside, 10 days from six months before: the baseline
      barthel('M', at(M2, 20), 12), // M: 12 − 14 = −2 in M2 (social throughout)
      barthel('N', at(M1, 15), 15), // no earlier response: no change
    ])
    .execute();

  // Disability records.
  const disability = (key: string, v: { since: string; card?: { issued: string; expiry: string }; ended?: Date }) => ({
    person_id: ids[key]!,
    kind: 'disability',
    disability_types: [3],
    since: v.since,
    card_number: v.card ? `C-${key}` : null,
    card_issued: v.card?.issued ?? null,
    card_expiry: v.card?.expiry ?? null,
    ended_at: v.ended ?? null,
  });
  const longAgo = date(addMonthsTo(M1, -12), 1);
  await db
    .insertInto('person_vulnerabilities')
    .values([
      disability('G', { since: longAgo, card: { issued: longAgo, expiry: date(M2, 10) } }), // card valid through M1, expired in M2
      disability('H', { since: longAgo }), // no card
      disability('I', { since: date(M2, 1), card: { issued: date(M2, 1), expiry: date(addMonthsTo(M2, 60), 1) } }), // from M2 on
      disability('J', { since: longAgo, card: { issued: longAgo, expiry: date(addMonthsTo(M2, 60), 1) }, ended: at(M2, 5) }), // ended in M2
    ])
    .execute();
  await db
    .insertInto('person_entitlements')
    .values([
      { person_id: ids.G!, kind: 'disability_allowance', status: 'receiving', start_date: date(M1, 1) },
      { person_id: ids.I!, kind: 'elderly_allowance', status: 'receiving', start_date: date(addMonthsTo(M1, -24), 1) },
      { person_id: ids.I!, kind: 'disability_allowance', status: 'applied', start_date: date(M2, 2) },
      { person_id: ids.L!, kind: 'elderly_allowance', status: 'not_eligible', start_date: longAgo }, // e.g. a state pension
    ])
    .execute();

  // Referrals from Bo Yang's social worker to the Hat Yai hospital.
  const referral = (key: string, urgency: 'emergency' | 'urgent' | 'routine', sent: Date, then: { state: string; answered?: Date; closed?: Date }) => ({
    person_id: ids[key]!,
    from_organisation_id: sw.organisation_id,
    from_user_id: sw.id,
    to_organisation_id: nurse.organisation_id,
    urgency,
    reason: 'ทดสอบ',
    state: then.state as 'sent',
    sent_at: sent,
    answered_at: then.answered ?? null,
    closed_at: then.closed ?? null,
  });
  await db
    .insertInto('referrals')
    .values([
      referral('A', 'urgent', at(M1, 5, 10), { state: 'accepted', answered: at(M1, 5, 20) }), // 10 h ≤ 24 h: in time
      referral('B', 'routine', at(M1, 6), { state: 'accepted', answered: at(M1, 16) }), // 10 days > 7: late
      referral('F', 'emergency', at(M2, 2), { state: 'sent' }), // never answered: late
      referral('G', 'routine', at(M2, 3), { state: 'cancelled', closed: at(M2, 4) }), // withdrawn before its week: not counted
      referral('E', 'urgent', at(M2, 7, 10), { state: 'declined', answered: at(M2, 7, 12), closed: at(M2, 7, 12) }), // answered in 2 h
      referral('H', 'urgent', at(M2, 9), { state: 'cancelled', closed: at(M2, 12) }), // cancelled after its deadline, unanswered: late
    ])
    .execute();
}, 60_000);
afterAll(() => f?.close());

const values = async (c: ApiClient, query: string) => {
  const r = await c.get<IndicatorValues>(`/api/indicators/values?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const series = (v: IndicatorValues, code: string): IndicatorSeries => {
  const s = v.indicators.find((i) => i.code === code);
  if (!s) throw new Error(`no ${code}`);
  return s;
};
/** [numerator, denominator, value] per month. */
const byMonth = (s: IndicatorSeries) => s.months.map((m) => [m.month, m.numerator, m.denominator, m.value]);
const ofChild = (s: IndicatorSeries, code: string) => {
  const c = s.children.find((x) => x.area.code === code);
  return c && [c.numerator, c.denominator, c.value];
};

describe('quality-of-life indicators', () => {
  it('lists the seven starting definitions as data, with targets', async () => {
    const r = await boyang.get('/api/indicators');
    expect(r.status).toBe(200);
    expect(r.body.invalid).toEqual([]);
    expect(r.body.indicators.map((i: { code: string }) => i.code)).toEqual([
      'bedridden_visited_monthly',
      'needs_met_30d',
      'disability_card_held',
      'allowances_received',
      'adl_change_6m',
      'referrals_answered_in_time',
      'visit_coverage_monthly',
    ]);
    const first = r.body.indicators[0].definition;
    expect(first).toMatchObject({ unit: 'percent', direction: 'higher', period: 'month', target: 90 });
    expect(first.measure).toEqual({ kind: 'ratio', subject: 'person', denominator: { op: 'adl_group', groups: ['bedridden'] }, numerator: { op: 'visited' } });
  });

  it('computes each of the six for a subdistrict exactly as worked out by hand', async () => {
    const v = await values(boyang, `area=900101&from=${M1}&to=${M2}`);
    expect(v.area).toMatchObject({ code: '900101', level: 'subdistrict' });
    expect([v.from, v.to]).toEqual([M1, M2]);

    // Bedridden at the month's cut, visited in the month.
    // M1: A (Barthel 3 on the 2nd, visited on the 10th), B (registry group, no Barthel; not visited in M1), D (registry,
    //     alive until the 15th of M2, visited on the 4th); C's latest Barthel before M1's end is 10 (homebound) → 2/3.
    // M2: A (3 is still the latest), B (visited on the 5th and 12th), C (4 on the 3rd); D died in M2 → 1/3.
    const bedridden = series(v, 'bedridden_visited_monthly');
    expect(byMonth(bedridden)).toEqual([
      [M1, 2, 3, 66.67],
      [M2, 1, 3, 33.33],
    ]);
    expect(bedridden.months.map((m) => m.provisional)).toEqual([false, false]);
    expect(bedridden.target).toBe(90);
    // Villages in M2: village 1 = A (not visited), B (visited) → 1/2; village 2 = C → 0/1.
    expect(ofChild(bedridden, '90010101')).toEqual([1, 2, 50]);
    expect(ofChild(bedridden, '90010102')).toEqual([0, 1, 0]);

    // Needs found on a visit in the month (person + need), met by answering help within 30 days.
    // M1: A wheelchair (help at the visit: met), A food (never), D follow-up (never), F food (help 33+ days later) → 1/4.
    // M2: B wheelchair (found on the 5th, again on the 12th with a device lent: one need, met) → 1/1.
    expect(byMonth(series(v, 'needs_met_30d'))).toEqual([
      [M1, 1, 4, 25],
      [M2, 1, 1, 100],
    ]);

    // Persons with a disability at the cut holding a card not expired.
    // M1: G (card until the 10th of M2: valid), H (no card) → 1/2. I's disability starts in M2.
    // M2: G (expired), H (none), I (card from the 1st) → 1/3.
    expect(byMonth(series(v, 'disability_card_held'))).toEqual([
      [M1, 1, 2, 50],
      [M2, 1, 3, 33.33],
    ]);

    // Eligible (60+ without a not-eligible record; or a disability card without one) receiving every allowance eligible for.
    // M1: G (card; receives the disability allowance from the 1st of M1), I (70; elderly allowance) → 2/2.
    //     K is 59, L is recorded not eligible, H has no card; A–F, M are 50.
    // M2: G (still eligible with the expired card, still receiving) yes; I (now also a card, disability allowance only
    //     applied for) no; K (60 on the 15th, nothing) no → 1/3.
    expect(byMonth(series(v, 'allowances_received'))).toEqual([
      [M1, 2, 2, 100],
      [M2, 1, 3, 33.33],
    ]);

    // Average change of the Barthel total against the response nearest six months earlier (5–7 months).
    // M1: A 3 − 8 = −5 → −5 / 1. M2: C 4 − 10 = −6 (the corrected 2 does not count), M 12 − 14 = −2 → −8 / 2 = −4.
    const adl = series(v, 'adl_change_6m');
    expect(adl.unit).toBe('points');
    expect(byMonth(adl)).toEqual([
      [M1, -5, 1, -5],
      [M2, -8, 2, -4],
    ]);
    expect(ofChild(adl, '90010101')).toEqual([-2, 1, -2]); // M
    expect(ofChild(adl, '90010102')).toEqual([-6, 1, -6]); // C

    // Referrals sent in the month answered (accepted or declined) within the time of their urgency.
    // M1: A urgent in 10 h (yes), B routine in 10 days (no) → 1/2.
    // M2: F emergency never answered (no), G cancelled before its deadline (not counted), H cancelled after it (no) → 0/2.
    expect(byMonth(series(v, 'referrals_answered_in_time'))).toEqual([
      [M1, 1, 2, 50],
      [M2, 0, 2, 0],
    ]);

    // Khao Rup Chang on its own (E, J, N).
    const krc = await values(province, `area=900102&from=${M1}&to=${M2}`);
    // E bedridden both months: visited in M1; M2's visit was returned.
    expect(byMonth(series(krc, 'bedridden_visited_monthly'))).toEqual([
      [M1, 1, 1, 100],
      [M2, 0, 1, 0],
    ]);
    // E's food need met at the visit in M1; the returned visit finds nothing in M2.
    expect(byMonth(series(krc, 'needs_met_30d'))).toEqual([
      [M1, 1, 1, 100],
      [M2, 0, 0, null],
    ]);
    // J: a valid card until the disability record ended in M2; no allowance recorded.
    expect(byMonth(series(krc, 'disability_card_held'))).toEqual([
      [M1, 1, 1, 100],
      [M2, 0, 0, null],
    ]);
    expect(byMonth(series(krc, 'allowances_received'))).toEqual([
      [M1, 0, 1, 0],
      [M2, 0, 0, null],
    ]);
    // N has one response only.
    expect(byMonth(series(krc, 'adl_change_6m'))).toEqual([
      [M1, 0, 0, null],
      [M2, 0, 0, null],
    ]);
    // E's urgent referral declined in 2 h.
    expect(byMonth(series(krc, 'referrals_answered_in_time'))).toEqual([
      [M1, 0, 0, null],
      [M2, 1, 1, 100],
    ]);
  });

  it('adds up the subdistricts in their district, and compares them for the last month', async () => {
    const v = await values(province, `area=9001&from=${M1}&to=${M2}`);
    expect(v.area).toMatchObject({ code: '9001', level: 'district' });
    const bedridden = series(v, 'bedridden_visited_monthly');
    expect(byMonth(bedridden)).toEqual([
      [M1, 3, 4, 75],
      [M2, 1, 4, 25],
    ]);
    expect(ofChild(bedridden, '900101')).toEqual([1, 3, 33.33]);
    expect(ofChild(bedridden, '900102')).toEqual([0, 1, 0]);
    // Every subdistrict of the district is listed, with or without anyone counted.
    expect(bedridden.children.length).toBeGreaterThan(2);
    expect(bedridden.children.every((c) => c.area.code.startsWith('9001') && c.area.level === 'subdistrict')).toBe(true);
    expect(ofChild(bedridden, '900103')).toEqual([0, 0, null]);
    expect(byMonth(series(v, 'referrals_answered_in_time'))).toEqual([
      [M1, 1, 2, 50],
      [M2, 1, 3, 33.33],
    ]);
    expect(byMonth(series(v, 'needs_met_30d'))).toEqual([
      [M1, 2, 5, 40],
      [M2, 1, 1, 100],
    ]);
  });

  it('defaults to the last 12 months ending this month, the running month provisional', async () => {
    const v = await values(boyang, '');
    expect(v.area.code).toBe('900101'); // the user's own area
    expect(v.to).toBe(THIS_MONTH);
    expect(v.from).toBe(addMonthsTo(THIS_MONTH, -11));
    const s = series(v, 'bedridden_visited_monthly');
    expect(s.months).toHaveLength(12);
    expect(s.months.at(-1)).toMatchObject({ month: THIS_MONTH, provisional: true });
    expect(s.months.at(-2)).toMatchObject({ month: M2, numerator: 1, denominator: 3, provisional: false });
    expect(series(v, 'needs_met_30d').maturityDays).toBe(30);
    expect((await boyang.get(`/api/indicators/values?to=${addMonthsTo(THIS_MONTH, 1)}`)).status).toBe(400);
    expect((await boyang.get(`/api/indicators/values?from=${M2}&to=${M1}`)).status).toBe(400);
    expect((await boyang.get(`/api/indicators/values?from=${addMonthsTo(M1, -30)}&to=${M2}`)).status).toBe(400);
    expect((await boyang.get('/api/indicators/values?to=2026-13')).status).toBe(400);
  });

  it('keeps a subdistrict user to their subdistrict and volunteers out, and audits every read', async () => {
    for (const area of ['900102', '9001', '90', 'TH']) {
      const r = await boyang.get(`/api/indicators/values?area=${area}`);
      expect(r.status, area).toBe(403);
      expect(r.body.code).toBe('forbidden.out_of_scope');
    }
    const osm = await f.as('osm.boyang');
    expect((await osm.get('/api/indicators/values')).status).toBe(403);
    expect((await osm.get('/api/indicators')).status).toBe(403);

    await values(boyang, `area=90010102&from=${M1}&to=${M2}`);
    const rows = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'subject_type', 'area_code', 'details'])
      .where('action', '=', 'indicators.read')
      .where('area_code', '=', '90010102')
      .execute();
    expect(rows).toEqual([
      { actor_username: 'boyang', subject_type: 'report', area_code: '90010102', details: { level: 'village', from: M1, to: M2, indicators: 7, children: 0 } },
    ]);
  });

  it('lets a province admin, not a subdistrict admin, change a target, audited', async () => {
    expect((await boyang.patch('/api/indicators/bedridden_visited_monthly', { target: 50 })).status).toBe(403);
    expect((await province.patch('/api/indicators/nothing_here', { target: 50 })).status).toBe(404);
    expect((await province.patch('/api/indicators/bedridden_visited_monthly', { target: 150 })).status).toBe(400);
    const r = await province.patch('/api/indicators/bedridden_visited_monthly', { target: 85 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.definition.target).toBe(85);
    expect(series(await values(boyang, `from=${M2}&to=${M2}`), 'bedridden_visited_monthly').target).toBe(85);
    const audit = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'subject_type', 'subject_id', 'details'])
      .where('action', '=', 'indicator.target_changed')
      .execute();
    expect(audit).toEqual([{ actor_username: 'songkhla', subject_type: 'indicator', subject_id: 'bedridden_visited_monthly', details: { from: 90, to: 85 } }]);
  });

  it('computes an indicator added as a row of data, and reports a row that is not a valid definition', async () => {
    // Food needs met within 60 days: M1 in Bo Yang = A's food (never), F's food (met after 33–36 days) → 1/2.
    const food = {
      code: 'food_needs_met_60d',
      name: { th: 'ความต้องการด้านอาหารได้รับการตอบสนองภายใน 60 วัน', en: 'Food needs met within 60 days' },
      description: { th: 'ทดสอบ', en: 'test' },
      unit: 'percent',
      direction: 'higher',
      period: 'month',
      measure: { kind: 'ratio', subject: 'need', denominator: { op: 'need_category', categories: ['food'] }, numerator: { op: 'need_met', withinDays: 60 } },
    };
    const broken = {
      ...food,
      code: 'broken_one',
      measure: { kind: 'ratio', subject: 'person', denominator: { op: 'sql', text: 'SELECT 1' }, numerator: { op: 'visited' } },
    };
    const db = f.database.db;
    await sql`INSERT INTO indicators (code, definition, target, position) VALUES
      ('food_needs_met_60d', ${JSON.stringify(food)}::jsonb, 70, 200), ('broken_one', ${JSON.stringify(broken)}::jsonb, null, 210)`.execute(db);
    try {
      const v = await values(boyang, `from=${M1}&to=${M2}`);
      const s = series(v, 'food_needs_met_60d');
      expect(s).toMatchObject({ target: 70, unit: 'percent', maturityDays: 60 });
      expect(byMonth(s)).toEqual([
        [M1, 1, 2, 50],
        [M2, 0, 0, null],
      ]);
      expect(v.indicators.map((i) => i.code)).not.toContain('broken_one');
      const list = await boyang.get('/api/indicators');
      expect(list.body.indicators.map((i: { code: string }) => i.code)).toContain('food_needs_met_60d');
      expect(list.body.invalid).toEqual([{ code: 'broken_one', problems: [expect.stringContaining('measure')] }]);
    } finally {
      await sql`DELETE FROM indicators WHERE code IN ('food_needs_met_60d', 'broken_one')`.execute(db);
    }
  });
});

describe('the cache of closed months', () => {
  const FROM = addMonthsTo(M1, -1);
  const db = () => f.database.db;
  const actorOf = async (username: string): Promise<Actor> => {
    const u = await db()
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'organisation_id', 'area_code', 'scopes'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return {
      userId: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      organisationId: u.organisation_id,
      areaCode: u.area_code,
      scopes: u.scopes,
      sessionId: randomUUID(),
      ip: null,
    } as Actor;
  };
  /** Every indicator's months and children, uncached (the single statement per indicator, as before the cache). */
  const uncached = async (area: string) =>
    (await readIndicatorValues(f.database, await actorOf('songkhla'), { area, from: FROM, to: THIS_MONTH }, { cache: false })).indicators;
  const cached = async (area: string) => (await values(province, `area=${area}&from=${FROM}&to=${THIS_MONTH}`)).indicators;
  const cacheRows = async (area: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_cache WHERE area_code = ${area}`.execute(db())).rows[0]!.n);
  const today = () => thaiNow().toISOString().slice(0, 10);
  const m1Closed = () => STARTING_INDICATORS.every((d) => !isProvisional(M1, today(), maturityDays(d.measure)));
  const AREAS = ['90', '9001', '900101', '900102', '90010101', '90010102'];

  it('serves closed months from the cache with exactly the values of the uncached computation', async () => {
    await sql`DELETE FROM indicator_cache`.execute(db());
    for (const area of AREAS) {
      const live = await uncached(area);
      expect(await cached(area), `cold ${area}`).toEqual(live); // fills the cache
      expect(await cached(area), `warm ${area}`).toEqual(live); // reads it
    }
    // Every month read is there for Bo Yang, M1 as a closed month (worked out after its horizon) unless
    // this is one of the first days after a short month, the running month as a recent one.
    expect(await cacheRows('900101')).toBe(7 * 4);
    const months = await sql<{ m: string; closed: boolean }>`SELECT DISTINCT to_char(month, 'YYYY-MM') AS m, computed_at >= horizon AS closed
      FROM indicator_cache ORDER BY 1`.execute(db());
    expect(months.rows.filter((r) => r.m === THIS_MONTH).map((r) => r.closed)).toEqual([false]);
    expect(months.rows.filter((r) => r.m === M1).map((r) => r.closed)).toEqual([m1Closed()]);

    // The read really comes from the cache: a cell changed by hand shows (then put back).
    const hash = definitionHash(STARTING_INDICATORS.find((d) => d.code === 'bedridden_visited_monthly')!);
    const cell = sql`code = 'bedridden_visited_monthly' AND hash = ${hash} AND area_code = '900102' AND month = ${`${M1}-01`}::date`;
    const before = (await sql<{ den: number[] }>`SELECT den FROM indicator_cache WHERE ${cell}`.execute(db())).rows[0]!.den;
    expect(before).toEqual([1]); // E, village 3
    await sql`UPDATE indicator_cache SET den = '{7}' WHERE ${cell}`.execute(db());
    expect(byMonth(series(await values(province, `area=900102&from=${M1}&to=${M1}`), 'bedridden_visited_monthly'))).toEqual([[M1, 1, 7, 14.29]]);
    await sql`UPDATE indicator_cache SET den = '{1}' WHERE ${cell}`.execute(db());
  });

  it('serves the running month for a few minutes, works it out again after, and drops it at once on a write', async () => {
    const hash = definitionHash(STARTING_INDICATORS.find((d) => d.code === 'bedridden_visited_monthly')!);
    const cell = sql`code = 'bedridden_visited_monthly' AND hash = ${hash} AND area_code = '900102' AND month = ${`${THIS_MONTH}-01`}::date`;
    const running = async () => byMonth(series(await values(province, `area=900102&from=${THIS_MONTH}&to=${THIS_MONTH}`), 'bedridden_visited_monthly'))[0]!;
    const truth = await running();
    const row = async () =>
      (
        await sql<{ den: number[]; age: number }>`SELECT den, extract(epoch FROM now() - computed_at)::float8 AS age
      FROM indicator_cache WHERE ${cell}`.execute(db())
      ).rows[0];
    expect((await row())?.den).toEqual([1]); // E, village 3, bedridden this month too

    // A changed cell shows while it is recent: the read comes from the cache.
    await sql`UPDATE indicator_cache SET den = '{7}' WHERE ${cell}`.execute(db());
    expect((await running())[2]).toBe(7);
    // Older than RECENT_MINUTES: worked out again from the rows, and stored anew.
    await sql`UPDATE indicator_cache SET computed_at = now() - make_interval(mins => ${RECENT_MINUTES + 1}) WHERE ${cell}`.execute(db());
    expect(await running()).toEqual(truth);
    expect(await row()).toMatchObject({ den: [1], age: expect.closeTo(0, -1) });

    // A visit to E now: Khao Rup Chang's running month is dropped in the writing transaction, and the next read counts it.
    const osm = await db().selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
    await db()
      .insertInto('visits')
      .values({
        id: randomUUID(),
        person_id: ids.E!,
        visited_at: new Date(),
        next_visit_on: date(THIS_MONTH, 28),
        needs: '[]',
        help: '[]',
        recorded_by: osm.id,
        review_status: 'pending',
      })
      .execute();
    expect(await row()).toBeUndefined();
    expect(await cached('900102')).toEqual(await uncached('900102'));
    expect((await running())[1]).toBe(1); // E visited this month
  });

  it('keys the cache by the measure, not the target or the names', () => {
    const d = STARTING_INDICATORS[0]!;
    expect(definitionHash({ ...d, target: 10, name: { th: 'x', en: 'x' } })).toBe(definitionHash(d));
    expect(definitionHash({ ...d, measure: { ...d.measure, numerator: { op: 'visited', withinDays: 30 } } as typeof d.measure })).not.toBe(definitionHash(d));
  });

  it('drops the subdistrict touched by a backdated visit and a changed referral, keeps the others, and reads correctly after', async () => {
    for (const area of AREAS) await cached(area);
    const krc = await cacheRows('900102');
    expect(krc).toBeGreaterThan(0);
    const hashes = STARTING_INDICATORS.map((d) => definitionHash(d));
    const boyangM1 = async () =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_cache WHERE area_code = '900101' AND month = ${`${M1}-01`}::date
            AND hash = ANY (${hashes}::text[])`.execute(db())
        ).rows[0]!.n,
      );
    expect(await boyangM1()).toBe(7);

    // A visit to B on the 20th of M1, entered now, finding a food need: B (bedridden, not visited in M1) now counts.
    const osm = await db().selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
    await db()
      .insertInto('visits')
      .values({
        id: randomUUID(),
        person_id: ids.B!,
        visited_at: at(M1, 20),
        next_visit_on: date(THIS_MONTH, 28),
        needs: JSON.stringify([{ code: 'food.insecure' }]),
        help: '[]',
        recorded_by: osm.id,
        review_status: 'pending',
      })
      .execute();
    expect(await boyangM1()).toBe(0);
    expect(await cacheRows('900102')).toBe(krc); // Khao Rup Chang's cells survive
    // Bedridden visited in M1: A, B, D of A, B, D → 3/3 (was 2/3); needs: A ×2, D, F, and B's food → 1/5 (was 1/4).
    let v = await values(province, `area=900101&from=${M1}&to=${M1}`);
    expect(byMonth(series(v, 'bedridden_visited_monthly'))).toEqual([[M1, 3, 3, 100]]);
    expect(byMonth(series(v, 'needs_met_30d'))).toEqual([[M1, 1, 5, 20]]);
    expect(await boyangM1()).toBe(7); // stored again
    expect(byMonth(series(await values(province, `area=9001&from=${M1}&to=${M1}`), 'bedridden_visited_monthly'))).toEqual([[M1, 4, 4, 100]]);

    // B's routine referral of M1, answered after 10 days, corrected to the 7th (within the week): 2/2 (was 1/2).
    await sql`UPDATE referrals SET answered_at = ${at(M1, 7)} WHERE person_id = ${ids.B!}`.execute(db());
    expect(await boyangM1()).toBe(0);
    expect(await cacheRows('900102')).toBe(krc);
    v = await values(province, `area=900101&from=${M1}&to=${M1}`);
    expect(byMonth(series(v, 'referrals_answered_in_time'))).toEqual([[M1, 2, 2, 100]]);

    // And every area still reads as the uncached computation does.
    for (const area of AREAS) expect(await cached(area), area).toEqual(await uncached(area));
  });

  it('warms the closed months of every province in the background, and only once', async () => {
    await sql`DELETE FROM indicator_cache`.execute(db());
    const stored = await warmIndicatorCache(f.database);
    // The fixture's persons are all in province 90; every non-village area of it gets a cell per indicator and closed month.
    expect(stored).toBeGreaterThan(0);
    expect(await warmIndicatorCache(f.database)).toBe(0);
    const areas = await sql<{ a: string }>`SELECT DISTINCT left(area_code, 2) AS a FROM indicator_cache`.execute(db());
    expect(areas.rows).toEqual([{ a: '90' }]);
    expect(await cached('90')).toEqual(await uncached('90'));
  });

  it('lets a user read and store cached counts only inside their scope', async () => {
    const boyangActor = await actorOf('boyang');
    await values(boyang, `from=${FROM}&to=${M1}`);
    const seen = await asUser(db(), boyangActor, async (tx) =>
      (await sql<{ area_code: string }>`SELECT DISTINCT area_code FROM indicator_cache ORDER BY 1`.execute(tx)).rows.map((r) => r.area_code),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((a) => a.startsWith('900101'))).toBe(true);
    expect(await cacheRows('900102')).toBeGreaterThan(0); // there, but not for Bo Yang
    await expect(
      asUser(db(), boyangActor, (tx) =>
        sql`INSERT INTO indicator_cache (code, hash, month, area_code, horizon, village_no, num, den)
          VALUES ('x_y_z', 'h', '2020-01-01', '900102', now(), '{}', '{}', '{}')`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
    expect((await boyang.get(`/api/indicators/values?area=900102&from=${FROM}&to=${M1}`)).status).toBe(403);
  });
});
