import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, launchChromium, type RunningCareHub, startCareHub } from './harness.js';

/** A newcomer starts CareHub, opens the printed address, signs in with a printed demo login, sees Thai. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function signInJourney(app: RunningCareHub, dbKind: string) {
  const printed = app.output.join('');
  expect(printed).toContain(`open ${app.url}`);
  expect(printed).toMatch(/sw\.boyang\s+social_worker/);
  expect(printed).toContain('carehub-demo');

  const health = (await (await fetch(`${app.url}/api/health`)).json()) as { database: string };
  expect(health.database).toBe(dbKind);

  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(app.url);
  await expect.poll(() => page.url()).toContain('/login');
  expect(await page.locator('html').getAttribute('lang')).toBe('th');
  await page.getByLabel('ชื่อผู้ใช้').fill('sw.boyang');
  await page.getByLabel('รหัสผ่าน').fill('wrong-password');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.getByText('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง').waitFor();

  await page.getByLabel('รหัสผ่าน').fill('carehub-demo');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.getByText('มาลี รักษ์ชุมชน').first().waitFor();
  await page.getByText('นักสังคมสงเคราะห์').first().waitFor();
  // The page fits a 360 px phone: nothing wider than the viewport.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  // Thai text is drawn with the bundled Sarabun font, not a system fallback.
  const fontOk = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px Sarabun', 'สวัสดี');
  });
  expect(fontOk).toBe(true);
  await page.close();
}

describe('first run on PGlite', () => {
  let app: RunningCareHub;
  beforeAll(async () => {
    app = await startCareHub({ empty: true });
  });
  afterAll(() => app?.stop());

  it('a newcomer signs in with a printed demo login and sees the shell in Thai', () => signInJourney(app, 'pglite'));
});

describe('first run on PostgreSQL (DATABASE_URL)', () => {
  let app: RunningCareHub;
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) return;
    db = await freshPostgresDatabase();
    app = await startCareHub({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('the same sign-in works on a PostgreSQL server', () => signInJourney(app, 'postgres'));
});
