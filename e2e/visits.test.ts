import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * The volunteer's day without signal, in Chromium's offline mode: two visits (one with an
 * assessment) recorded offline survive a reload, reach the server once when the connection returns,
 * and a repeat stores nothing; the supervisor sees the flag and the assessment, approves one (after
 * confirming) and returns one with a reason, and the volunteer sees why.
 */
const j = journey();
const { signIn } = j;

/** What the device's outbox holds, read straight from IndexedDB. */
function outbox(page: Page): Promise<Array<{ kind: string; status: string; body: { id: string } }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('carehub-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

async function recordVisit(page: Page, person: string, withAssessment: boolean) {
  await page.locator(`[data-person="${person}"]`).getByRole('link', { name: 'บันทึกการเยี่ยม' }).click();
  // The visit's date and time in the Buddhist era (not the phone's own "12/07/2026, 10:56 AM"), and
  // its calendar opens as a dialog that fits the 390 px screen, its heading in the Buddhist era too.
  const beYear = String(new Date().getFullYear() + 543);
  const when = page.getByRole('button', { name: /วันเวลาที่เยี่ยม/ });
  expect(await when.textContent()).toMatch(new RegExp(`^\\d{1,2} \\S+ ${beYear} \\d{2}:\\d{2}$`));
  await when.click();
  const calendar = page.getByRole('dialog', { name: /วันเวลาที่เยี่ยม/ });
  await calendar
    .getByText(new RegExp(`^\\S+ ${beYear}$`))
    .first()
    .waitFor();
  const box = await calendar.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await page.keyboard.press('Escape');
  await calendar.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'บันทึกพิกัด GPS' }).click();
  await page.getByText(/7\.1897\d, 100\.5951\d/).waitFor();
  await page.getByRole('textbox', { name: /ความดันตัวบน/ }).fill('128');
  await page.getByRole('textbox', { name: /ความดันตัวล่าง/ }).fill('82');
  // Each reading's 7-colour tier as the volunteer types, in words as well as colour.
  const systolic = page.getByRole('textbox', { name: /ความดันตัวบน/ });
  await page.getByText('สีเขียวอ่อน · กลุ่มเสี่ยง').first().waitFor();
  await systolic.fill('165');
  await page.getByText('สีส้ม · ป่วยระดับ 2').first().waitFor();
  expect(await page.getByText('สีส้ม · ป่วยระดับ 2').count()).toBe(2); // systolic, and the pressure as a whole
  await systolic.fill('128');
  await page.getByText('สีส้ม · ป่วยระดับ 2').waitFor({ state: 'detached' });
  await page.getByRole('textbox', { name: /ชีพจร/ }).fill('76');
  if (withAssessment) {
    await page.getByRole('combobox', { name: 'เพิ่มการประเมิน' }).click();
    await page.getByRole('option', { name: /2Q/ }).click();
    await page.getByRole('button', { name: 'เพิ่มการประเมิน' }).click();
    await page.locator('[data-item="q1"]').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    await page.locator('[data-item="q2"]').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    // 2Q plus (version 2) asks everyone the suicide question too.
    await page.locator('[data-item="q3"]').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
  }
  await page.getByRole('textbox', { name: 'บันทึกเพิ่มเติม' }).fill('เยี่ยมตามนัด ผู้ดูแลอยู่ด้วย');
  await page.getByRole('button', { name: 'บันทึกการเยี่ยม' }).click();
  await page.waitForURL(/\/visits$/);
}

describe('home visits offline', () => {
  let context: BrowserContext;
  let page: Page;
  let people: string[] = [];

  it('records two visits with no signal, keeps them over a reload, and sends each once when back online', async () => {
    context = await j.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      geolocation: { latitude: 7.1897, longitude: 100.5951, accuracy: 15 },
      permissions: ['geolocation'],
    });
    page = await context.newPage();
    await signIn(page, 'osm.boyang');
    await page.goto(`${j.app.url}/visits`);
    await page.locator('[data-person]').first().waitFor();
    people = await page.locator('[data-person]').evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-person')!));
    // The app is installed: its service worker holds the screens, IndexedDB the caseload and instruments.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.locator('[data-person]').first().waitFor();

    await context.setOffline(true);
    await page.getByText('ออฟไลน์ (บันทึกไว้ในเครื่อง)').waitFor();
    await recordVisit(page, people[0]!, true);
    await recordVisit(page, people[1]!, false);
    await page.getByText('รอส่ง 2 รายการ').waitFor();

    await page.reload();
    await page.getByText('รอส่ง 2 รายการ').waitFor();
    expect((await outbox(page)).filter((i) => i.status === 'waiting')).toHaveLength(3); // two visits and one assessment

    await context.setOffline(false);
    await page.getByText('รอส่ง 0 รายการ').waitFor({ timeout: 30_000 });
    const items = await outbox(page);
    expect(items.every((i) => i.status === 'sent')).toBe(true);

    const me = await (await page.request.get(`${j.app.url}/api/me`)).json();
    const onServer = await (await page.request.get(`${j.app.url}/api/visits?recordedBy=${me.id}`)).json();
    expect(onServer.map((v: { personId: string }) => v.personId).sort()).toEqual([...people].sort());
    const assessed = await (await page.request.get(`${j.app.url}/api/persons/${people[0]}/assessments`)).json();
    expect(assessed.filter((a: { instrumentCode: string }) => a.instrumentCode === 'q2')).toHaveLength(1);

    // Sending the same visits again stores nothing new.
    for (const item of items.filter((i) => i.kind === 'visit')) {
      const again = await page.request.post(`${j.app.url}/api/visits`, { data: item.body });
      expect(again.status()).toBe(200);
    }
    expect(await (await page.request.get(`${j.app.url}/api/visits?recordedBy=${me.id}`)).json()).toHaveLength(2);
  });

  it('lets the supervisor approve one after confirming and return one with a reason, which the volunteer sees', async () => {
    const supervisor = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(supervisor, 'boyang');
    await supervisor.goto(`${j.app.url}/visits/review`);
    // The overview counts the volunteer's visits awaiting review, and the map shows where they were made.
    await supervisor.locator('[data-overview]').getByText('สมศรี อาสา').waitFor();
    await supervisor.locator('[data-map] canvas').waitFor();
    const cards = supervisor.locator('[data-visit]');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(2);
    // The two visits were recorded minutes apart: each says so in words, not as a code.
    await cards
      .first()
      .locator('[data-flag="too_fast"]')
      .getByText(/^บันทึกการเยี่ยมถี่เกินไป: ห่างจากการเยี่ยมอีกบ้านเพียง \d นาที \(ไม่ถึง 5 นาที\)$/)
      .first()
      .waitFor();
    expect(await cards.first().locator('[data-flag]').count()).toBe(1); // one pair, flagged once
    // The 2Q recorded inside the first visit is shown to the reviewer with its score and band.
    const assessed = cards.filter({ has: supervisor.locator(`a[href$="/persons/${people[0]}"]`) });
    await assessed
      .locator('[data-assessment="q2"]')
      .getByText(/คะแนน 0/)
      .waitFor();
    const dialog = supervisor.getByRole('dialog');
    // Approving is never one click: the card's button asks first, and cancelling decides nothing.
    await cards.first().getByRole('button', { name: 'อนุมัติ', exact: true }).click();
    await dialog.getByText('ยืนยันการอนุมัติการเยี่ยม 1 รายการ').waitFor();
    await dialog.getByText(/1 รายการถูกตั้งข้อสังเกต/).waitFor();
    await dialog.getByRole('button', { name: 'ยกเลิก' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await cards.count()).toBe(2);
    // A batch of one, chosen by its checkbox, approved after the confirmation.
    await assessed.getByRole('checkbox').check();
    await supervisor.getByRole('button', { name: 'อนุมัติที่เลือก (1)' }).click();
    await dialog.getByRole('button', { name: 'ยืนยันอนุมัติ' }).click();
    await expect.poll(() => cards.count()).toBe(1);
    // Returning needs a reason before it can be sent.
    await cards.first().getByRole('button', { name: 'ส่งกลับให้แก้ไข' }).click();
    const send = dialog.getByRole('button', { name: 'ยืนยันส่งกลับ' });
    expect(await send.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /เหตุผลที่ส่งกลับ/ }).fill('ความดันควรวัดซ้ำหลังพัก 5 นาที');
    await send.click();
    await supervisor.getByText('ไม่มีการเยี่ยมที่รอตรวจ').waitFor();
    // The month's activity report downloads as a PDF for the stipend; its month is in the Buddhist era.
    expect(await supervisor.getByRole('button', { name: /ประจำเดือน/ }).textContent()).toContain(String(new Date().getFullYear() + 543));
    const download = supervisor.waitForEvent('download');
    await supervisor.getByRole('link', { name: 'ดาวน์โหลด PDF สำหรับพิมพ์' }).click();
    expect((await download).suggestedFilename()).toMatch(/^volunteer-activity-\d{4}-\d{2}\.pdf$/);
    // The list of all visits shows the two decisions.
    const all = supervisor.locator('[data-visit-list]');
    await all.getByText('อนุมัติแล้ว').waitFor();
    await all.getByText('ส่งกลับแก้ไข').waitFor();
    await supervisor.close();

    await page.goto(`${j.app.url}/visits`);
    await page.getByText('ความดันควรวัดซ้ำหลังพัก 5 นาที').waitFor();
    await context.close();
  });

  it('shows a phone edit made offline that meets a newer server version as a conflict, and nothing is overwritten until the volunteer chooses', async () => {
    context = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    page = await context.newPage();
    await signIn(page, 'osm.boyang');
    await page.goto(`${j.app.url}/visits`);
    await page.locator(`[data-person="${people[1]}"]`).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await context.setOffline(true);
    await page.locator(`[data-person="${people[1]}"]`).getByRole('link', { name: 'บันทึกการเยี่ยม' }).click();
    await page.getByRole('textbox', { name: /เบอร์โทรศัพท์ของบุคคล/ }).fill('081-111-2222');
    await page.getByRole('button', { name: 'บันทึกการเยี่ยม' }).click();
    await page.waitForURL(/\/visits$/);

    // Meanwhile the subdistrict office changes the same person's phone.
    const office = await j.browser.newPage();
    await signIn(office, 'boyang');
    const before = await (await office.request.get(`${j.app.url}/api/persons/${people[1]}`)).json();
    const edited = await office.request.patch(`${j.app.url}/api/persons/${people[1]}`, { data: { version: before.version, phones: ['089-999-8888'] } });
    expect(edited.status()).toBe(200);

    await context.setOffline(false);
    const conflict = page.locator('[data-conflict]');
    await conflict.waitFor({ timeout: 30_000 });
    await conflict.getByText(/089-?999-?8888/).waitFor();
    await conflict.getByText(/081-?111-?2222/).waitFor();
    // Not overwritten while the volunteer has not chosen.
    const server = async () =>
      ((await (await office.request.get(`${j.app.url}/api/persons/${people[1]}`)).json()).phones as string[]).join(',').replace(/-/g, '');
    expect(await server()).toBe('0899998888');
    await conflict.getByRole('button', { name: 'ใช้ค่าของฉัน' }).click();
    await expect.poll(server, { timeout: 15_000 }).toBe('0811112222');
    await expect.poll(() => conflict.count()).toBe(0);
    await office.close();
    await context.close();
  });
});
