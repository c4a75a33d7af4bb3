import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
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
 * Starts CareHub with `carehub start` (migrate, seed demo data, serve) and waits until it prints its
 * address: on `databaseUrl`, or on PGlite in a copy of the run's seeded demo directory
 * (e2e/global-setup.ts), or with `empty` on an empty directory, the way a newcomer does.
 */
export async function startCareHub(opts: { databaseUrl?: string; empty?: boolean; command?: 'start' | 'serve' } = {}): Promise<RunningCareHub> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'carehub-e2e-'));
  const seeded = inject('e2eDemoDataDir');
  if (!opts.databaseUrl && !opts.empty && seeded) cpSync(seeded, dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [join(root, 'packages/server/dist/cli.js'), opts.command ?? 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

/** Runs one `carehub` command to its end as an operator would (the built CLI); its output, or an error with it. */
export function carehubCli(args: string[], env: NodeJS.ProcessEnv): string {
  const { DATABASE_URL: _own, ...rest } = process.env;
  const r = spawnSync(process.execPath, [join(root, 'packages/server/dist/cli.js'), ...args], {
    env: { ...rest, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`carehub ${args[0]} exited with ${r.status}:\n${out}`);
  return out;
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

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 A and AA rules of axe-core: what issue 17 asks every page of the role paths to pass. */
export const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeCheck {
  /** Only this part of the page (a CSS selector), e.g. an open dialog. Default: the whole document. */
  include?: string;
  /**
   * Elements axe must not judge, each a CSS selector. Only for a proven false positive, and the caller
   * says why beside it; never to hide a real failure.
   */
  exclude?: string[];
}

/** One failing element, as a line a person can act on. */
export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  target: string;
  html: string;
  summary: string;
}

/**
 * Waits until the page has settled (no spinner in the page, no running animation or transition, so a
 * dialog fading in is judged at full opacity), injects the pinned axe-core from node_modules (nothing
 * fetched; evaluated through the DevTools protocol, so the app's Content-Security-Policy does not
 * block it) and returns every WCAG 2.1 A/AA violation, one entry per failing element.
 */
export async function axeViolations(page: Page, check: AxeCheck = {}): Promise<AxeProblem[]> {
  await page.waitForFunction(() => !document.querySelector('main .mantine-Loader, [role="dialog"] .mantine-Loader'));
  await page.evaluate(async () => {
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    async ({ include, exclude, tags }) => {
      // axe-core is injected above; the page's window has no type for it.
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown[] }> } }).axe;
      const context = { include: include ? [include] : [['html']], exclude: exclude.map((s) => [s]) };
      const r = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations as Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
      }>;
    },
    { include: check.include, exclude: check.exclude ?? [], tags: [...WCAG21AA] },
  );
  return results.flatMap((v) =>
    v.nodes.map((n) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      target: n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' '),
      html: n.html.replace(/\s+/g, ' ').slice(0, 300),
      summary: (n.failureSummary ?? '')
        .replace(/\s+/g, ' ')
        .replace(/^Fix (any|all) of the following: /, '')
        .slice(0, 220),
    })),
  );
}

/** Formats problems as lines: `where: rule (impact) target — summary — html`. */
export function describeProblems(where: string, problems: AxeProblem[]): string[] {
  return problems.map((p) => `${where}: ${p.rule} (${p.impact}) ${p.target} — ${p.summary} — ${p.html}`);
}

/** Fails with a readable list of every WCAG 2.1 AA violation axe-core finds on the page (or `check.include`). */
export async function expectAccessible(page: Page, check: AxeCheck & { where?: string } = {}): Promise<void> {
  const problems = await axeViolations(page, check);
  if (problems.length) {
    const where = check.where ?? new URL(page.url()).pathname;
    throw new Error(`axe-core found ${problems.length} WCAG 2.1 AA violation(s) on ${where}:\n${describeProblems(where, problems).join('\n')}`);
  }
}
