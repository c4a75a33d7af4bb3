// Home visits on PostgreSQL: 1,000 volunteers sending visits at once, a 300-person caseload download,
// and the JavaScript a volunteer's phone downloads for the visit screens.
// Run: npm run build && npm run -w @carehub/bench bench:visits   (BENCH_DATABASE_URL for another server)
// Writes its figures into bench/RESULTS.md. Traffic stays on loopback; every loop is bounded.
import { execSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { buildApp, ensureReferenceData, loadConfig, migrate, openPostgres, seedDemo } from '../packages/server/dist/index.js';

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 1000);
const PER_VOLUNTEER = 20; // persons in each caseload
const VISITS_EACH = 3; // visits each volunteer sends, one after another
const BIG_CASELOAD = 300;
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (x) => Math.round(x * 10) / 10;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(quantile(s, 0.5)), p95: round(quantile(s, 0.95)), p99: round(quantile(s, 0.99)) };
};

const name = `carehub_bench_visits_${process.pid}`;
execSync(`psql "${pgBase}" -qc "CREATE DATABASE ${name}"`, { stdio: 'ignore' });
const url = new URL(pgBase);
url.pathname = `/${name}`;
const database = openPostgres(url.toString(), 10);
const out = {};
try {
  await migrate(database.db);
  await ensureReferenceData(database.db);
  const persons = VOLUNTEERS * PER_VOLUNTEER + BIG_CASELOAD;
  const t0 = Date.now();
  await seedDemo(database.db, { persons });
  console.error(`seeded ${persons} persons in ${(Date.now() - t0) / 1000} s`);

  // Volunteers, their caseloads and their sessions, written directly (signing 1,000 people in
  // through argon2 would measure password hashing, not visits).
  const org = await database.db.selectFrom('organisations').select(['id', 'area_code']).where('area_code', '=', '900101').executeTakeFirstOrThrow();
  const template = await database.db.selectFrom('users').select('password_hash').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  const ids = (await database.db.selectFrom('persons').select('id').orderBy('id').execute()).map((p) => p.id);
  const users = [];
  for (let i = 0; i <= VOLUNTEERS; i++) {
    users.push({
      username: `bench.osm.${i}`,
      display_name: `อสม. ทดสอบ ${i}`,
      password_hash: template.password_hash,
      role: 'volunteer_osm',
      organisation_id: org.id,
      area_code: '90',
      scopes: ['90'],
    });
  }
  const created = [];
  for (let i = 0; i < users.length; i += 500)
    created.push(
      ...(await database.db
        .insertInto('users')
        .values(users.slice(i, i + 500))
        .returning('id')
        .execute()),
    );
  const assignments = [];
  created.slice(0, VOLUNTEERS).forEach((u, i) => {
    for (let k = 0; k < PER_VOLUNTEER; k++) assignments.push({ person_id: ids[i * PER_VOLUNTEER + k], user_id: u.id });
  });
  const big = created[VOLUNTEERS];
  for (let k = 0; k < BIG_CASELOAD; k++) assignments.push({ person_id: ids[VOLUNTEERS * PER_VOLUNTEER + k], user_id: big.id });
  for (let i = 0; i < assignments.length; i += 2000)
    await database.db
      .insertInto('caseload_assignments')
      .values(assignments.slice(i, i + 2000))
      .execute();
  const tokens = created.map(() => randomBytes(32).toString('base64url'));
  const expires = new Date(Date.now() + 3600_000);
  const sessions = created.map((u, i) => ({ token_hash: createHash('sha256').update(tokens[i]).digest('hex'), user_id: u.id, expires_at: expires }));
  for (let i = 0; i < sessions.length; i += 500)
    await database.db
      .insertInto('sessions')
      .values(sessions.slice(i, i + 500))
      .execute();
  await sql`ANALYZE`.execute(database.db);

  const app = await buildApp(database, loadConfig({ logLevel: 'silent', port: 0 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.server.address().port}`;

  const visit = (i, k) => ({
    id: randomUUID(),
    personId: ids[i * PER_VOLUNTEER + (k % PER_VOLUNTEER)],
    visitedAt: new Date(Date.now() - (VISITS_EACH - k) * 3600_000).toISOString(),
    gps: { lat: 7.19 + i / 1e4, lng: 100.59 + k / 1e4, accuracy: 12 },
    present: ['self', 'caregiver'],
    vitals: { systolic: 120 + (k % 40), diastolic: 80, pulse: 72 },
    needs: k === 0 ? [{ code: 'device.wheelchair' }] : [],
    help: k === 1 ? [{ code: 'help.device_lent' }] : [],
    photos: [],
    note: 'เยี่ยมตามนัด',
    nextVisitOn: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10),
    assessmentIds: [],
  });
  const post = async (i, body) => {
    const s = performance.now();
    const r = await fetch(`${base}/api/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `carehub_session=${tokens[i]}` },
      body: JSON.stringify(body),
    });
    await r.arrayBuffer();
    if (r.status !== 201) throw new Error(`visit answered ${r.status}`);
    return performance.now() - s;
  };
  for (let i = 0; i < 20; i++) await post(i, visit(i, 0)); // warm-up
  console.error('warmed up; 1,000 volunteers sending');
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: VOLUNTEERS }, async (_, i) => {
      for (let k = 1; k <= VISITS_EACH; k++) latencies.push(await post(i, visit(i, k)));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  out.visits = { count: latencies.length, seconds: round(seconds), perSecond: round(latencies.length / seconds), ...stats(latencies) };

  const caseload = [];
  let body = Buffer.alloc(0);
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    const r = await fetch(`${base}/api/caseload`, { headers: { cookie: `carehub_session=${tokens[VOLUNTEERS]}`, 'accept-encoding': 'identity' } });
    body = Buffer.from(await r.arrayBuffer());
    caseload.push(performance.now() - s);
    if (JSON.parse(body.toString()).length !== BIG_CASELOAD) throw new Error('caseload size');
  }
  out.caseload = { ...stats(caseload), kb: round(body.length / 1024), gzipKb: round(gzipSync(body).length / 1024) };
  await app.close();
} finally {
  await database.close();
  execSync(`psql "${pgBase}" -qc "DROP DATABASE ${name} WITH (FORCE)"`, { stdio: 'ignore' });
}

// The JavaScript of the visit screens: the entry, everything it preloads, and the chunks the two
// visit routes import, followed through the built files' import statements, gzip-compressed.
const dist = new URL('../packages/web/dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const seen = new Set();
const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const files = readdirSync(new URL('assets/', dist));
for (const f of files) if (/^(VisitsPage|VisitFormPage)-.*\.js$/.test(f)) queue.push(`assets/${f}`);
while (queue.length) {
  const f = queue.shift();
  if (seen.has(f)) continue;
  seen.add(f);
  const text = readFileSync(new URL(f, dist), 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
}
let raw = 0;
let gz = 0;
for (const f of seen) {
  const b = readFileSync(new URL(f, dist));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}
out.js = { files: seen.size, kb: round(raw / 1024), gzipKb: round(gz / 1024) };

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const section = [
  '## Home visits, 1,000 volunteers at once',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run -w @carehub/bench bench:visits\` on ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15 on the same machine (pool of 10 connections).`,
  `Data: ${(VOLUNTEERS * PER_VOLUNTEER + BIG_CASELOAD).toLocaleString('en')} demo persons; ${VOLUNTEERS.toLocaleString('en')} volunteers with ${PER_VOLUNTEER} persons each. Every volunteer sends ${VISITS_EACH} visits one after another, all volunteers at once (${VOLUNTEERS.toLocaleString('en')} concurrent connections), over HTTP with their own session; each visit is checked, stored, audited, announced (NOTIFY) and runs the follow-up rules, as in production.`,
  '',
  '| visits | wall time (s) | visits per second | median ms | p95 ms | p99 ms |',
  '|---|---|---|---|---|---|',
  `| ${out.visits.count} | ${out.visits.seconds} | ${out.visits.perSecond} | ${out.visits.median} | ${out.visits.p95} | ${out.visits.p99} |`,
  '',
  `Caseload download for a volunteer with ${BIG_CASELOAD} persons (30 requests): median ${out.caseload.median} ms, p95 ${out.caseload.p95} ms; ${out.caseload.kb} KB of JSON (${out.caseload.gzipKb} KB gzip).`,
  '',
  `JavaScript a phone downloads for the visit screens (entry, vendor, the two visit routes and what they import; first visit, before the service worker caches it): ${out.js.files} files, ${out.js.kb} KB, ${out.js.gzipKb} KB gzip.`,
  '',
].join('\n');
const file = new URL('./RESULTS.md', import.meta.url);
let text = readFileSync(file, 'utf8');
text = text.includes('## Home visits, 1,000 volunteers at once')
  ? text.replace(/## Home visits, 1,000 volunteers at once[\s\S]*?(?=\n## |$)/, section)
  : `${text.trimEnd()}\n\n${section}`;
writeFileSync(file, text);
console.log(section);
