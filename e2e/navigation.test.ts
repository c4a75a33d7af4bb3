import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type AxeCheck, axeViolations, describeProblems, journey } from './harness.js';

/**
 * Issue 17, item 1: each role reaches its daily work from its own menu and its home page, never by
 * typing an address. The volunteer on a 390 px phone opens the burger menu and finds the home visits
 * first; the home page leads there too. The nurse who supervises visits (nurse.hatyai, a health
 * professional with visits.review) finds the review queue first in her menu.
 */
const j = journey();

function menuLinks(page: Page) {
  return page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link');
}

describe('navigation by role', () => {
  it('a volunteer on a phone reaches the home visits from the menu and from the home page', async () => {
    const context = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await j.signIn(page, 'osm.boyang');
    expect(new URL(page.url()).pathname).toBe('/');

    // The home page: the day's work as large links, the visits first, with how many are due.
    const main = page.getByRole('main');
    const visitsCard = main.getByRole('link', { name: /^การเยี่ยมบ้าน/ });
    await visitsCard.waitFor();
    await main.getByText(/ถึงกำหนดเยี่ยม \d+ ราย · เลยกำหนด \d+ ราย/).waitFor();
    const box = await visitsCard.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(48);
    expect(box?.width).toBeGreaterThan(300);
    const cards = await main.locator('[data-home-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-home-card')));
    expect(cards).toEqual(['/visits', '/persons', '/tasks']);
    await visitsCard.click();
    await page.waitForURL((u) => u.pathname === '/visits');
    await page.getByRole('heading', { name: 'การเยี่ยมบ้าน', level: 1 }).waitFor();
    await page.locator('[data-person]').first().waitFor();

    // The menu, behind the burger on a phone: home, then the visits, and no supervisor's page.
    await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    const links = menuLinks(page);
    await links.first().waitFor();
    const names = (await links.allInnerTexts()).map((s) => s.trim());
    expect(names.slice(0, 3)).toEqual(['หน้าหลัก', 'การเยี่ยมบ้าน', 'ทะเบียนบุคคล']);
    expect(names).not.toContain('ตรวจการเยี่ยมบ้าน');
    await links.getByText('หน้าหลัก', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await visitsCard.waitFor();

    await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    await menuLinks(page).getByText('การเยี่ยมบ้าน', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/visits');
    await page.locator('[data-person]').first().waitFor();
    // Choosing a page closes the menu again.
    await page.getByRole('button', { name: 'เปิดเมนู' }).waitFor();
    await context.close();
  });

  it('a supervising nurse reaches the visits to review from the menu and from the home page', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await j.signIn(page, 'nurse.hatyai');

    const main = page.getByRole('main');
    const links = menuLinks(page);
    await links.first().waitFor();
    const names = (await links.allInnerTexts()).map((s) => s.trim());
    expect(names[0]).toBe('หน้าหลัก');
    expect(names[1]).toBe('ตรวจการเยี่ยมบ้าน');
    expect(names).toContain('การเยี่ยมบ้าน');

    await main.getByRole('link', { name: /^ตรวจการเยี่ยมบ้าน/ }).waitFor();
    await main.getByText(/รอตรวจ \d+ รายการ/).waitFor();

    await links.getByText('ตรวจการเยี่ยมบ้าน', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/visits/review');
    await page.getByRole('heading', { name: 'ตรวจรับรองการเยี่ยมบ้าน', level: 1 }).waitFor();
    await links.getByText('หน้าหลัก', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await main.getByRole('link', { name: /^ตรวจการเยี่ยมบ้าน/ }).click();
    await page.waitForURL((u) => u.pathname === '/visits/review');
    await context.close();
  });
});

/**
 * Issue 17, item 11: every page each role reaches from its own menu passes axe-core's WCAG 2.1 A/AA
 * rules, and so do the login page and the forms of the daily path (the person form empty and with its
 * errors shown, a person's page, the volunteer's visit form on a 390 px phone). Each role's pages are
 * all checked before the test fails, so one run lists every violation of that role, page by page.
 */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** Checks the page as it is now and adds each violation, as a readable line, to `found`. */
async function check(page: Page, found: string[], where: string, opts: AxeCheck = {}) {
  found.push(...describeProblems(where, await axeViolations(page, opts)));
}

async function settled(page: Page) {
  await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
}

/** Signs in and opens, from the menu only, every page the role's menu offers, checking each. */
async function walkMenu(context: BrowserContext, username: string, phone: boolean, found: string[]): Promise<{ page: Page; visited: string[] }> {
  const page = await context.newPage();
  await j.signIn(page, username);
  await settled(page);
  await check(page, found, `${username} /`);
  const openMenu = async () => {
    if (phone) await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    await menuLinks(page).first().waitFor();
  };
  await openMenu();
  if (phone) await check(page, found, `${username} menu (open)`);
  const hrefs = (await menuLinks(page).evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))).filter((h) => h !== '/');
  expect(hrefs.length).toBeGreaterThan(1);
  if (phone) await page.getByRole('button', { name: 'ซ่อนเมนู' }).click();
  for (const href of hrefs) {
    await openMenu();
    await page.getByRole('navigation', { name: 'เมนูหลัก' }).locator(`a[href="${href}"]`).click();
    await page.waitForURL((u) => u.pathname === href);
    await settled(page);
    await check(page, found, `${username} ${href}`);
  }
  return { page, visited: hrefs };
}

describe('every page of the role paths passes WCAG 2.1 AA (axe-core)', () => {
  it('the login page', async () => {
    const found: string[] = [];
    for (const [name, options] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const context = await j.browser.newContext(options);
      const page = await context.newPage();
      await page.goto(`${j.app.url}/login`);
      await page.getByLabel('ชื่อผู้ใช้').waitFor();
      await check(page, found, `/login (${name})`);
      // A wrong password: the refusal is shown and must be as readable as the rest.
      await page.getByLabel('ชื่อผู้ใช้').fill('osm.boyang');
      await page.getByLabel('รหัสผ่าน').fill('not-the-password');
      await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
      await page.getByRole('alert').first().waitFor();
      await check(page, found, `/login refused (${name})`);
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('a volunteer on a phone: every menu page, the caseload and outbox, and the visit form', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    const context = await j.browser.newContext(PHONE);
    const { page, visited } = await walkMenu(context, 'osm.boyang', true, found);
    expect(visited).toContain('/visits');
    await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    await menuLinks(page).getByText('การเยี่ยมบ้าน', { exact: true }).click();
    await page.locator('[data-person]').first().waitFor();
    await page.locator('[data-person]').first().getByRole('link', { name: 'บันทึกการเยี่ยม' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/visits/new/'));
    await page.getByRole('heading', { name: 'บันทึกการเยี่ยมบ้าน', level: 1 }).waitFor();
    await check(page, found, 'osm.boyang visit form');
    await context.close();
    expect(found).toEqual([]);
  });

  it('a social worker: every menu page, a person, and the person form with its errors', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    const context = await j.browser.newContext(DESKTOP);
    const { page } = await walkMenu(context, 'sw.boyang', false, found);
    await menuLinks(page).getByText('ทะเบียนบุคคล', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/persons');
    const first = page.getByRole('main').getByRole('table').getByRole('link').first();
    await first.click();
    await page.waitForURL((u) => /^\/persons\/[^/]+$/.test(u.pathname) && u.pathname !== '/persons/new');
    await settled(page);
    await check(page, found, 'sw.boyang /persons/$id');
    // A dialog of the person's page, judged on its own (the page behind the overlay is not what is read).
    await page.getByRole('tab', { name: 'ความยินยอม' }).click();
    await page.getByRole('button', { name: 'บันทึกความยินยอม' }).click();
    await page.getByRole('dialog').getByRole('combobox', { name: 'วัตถุประสงค์' }).waitFor();
    await check(page, found, 'sw.boyang consent dialog', { include: '[role="dialog"]' });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await menuLinks(page).getByText('ทะเบียนบุคคล', { exact: true }).click();
    await page.getByRole('link', { name: 'ลงทะเบียนบุคคลใหม่' }).click();
    await page.waitForURL((u) => u.pathname === '/persons/new');
    await settled(page);
    await check(page, found, 'sw.boyang /persons/new');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.getByRole('main').locator('[aria-invalid="true"]').first().waitFor();
    await check(page, found, 'sw.boyang /persons/new with errors');
    await context.close();
    expect(found).toEqual([]);
  });

  for (const username of ['nurse.hatyai', 'boyang', 'hatyai', 'songkhla', 'steward.pmj', 'admin']) {
    it(`${username}: every menu page`, { timeout: 180_000 }, async () => {
      const found: string[] = [];
      const context = await j.browser.newContext(DESKTOP);
      await walkMenu(context, username, false, found);
      await context.close();
      expect(found).toEqual([]);
    });
  }
});
