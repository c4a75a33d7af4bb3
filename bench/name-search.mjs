// Name search over 100,000 persons, on PGlite and on PostgreSQL, through the real HTTP API.
// Run: npm run build:server && npm run bench:search   (BENCH_DATABASE_URL for PostgreSQL; BENCH_PERSONS to resize)
// Writes its figures into bench/RESULTS.md. Traffic stays on loopback; every loop is bounded.
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildApp, ensureGeography, loadConfig, migrate, openPglite, openPostgres, seedDemo } from '../packages/server/dist/index.js';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const RUNS = 300;
const CONCURRENCY = 4;
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const round = (x) => Math.round(x * 10) / 10;

async function measure(kind, database) {
  const t0 = Date.now();
  await migrate(database.db);
  await ensureGeography(database.db);
  await seedDemo(database.db, { persons: PERSONS });
  const seedSeconds = (Date.now() - t0) / 1000;
  console.error(`${kind}: seeded ${PERSONS} persons in ${seedSeconds} s`);
  const app = await buildApp(database, loadConfig({ logLevel: 'silent', port: 0 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.server.address().port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'songkhla', password: 'carehub-demo' }),
  });
  const cookie = login.headers.getSetCookie()[0].split(';')[0];

  // The query mix: full names, first names, slipped names (title, no space, tone mark dropped), national IDs, filtered lists.
  const sample = await database.db
    .selectFrom('persons')
    .select(['first_name_th', 'last_name_th', 'cid'])
    .where('cid', 'is not', null)
    .orderBy('id')
    .limit(200)
    .execute();
  const queries = sample.map((p, i) => {
    const all = [
      ['full name', `q=${encodeURIComponent(`${p.first_name_th} ${p.last_name_th}`)}`],
      ['first name', `q=${encodeURIComponent(p.first_name_th)}`],
      ['slipped name', `q=${encodeURIComponent(`นาง${p.first_name_th}${p.last_name_th}`.replace(/[่้๊๋]/, ''))}`],
      ['national ID', `q=${p.cid}`],
      ['filtered list', `vulnerability=disability&page=${(i % 5) + 1}`],
    ];
    return all[i % all.length];
  });
  const byKind = {};
  const get = async ([kind, q]) => {
    const s = performance.now();
    const r = await fetch(`${base}/api/persons?pageSize=20&${q}`, { headers: { cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`search answered ${r.status}`);
    const ms = performance.now() - s;
    byKind[kind] = [...(byKind[kind] ?? []), ms];
    return ms;
  };
  for (let i = 0; i < 30; i++) await get(queries[i % queries.length]); // warm-up
  console.error(`${kind}: warmed up; measuring`);
  for (const k of Object.keys(byKind)) delete byKind[k];
  const sequential = [];
  for (let i = 0; i < RUNS; i++) sequential.push(await get(queries[i % queries.length]));
  const sequentialByKind = Object.fromEntries(Object.entries(byKind).map(([k, xs]) => [k, [...xs]]));
  const concurrent = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < RUNS) concurrent.push(await get(queries[next++ % queries.length]));
    }),
  );
  await app.close();
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: round(quantile(s, 0.5)), p95: round(quantile(s, 0.95)), p99: round(quantile(s, 0.99)) };
  };
  const perKind = Object.fromEntries(Object.entries(sequentialByKind).map(([k, xs]) => [k, stats(xs)]));
  return { kind, seedSeconds: round(seedSeconds), sequential: stats(sequential), concurrent: stats(concurrent), perKind };
}

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'carehub-bench-'));
try {
  const pglite = await openPglite(dir);
  results.push(await measure('PGlite (embedded, on disk)', pglite));
  await pglite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
try {
  const name = `carehub_bench_${process.pid}`;
  execSync(`psql "${pgBase}" -qc "CREATE DATABASE ${name}"`, { stdio: 'ignore' });
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const pg = openPostgres(url.toString());
  try {
    results.push(await measure('PostgreSQL 15 (local server)', pg));
  } finally {
    await pg.close();
    execSync(`psql "${pgBase}" -qc "DROP DATABASE ${name} WITH (FORCE)"`, { stdio: 'ignore' });
  }
} catch (err) {
  console.error(`PostgreSQL not measured: ${err.message}`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const section = [
  '## Name search, 100,000 persons',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:search\` on ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Data: ${PERSONS.toLocaleString('en')} demo persons (with their vulnerabilities, entitlements, consents, household) in three Songkhla districts; the user is the province admin, so every search spans all of them.`,
  `Query mix, in turn: full Thai name, first name only, a slipped name (title glued on, no space, a tone mark dropped), a national ID, and a filtered list (people with disabilities, pages 1–5); 20 results per page, over HTTP with a session cookie; the search is audited as in production.`,
  `${RUNS} requests after 30 warm-up requests, first one at a time, then ${CONCURRENCY} at a time. Milliseconds per request.`,
  '',
  '| database | seed time (s) | sequential median | p95 | p99 | 4 concurrent median | p95 | p99 |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.kind} | ${r.seedSeconds} | ${r.sequential.median} | ${r.sequential.p95} | ${r.sequential.p99} | ${r.concurrent.median} | ${r.concurrent.p95} | ${r.concurrent.p99} |`,
  ),
  '',
  'One at a time, by kind of query (60 requests each): median / p95 ms. The name searches are the target; the filtered list is slower because it counts and sorts every matching person in the province (no name narrows it).',
  '',
  `| database | ${Object.keys(results[0]?.perKind ?? {}).join(' | ')} |`,
  `|---|${Object.keys(results[0]?.perKind ?? {})
    .map(() => '---')
    .join('|')}|`,
  ...results.map(
    (r) =>
      `| ${r.kind} | ${Object.values(r.perKind)
        .map((x) => `${x.median} / ${x.p95}`)
        .join(' | ')} |`,
  ),
  '',
].join('\n');
const file = new URL('./RESULTS.md', import.meta.url);
let text;
try {
  text = readFileSync(file, 'utf8');
} catch {
  text = "# Benchmark results\n\nFigures measured on this project's machines; each section says how to rerun it.\n\n";
}
text = text.includes('## Name search, 100,000 persons') ? text.replace(/## Name search, 100,000 persons[\s\S]*?(?=\n## |$)/, section) : `${text}${section}`;
writeFileSync(file, text);
console.log(section);
