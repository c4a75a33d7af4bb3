// Village territories, bulk caseload changes and the stipend month at province scale, on PostgreSQL:
// 50,000 persons in the subdistricts of Songkhla's demo districts, 1,000 volunteers, one approved visit
// a person last month. A province admin previews and does bulk acts, undoes them, and a subdistrict's
// stipend month is read and signed, each over HTTP with a real session.
// Run: npm run build && npm run -w @carehub/bench bench:caseload   (BENCH_DATABASE_URL for another server)
// Writes its figures into bench/RESULTS.md. Traffic stays on loopback; every loop is bounded.
import { execSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { sql } from 'kysely';
import { buildApp, ensureReferenceData, loadConfig, migrate, openPostgres, seedDemo } from '../packages/server/dist/index.js';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 50_000);
const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 1000);
const RUNS = 15;
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const round = (x) => Math.round(x * 10) / 10;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.floor(s.length / 2)]);
};
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(0.95 * s.length))]);
};

const name = `carehub_bench_caseload_${process.pid}`;
execSync(`psql "${pgBase}" -qc "CREATE DATABASE ${name}"`, { stdio: 'ignore' });
const url = new URL(pgBase);
url.pathname = `/${name}`;
const database = openPostgres(url.toString(), 10);
const out = {};
let subdistricts = [];
try {
  await migrate(database.db);
  await ensureReferenceData(database.db);
  await seedDemo(database.db, { persons: 100 });
  const db = database.db;
  subdistricts = (
    await db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'subdistrict')
      .where('parent_code', 'in', ['9001', '9004', '9011'])
      .orderBy('code')
      .execute()
  ).map((a) => a.code);
  const t0 = Date.now();
  // Persons: spread over the subdistricts and 12 villages each.
  await sql`
    INSERT INTO persons (first_name_th, last_name_th, sex, area_code, village_no, cid_missing_reason, birth_date)
    SELECT 'ทดสอบ' || i, 'ภาระงาน' || (i % 997), CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
           (${subdistricts}::text[])[1 + i % ${subdistricts.length}], 1 + (i / ${subdistricts.length}) % 12, 'unknown',
           date '1940-01-01' + (i % 9000)
    FROM generate_series(1, ${PERSONS}) AS i`.execute(db);
  // Volunteers: spread over the subdistricts, each responsible for one or two villages of theirs.
  const org = await db.selectFrom('organisations').select('id').where('area_code', '=', '900101').executeTakeFirstOrThrow();
  const template = await db.selectFrom('users').select('password_hash').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  const users = Array.from({ length: VOLUNTEERS }, (_, i) => {
    const area = subdistricts[i % subdistricts.length];
    return {
      username: `bench.osm.${i}`,
      display_name: `อสม. ทดสอบ ${i}`,
      password_hash: template.password_hash,
      role: 'volunteer_osm',
      organisation_id: org.id,
      area_code: area,
      scopes: [area],
    };
  });
  const volunteers = [];
  for (let i = 0; i < users.length; i += 500)
    volunteers.push(
      ...(await db
        .insertInto('users')
        .values(users.slice(i, i + 500))
        .returning(['id', 'area_code'])
        .execute()),
    );
  const perArea = new Map();
  for (const v of volunteers) perArea.set(v.area_code, [...(perArea.get(v.area_code) ?? []), v.id]);
  // Territories: a village has about three volunteers; the k-th volunteer of a subdistrict has village k mod 12 + 1.
  const territories = [];
  for (const [area, ids] of perArea) for (const [k, id] of ids.entries()) territories.push({ user_id: id, area_code: area, village_no: (k % 12) + 1 });
  for (let i = 0; i < territories.length; i += 2000)
    await db
      .insertInto('volunteer_territories')
      .values(territories.slice(i, i + 2000))
      .execute();
  // Caseloads: each territory's persons, except one in ten left on no caseload.
  await sql`
    INSERT INTO caseload_assignments (person_id, user_id)
    SELECT DISTINCT ON (p.id) p.id, t.user_id FROM persons p JOIN volunteer_territories t ON t.area_code = p.area_code AND t.village_no = p.village_no
    WHERE p.first_name_th LIKE 'ทดสอบ%' AND hashtext(p.id::text) % 10 <> 0 ORDER BY p.id, md5(p.id::text || t.user_id::text)`.execute(db);
  // Last month: one visit a person on a caseload, by their volunteer, nine in ten approved.
  const now = new Date(Date.now() + 7 * 3600_000);
  const month = `${now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear()}-${String(now.getUTCMonth() === 0 ? 12 : now.getUTCMonth()).padStart(2, '0')}`;
  await sql`
    INSERT INTO visits (id, person_id, visited_at, next_visit_on, recorded_by, review_status)
    SELECT gen_random_uuid(), c.person_id, ${`${month}-10T10:00:00+07:00`}::timestamptz + (row_number() OVER () % 400) * interval '1 hour',
           ${`${month}-28`}::date, c.user_id, CASE WHEN hashtext(c.person_id::text) % 10 = 1 THEN 'pending' ELSE 'approved' END
    FROM caseload_assignments c`.execute(db);
  await sql`ANALYZE`.execute(db);
  const counts = await sql`SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM visits)::int AS visits,
    (SELECT count(*) FROM caseload_assignments WHERE ended_at IS NULL)::int AS assigned, (SELECT count(*) FROM volunteer_territories)::int AS territories`.execute(
    db,
  );
  out.data = { ...counts.rows[0], subdistricts: subdistricts.length, month, seconds: round((Date.now() - t0) / 1000) };
  console.error('data', out.data);

  // The province admin's session, written directly (signing in would measure argon2).
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'songkhla').executeTakeFirstOrThrow();
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: createHash('sha256').update(token).digest('hex'), user_id: admin.id, expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  const app = await buildApp(database, loadConfig({ logLevel: 'silent', port: 0 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.server.address().port}`;
  const call = async (method, path, body) => {
    const s = performance.now();
    const r = await fetch(base + path, {
      method,
      headers: { cookie: `carehub_session=${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await r.json();
    if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(json)}`);
    return { ms: performance.now() - s, json };
  };
  const times = { overview: [], previewVillage: [], assignVillage: [], previewTransfer: [], transfer: [], undo: [], stipendMonth: [], signoff: [] };
  await call('GET', `/api/caseload/territories?area=${subdistricts[0]}`); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const area = subdistricts[i % subdistricts.length];
    const ids = perArea.get(area);
    // The village act goes to one of the village's own volunteers; the move is between the two
    // volunteers of another village.
    const b = ids[i % 12];
    const a = ids[((i + 6) % 12) + 12];
    const c = ids[(i + 6) % 12];
    const overview = await call('GET', `/api/caseload/territories?area=${area}`);
    times.overview.push(overview.ms);
    // Everyone of a village (taking over from whoever has them) to another volunteer of the subdistrict.
    const village = { kind: 'assign_village', areaCode: area, villageNo: 1 + (i % 12), userId: b, takeOver: true };
    const pv = await call('POST', '/api/caseload/bulk/preview', village);
    times.previewVillage.push(pv.ms);
    const av = await call('POST', '/api/caseload/bulk', { operation: village, fingerprint: pv.json.fingerprint, confirm: true });
    times.assignVillage.push(av.ms);
    if (av.json.assigned !== pv.json.assign || av.json.ended !== pv.json.end) throw new Error('the act differed from its preview');
    // A volunteer leaves: their whole caseload to another.
    const transfer = { kind: 'transfer', areaCode: area, fromUserId: a, toUserId: c };
    const pt = await call('POST', '/api/caseload/bulk/preview', transfer);
    times.previewTransfer.push(pt.ms);
    const at = await call('POST', '/api/caseload/bulk', { operation: transfer, fingerprint: pt.json.fingerprint, confirm: true });
    times.transfer.push(at.ms);
    times.undo.push((await call('POST', `/api/caseload/operations/${at.json.operationId}/undo`, { confirm: true })).ms);
    times.stipendMonth.push((await call('GET', `/api/stipends?area=${area}&month=${month}`)).ms);
    times.signoff.push((await call('POST', '/api/stipends/signoff', { areaCode: area, month, confirm: true })).ms);
    if (i === 0) out.sizes = { village: pv.json.assign + pv.json.already + pv.json.kept, transfer: pt.json.end };
  }
  out.times = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { median: median(xs), p95: p95(xs) }]));
  await app.close();
} finally {
  await database.close();
  execSync(`psql "${pgBase}" -qc "DROP DATABASE ${name} WITH (FORCE)"`, { stdio: 'ignore' });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const row = (label, k) => `| ${label} | ${out.times[k].median} | ${out.times[k].p95} |`;
const title = '## Territories, bulk caseloads and the stipend month (bench/caseload.mjs)';
const section = [
  title,
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run -w @carehub/bench bench:caseload\` on ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on the same machine (pool of 10), other work running beside it (load average ${execSync('cat /proc/loadavg').toString().split(' ')[0]}).`,
  `Data: ${out.data.persons.toLocaleString('en')} persons in ${out.data.subdistricts} subdistricts × 12 villages, ${VOLUNTEERS.toLocaleString('en')} volunteers (about three to a village) with ${out.data.territories.toLocaleString('en')} village territories, ${out.data.assigned.toLocaleString('en')} persons on a caseload (one in ten on none), ${out.data.visits.toLocaleString('en')} visits in ${out.data.month} (nine in ten approved). A province admin over HTTP, ${RUNS} runs on different subdistricts; a village held about ${out.sizes.village} persons and a caseload about ${out.sizes.transfer}. Each act is audited per person, in one transaction.`,
  '',
  '| request | median ms | p95 ms |',
  '|---|---|---|',
  row('a subdistrict’s villages and volunteers (GET territories)', 'overview'),
  row('preview: everyone of a village to a volunteer', 'previewVillage'),
  row('do it (plan again under lock, write, audit)', 'assignVillage'),
  row('preview: a whole caseload to another volunteer', 'previewTransfer'),
  row('do it', 'transfer'),
  row('undo the move', 'undo'),
  row('the stipend month of a subdistrict (GET)', 'stipendMonth'),
  row('sign off the month (list kept as signed)', 'signoff'),
  '',
].join('\n');
const file = new URL('./RESULTS.md', import.meta.url);
let text = readFileSync(file, 'utf8');
text = text.includes(title) ? text.replace(new RegExp(`${title.replace(/[()]/g, '\\$&')}[\\s\\S]*?(?=\\n## |$)`), section) : `${text.trimEnd()}\n\n${section}`;
writeFileSync(file, text);
console.log(section);
