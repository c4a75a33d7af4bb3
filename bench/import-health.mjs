// /api/health while a 100 MB file is imported (issue 18, item 4): the file is read in a worker thread,
// so the server should go on answering. The server runs in a child process of its own (on PGlite, or
// PostgreSQL with DATABASE_URL); this process generates the file (synthetic Thai rows, national IDs with
// valid check digits, real Songkhla subdistricts, a remarks column that makes a row about 550 bytes, so
// 100 MB stays under the 200,000-row limit), uploads it as the data steward (background import), and polls
// /api/health every 50 ms from the upload until the batch is done. Reports p50/p95/max of the health
// answers during the upload and file check (until the 202), and during the whole import; the median of
// BENCH_RUNS runs (3), each on a fresh database.
// Run: npm run build:server && npm run -w @carehub/bench bench:import-health   (BENCH_IMPORT_MB=100, BENCH_RUNS=3)
// A .mjs like every bench here: Node 20 runs no TypeScript, and the bench reads the built server in dist.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const serve = process.argv[2] === 'serve';

if (serve) {
  // The child: a server on a fresh database, the demo users, and a source for the bench's file.
  const { buildApp, ensureReferenceData, loadConfig, migrate, openPglite, openPostgres, seedDemo } = await import('../packages/server/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'carehub-health-'));
  const database = process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL, 4) : await openPglite(join(dir, 'db'));
  await migrate(database.db);
  await ensureReferenceData(database.db);
  await seedDemo(database.db, { persons: 0 });
  const steward = await database.db.selectFrom('users').select('organisation_id').where('username', '=', 'steward.pmj').executeTakeFirstOrThrow();
  await database.db
    .insertInto('import_sources')
    .values({
      code: 'bench_health',
      name: 'bench',
      organisation_id: steward.organisation_id,
      mapping: JSON.stringify({
        columns: { cid: 'cid', firstName: 'first', lastName: 'last', sex: 'sex', birthDate: 'dob', areaCode: 'area' },
        recordKey: 'key',
      }),
    })
    .execute();
  const areas = (await database.db.selectFrom('areas').select('code').where('level', '=', 'subdistrict').where('code', 'like', '90%').execute()).map(
    (a) => a.code,
  );
  const app = await buildApp(database, loadConfig({ logLevel: 'warn', port: 0, dataDir: dir }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ port: app.server.address().port, areas, kind: database.kind });
  process.on('message', async () => {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
} else {
  const MB = Number(process.env.BENCH_IMPORT_MB ?? 100);
  const RUNS = Number(process.env.BENCH_RUNS ?? 3);
  const SYLLABLES = 'กา นา มา ลี ศรี สม ใจ ดี บุญ ทอง แก้ว คำ จันทร์ เพ็ญ วง ศักดิ์ ชัย พร รัตน์ สุข'.split(' ');
  const FIRST = ['สมชาย', 'สมศรี', 'มานี', 'มานะ', 'ปิติ', 'ชูใจ', 'วีระ', 'ดวงใจ', 'ประเสริฐ', 'สุดา', 'บุญมี', 'ทองดี'];
  const word = (n) => Array.from({ length: n }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join('');
  const cid = (first12) => {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
    return `${first12}${(11 - (sum % 11)) % 10}`;
  };
  const quantile = (xs, q) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  };
  const median = (xs) => quantile(xs, 0.5);

  /** A CSV of about MB megabytes. */
  function file(run, areas) {
    // Just under the limit (100 MiB): 190,000 rows of about 540 bytes.
    const target = MB * 1024 * 1024 * 0.98;
    const rows = 190_000;
    const lines = ['key,cid,first,last,sex,dob,area,remarks'];
    let size = lines[0].length + 1;
    let remarks = word(20);
    for (let i = 0; i < rows; i++) {
      if (i % 97 === 0) remarks = word(16 + randomInt(8));
      const line = [
        `R${run}-${i}`,
        cid(`${1 + (run % 8)}${String(i).padStart(11, '0')}`),
        FIRST[i % FIRST.length],
        word(3),
        i % 2 ? 'ชาย' : 'หญิง',
        `${1 + (i % 28)}/${1 + (i % 12)}/${2480 + (i % 60)}`,
        areas[i % areas.length],
      ].join(',');
      // Remarks fill the row to its share of what is left.
      const share = (target - size) / (rows - i);
      const pad = 'บันทึกเพิ่มเติม '.repeat(Math.max(0, Math.round((share - Buffer.byteLength(line) - Buffer.byteLength(remarks) - 4) / 46)));
      const full = `${line},"${remarks} ${pad}"`;
      lines.push(full);
      size += Buffer.byteLength(full) + 1;
    }
    return Buffer.from(`${lines.join('\n')}\n`);
  }

  let data;
  async function once() {
    const child = spawn(process.execPath, [new URL(import.meta.url).pathname, 'serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const { port, areas, kind } = await new Promise((resolve) => child.once('message', resolve));
    const base = `http://127.0.0.1:${port}`;
    try {
      // One file for every run: each run's database is fresh.
      data ??= file(1, areas);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'steward.pmj', password: 'carehub-demo' }),
      });
      const cookie = login.headers.getSetCookie()[0].split(';')[0];
      const samples = [];
      let phase = 'upload';
      let polling = true;
      const poll = (async () => {
        while (polling) {
          const t0 = performance.now();
          await (await fetch(`${base}/api/health`)).json();
          const ms = performance.now() - t0;
          samples.push({ phase, ms });
          await new Promise((r) => setTimeout(r, Math.max(0, 50 - ms)));
        }
      })();
      const t0 = performance.now();
      const res = await fetch(`${base}/api/imports?source=bench_health&fileName=bench.csv&background=true`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv' },
        body: data,
      });
      const started = await res.json();
      if (res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(started)}`);
      const accepted = performance.now() - t0;
      phase = 'import';
      let batch = started;
      while (batch.status === 'running') {
        await new Promise((r) => setTimeout(r, 1000));
        batch = await (await fetch(`${base}/api/imports/${started.id}`, { headers: { cookie } })).json();
      }
      polling = false;
      await poll;
      const all = samples.map((s) => s.ms);
      const up = samples.filter((s) => s.phase === 'upload').map((s) => s.ms);
      const result = {
        kind,
        mb: data.length / 1024 / 1024,
        rows: batch.total,
        status: batch.status,
        seconds: (performance.now() - t0) / 1000,
        acceptedSeconds: accepted / 1000,
        upload: { n: up.length, p50: quantile(up, 0.5), p95: quantile(up, 0.95), max: Math.max(...up) },
        whole: { n: all.length, p50: quantile(all, 0.5), p95: quantile(all, 0.95), max: Math.max(...all) },
        summary: { accepted: batch.accepted, created: batch.created, linked: batch.linked, rejected: batch.rejected, review: batch.review },
      };
      console.log(JSON.stringify(result));
      return result;
    } finally {
      child.send('stop');
      await new Promise((r) => child.once('exit', r));
    }
  }

  const runs = [];
  for (let run = 1; run <= RUNS; run++) runs.push(await once());
  const m = (pick) => median(runs.map(pick)).toFixed(0);
  console.log(
    `\n${cpus().length} cores, ${Math.round(totalmem() / 2 ** 20)} MB (${Math.round(freemem() / 2 ** 20)} MB free), Node ${process.version}, ${runs[0].kind}; ` +
      `${runs[0].mb.toFixed(1)} MB, ${runs[0].rows} rows; median of ${RUNS} runs:\n` +
      `  upload + file check (${m((r) => r.acceptedSeconds * 1000)} ms to the 202): /api/health p50 ${m((r) => r.upload.p50)} ms, p95 ${m((r) => r.upload.p95)} ms, max ${m((r) => r.upload.max)} ms\n` +
      `  whole import (${m((r) => r.seconds)} s): /api/health p50 ${m((r) => r.whole.p50)} ms, p95 ${m((r) => r.whole.p95)} ms, max ${m((r) => r.whole.max)} ms`,
  );
}
