// The area dashboard at province scale, on PGlite and on PostgreSQL: Songkhla (90) with 50,000
// vulnerable persons and 1,000,000 visits (bench/dashboard-data.mjs writes them in bulk with SQL,
// through the real schema and triggers), then the real server over real HTTP as the province admin:
// GET /api/dashboard for the province, a district, a subdistrict and a village; one full rebuild of
// each rollup; the time from a visit POSTed over HTTP to the `dashboard.changed` live event; memory.
// Run: npm run build:server && npm run -w @carehub/bench bench:dashboard
//   (= node dashboard.mjs load && flock /tmp/carehub-bench.lock node dashboard.mjs measure && node dashboard.mjs drop:
//    the minutes of loading stay outside the lock, the measured runs inside.)
// BENCH_DATABASE_URL for another PostgreSQL; BENCH_PERSONS / BENCH_VISITS_PER_PERSON to resize.
// Writes its figures into bench/RESULTS.md (section "Dashboard"). Traffic stays on loopback.
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp, ensureReferenceData, loadConfig, migrate, openPglite, openPostgres, seedDemo } from '../packages/server/dist/index.js';
import { loadProvince } from './dashboard-data.mjs';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 50_000);
const VISITS_PER_PERSON = Number(process.env.BENCH_VISITS_PER_PERSON ?? 20);
const REQUESTS = 100; // per level and run
const WARMUP = 20; // per level
const RUNS = 3;
const VISITS_TO_EVENT = 5;
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgName = 'carehub_bench_dashboard';
const pgUrl = (() => {
  const u = new URL(pgBase);
  u.pathname = `/${pgName}`;
  return u.toString();
})();
const pgliteDir = join(tmpdir(), 'carehub-bench-dashboard-pglite');
const stateFile = join(tmpdir(), 'carehub-bench-dashboard.json');
const resultsFile = join(tmpdir(), 'carehub-bench-dashboard-results.json');

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (x) => Math.round(x * 10) / 10;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(quantile(s, 0.5)), p95: round(quantile(s, 0.95)), p99: round(quantile(s, 0.99)) };
};
const median = (xs) =>
  round(
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    ),
  );
const psql = (q) => execSync(`psql "${pgBase}" -Atqc "${q}"`).toString().trim();

async function open(kind) {
  return kind === 'pglite' ? openPglite(pgliteDir) : openPostgres(pgUrl, 10);
}

async function load() {
  const state = {};
  for (const kind of (process.env.BENCH_KINDS ?? 'postgres,pglite').split(',')) {
    if (kind === 'postgres') {
      psql(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
      psql(`CREATE DATABASE ${pgName}`);
    } else {
      rmSync(pgliteDir, { recursive: true, force: true });
      mkdirSync(pgliteDir, { recursive: true });
    }
    const database = await open(kind);
    try {
      const t0 = Date.now();
      await migrate(database.db);
      await ensureReferenceData(database.db);
      await seedDemo(database.db, { persons: 0 });
      const steps = await loadProvince(database.db, { persons: PERSONS, visitsPerPerson: VISITS_PER_PERSON, log: (m) => console.error(`${kind}: ${m}`) });
      const counts = await sql`SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM visits)::int AS visits,
          (SELECT count(*) FROM referrals)::int AS referrals, (SELECT count(*) FROM referrals WHERE state IN ('sent', 'accepted', 'in_progress'))::int AS open_referrals,
          (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM tasks WHERE status = 'open')::int AS open_tasks,
          (SELECT count(DISTINCT area_code) FROM persons)::int AS subdistricts, (SELECT count(DISTINCT (area_code, village_no)) FROM persons)::int AS villages`.execute(
        database.db,
      );
      // The server's first start brings the help taxonomy into the database and recounts needs met
      // (in the background; closing waits for it), as a province's first start would.
      const app = await buildApp(database, loadConfig({ logLevel: 'silent', port: 0 }));
      await app.close();
      state[kind] = { loadSeconds: round((Date.now() - t0) / 1000), steps, counts: counts.rows[0] };
      console.error(`${kind}: loaded in ${state[kind].loadSeconds} s`, JSON.stringify(state[kind].counts));
    } finally {
      await database.close();
    }
  }
  writeFileSync(stateFile, JSON.stringify(state));
}

/** Reads the server-sent events of a session; resolves `ready` once the stream is open. */
function listen(base, cookie) {
  const events = [];
  const controller = new AbortController();
  const open = () => fetch(`${base}/api/events`, { headers: { cookie }, signal: controller.signal });
  // A pooled socket may have been closed by the server during the long rebuilds: one retry.
  const ready = open()
    .catch(() => open())
    .then((res) => {
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += value;
            for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
              const data = buffer
                .slice(0, i)
                .split('\n')
                .find((l) => l.startsWith('data: '));
              if (data) events.push({ at: performance.now(), ...JSON.parse(data.slice(6)) });
              buffer = buffer.slice(i + 2);
            }
          }
        } catch {
          // aborted
        }
      })();
    });
  return { events, ready, stop: () => controller.abort() };
}

async function measure(kind) {
  const database = await open(kind);
  const out = { kind };
  try {
    await migrate(database.db); // a database loaded by an older build gets the newer migrations
    const rssBefore = process.memoryUsage().rss;
    const app = await buildApp(database, loadConfig({ logLevel: 'silent', port: 0 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${app.server.address().port}`;
    const login = async (username) => {
      const r = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'carehub-demo' }),
      });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
      return r.headers.getSetCookie()[0].split(';')[0];
    };
    const [province, sw] = [await login('songkhla'), await login('sw.boyang')];

    // The levels: the province, its district with most persons, that district's largest subdistrict, and its largest village.
    const top = async (q) => (await q.execute(database.db)).rows[0].code;
    const district = await top(sql`SELECT left(area_code, 4) AS code FROM persons GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const subdistrict = await top(sql`SELECT area_code AS code FROM persons WHERE area_code LIKE ${`${district}%`} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const village = await top(
      sql`SELECT area_code || lpad(village_no::text, 2, '0') AS code FROM persons WHERE area_code = ${subdistrict} AND village_no IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const levels = { province: '90', district, subdistrict, village };
    const get = async (area) => {
      const s = performance.now();
      const r = await fetch(`${base}/api/dashboard?area=${area}`, { headers: { cookie: province } });
      const body = await r.json();
      if (r.status !== 200) throw new Error(`dashboard ${area}: ${r.status}`);
      return { ms: performance.now() - s, body };
    };
    out.levels = {};
    const only = process.env.BENCH_ONLY; // 'visit': only the visit-to-event part (the rest kept from an earlier run)
    for (const [level, area] of only === 'visit' ? [] : Object.entries(levels)) {
      for (let i = 0; i < WARMUP; i++) await get(area);
      const runs = [];
      let body;
      for (let run = 0; run < RUNS; run++) {
        const xs = [];
        for (let i = 0; i < REQUESTS; i++) {
          const r = await get(area);
          xs.push(r.ms);
          body = r.body;
        }
        runs.push(stats(xs));
      }
      out.levels[level] = {
        area,
        persons: body.counts.persons,
        visitsThisMonth: body.counts.visitsThisMonth,
        children: body.children.length,
        median: median(runs.map((r) => r.median)),
        p95: median(runs.map((r) => r.p95)),
        p99: median(runs.map((r) => r.p99)),
      };
      console.error(`${kind} ${level} ${area}: ${JSON.stringify(out.levels[level])}`);
    }

    // The six quality-of-life indicators for the last 12 months (GET /api/indicators/values): with no cache
    // at all; with only the closed months cached (the running and provisional months aged past
    // RECENT_MINUTES, so worked out from the rows); then warm; and after a visit in the subdistrict.
    const indicators = async (area) => {
      const s = performance.now();
      const r = await fetch(`${base}/api/indicators/values?area=${area}`, { headers: { cookie: province } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`indicators ${area}: ${r.status}`);
      return performance.now() - s;
    };
    const ageRecent = () => sql`UPDATE indicator_cache SET computed_at = computed_at - interval '1 day' WHERE computed_at < horizon`.execute(database.db);
    out.indicators = {};
    for (const [level, area] of only === 'visit' ? [] : Object.entries(levels).filter(([l]) => l !== 'village')) {
      const x = { area, cold: [], closedOnly: [], warm: [] };
      for (let run = 0; run < RUNS; run++) {
        await sql`DELETE FROM indicator_cache`.execute(database.db);
        x.cold.push(await indicators(area));
        await ageRecent();
        x.closedOnly.push(await indicators(area));
        for (let i = 0; i < 5; i++) x.warm.push(await indicators(area));
      }
      out.indicators[level] = { area, cold: Math.round(median(x.cold)), closedOnly: Math.round(median(x.closedOnly)), warm: Math.round(median(x.warm)) };
      console.error(`${kind} indicators ${level} ${JSON.stringify(out.indicators[level])}`);
    }

    // One full rebuild of each rollup from the raw rows (what every change cost before migration 0014 for
    // persons, visits and needs; now a day change for persons, a taxonomy change for visits and needs).
    const concurrently = kind === 'postgres' ? 'CONCURRENTLY' : '';
    const timed = async (q) => {
      const s = performance.now();
      await sql.raw(q).execute(database.db);
      return performance.now() - s;
    };
    const rebuild = { persons: [], visits: [], referrals: [], tasks: [] };
    for (let run = 0; run < (only === 'visit' ? 0 : RUNS); run++) {
      rebuild.persons.push(await timed(`SELECT rollup_rebuild('persons')`));
      rebuild.visits.push(await timed(`SELECT rollup_rebuild('visits')`));
      rebuild.referrals.push(await timed(`REFRESH MATERIALIZED VIEW ${concurrently} rollup_referrals`));
      rebuild.tasks.push(await timed(`REFRESH MATERIALIZED VIEW ${concurrently} rollup_tasks`));
    }
    out.rebuild = Object.fromEntries(Object.entries(rebuild).map(([k, xs]) => [k, Math.round(median(xs))]));
    console.error(`${kind} rebuild ${JSON.stringify(out.rebuild)}`);

    // A visit POSTed over HTTP, to the dashboard.changed event the province admin's browser receives,
    // and to the visit showing in the subdistrict's count.
    const subject = (
      await sql`SELECT id, area_code FROM persons WHERE area_code = '900101' AND status = 'alive' ORDER BY id LIMIT ${VISITS_TO_EVENT}`.execute(database.db)
    ).rows;
    const stream = listen(base, province);
    await stream.ready;
    await new Promise((r) => setTimeout(r, 3000)); // past the refresher's minimum interval
    const toEvent = [];
    const post = [];
    for (const p of subject) {
      const before = (await get('900101')).body.counts.visitsThisMonth;
      const seen = stream.events.length;
      const s = performance.now();
      const r = await fetch(`${base}/api/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: sw },
        body: JSON.stringify({
          id: randomUUID(),
          personId: p.id,
          visitedAt: new Date(Date.now() - 60_000).toISOString(),
          gps: null,
          present: ['self'],
          vitals: {},
          needs: [{ code: 'device.wheelchair' }],
          help: [{ code: 'help.device_lent' }],
          photos: [],
          note: '',
          nextVisitOn: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10),
          assessmentIds: [],
        }),
      });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`visit answered ${r.status}`);
      post.push(performance.now() - s);
      const visible = (await get('900101')).body.counts.visitsThisMonth;
      if (visible !== before + 1) throw new Error(`the visit was not counted at once: ${before} → ${visible}`);
      for (const until = performance.now() + 30_000; ; ) {
        const e = stream.events.slice(seen).find((x) => x.type === 'dashboard.changed' && '900101'.startsWith(x.areaCode));
        if (e) {
          toEvent.push(e.at - s);
          break;
        }
        if (performance.now() > until) throw new Error('no dashboard.changed within 30 s');
        await new Promise((res) => setTimeout(res, 5));
      }
      await new Promise((res) => setTimeout(res, 2500)); // one visit at a time, each after the refresher's interval
    }
    stream.stop();
    out.visit = { post: stats(post), toEvent: stats(toEvent), maxToEvent: round(Math.max(...toEvent)) };
    console.error(`${kind} visit ${JSON.stringify(out.visit)}`);
    out.rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    out.rssBeforeMb = Math.round(rssBefore / 2 ** 20);
    out.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    if (kind === 'postgres') {
      out.dbSizeMb = Math.round(Number(psql(`SELECT pg_database_size('${pgName}')`)) / 2 ** 20);
    } else {
      out.dbSizeMb = Math.round(Number(execSync(`du -sk ${pgliteDir}`).toString().split('\t')[0]) / 1024);
    }
    await app.close();
  } finally {
    await database.close();
  }
  return out;
}

function write(results, state) {
  const c = state.postgres?.counts ?? state.pglite?.counts;
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${psql('SHOW server_version')} (shared_buffers ${psql('SHOW shared_buffers')}) and PGlite on the same machine`;
  const name = (k) => (k === 'postgres' ? 'PostgreSQL (local server)' : 'PGlite (embedded, on disk)');
  const rows = [];
  for (const r of results)
    for (const [level, x] of Object.entries(r.levels))
      rows.push(`| ${name(r.kind)} | ${level} (${x.area}) | ${x.persons.toLocaleString('en')} | ${x.children} | ${x.median} | **${x.p95}** | ${x.p99} |`);
  const section = `## Dashboard at province scale (bench/dashboard.mjs)

Measured ${new Date().toISOString().slice(0, 10)} by \`npm run build:server && npm run -w @carehub/bench bench:dashboard\`. Machine: ${machine}.
Load averages at the end of the measured runs: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')} (1, 5, 15 min)${process.env.BENCH_NOTE ? `; ${process.env.BENCH_NOTE}` : ''}.
Data (bench/dashboard-data.mjs, bulk SQL through the real schema and triggers): Songkhla (90), ${c.persons.toLocaleString('en')} vulnerable persons
over ${c.subdistricts} of its real subdistricts and ${c.villages.toLocaleString('en')} villages (denser in some), ${c.visits.toLocaleString('en')} visits over the last 12 months
(20 a person, a quarter finding needs, a fifth giving help, 1 % returned and corrected by a new visit), ${c.referrals.toLocaleString('en')} referrals
(${c.open_referrals.toLocaleString('en')} open), ${c.tasks.toLocaleString('en')} tasks (${c.open_tasks.toLocaleString('en')} open), 80 % of persons in a caseload.
Loading took ${results.map((r) => `${state[r.kind].loadSeconds} s on ${name(r.kind)}`).join(', ')}; database size ${results.map((r) => `${r.dbSizeMb} MB (${r.kind})`).join(', ')}.

GET /api/dashboard over HTTP as the province admin (audited, as in production): ${WARMUP} warm-up requests per level, then
${RUNS} runs of ${REQUESTS} requests one at a time; the median of the runs' median, p95 and p99, in ms.

| database | level (area) | persons | child areas | median | p95 | p99 |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Keeping the rollups current (median of ${RUNS}, ms). Persons, visits and needs are tables the triggers of migration 0014 keep
current in the writing transaction; the full rebuilds below are what each change cost before (0011's materialized views) and
what now runs only when the Thai day changes (persons) or the help taxonomy changes (visits and needs). Referrals and tasks are
still materialized views, refreshed after a change by one process (CONCURRENTLY on PostgreSQL).

| database | persons rebuild | visits + needs rebuild | referrals refresh | tasks refresh | visit POST median / p95 | visit POST → dashboard.changed median / max | server RSS after (peak) MB |
|---|---|---|---|---|---|---|---|
${results
  .map(
    (r) =>
      `| ${name(r.kind)} | ${r.rebuild.persons} | ${r.rebuild.visits} | ${r.rebuild.referrals} | ${r.rebuild.tasks} | ${r.visit.post.median} / ${r.visit.post.p95} | ${r.visit.toEvent.median} / ${r.visit.maxToEvent} | ${r.rssMb} (${r.peakRssMb}) |`,
  )
  .join('\n')}

The six quality-of-life indicators, 12 months, GET /api/indicators/values as the province admin (median of ${RUNS} runs, ms):
with nothing cached; with the closed months cached and the running and provisional months worked out from the rows (as every
read did before migration 0017); and warm (every month cached; a running month's cell serves for 10 minutes unless a write drops it).

| database | level (area) | nothing cached | closed months cached | warm |
|---|---|---|---|---|
${results
  .flatMap((r) =>
    Object.entries(r.indicators ?? {}).map(([level, x]) => `| ${name(r.kind)} | ${level} (${x.area}) | ${x.cold} | ${x.closedOnly} | **${x.warm}** |`),
  )
  .join('\n')}

The visit is counted on the dashboard as soon as its POST returns (checked after each of ${VISITS_TO_EVENT} visits); the event
follows the refresher's 250 ms debounce and its refresh of the two small views. RSS is the benchmark process, which runs the
server and, for PGlite, the database too; PostgreSQL's own memory is not in it.
`;
  const file = new URL('./RESULTS.md', import.meta.url);
  const old = readFileSync(file, 'utf8');
  const start = old.indexOf('## Dashboard at province scale');
  const next = start < 0 ? -1 : old.indexOf('\n## ', start + 1);
  writeFileSync(file, start < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, start)}${section}${next < 0 ? '' : old.slice(next + 1)}`);
  console.log(section);
}

const phase = process.argv[2] ?? 'all';
if (phase === 'load' || phase === 'all') await load();
if (phase === 'measure' || phase === 'all') {
  if (!existsSync(stateFile)) throw new Error('nothing loaded: run `node dashboard.mjs load` first');
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const kinds = (process.env.BENCH_KINDS ?? 'postgres,pglite').split(',').filter((k) => state[k]);
  // Each kind's figures are kept in a file, so that a part measured again (BENCH_ONLY) joins the rest.
  const saved = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  for (const kind of kinds) {
    const r = await measure(kind);
    if (process.env.BENCH_ONLY === 'visit') {
      delete r.levels;
      delete r.rebuild;
      delete r.indicators;
    }
    saved[kind] = { ...saved[kind], ...r };
    writeFileSync(resultsFile, JSON.stringify(saved));
  }
  write(
    ['postgres', 'pglite'].filter((k) => saved[k]?.levels && saved[k]?.visit).map((k) => saved[k]),
    state,
  );
}
if (phase === 'drop' || phase === 'all') {
  psql(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  rmSync(pgliteDir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  rmSync(resultsFile, { force: true });
}
