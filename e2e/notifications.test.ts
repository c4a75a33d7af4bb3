import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../packages/server/src/testing/notify-standins.js';
import { expectAccessible, journey } from './harness.js';

// Issue 17, item 4: a volunteer picks how CareHub reaches them outside the app, from their own menu on a
// phone, and a test notice really goes out (to a local stand-in of LINE's Messaging API) and shows as sent.
const TOKEN = 'e2e-line-token';
const LINE_ID = `U${'a1b2c3d4'.repeat(4)}`;
let line: StandIn;
beforeAll(async () => {
  line = await startStandIn((r) =>
    r.method === 'POST' && r.path === '/v2/bot/message/push' && r.headers.authorization === `Bearer ${TOKEN}`
      ? { status: 200, body: { sentMessages: [{ id: '1', quoteToken: 'q' }] } }
      : { status: 401, body: { message: 'Authentication failed' } },
  );
  // The server started below (by journey) reads these: LINE is set up, the worker polls every second.
  Object.assign(process.env, { LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE: line.url, PUBLIC_URL: 'https://carehub.example', NOTIFY_POLL_SECONDS: '1' });
});
const j = journey();
afterAll(async () => {
  for (const k of ['LINE_CHANNEL_ACCESS_TOKEN', 'LINE_API_BASE', 'PUBLIC_URL', 'NOTIFY_POLL_SECONDS']) delete process.env[k];
  await line?.close();
});

describe('my notifications', () => {
  it('a volunteer on a phone sets LINE and quiet hours from the menu, and a test notice reaches LINE', async () => {
    const context = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await j.signIn(page, 'osm.boyang');
    await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    await page.getByRole('link', { name: 'การแจ้งเตือนของฉัน' }).click();
    await page.getByRole('heading', { name: 'การแจ้งเตือนของฉัน' }).waitFor();
    // Only what the server has set up is offered: LINE, not e-mail or SMS.
    await page.getByRole('switch', { name: 'แจ้งเตือนทาง LINE' }).waitFor();
    expect(await page.getByRole('group', { name: 'LINE' }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'SMS' }).count()).toBe(0);
    expect(await page.getByRole('group', { name: 'อีเมล' }).count()).toBe(0);

    await page.getByRole('switch', { name: 'แจ้งเตือนทาง LINE' }).check();
    await page.getByRole('textbox', { name: 'LINE user ID' }).fill('somsri');
    await page.getByRole('switch', { name: /งดแจ้งเตือนในช่วงเวลาที่กำหนด/ }).check();
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    // The refusal is in sight and focused, and beside the field.
    const alert = page.getByRole('alert').filter({ hasText: 'LINE user ID' });
    await alert.waitFor();
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, { where: '/me/notifications (refused)' });

    await page.getByRole('textbox', { name: 'LINE user ID' }).fill(LINE_ID);
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.getByText('บันทึกการตั้งค่าการแจ้งเตือนแล้ว').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'การแจ้งเตือนของฉัน' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'LINE user ID' }).inputValue()).toBe(LINE_ID);
    expect(await page.getByRole('switch', { name: 'แจ้งเตือนทาง LINE' }).isChecked()).toBe(true);

    const before = line.requests.length;
    await page.getByRole('button', { name: 'ส่งการแจ้งเตือนทดสอบ' }).click();
    await line.received(before + 1);
    const sent = JSON.parse(line.requests.at(-1)!.body.toString());
    expect(sent.to).toBe(LINE_ID);
    expect(sent.messages[0].text).toContain('https://carehub.example/me/notifications');
    // The worker records the answer after LINE's; reload until the page shows it.
    await page.getByRole('button', { name: 'โหลดใหม่' }).click();
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'โหลดใหม่' }).click();
        return page.getByText('LINE: ส่งแล้ว').count();
      })
      .toBeGreaterThan(0);
    await expectAccessible(page);
    await context.close();
  });

  it("the app's service worker shows a pushed notice and opens its in-app page on click", async () => {
    const context = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.grantPermissions(['notifications'], { origin: j.app.url });
    const page = await context.newPage();
    await j.signIn(page, 'osm.boyang');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cdp = await context.newCDPSession(page);
    const registration = new Promise<string>((ok) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const r = registrations.find((x: { scopeURL: string; isDeleted: boolean }) => x.scopeURL.startsWith(j.app.url) && !x.isDeleted);
        if (r) ok(r.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    // What the server's web push adapter sends (modules/notifications/adapters.ts), decrypted by the browser.
    const payload = { title: 'CareHub: งานด่วน / Urgent task', body: 'เข้าสู่ระบบเพื่อดูรายละเอียด / Log in to see it', url: '/tasks?queue=mine', tag: 'd1' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: j.app.url, registrationId: await registration, data: JSON.stringify(payload) });
    const shown = async () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })),
      );
    await expect.poll(shown).toEqual([{ title: payload.title, body: payload.body, tag: 'd1', data: { url: '/tasks?queue=mine' } }]);

    // A click on it (dispatched in the worker, as headless Chromium has no notification to click) opens the page.
    const [worker] = context.serviceWorkers();
    expect(worker).toBeDefined();
    await worker!.evaluate(async () => {
      const sw = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
      const [n] = await sw.registration.getNotifications();
      const Ctor = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      sw.dispatchEvent(new Ctor('notificationclick', { notification: n! }));
    });
    await page.waitForURL((u) => u.pathname === '/tasks' && u.search === '?queue=mine');
    await context.close();
  });

  it("an area admin sees how notices to the area's users went, without their text or address", async () => {
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await j.signIn(page, 'boyang');
    await page.getByRole('link', { name: 'การแจ้งเตือนของฉัน' }).click();
    const section = page.getByRole('table', { name: 'การส่งการแจ้งเตือนถึงผู้ใช้ในพื้นที่ของฉัน' });
    // The page is still settling while its queries answer (a busy machine shows it): open the filter's
    // dropdown again if a re-render closed it before the option was picked.
    const status = page.getByRole('combobox', { name: 'สถานะ' });
    for (let attempt = 1; ; attempt++) {
      await status.click();
      try {
        await page.getByRole('option', { name: 'ทั้งหมด' }).click({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    // The volunteer's test notice of the first test, sent by LINE.
    const row = section.getByRole('row').filter({ hasText: 'osm.boyang' });
    await row.first().waitFor();
    expect(await row.first().innerText()).toMatch(/LINE[\s\S]*ส่งแล้ว/);
    expect(await section.innerText()).not.toContain(LINE_ID);
    await expectAccessible(page);
    await context.close();
  });
});
