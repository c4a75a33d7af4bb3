import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../testing/fixture.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { contentSecurityPolicy } from './security-headers.js';

/**
 * Security headers (issue 18, item 4) on every kind of answer: the web app's page and its SPA fallback,
 * a built file, /api JSON (a success and an error), and a file download; HSTS only behind HTTPS.
 */
let fx: Fixture;
let secure: TestServer;
let dist: string;

/** The CSP header as directive → sources. */
function directives(header: string | null): Record<string, string[]> {
  expect(header, 'a Content-Security-Policy header').toBeTruthy();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** What every answer carries, whatever it is. */
function expectHardened(headers: Headers, what: string) {
  const csp = directives(headers.get('content-security-policy'));
  expect(csp['default-src'], what).toEqual(["'self'"]);
  expect(csp['script-src'], what).toEqual(["'self'"]); // no 'unsafe-inline', no 'unsafe-eval'
  expect(csp['script-src-attr'], what).toEqual(["'none'"]);
  expect(csp['style-src'], what).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp['img-src'], what).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp['worker-src'], what).toEqual(["'self'", 'blob:']);
  expect(csp['connect-src'], what).toEqual(["'self'"]);
  expect(csp['font-src'], what).toEqual(["'self'"]);
  expect(csp['frame-ancestors'], what).toEqual(["'none'"]);
  expect(csp['object-src'], what).toEqual(["'none'"]);
  expect(csp['base-uri'], what).toEqual(["'self'"]);
  expect(csp['form-action'], what).toEqual(["'self'"]);
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('cross-origin-embedder-policy'), what).toBeNull();
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'carehub-headers-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html lang="th"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body></body></html>',
  );
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js'), 'export {};\n');
  fx = await createFixture({ webDist: dist }, 5);
  // The same database behind HTTPS (COOKIE_SECURE=true).
  secure = await startTestServer(fx.database, { webDist: dist, cookieSecure: true });
}, 120_000);

afterAll(async () => {
  await secure?.close();
  await fx?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('security headers', () => {
  it('are on the web app, its SPA fallback and its files', async () => {
    for (const path of ['/', '/persons/123', '/assets/index-Ab12Cd34.js']) {
      const res = await fetch(fx.server.url + path);
      expect(res.status, path).toBe(200);
      expectHardened(res.headers, path);
      // Plain http: no HSTS, and no upgrade of the app's own requests to an https port that is not there.
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      expect(directives(res.headers.get('content-security-policy'))['upgrade-insecure-requests'], path).toBeUndefined();
    }
  });

  it('are on /api JSON answers, errors included', async () => {
    const health = await fetch(`${fx.server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expectHardened(health.headers, '/api/health');
    const me = await fetch(`${fx.server.url}/api/me`);
    expect(me.status).toBe(401);
    expectHardened(me.headers, '/api/me without a session');
    const unknown = await fetch(`${fx.server.url}/api/no-such-route`);
    expect(unknown.status).toBe(404);
    expectHardened(unknown.headers, 'an unknown /api route');
    const admin = await fx.as('boyang');
    const persons = await admin.get('/api/persons');
    expect(persons.status).toBe(200);
    expectHardened(persons.headers, '/api/persons');
  });

  it('are on a file download', async () => {
    const admin = await fx.as('boyang');
    const res = await admin.download('/api/persons/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expectHardened(res.headers, '/api/persons/export.csv');
    await res.arrayBuffer();
  });

  it('include HSTS and upgrade-insecure-requests only when the session cookie is Secure (behind HTTPS)', async () => {
    for (const path of ['/', '/api/health', '/api/me']) {
      const res = await fetch(secure.url + path);
      expectHardened(res.headers, `${path} behind HTTPS`);
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
      expect(directives(res.headers.get('content-security-policy'))['upgrade-insecure-requests'], path).toEqual([]);
    }
  });

  it('let the map reach an online tile server only when one is configured', () => {
    const none = contentSecurityPolicy({ cookieSecure: false }, null);
    expect(none['connect-src']).toEqual(["'self'"]);
    const tiles = contentSecurityPolicy({ cookieSecure: false }, 'https://tiles.example.org/osm/{z}/{x}/{y}.png');
    expect(tiles['connect-src']).toEqual(["'self'", 'https://tiles.example.org']);
    expect(tiles['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://tiles.example.org']);
    expect(tiles['script-src']).toEqual(["'self'"]);
  });
});
