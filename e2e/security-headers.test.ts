import { randomUUID } from 'node:crypto';
import type { BrowserContext, ConsoleMessage, Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * The Content-Security-Policy in Debian's Chromium (issue 18, item 4 and H4): the app works under it
 * (sign-in, the person list and form, the visit review's MapLibre map and its worker, the volunteer's
 * visit screens offline through the service worker) with not one violation reported, and the policy
 * does refuse what it is for (an inline script, an inline event handler). Then the stored XSS of H4:
 * persons named `<img src=x onerror=…>` and `<b>…</b>` show as literal text in the district admin's
 * visit map and review list, and nothing of theirs becomes markup.
 */
const j = journey();

/** Every CSP violation in the context: the documents' `securitypolicyviolation` events and Chromium's console reports (pages and workers). */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  await context.exposeFunction('__carehubCspViolation', (line: string) => seen.push(line));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __carehubCspViolation(line: string): void }).__carehubCspViolation;
      void report(`${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  const onConsole = (where: string) => (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|create|frame|evaluate)/i.test(m.text())) seen.push(`${where} console: ${m.text()}`);
  };
  const onWorker = (w: Worker) => w.on('console', onConsole(`worker ${w.url()}`));
  context.on('console', onConsole('page'));
  context.on('page', (p) => p.on('worker', onWorker));
  context.on('serviceworker', onWorker);
  return seen;
}

/** The policy the server sent with a document. */
async function policyOf(page: Page, path: string): Promise<string> {
  const res = await page.goto(`${j.app.url}${path}`);
  expect(res?.status()).toBe(200);
  return (await res!.headerValue('content-security-policy')) ?? '';
}

/** Waits until MapLibre has loaded the style and drawn a point labelled with each name; returns where each is on the page. */
async function mapPoints(page: Page, names: string[]): Promise<Array<{ name: string; x: number; y: number }>> {
  const canvas = page.locator('[data-map] [data-map-canvas][data-map-loaded="true"]');
  await canvas.waitFor({ timeout: 30_000 });
  const find = () =>
    page.evaluate((wanted) => {
      const map = (document.querySelector('[data-map] [data-map-canvas]') as any)?.carehubMap;
      if (!map?.loaded()) return [];
      const features: Array<{ geometry: { coordinates: [number, number] }; properties: { label: string } }> = map.queryRenderedFeatures({
        layers: ['carehub-points'],
      });
      return wanted.flatMap((name) => {
        const f = features.find((x) => x.properties.label.includes(name));
        if (!f) return [];
        const p = map.project(f.geometry.coordinates);
        return [{ name, x: p.x as number, y: p.y as number }];
      });
    }, names);
  await expect.poll(async () => (await find()).length, { timeout: 30_000 }).toBe(names.length);
  const box = (await canvas.boundingBox())!;
  return (await find()).map((p) => ({ ...p, x: box.x + p.x, y: box.y + p.y }));
}

describe('the Content-Security-Policy in Chromium', () => {
  it('lets the whole app run (sign-in, persons, the review map, the offline visit screens) with no violation, and refuses inline script', async () => {
    // The sign-in page comes with the policy: scripts from this origin only, never inline or eval'd, and no framing.
    const probe = await j.browser.newContext();
    const refused = await watchCsp(probe);
    const login = await probe.newPage();
    const policy = await policyOf(login, '/login');
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("script-src-attr 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval/);
    await login.getByLabel('ชื่อผู้ใช้').waitFor();
    // The policy is enforced, and the watch sees what it refuses: an injected inline script and an
    // inline event handler (what a name like `<img onerror=…>` would carry) run nothing.
    await login.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = 1';
      document.head.append(s);
      const el = document.createElement('div');
      el.setAttribute('onclick', 'window.__handlerRan = 1');
      document.body.append(el);
      el.click();
      el.remove();
    });
    await expect.poll(() => ['script-src-elem', 'script-src-attr'].every((d) => refused.some((v) => v.includes(`: ${d} blocked`)))).toBe(true);
    expect(await login.evaluate(() => [typeof (window as any).__inlineRan, typeof (window as any).__handlerRan])).toEqual(['undefined', 'undefined']);
    await probe.close();

    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const violations = await watchCsp(context);
    const page = await context.newPage();
    await j.signIn(page, 'hatyai'); // district admin of อ.หาดใหญ่, whose review map has the demo visits
    // The person list, a person's page and the person form refused with its field errors (zod in the browser).
    await page.goto(`${j.app.url}/persons`);
    const first = page
      .getByRole('link')
      .filter({ hasText: /^(นาย|นาง|นางสาว|ด\.ช\.|ด\.ญ\.)/ })
      .first();
    await first.waitFor();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}/);
    await page.getByText(name).first().waitFor();
    await page.goto(`${j.app.url}/persons/new`);
    await page.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('ทดสอบ');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    // The visit review: MapLibre's chunk, its worker (a same-origin file) and the WebGL canvas.
    await page.goto(`${j.app.url}/visits/review`);
    await page.locator('[data-map] [data-map-canvas][data-map-loaded="true"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-map-failed]').count()).toBe(0);
    await context.close();

    // The volunteer's phone: the service worker takes over, and the visit screens open with no signal.
    const phone = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phoneViolations = await watchCsp(phone);
    const volunteer = await phone.newPage();
    await j.signIn(volunteer, 'osm.boyang');
    await volunteer.goto(`${j.app.url}/visits`);
    await volunteer.locator('[data-person]').first().waitFor();
    await volunteer.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await phone.setOffline(true);
    await volunteer.reload();
    await volunteer.getByText('ออฟไลน์ (บันทึกไว้ในเครื่อง)').waitFor();
    await volunteer.locator('[data-person]').first().getByRole('link', { name: 'บันทึกการเยี่ยม' }).click();
    await volunteer.getByRole('button', { name: 'บันทึกพิกัด GPS' }).waitFor();
    await phone.setOffline(false);
    await phone.close();

    expect([...violations, ...phoneViolations]).toEqual([]);
  });

  it('shows persons named with markup as literal text on the district admin’s visit map and review list (H4)', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const violations = await watchCsp(context);
    const page = await context.newPage();
    await j.signIn(page, 'hatyai'); // district admin of อ.หาดใหญ่ (9011)

    const XSS = '<img src=x onerror="window.__xss=1">';
    const BOLD = '<b>ตัวหนา</b>';
    // Each gets a visit with a location south-west of the demo visits around Hat Yai (7.006, 100.474 ± 0.03),
    // so their points stand apart at the map's lower left, clear of the zoom buttons.
    for (const [firstNameTh, lng] of [
      [XSS, 100.4],
      [BOLD, 100.41],
    ] as const) {
      const person = await page.request.post(`${j.app.url}/api/persons`, {
        data: { cidMissingReason: 'unknown', titleTh: 'นาง', firstNameTh, lastNameTh: 'ทดสอบชื่อ', sex: 'female', areaCode: '901101', confirmNotDuplicate: true },
      });
      expect(person.status(), await person.text()).toBe(201);
      const visit = await page.request.post(`${j.app.url}/api/visits`, {
        data: {
          id: randomUUID(),
          personId: (await person.json()).id,
          visitedAt: new Date(Date.now() - (lng === 100.4 ? 3 : 2) * 3600_000).toISOString(),
          gps: { lat: 6.95, lng },
          present: ['self'],
          vitals: {},
          needs: [],
          help: [],
          photos: [],
          note: 'ทดสอบชื่อที่มีเครื่องหมาย',
          nextVisitOn: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10),
          assessmentIds: [],
        },
      });
      expect(visit.status(), await visit.text()).toBe(201);
    }

    await page.goto(`${j.app.url}/visits/review`);
    // The list of visits waiting for review names both persons as typed.
    await page.getByText(XSS).first().waitFor();
    await page.getByText(BOLD).first().waitFor();

    // Each point's popup on the map holds the name as text: no <img>, no <b>.
    for (const { name, x, y } of await mapPoints(page, [XSS, BOLD])) {
      await page.mouse.click(x, y);
      const popup = page.locator('.maplibregl-popup-content');
      await popup.first().waitFor();
      // The popup's text is the name as typed (markup read as HTML would leave only its text, or nothing).
      await expect.poll(async () => (await popup.allTextContents()).join(' | '), { timeout: 10_000 }).toContain(name);
      expect(await popup.locator('img, b').count()).toBe(0);
    }
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // The review cards use <b> for their own labels; none is the name's markup.
    expect(
      await page
        .locator('b')
        .filter({ hasText: /^ตัวหนา$/ })
        .count(),
    ).toBe(0);
    expect(await page.evaluate(() => typeof (window as any).__xss)).toBe('undefined');
    expect(violations).toEqual([]);
    await context.close();
  });
});
