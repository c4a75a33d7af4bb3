import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

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
