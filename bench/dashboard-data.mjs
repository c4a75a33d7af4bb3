// A province's worth of dashboard data, written in bulk with SQL (generate_series), through the real
// schema and its triggers: Songkhla (90) with BENCH_PERSONS vulnerable persons spread over its real
// subdistricts and villages, VISITS_PER_PERSON visits each over the last 12 months with needs found and
// help given, caseloads, referrals and tasks at the rates a province sees. Used by bench/dashboard.mjs.
import { sql } from 'kysely';
import { HELP, NEED_CATEGORIES } from '../packages/core/dist/index.js';

/**
 * Rates, per year: every person is visited about twice a month (20 visits); a quarter of visits find
 * a need (one in five of those two), a fifth give help; 1 % of visits are returned by the reviewer
 * and each of those is corrected by a new visit; one person in eight is referred (6,250 referrals for
 * 50,000, a fifth of them still open) and the follow-up rules raise 0.4 tasks a person (a quarter open).
 */
export async function loadProvince(db, { persons, visitsPerPerson, log = () => {} }) {
  const needCodes = NEED_CATEGORIES.flatMap((c) => Object.keys(c.needs));
  const helpCodes = Object.keys(HELP);
  const user = (name) => db.selectFrom('users').select(['id', 'organisation_id']).where('username', '=', name).executeTakeFirstOrThrow();
  const [osm, sw, nurse] = await Promise.all([user('osm.boyang'), user('sw.boyang'), user('nurse.hatyai')]);
  const times = {};
  const step = async (name, q) => {
    const t0 = performance.now();
    const r = await q.execute(db);
    times[name] = Math.round(performance.now() - t0);
    log(`${name}: ${r.numAffectedRows ?? r.rows.length} rows in ${times[name]} ms`);
  };
  // Villages: each real subdistrict of Songkhla gets 5 to 16 villages (หมู่), a stable number per code.
  await step(
    'subdistricts',
    sql`CREATE TABLE bench_sub AS
      SELECT code, (row_number() OVER (ORDER BY code))::int - 1 AS i, 5 + abs(hashtext(code)) % 12 AS villages
      FROM areas WHERE level = 'subdistrict' AND code LIKE '90%'`,
  );
  // Persons: mostly elders; disability, bedridden, rehabilitation and entitlement gaps at their usual shares.
  // Some subdistricts are denser than others (the square of a uniform number picks the subdistrict).
  await step(
    'persons',
    sql`INSERT INTO persons (first_name_th, last_name_th, cid_missing_reason, birth_date, sex, area_code, village_no,
          flags, disability_types, gaps, adl_group, status, name_key, sort_key)
      SELECT 'ทดสอบ' || g, 'จังหวัด' || (g % 997), 'unknown',
        CASE WHEN r.age < 0.62 THEN current_date - ((60 + r.age * 45) * 365.25)::int
             WHEN r.age < 0.70 THEN current_date - ((1 + r.age * 14) * 365.25)::int
             WHEN r.age < 0.99 THEN current_date - ((15 + (r.age - 0.7) * 150) * 365.25)::int
             ELSE NULL END,
        CASE WHEN r.sex < 0.55 THEN 'female' WHEN r.sex < 0.995 THEN 'male' ELSE 'unknown' END,
        s.code,
        CASE WHEN r.vil < 0.03 THEN NULL ELSE 1 + floor(r.vil * s.villages)::int % s.villages END,
        (CASE WHEN r.dis < 0.45 THEN ARRAY['disability'] ELSE '{}' END)
          || (CASE WHEN r.reh < 0.06 THEN ARRAY['awaiting_rehabilitation'] ELSE '{}' END),
        CASE WHEN r.dis < 0.45 THEN ARRAY[(1 + floor(r.dis / 0.45 * 7))::smallint] || (CASE WHEN r.dis < 0.05 THEN ARRAY[4::smallint] ELSE '{}' END)
             ELSE '{}' END,
        (CASE WHEN r.gap < 0.08 THEN ARRAY['disability_allowance'] ELSE '{}' END)
          || (CASE WHEN r.gap BETWEEN 0.05 AND 0.15 THEN ARRAY['elderly_allowance'] ELSE '{}' END)
          || (CASE WHEN r.gap > 0.97 THEN ARRAY['health_scheme_unknown'] ELSE '{}' END),
        CASE WHEN r.adl < 0.12 THEN 'bedridden' WHEN r.adl < 0.32 THEN 'homebound' WHEN r.adl < 0.85 THEN 'social' END,
        CASE WHEN r.dead < 0.02 THEN 'deceased' ELSE 'alive' END,
        'ทดสอบ' || g, 'ทดสอบ' || g
      FROM generate_series(1, ${persons}) g
      CROSS JOIN LATERAL (SELECT random() AS age, random() AS sex, random() AS vil, random() AS dis, random() AS reh,
        random() AS gap, random() AS adl, random() AS dead, random() AS place, g AS gg) r
      JOIN bench_sub s ON s.i = floor(r.place * r.place * (SELECT count(*) FROM bench_sub))::int`,
  );
  await step('caseloads', sql`INSERT INTO caseload_assignments (person_id, user_id) SELECT id, ${osm.id} FROM persons WHERE random() < 0.8`);
  // Visits: spread over the last 365 days up to an hour ago; next visit due 14 to 45 days later.
  await step(
    'visits',
    sql`INSERT INTO visits (id, person_id, visited_at, next_visit_on, needs, help, recorded_by, organisation_id, review_status, received_at)
      SELECT gen_random_uuid(), p.id, r.at, (r.at + interval '7 hours')::date + 14 + (k % 32),
        CASE WHEN r.need < 0.05 THEN jsonb_build_array(jsonb_build_object('code', (${needCodes}::text[])[1 + floor(r.c1 * ${needCodes.length})::int]),
                                                       jsonb_build_object('code', (${needCodes}::text[])[1 + floor(r.c2 * ${needCodes.length})::int]))
             WHEN r.need < 0.25 THEN jsonb_build_array(jsonb_build_object('code', (${needCodes}::text[])[1 + floor(r.c1 * ${needCodes.length})::int]))
             ELSE '[]'::jsonb END,
        CASE WHEN r.help < 0.2 THEN jsonb_build_array(jsonb_build_object('code', (${helpCodes}::text[])[1 + floor(r.c3 * ${helpCodes.length})::int]))
             ELSE '[]'::jsonb END,
        ${osm.id}, ${osm.organisation_id},
        CASE WHEN r.rev < 0.01 THEN 'returned' WHEN r.rev < 0.7 THEN 'approved' ELSE 'pending' END,
        r.at + interval '1 hour'
      FROM persons p
      CROSS JOIN generate_series(1, ${visitsPerPerson}) k
      CROSS JOIN LATERAL (SELECT random() AS need, random() AS c1, random() AS c2, random() AS c3, random() AS help, random() AS rev,
        now() - interval '1 hour' - random() * interval '365 days' AS at, k AS kk, p.id AS pid) r`,
  );
  // Each returned visit is corrected by a new visit that names it (visits are append-only).
  await step(
    'corrections',
    sql`INSERT INTO visits (id, person_id, visited_at, next_visit_on, needs, help, recorded_by, organisation_id, replaces, review_status, received_at)
      SELECT gen_random_uuid(), person_id, visited_at, next_visit_on, needs, help, recorded_by, organisation_id, id, 'approved', received_at + interval '2 days'
      FROM visits WHERE review_status = 'returned'`,
  );
  await step(
    'referrals',
    sql`INSERT INTO referrals (person_id, from_organisation_id, from_user_id, to_organisation_id, urgency, reason, state, sent_at, answered_at, closed_at)
      SELECT p.id, ${sw.organisation_id}, ${sw.id}, ${nurse.organisation_id},
        CASE WHEN r.u < 0.05 THEN 'emergency' WHEN r.u < 0.3 THEN 'urgent' ELSE 'routine' END, 'ทดสอบ',
        s.state, s.sent_at,
        CASE WHEN s.state <> 'sent' THEN s.sent_at + interval '1 day' END,
        CASE WHEN s.state IN ('completed', 'declined', 'cancelled') THEN s.sent_at + interval '10 days' END
      FROM persons p
      CROSS JOIN LATERAL (SELECT random() AS pick, random() AS u, random() AS st, random() AS age, p.id AS pid) r
      CROSS JOIN LATERAL (SELECT
        CASE WHEN r.st < 0.05 THEN 'sent' WHEN r.st < 0.1 THEN 'accepted' WHEN r.st < 0.2 THEN 'in_progress'
             WHEN r.st < 0.85 THEN 'completed' WHEN r.st < 0.93 THEN 'declined' ELSE 'cancelled' END AS state,
        now() - CASE WHEN r.st < 0.2 THEN r.age * interval '30 days' ELSE r.age * interval '365 days' END AS sent_at) s
      WHERE r.pick < 0.125`,
  );
  await step(
    'tasks',
    sql`INSERT INTO tasks (person_id, kind, severity, action, message, team, status, due_on, created_at)
      SELECT p.id, CASE WHEN r.k < 0.6 THEN 'visit_overdue' ELSE 'need_unmet' END,
        CASE WHEN r.k < 0.9 THEN 'warning' ELSE 'urgent' END, 'notify', '{"th":"ทดสอบ","en":"test"}'::jsonb, ARRAY['volunteer_osm'],
        CASE WHEN r.st < 0.25 THEN 'open' WHEN r.st < 0.9 THEN 'done' ELSE 'dismissed' END,
        current_date + (r.due * 60)::int - 45, now() - r.due * interval '300 days'
      FROM persons p
      CROSS JOIN LATERAL (SELECT random() AS pick, random() AS k, random() AS st, random() AS due, p.id AS pid) r
      WHERE r.pick < 0.4`,
  );
  await step('drop', sql`DROP TABLE bench_sub`);
  await step('analyze', sql`ANALYZE`);
  return times;
}
