import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './testing/fixture.js';
import { startTestServer, type TestServer } from './testing/server.js';
import { IMMUTABLE } from './web.js';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET as it crosses the wire (fetch would decompress and hide content-encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

function decoded(r: Raw): Buffer {
  if (r.headers['content-encoding'] === 'br') return brotliDecompressSync(r.body);
  if (r.headers['content-encoding'] === 'gzip') return gunzipSync(r.body);
  return r.body;
}

const BOTH = { 'accept-encoding': 'gzip, deflate, br' };
const GZIP = { 'accept-encoding': 'gzip' };

// A web build shaped like Vite's and vite-plugin-pwa's: hashed files under assets/, fixed names beside.
const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, label: 'แถว ${i}' }`).join(', ')}];\n`;
const files: Record<string, string | Buffer> = {
  'index.html': `<!doctype html><html lang="th"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body>${'<!-- -->'.repeat(200)}<div id="root"></div></body></html>`,
  'assets/index-Ab12Cd34.js': script,
  'assets/index-Ef56Gh78.css': `body { color: #222; }\n`.repeat(200),
  'sw.js': `self.addEventListener('install', () => self.skipWaiting());\n`.repeat(40),
  'registerSW.js': `if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');\n`,
  'manifest.webmanifest': JSON.stringify({ name: 'CareHub', start_url: '/visits', icons: [] }),
  'icons/icon-192.png': randomBytes(4096),
  // Precompressed at build time (told apart from the file by its text): sent as it is.
  'assets/vendor-Zz99Yy88.js': `export const from = 'the file';\n${script}`,
  'assets/vendor-Zz99Yy88.js.br': brotliCompressSync(`export const from = 'the .br copy';\n${script}`),
};

describe('serving the web app to a phone on a slow network', () => {
  let fx: Fixture;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'carehub-web-'));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dist, name)), { recursive: true });
      writeFileSync(join(dist, name), content);
    }
    fx = await createFixture({ webDist: dist }, 5);
  });
  afterAll(async () => {
    await fx?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends a hashed file brotli-compressed when asked, gzip otherwise, and cached for a year', async () => {
    const br = await get(`${fx.server.url}/assets/index-Ab12Cd34.js`, BOTH);
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decoded(br).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(script.length / 4);

    const gz = await get(`${fx.server.url}/assets/index-Ab12Cd34.js`, GZIP);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe(IMMUTABLE);
    expect(decoded(gz).toString()).toBe(script);

    const plain = await get(`${fx.server.url}/assets/index-Ab12Cd34.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);

    const css = await get(`${fx.server.url}/assets/index-Ef56Gh78.css`, BOTH);
    expect([css.headers['content-encoding'], css.headers['cache-control']]).toEqual(['br', IMMUTABLE]);
  });

  it('sends a precompressed copy the build left beside a file, and compresses on the fly what has none', async () => {
    const br = await get(`${fx.server.url}/assets/vendor-Zz99Yy88.js`, BOTH);
    expect([br.status, br.headers['content-encoding'], br.headers['cache-control']]).toEqual([200, 'br', IMMUTABLE]);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.body.equals(files['assets/vendor-Zz99Yy88.js.br'] as Buffer)).toBe(true);
    expect(decoded(br).toString()).toMatch(/^export const from = 'the \.br copy'/);
    const gz = await get(`${fx.server.url}/assets/vendor-Zz99Yy88.js`, GZIP);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz).toString()).toBe(files['assets/vendor-Zz99Yy88.js']);
  });

  it('has the browser ask again for index.html, the service worker and the manifest, so a new version arrives', async () => {
    for (const path of ['/', '/index.html', '/login', '/visits/review', '/sw.js', '/registerSW.js', '/manifest.webmanifest', '/icons/icon-192.png']) {
      const r = await get(fx.server.url + path, BOTH);
      expect(r.status, path).toBe(200);
      expect(r.headers['cache-control'], path).toBe('no-cache');
      expect(r.headers.etag ?? r.headers['last-modified'], path).toBeTruthy();
    }
    const index = await get(`${fx.server.url}/`, BOTH);
    expect(index.headers['content-encoding']).toBe('br');
    expect(decoded(index).toString()).toBe(files['index.html']);
    expect((await get(`${fx.server.url}/sw.js`, BOTH)).headers['content-encoding']).toBe('br');
  });

  it('sends images as they are (already compressed)', async () => {
    const png = await get(`${fx.server.url}/icons/icon-192.png`, BOTH);
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.equals(files['icons/icon-192.png'] as Buffer)).toBe(true);
  });

  it('compresses a large JSON answer of the API and leaves a small one alone', async () => {
    const spec = await get(`${fx.server.url}/api/openapi.json`, BOTH);
    expect(spec.status).toBe(200);
    expect(spec.headers['content-type']).toMatch(/application\/json/);
    expect(spec.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(spec).toString()).openapi).toBe('3.1.0');

    const admin = await fx.as('admin');
    const users = await get(`${fx.server.url}/api/users?pageSize=100`, { ...GZIP, cookie: admin.cookie });
    expect(users.status).toBe(200);
    expect(decoded(users).length).toBeGreaterThan(1024);
    expect(users.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(users).toString())).toBeTruthy();

    const health = await get(`${fx.server.url}/api/health`, BOTH);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString()).status).toBe('ok');
  });

  it('streams /api/events uncompressed, each event leaving at once', async () => {
    const volunteer = await fx.as('osm.boyang');
    const first = await new Promise<{ headers: IncomingHttpHeaders; chunk: string }>((ok, fail) => {
      const req = request(`${fx.server.url}/api/events`, { headers: { ...BOTH, cookie: volunteer.cookie } }, (res) => {
        res.once('data', (c: Buffer) => {
          ok({ headers: res.headers, chunk: c.toString() });
          req.destroy();
        });
        res.on('error', () => {});
      });
      req.on('error', (e) => (req.destroyed ? undefined : fail(e)));
      req.end();
    });
    expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.chunk).toBe('retry: 5000\n\n');
  });
});

describe('the real web build', () => {
  // `npm test` builds packages/web before running the tests; serving it is what the checks above are for.
  const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  let fx: Fixture;
  let server: TestServer;
  beforeAll(async () => {
    fx = await createFixture({}, 0);
    server = await startTestServer(fx.database);
  });
  afterAll(async () => {
    await server?.close();
    await fx?.close();
  });

  it('is built, keeps its hashed files under assets/ and has them compressed and cached for good', async () => {
    expect(existsSync(join(webDist, 'index.html')), 'packages/web/dist is missing: run npm run build').toBe(true);
    const html = readFileSync(join(webDist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+-[\w-]{8}\.(?:js|css))"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const r = await get(server.url + path, BOTH);
      expect(r.status, path).toBe(200);
      expect(r.headers['cache-control'], path).toBe(IMMUTABLE);
      if (decoded(r).length > 1024) expect(r.headers['content-encoding'], path).toBe('br');
    }
    // The service worker and what registers it keep fixed names: they must be asked for again.
    for (const path of ['/sw.js', '/registerSW.js', '/manifest.webmanifest', '/login']) {
      const r = await get(server.url + path, BOTH);
      expect([path, r.status, r.headers['cache-control']]).toEqual([path, 200, 'no-cache']);
    }
    // The login page does not load the charts (ECharts): index.html does not preload them.
    expect(html).not.toMatch(/charts-/);
  });
});
