import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAccessible, journey } from './harness.js';

/**
 * The volunteer's day with no signal (issue 17, item 2), on a 390 px phone and from the menu only:
 * a newly found person is registered offline and visited at once, the caseload kept on the phone is
 * searched with a spelling slip, the persons page shows that copy instead of spinning, the outbox
 * says truthfully what waits and what went; back online the person goes first and the visit follows
 * under the server's id. A near-duplicate found the same way is held for the area's supervisor, who
 * decides from the persons page; then the phone's visit follows to the person already registered.
 */
const j = journey();

interface Stored {
  id: string;
  kind: string;
  status: string;
  personId: string;
  serverPersonId?: string;
  body: { id: string; personId?: string };
}

/** What the device's outbox holds, read straight from IndexedDB. */
function outbox(page: Page): Promise<Stored[]> {
  return page.evaluate(
    () =>
      new Promise<Stored[]>((resolve, reject) => {
        const open = indexedDB.open('carehub-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve(all.result as Stored[]);
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

async function fromMenu(page: Page, label: string, path: string) {
  await page.getByRole('button', { name: 'เปิดเมนู' }).click();
  await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link').getByText(label, { exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
}

async function register(page: Page, first: string, last: string) {
  await page.getByRole('link', { name: 'ลงทะเบียนบุคคลที่พบใหม่' }).click();
  await page.waitForURL((u) => u.pathname === '/visits/register');
  await page.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill(first);
  await page.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill(last);
  await page.getByRole('textbox', { name: 'วันเกิด' }).fill('2488');
  await page.getByRole('combobox', { name: 'เพศ' }).click();
  await page.getByRole('option', { name: 'หญิง' }).click();
  await page.getByRole('combobox', { name: 'เหตุผลที่ไม่มีเลขประจำตัวประชาชน' }).click();
  await page.getByRole('option', { name: 'ไม่มีบัตรประชาชน' }).click();
  await page.getByRole('textbox', { name: 'หมู่ที่' }).fill('4');
  await page.getByRole('checkbox', { name: 'ได้รับความยินยอมให้เก็บข้อมูลเพื่อประสานการดูแล' }).check();
  await expectAccessible(page, { where: 'registration form (offline)' });
  await page.getByRole('button', { name: 'บันทึกบุคคล' }).click();
  await page.waitForURL((u) => u.pathname === '/visits');
}

async function visit(page: Page, personId: string) {
  const card = page.locator(`[data-person="${personId}"]`);
  await card.getByRole('link', { name: 'บันทึกการเยี่ยม' }).click();
  await page.waitForURL((u) => u.pathname === `/visits/new/${personId}`);
  await page.getByRole('textbox', { name: 'บันทึกเพิ่มเติม' }).fill('พบใหม่ระหว่างเดินเยี่ยม อยู่กับหลาน');
  await page.getByRole('button', { name: 'บันทึกการเยี่ยม' }).click();
  await page.waitForURL((u) => u.pathname === '/visits');
}

const toast = (page: Page, text: string) => page.getByText(text, { exact: true }).first().waitFor();

describe('a volunteer registers and visits a newly found person with no signal', () => {
  let context: BrowserContext;
  let page: Page;
  afterAll(() => context?.close());

  it('registers offline, visits, searches with a slip, and sends the person before the visit when back online', async () => {
    context = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
    await j.signIn(page, 'osm.boyang');
    await fromMenu(page, 'การเยี่ยมบ้าน', '/visits');
    await page.locator('[data-person]').first().waitFor();
    // Installed: the service worker holds the screens, IndexedDB the caseload.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const known = await page.locator('[data-person]').count();

    await context.setOffline(true);
    await page.getByText('ออฟไลน์ (บันทึกไว้ในเครื่อง)').waitFor();
    await register(page, 'ศรีนวล', 'ทองประเสริฐพบใหม่');
    await toast(page, 'บันทึกในเครื่องแล้ว จะส่งเมื่อมีสัญญาณ');
    const [reg] = (await outbox(page)).filter((i) => i.kind === 'registration');
    expect(reg).toMatchObject({ status: 'waiting' });
    const local = page.locator(`[data-person="${reg!.id}"]`);
    await local.getByText('ลงทะเบียนในเครื่องนี้ · รอส่ง').waitFor();
    await local.getByText('ยังไม่เคยเยี่ยม').waitFor();
    const line = page.locator(`[data-outbox-item="${reg!.id}"]`);
    expect(await line.getAttribute('data-outbox-status')).toBe('waiting');
    await line.getByText('รอส่ง', { exact: true }).waitFor();

    // A visit for the person the server does not know yet; the card shows it at once.
    await visit(page, reg!.id);
    await toast(page, 'บันทึกในเครื่องแล้ว จะส่งเมื่อมีสัญญาณ');
    await local.locator('[data-next-visit]').waitFor();
    expect(await local.getByText('ยังไม่เคยเยี่ยม').count()).toBe(0);
    await page.getByText('รอส่ง 2 รายการ').waitFor();
    await expectAccessible(page, { where: 'visits with a queued registration and visit' });

    // The cached caseload is searched with slips: ศรี typed สี, a vowel (ิ) left out.
    const search = page.getByRole('searchbox', { name: 'ค้นหาในรายชื่อที่รับผิดชอบ' });
    await search.fill('สีนวล');
    await expect.poll(() => page.locator('[data-person]').count()).toBe(1);
    await local.waitFor();
    await search.fill('ทองประเสรฐพบ');
    await expect.poll(() => page.locator('[data-person]').count()).toBe(1);
    await search.fill('');
    await expect.poll(() => page.locator('[data-person]').count()).toBe(known + 1);

    // The persons page has no registry to search offline: it says so and shows the phone's copy.
    await fromMenu(page, 'ทะเบียนบุคคล', '/persons');
    await page.getByText('ออฟไลน์: แสดงรายชื่อที่รับผิดชอบที่บันทึกไว้ในเครื่อง', { exact: false }).waitFor();
    await page.locator('[data-offline-persons]').locator(`[data-person="${reg!.id}"]`).waitFor();
    expect(await page.getByText('กำลังโหลด…').count()).toBe(0);
    await expectAccessible(page, { where: 'persons page offline' });

    await fromMenu(page, 'การเยี่ยมบ้าน', '/visits');
    await context.setOffline(false);
    await page.getByText('รอส่ง 0 รายการ').waitFor({ timeout: 30_000 });
    const items = await outbox(page);
    const sentReg = items.find((i) => i.id === reg!.id)!;
    expect(sentReg.status).toBe('sent');
    const personId = sentReg.serverPersonId!;
    const sentVisit = items.find((i) => i.kind === 'visit')!;
    expect(sentVisit).toMatchObject({ status: 'sent', personId });
    await page.locator(`[data-outbox-item="${reg!.id}"][data-outbox-status="sent"]`).waitFor();
    await page.locator(`[data-outbox-item="${sentVisit.id}"][data-outbox-status="sent"]`).waitFor();
    // The server's caseload now has the person, visited.
    const server = page.locator(`[data-person="${personId}"]`);
    await server.locator('[data-next-visit]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-local]').count()).toBe(0);

    const onServer = await (
      await page.request.get(`${j.app.url}/api/visits?recordedBy=${(await (await page.request.get(`${j.app.url}/api/me`)).json()).id}`)
    ).json();
    expect(onServer.filter((v: { personId: string }) => v.personId === personId)).toHaveLength(1);
    const person = await (await page.request.get(`${j.app.url}/api/persons/${personId}`)).json();
    expect(person).toMatchObject({ firstNameTh: 'ศรีนวล', lastNameTh: 'ทองประเสริฐพบใหม่', birthDate: '1945' });
    expect(person.consents).toHaveLength(1);

    // Online, a visit goes at once and the toast says it was sent, not that it will be.
    await visit(page, personId);
    await toast(page, 'ส่งถึงเซิร์ฟเวอร์แล้ว');
  });

  it('holds a near-duplicate for the supervisor, who links it to the registered person; the queued visit then follows', async () => {
    await page.goto(`${j.app.url}/visits`);
    await page.locator('[data-person]').first().waitFor();
    await context.setOffline(true);
    await page.getByText('ออฟไลน์ (บันทึกไว้ในเครื่อง)').waitFor();
    // The same woman again, her name spelt with สี for ศรี.
    await register(page, 'สีนวล', 'ทองประเสริฐพบใหม่');
    const reg = (await outbox(page)).find((i) => i.kind === 'registration' && i.status === 'waiting')!;
    await visit(page, reg.id);
    await context.setOffline(false);
    const line = page.locator(`[data-outbox-item="${reg.id}"][data-outbox-status="review"]`);
    await line.waitFor({ timeout: 30_000 });
    await line.getByText('รอตรวจสอบว่าซ้ำหรือไม่').waitFor();
    await page.getByText('รอผลตรวจสอบบุคคลก่อนส่ง').waitFor();
    await expectAccessible(page, { where: 'visits with a registration in review' });
    const named = async () => (await (await page.request.get(`${j.app.url}/api/persons?q=${encodeURIComponent('ทองประเสริฐพบใหม่')}`)).json()).total;
    expect(await named()).toBe(1);

    // The subdistrict's supervisor finds it from the persons page and decides it is the same woman.
    const office = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const sup = await office.newPage();
    await j.signIn(sup, 'boyang');
    await sup.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link').getByText('ทะเบียนบุคคล', { exact: true }).click();
    await sup.getByRole('link', { name: 'บุคคลใหม่ที่รอตรวจสอบว่าซ้ำ (1)' }).click();
    await sup.waitForURL((u) => u.pathname === '/persons/registrations');
    const card = sup.locator(`[data-registration="${reg.id}"]`);
    await card.getByText('นาง สีนวล ทองประเสริฐพบใหม่').or(card.getByText('สีนวล ทองประเสริฐพบใหม่')).first().waitFor();
    const candidate = card.locator('[data-candidate]').first();
    await candidate.getByText('ศรีนวล ทองประเสริฐพบใหม่').waitFor();
    const existing = await candidate.getAttribute('data-candidate');
    await expectAccessible(sup, { where: 'duplicate review' });
    await candidate.getByRole('button', { name: 'เป็นคนเดียวกับรายนี้' }).click();
    await sup.getByText('เชื่อมกับบุคคลในทะเบียนแล้ว').waitFor();
    await sup.getByText('ไม่มีรายการรอตรวจสอบ').waitFor();
    await office.close();

    // The phone asks again when it next sends: the id maps to the registered woman, and the visit goes.
    await page.getByRole('button', { name: 'ส่งตอนนี้' }).click();
    await page.locator(`[data-outbox-item="${reg.id}"][data-outbox-status="sent"]`).waitFor({ timeout: 15_000 });
    await page.getByText('รอส่ง 0 รายการ').waitFor({ timeout: 15_000 });
    const items = await outbox(page);
    expect(items.find((i) => i.id === reg.id)?.serverPersonId).toBe(existing);
    expect(items.filter((i) => i.kind === 'visit' && i.personId === existing).every((i) => i.status === 'sent')).toBe(true);
    expect(await named()).toBe(1);
    const visits = await (await page.request.get(`${j.app.url}/api/visits?personId=${existing}`)).json();
    expect(visits.length).toBeGreaterThanOrEqual(3);
  });
});
