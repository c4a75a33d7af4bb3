import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { scratchPostgresDatabase } from '../packages/server/src/testing/db.js';

const root = resolve(import.meta.dirname, '..');

export interface RunningCareHub {
  url: string;
  output: string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

/** A fresh PostgreSQL database on the TEST_DATABASE_URL server; `drop` removes it. */
export function freshPostgresDatabase() {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  return scratchPostgresDatabase(base, 'carehub_e2e');
}

/**
 * Starts CareHub the way a newcomer does (`carehub start`: migrate, seed demo data, serve) on a
 * fresh PGlite directory, or on `databaseUrl`, and waits until it prints its address.
 */
export async function startCareHub(opts: { databaseUrl?: string } = {}): Promise<RunningCareHub> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'carehub-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [join(root, 'packages/server/dist/cli.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const url = `http://localhost:${port}`;
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`CareHub did not start:\n${output.join('')}`)), 110_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      if (output.join('').includes(`open ${url}`)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
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

/** Debian's Chromium, headless, with no background network (this machine has none). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** Signs in through the login form as a demo user (password carehub-demo) and waits to leave it. */
export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill('carehub-demo');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A CareHub on PGlite and a Chromium for one test file: started before its tests, stopped after them. */
export function journey(): { readonly browser: Browser; readonly app: RunningCareHub; signIn(page: Page, username: string): Promise<void> } {
  const started = {} as { browser: Browser; app: RunningCareHub };
  beforeAll(async () => {
    [started.browser, started.app] = await Promise.all([launchChromium(), startCareHub()]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.app?.stop();
  });
  return {
    get browser() {
      return started.browser;
    },
    get app() {
      return started.app;
    },
    signIn: (page, username) => signIn(page, started.app.url, username),
  };
}
