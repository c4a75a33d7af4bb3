import { type BrowserContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * Tasks with owners (issue 17, item 4), in the browser: the social worker of ต.บ่อยาง opens the tasks
 * from the menu, finds an 8Q alert in the team's queue with its due day, claims it (it moves to "my
 * tasks"), follows its source link to the person, sends the urgent referral from the task, and sees the
 * task close by itself, live, when the hospital accepts the referral, with the reason it closed.
 */
const j = journey();
const path = (r: { url(): string }) => new URL(r.url()).pathname;
/**
 * Picks one option of a segmented control (a radio group) from the keyboard, as a keyboard user does:
 * a live notice (a referral answered) may lie over the control for a few seconds.
 */
async function segment(page: Page, label: string): Promise<void> {
  await page.getByRole('radio', { name: label }).focus();
  await page.keyboard.press('Space');
  await expect.poll(() => page.getByRole('radio', { name: label }).isChecked()).toBe(true);
}

describe('a social worker works the team queue', () => {
  let swContext: BrowserContext;
  let sw: Page;
  let person = { id: '', name: '' };
  let taskId = '';

  beforeAll(async () => {
    swContext = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    sw = await swContext.newPage();
    await j.signIn(sw, 'sw.boyang');
    // A person of ต.บ่อยาง with consent to sharing, whose signed 8Q (an attempt) proposes an urgent referral.
    const registered = await sw.request.post(`${j.app.url}/api/persons`, {
      data: {
        cidMissingReason: 'unknown',
        titleTh: 'นาง',
        firstNameTh: 'บุญเรือน',
        lastNameTh: 'งานของทีม',
        birthDate: '2505',
        sex: 'female',
        areaCode: '900101',
        confirmNotDuplicate: true,
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    person = { id: (await registered.json()).id, name: 'นาง บุญเรือน งานของทีม' };
    const consent = await sw.request.post(`${j.app.url}/api/persons/${person.id}/consents`, {
      data: { purpose: 'data_sharing', givenBy: 'self', method: 'written', givenAt: '2026-11-01' },
    });
    expect(consent.status(), await consent.text()).toBe(200);
    const signed = await sw.request.post(`${j.app.url}/api/persons/${person.id}/assessments`, {
      data: {
        instrumentCode: 'q8',
        instrumentVersion: 2,
        sign: true,
        answers: { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: true, q8: false },
      },
    });
    expect(signed.status(), await signed.text()).toBe(201);
    const tasks = await (await sw.request.get(`${j.app.url}/api/tasks?personId=${person.id}`)).json();
    taskId = tasks.find((t: { action: string }) => t.action === 'propose_referral').id;
  });
  afterAll(async () => {
    await swContext?.close();
  });

  it('claims a team task from the menu, follows its source, refers from it, and sees it close itself when the referral is accepted', async () => {
    // From the menu, with the live stream open so the closing arrives without a reload.
    // Listened for before the page loads: the shell may open the stream on the home page already.
    const stream = sw.waitForResponse((r) => path(r) === '/api/events');
    await sw.goto(j.app.url);
    await sw.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'งานและการแจ้งเตือน' }).click();
    await sw.waitForURL((u) => u.pathname === '/tasks');
    await stream;
    await sw.getByRole('heading', { name: 'งานและการแจ้งเตือน' }).waitFor();

    // The team's queue: nobody holds the task; it is due today (urgent) and names where it came from.
    await segment(sw, 'คิวของทีม');
    const card = sw.locator(`[data-task="${taskId}"]`);
    await card.getByText(person.name).waitFor();
    await card.getByText('ยังไม่มีผู้รับงาน (คิวของทีม: โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง)').waitFor();
    await card.getByText(/^ครบกำหนด /).waitFor();
    expect(await card.locator('[data-task-overdue]').count()).toBe(0);
    const claimed = sw.waitForResponse((r) => r.request().method() === 'POST' && path(r) === `/api/tasks/${taskId}/claim`);
    await card.getByRole('button', { name: 'รับงานนี้' }).click();
    expect((await claimed).status()).toBe(200);
    // Claimed: gone from the team queue, in my tasks with me as its holder.
    await expect.poll(() => card.count()).toBe(0);
    await segment(sw, 'งานของฉัน');
    await card.getByText('ผู้รับผิดชอบ: มาลี รักษ์ชุมชน').waitFor();

    // Its source: the 8Q result, on the person's record.
    const source = card.locator('[data-task-source="assessment"]');
    expect(await source.textContent()).toContain('แบบประเมินการฆ่าตัวตาย 8 คำถาม (8Q)');
    await source.click();
    await sw.waitForURL(`${j.app.url}/persons/${person.id}`);
    await sw.getByRole('heading', { name: person.name }).waitFor();
    await sw.goBack();
    await sw.waitForURL((u) => u.pathname === '/tasks');

    // The referral the task proposes, sent from the task to โรงพยาบาลหาดใหญ่.
    await segment(sw, 'งานของฉัน');
    await card.getByRole('button', { name: 'ส่งต่อด่วน' }).click();
    const dialog = sw.getByRole('dialog', { name: 'ส่งต่อไปยังหน่วยงานอื่น' });
    const organisation = dialog.getByRole('combobox', { name: 'หน่วยงานที่รับการส่งต่อ' });
    await organisation.waitFor();
    if ((await organisation.inputValue()) !== 'โรงพยาบาลหาดใหญ่') {
      await organisation.fill('หาดใหญ่');
      await dialog.getByRole('option', { name: 'โรงพยาบาลหาดใหญ่', exact: true }).click();
    }
    const sent = sw.waitForResponse((r) => r.request().method() === 'POST' && path(r) === '/api/referrals');
    await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).click();
    const referral = await (await sent).json();
    expect(referral).toMatchObject({ state: 'sent', personId: person.id });
    await sw.waitForURL(`${j.app.url}/referrals/${referral.id}`);

    // Back to my tasks from the menu: the task waits on its referral, which it links to.
    await sw.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'งานและการแจ้งเตือน' }).click();
    await sw.waitForURL((u) => u.pathname === '/tasks');
    await segment(sw, 'งานของฉัน');
    await card.locator('[data-task-referral]').getByText('ส่งต่อแล้ว รอหน่วยงานปลายทางตอบรับ', { exact: false }).waitFor();

    // The hospital accepts: the task leaves my open tasks by itself, without a reload, closed for that reason.
    const hospital = await request.newContext({ baseURL: j.app.url });
    try {
      expect((await hospital.post('/api/auth/login', { data: { username: 'nurse.hatyai', password: 'carehub-demo' } })).status()).toBe(200);
      expect((await hospital.post(`/api/referrals/${referral.id}/move`, { data: { action: 'accept' } })).status()).toBe(200);
    } finally {
      await hospital.dispose();
    }
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    await segment(sw, 'เสร็จแล้ว');
    await card.locator('[data-task-close-reason="referral_accepted"]').getByText('ปิดเอง: หน่วยงานปลายทางรับการส่งต่อแล้ว').waitFor();
    await card.locator('[data-task-referral]').getByText('ดูการส่งต่อ').waitFor();
  });
});
