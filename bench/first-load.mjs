// First load on a phone network (issue 17 item 7): the login page and the volunteer's visit screen
// opened in Chromium on emulated Fast 3G, with the bytes that crossed the network and the time until
// the screen can be used. Budget: login usable < 3 s, visit screen < 2 s.
// Run: npm run build && npm run -w @carehub/bench bench:first-load   (RUNS=5 by default)
// Starts the built server (`carehub start`: embedded PGlite, demo data) on loopback; nothing leaves
// the machine. Prints a JSON summary; the figures go into bench/RESULTS.md by hand.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 5);
// Chrome DevTools' "Fast 3G" as the issue states it: 562.5 ms round trip, 180 KB/s down (≈ 1.44 Mbit/s,
// i.e. 1.6 Mbit/s × 0.9), 84 KB/s up (≈ 0.675 Mbit/s). KB = 1,024 bytes.
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180 * 1024, uploadThroughput: 84 * 1024 };
const USER = 'osm.boyang';
const PASSWORD = 'carehub-demo';
// Another build of the server to compare with (e.g. the one before a change), relative to the repository.
const SERVER_DIST = process.env.SERVER_DIST ?? 'packages/server/dist';
const WEB_BUILD = process.env.WEB_BUILD ?? 'packages/web/dist';
// PRECOMPRESS=1: write name.br (brotli 11) and name.gz (gzip 9) beside each text file of the copy,
// as a build step would, to compare with compressing on the fly (brotli 4).
const PRECOMPRESS = process.env.PRECOMPRESS === '1';

function precompress(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(js|css|html|svg|webmanifest)$/.test(e.name)) continue;
    const file = join(e.parentPath ?? e.path, e.name);
    const body = readFileSync(file);
    if (body.length < 1024) continue;
    const params = {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    };
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

for (const f of [`${SERVER_DIST}/cli.js`, `${WEB_BUILD}/index.html`])
  if (!existsSync(resolve(root, f))) throw new Error(`${f} is missing: run npm run build first`);

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'carehub-bench-load-'));
  // A copy of the web build: a rebuild during the runs (emptying packages/web/dist) cannot disturb them.
  const webDist = join(dataDir, 'web');
  cpSync(resolve(root, WEB_BUILD), webDist, { recursive: true });
  if (PRECOMPRESS) precompress(webDist);
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_DIST: webDist };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, SERVER_DIST, 'cli.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const url = `http://localhost:${port}`;
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`CareHub did not start:\n${output.join('')}`)), 180_000);
    const onData = (b) => {
      output.push(b.toString());
      if (output.join('').includes(`open ${url}`)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`CareHub exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    url,
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Counts what the page's network carried (headers and bodies as sent, i.e. compressed) from `reset` on. */
async function networkMeter(page) {
  const cdp = await page.context().newCDPSession(page);
  const seen = new Map();
  let requests = [];
  cdp.on('Network.requestWillBeSent', (e) => seen.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => requests.push({ url: seen.get(e.requestId) ?? '?', bytes: e.encodedDataLength }));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  return {
    cache: (on) => cdp.send('Network.setCacheDisabled', { cacheDisabled: !on }),
    reset() {
      requests = [];
    },
    taken() {
      const r = requests;
      // A file taken from the browser's cache finishes with 0 bytes: not a request on the network.
      const sent = r.filter((x) => x.bytes > 0);
      return { bytes: r.reduce((s, x) => s + x.bytes, 0), requests: sent.length, files: sent.map((x) => `${new URL(x.url).pathname} ${x.bytes}`) };
    },
  };
}

// Usable: the element is in the page, shown and not disabled. Returns the page's own clock (ms since
// the navigation started, so the HTML request and its round trips are included).
const loginUsable = () => {
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('ชื่อผู้ใช้'));
  const input = label?.htmlFor ? document.getElementById(label.htmlFor) : null;
  return input && !input.disabled && input.getClientRects().length > 0 ? performance.now() : false;
};
const visitsUsable = () => {
  const card = document.querySelector('[data-person]');
  return card && card.getClientRects().length > 0 ? performance.now() : false;
};

async function load(page, meter, url, usable) {
  meter.reset();
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(usable, undefined, { polling: 20, timeout: 120_000 });
  const ms = await handle.jsonValue();
  // Whatever the screen still fetches after it became usable counts for its bytes.
  await page.waitForLoadState('networkidle');
  return { ms: Math.round(ms), ...meter.taken() };
}

async function oneRun(browser, url) {
  // A new profile each run: nothing cached. Service workers blocked: the worker's precache of every
  // screen runs after the first load and would not be throttled by the page's emulation.
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 }, locale: 'th-TH' });
  const page = await context.newPage();
  const meter = await networkMeter(page);
  await meter.cache(false);
  const login = await load(page, meter, `${url}/login`, loginUsable);
  const label = (await page.locator('label', { hasText: 'ชื่อผู้ใช้' }).getAttribute('for')) ?? '';
  await page.locator(`[id="${label}"]`).fill(USER);
  await page.getByLabel('รหัสผ่าน').fill(PASSWORD);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  // The visit screen opened cold (e.g. from the home-screen icon, whose start_url is /visits), then
  // again with the browser's HTTP cache as the first visit left it.
  const visitsCold = await load(page, meter, `${url}/visits`, visitsUsable);
  await meter.cache(true);
  await load(page, meter, `${url}/visits`, visitsUsable);
  const visitsCached = await load(page, meter, `${url}/visits`, visitsUsable);
  await context.close();
  return { login, visitsCold, visitsCached };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(browser, server.url);
    console.error(
      `run ${i + 1}: login ${r.login.ms} ms ${r.login.bytes} B; visits cold ${r.visitsCold.ms} ms ${r.visitsCold.bytes} B; cached ${r.visitsCached.ms} ms ${r.visitsCached.bytes} B`,
    );
    runs.push(r);
  }
  const summary = {};
  for (const k of ['login', 'visitsCold', 'visitsCached']) {
    summary[k] = {
      medianMs: median(runs.map((r) => r[k].ms)),
      medianKB: Math.round(median(runs.map((r) => r[k].bytes)) / 102.4) / 10,
      requests: median(runs.map((r) => r[k].requests)),
      charts: runs.some((r) => r[k].files.some((u) => /\/assets\/(charts|HistoryChart|VisitMap)-/.test(u))),
    };
  }
  summary.loginFiles = runs[0].login.files;
  summary.machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${browser.version()}`;
  summary.network = FAST_3G;
  summary.server = { dist: SERVER_DIST, precompressed: PRECOMPRESS };
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await browser.close();
  await server.stop();
}
