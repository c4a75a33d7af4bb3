import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defaultServerConditions } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * One `npm test` runs every suite. Database tests run on PGlite, and again on PostgreSQL when
 * TEST_DATABASE_URL is set; browser tests run in Debian's Chromium. Outside CI a missing server or
 * browser skips its suite with a printed reason; under CI=true that is an error instead.
 */
const ci = process.env.CI === 'true';
const pgUrl = process.env.TEST_DATABASE_URL;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromium);

function missing(what: string): void {
  if (ci) throw new Error(`CI=true: ${what}; under CI no suite may be skipped`);
  // The config is read by every worker; say it once.
  if (!process.env.CAREHUB_SKIP_WARNED) console.warn(`[carehub] skipping: ${what}`);
}
if (!pgUrl) missing('TEST_DATABASE_URL is not set, so the PostgreSQL run of the database tests');
if (!haveChromium) missing(`no Chromium at ${chromium} (set CHROMIUM_PATH or apt-get install chromium), so the browser tests`);
process.env.CAREHUB_SKIP_WARNED = '1';

const conditions = ['source', ...defaultServerConditions];
const serverTests = ['packages/server/src/**/*.test.ts'];
// Server tests that touch no database (*.unit.test.ts) run once, not on each database.
const serverUnitTests = ['packages/server/src/**/*.unit.test.ts'];
// Migrates once per run and per database; each test database is a copy (see the file).
const globalSetup = ['packages/server/src/testing/global-setup.ts'];

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'core', include: ['packages/core/src/**/*.test.ts'] } },
  { extends: true, test: { name: 'web', include: ['packages/web/src/**/*.test.{ts,tsx}', 'packages/web/guard/*.test.ts'] } },
  { extends: true, test: { name: 'server-unit', include: serverUnitTests } },
  { extends: true, test: { name: 'server-pglite', include: serverTests, exclude: serverUnitTests, globalSetup, env: { CAREHUB_TEST_DB: 'pglite' } } },
];
if (pgUrl) {
  projects.push({
    extends: true,
    test: {
      name: 'server-postgres',
      include: serverTests,
      exclude: serverUnitTests,
      globalSetup,
      env: { CAREHUB_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl },
    },
  });
}
if (haveChromium) {
  // Each browser file starts its own server (own port, own data directory or database) and its own
  // Chromium; two run at a time (both cores), after the database tests (sequence.groupOrder below).
  // The 50,000-row imports through the browser keep both cores busy for two minutes, which made other
  // journeys' timing flaky beside them: that file runs on its own, after every other project (groupOrder 2).
  const heavy = ['e2e/import-bytes.test.ts'];
  projects.push({
    extends: true,
    test: {
      name: 'e2e-heavy',
      include: heavy,
      env: { CHROMIUM_PATH: chromium },
      testTimeout: 60_000,
      hookTimeout: 120_000,
      sequence: { groupOrder: 2 },
    },
  });
  projects.push({
    extends: true,
    test: {
      name: 'e2e',
      include: ['e2e/**/*.test.ts'],
      exclude: heavy,
      globalSetup: ['e2e/global-setup.ts'],
      // After the database tests (group 0): beside PGlite's and PostgreSQL's busiest files, journeys'
      // timing failed now and then (a click, an offline switch, a sign-off) though each passed alone.
      sequence: { groupOrder: 1 },
      env: { CHROMIUM_PATH: chromium },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
}

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects,
    // Vitest's default (cores − 1) runs one file at a time on two cores, while most of a database or
    // browser test's time is spent waiting on another process (PostgreSQL, the app server, Chromium).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './vitest.summary-reporter.ts'],
  },
});
