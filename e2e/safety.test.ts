import { type APIRequestContext, type BrowserContext, type Locator, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey } from './harness.js';
import { confirmSign, startInstrument } from './instruments.js';

/**
 * Screening never stays silent on self-harm (issue 16), in three browsers at once: a volunteer
 * (อสม.) on a phone answers 9Q, 2Q plus or 8Q for a person of their caseload and sees the urgent
 * alert as they answer and after signing, and a self-harm answer takes them straight on to 8Q with
 * the urgent message above it; the social worker's open task list shows the team's task without a
 * reload. An urgent referral from an 8Q task goes to the hospital without the person's consent on
 * a stated danger to life, is marked so where it is shown, and its task closes when it is accepted.
 */
const j = journey();

const Q8_TITLE = 'แบบประเมินการฆ่าตัวตาย 8 คำถาม (8Q)';
const STAY = 'อย่าปล่อยให้อยู่ตามลำพัง โทรสายด่วนสุขภาพจิต 1323 หรือแจ้งเหตุฉุกเฉิน 1669';
const PAST_2_WEEKS = 'ใน 2 สัปดาห์ที่ผ่านมา รวมทั้งวันนี้';
const PAST_MONTH = 'ใน 1 เดือนที่ผ่านมา รวมทั้งวันนี้';
const VITAL_BADGE = 'ส่งต่อโดยไม่มีความยินยอม (ป้องกันอันตรายต่อชีวิต)';

const item = (page: Page, id: string): Locator => page.locator(`[data-item="${id}"]`);
const result = (page: Page): Locator => page.getByRole('status', { name: 'ผลการประเมิน' });
/** An urgent alert of the result panel, with its message. */
const urgentIn = (panel: Locator, message: string): Locator => panel.getByRole('alert').filter({ hasText: 'แจ้งเตือนเร่งด่วน' }).filter({ hasText: message });
const path = (r: { url(): string }) => new URL(r.url()).pathname;

/** Opens a page and waits until its live-event stream is connected, so no event is missed. */
async function openLive(page: Page, to: string): Promise<void> {
  const stream = page.waitForResponse((r) => path(r) === '/api/events');
  await page.goto(`${j.app.url}${to}`);
  await stream;
}

/** Marks the document; the mark survives client-side navigation and live updates, not a reload. */
const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { __sameDocument: true }));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** The open task list, listening live, marked so that a reload would show. */
async function openTasks(page: Page): Promise<void> {
  const listed = page.waitForResponse((r) => path(r) === '/api/tasks' && r.ok());
  await openLive(page, '/tasks');
  await listed;
  await page.getByRole('heading', { name: 'งานและการแจ้งเตือน' }).waitFor();
  await markDocument(page);
}

interface Person {
  id: string;
  name: string;
}

describe('self-harm answers alert at once and reach the team live', () => {
  let boyang: APIRequestContext;
  let volunteerContext: BrowserContext;
  let swContext: BrowserContext;
  let nurseContext: BrowserContext;
  let volunteer: Page;
  let sw: Page;
  let nurse: Page;
  let volunteerId = '';

  beforeAll(async () => {
    volunteerContext = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    swContext = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    nurseContext = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    [volunteer, sw, nurse] = await Promise.all([volunteerContext.newPage(), swContext.newPage(), nurseContext.newPage()]);
    await Promise.all([j.signIn(volunteer, 'osm.boyang'), j.signIn(sw, 'sw.boyang'), j.signIn(nurse, 'nurse.hatyai')]);
    // The subdistrict admin assigns caseloads.
    boyang = await request.newContext({ baseURL: j.app.url });
    expect((await boyang.post('/api/auth/login', { data: { username: 'boyang', password: 'carehub-demo' } })).status()).toBe(200);
    volunteerId = (await (await volunteer.request.get(`${j.app.url}/api/me`)).json()).id;
  });
  afterAll(async () => {
    await boyang?.dispose();
    await volunteerContext?.close();
    await swContext?.close();
    await nurseContext?.close();
  });

  /** A new person of ต.บ่อยาง, registered by the social worker, with no consents at all. */
  async function newPerson(lastNameTh: string): Promise<Person> {
    const r = await sw.request.post(`${j.app.url}/api/persons`, {
      data: {
        cidMissingReason: 'unknown',
        titleTh: 'นาย',
        firstNameTh: 'สมหมาย',
        lastNameTh,
        birthDate: '2510',
        sex: 'male',
        areaCode: '900101',
        confirmNotDuplicate: true,
      },
    });
    expect(r.status(), await r.text()).toBe(201);
    const p = await r.json();
    expect(p.consents ?? []).toEqual([]);
    return { id: p.id, name: `นาย สมหมาย ${lastNameTh}` };
  }

  /** A new person in the volunteer's caseload. */
  async function caseloadPerson(lastNameTh: string): Promise<Person> {
    const person = await newPerson(lastNameTh);
    const assigned = await boyang.post('/api/caseload', { data: { personId: person.id, userId: volunteerId } });
    expect(assigned.status(), await assigned.text()).toBe(201);
    return person;
  }

  /** The volunteer, on the phone, finds the person from the menu's registry (their caseload) and opens the assessments. */
  async function volunteerOpens(person: Person, lastNameTh: string) {
    await volunteer.goto(j.app.url);
    await volunteer.getByRole('button', { name: 'เปิดเมนู' }).click();
    await volunteer.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'ทะเบียนบุคคล' }).click();
    await volunteer.waitForURL((u) => u.pathname === '/persons');
    await volunteer.getByRole('searchbox', { name: 'ค้นหาบุคคล' }).fill(lastNameTh);
    await volunteer.getByRole('link', { name: person.name }).click();
    await volunteer.waitForURL(`${j.app.url}/persons/${person.id}`);
    await volunteer.getByRole('heading', { name: person.name }).waitFor();
    await volunteer.getByRole('tab', { name: 'การประเมิน' }).click();
  }

  /** The social worker's open list: no task for the person yet. */
  async function noTaskYet(person: Person) {
    expect(await sw.locator('[data-task]').filter({ hasText: person.name }).count()).toBe(0);
  }

  /** The task for the person arrives on the social worker's open list without a reload: the only one, urgent. */
  async function taskArrives(person: Person, message: string): Promise<Locator> {
    const task = sw.locator('[data-task]').filter({ hasText: person.name });
    await task.getByText(message).waitFor();
    await task.getByText('เร่งด่วน', { exact: true }).waitFor();
    await task.getByText(STAY).waitFor();
    expect(await task.count()).toBe(1);
    await sw.getByText('มีงานใหม่', { exact: true }).first().waitFor();
    expect(await sameDocument(sw)).toBe(true);
    return task;
  }

  /** Signing a self-harm answer goes straight on to 8Q, the urgent message shown above it. */
  async function carriedOnTo8Q(message: string) {
    await volunteer.getByRole('heading', { name: Q8_TITLE }).waitFor();
    const carried = volunteer.locator('[data-urgent-carried]');
    await carried.getByText(message).waitFor();
    expect(await carried.getAttribute('role')).toBe('alert');
    await carried.getByText(STAY).waitFor();
    expect(await carried.getByText('แจ้งเตือนเร่งด่วน').count()).toBe(1);
    // A fresh 8Q, not yet answered, with its time frame on each question.
    await item(volunteer, 'q1').getByText(PAST_MONTH).waitFor();
    expect(await item(volunteer, 'q1').getByRole('radio', { checked: true }).count()).toBe(0);
    await volunteer.getByRole('button', { name: 'ลงนามและบันทึกผล' }).waitFor();
  }

  it('9Q item 9 "every day", all else "never": urgent while answering and after signing, straight on to 8Q; the task arrives live', async () => {
    const person = await caseloadPerson('ข้อเก้าทุกวัน');
    await openTasks(sw);
    await noTaskYet(person);

    await volunteerOpens(person, 'ข้อเก้าทุกวัน');
    await startInstrument(volunteer, /\(9Q\)/);
    for (let i = 1; i <= 8; i++)
      await item(volunteer, `q${i}`)
        .getByRole('radio', { name: /^ไม่มีเลย/ })
        .check();
    // No alert before item 9 is answered.
    expect(await result(volunteer).getByRole('alert').count()).toBe(0);
    await item(volunteer, 'q9').getByText(PAST_2_WEEKS).waitFor();
    await item(volunteer, 'q9')
      .getByRole('radio', { name: /^เป็นทุกวัน/ })
      .check();
    // A total of 3 is "none or very mild", yet item 9 alone alerts, urgently, before signing.
    const message = 'คิดทำร้ายตนเอง (9Q ข้อ 9): ประเมินความเสี่ยงฆ่าตัวตาย (8Q) ทันที';
    await expect.poll(() => result(volunteer).locator('[data-score="total"]').innerText()).toBe('3/27');
    await result(volunteer).locator('[data-band="none"]').waitFor();
    await urgentIn(result(volunteer), message).waitFor();

    await confirmSign(volunteer);
    await carriedOnTo8Q(message);
    await taskArrives(person, message);
  });

  it('2Q plus: "no", "no", then "yes" to not wanting to live: urgent, straight on to 8Q; the task arrives live', async () => {
    const person = await caseloadPerson('สองคิวพลัส');
    await openTasks(sw);
    await noTaskYet(person);

    await volunteerOpens(person, 'สองคิวพลัส');
    await startInstrument(volunteer, /\(2Q plus\)/);
    await item(volunteer, 'q1').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    await item(volunteer, 'q2').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    expect(await result(volunteer).getByRole('alert').count()).toBe(0);
    await item(volunteer, 'q3').getByText('ใน 1 เดือนที่ผ่านมา รวมวันนี้ ท่านมีความรู้สึกทุกข์ใจจนไม่อยากมีชีวิตอยู่หรือไม่').waitFor();
    await item(volunteer, 'q3').getByText(PAST_MONTH).waitFor();
    await item(volunteer, 'q3').getByRole('radio', { name: 'ใช่/มี' }).check();
    // The suicide question stands outside the 2Q total, which stays negative; it alerts on its own.
    const message = 'ไม่อยากมีชีวิตอยู่: ประเมินความเสี่ยงฆ่าตัวตาย (8Q) ทันที';
    await expect.poll(() => result(volunteer).locator('[data-score="total"]').innerText()).toBe('0/2');
    await result(volunteer).locator('[data-band="negative"]').waitFor();
    await urgentIn(result(volunteer), message).waitFor();

    await confirmSign(volunteer);
    await carriedOnTo8Q(message);
    await taskArrives(person, message);
  });

  it('8Q with only "attempted" yes: urgent while answering and after signing; the urgent referral task arrives live', async () => {
    const person = await caseloadPerson('แปดคิวพยายาม');
    await openTasks(sw);
    await noTaskYet(person);

    await volunteerOpens(person, 'แปดคิวพยายาม');
    await startInstrument(volunteer, /\(8Q\)/);
    for (const id of ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q8']) await item(volunteer, id).getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    // 3.1 is asked only after 3 is answered yes.
    expect(await item(volunteer, 'q3_1').count()).toBe(0);
    expect(await result(volunteer).getByRole('alert').count()).toBe(0);
    await item(volunteer, 'q7').getByRole('radio', { name: 'ใช่/มี' }).check();
    // 10 is a moderate total, yet an attempt alone is urgent and proposes a referral.
    const message = 'มีแผน เตรียมการ หรือพยายามฆ่าตัวตาย: ส่งต่อเร่งด่วนทันที';
    await expect.poll(() => result(volunteer).locator('[data-score="total"]').innerText()).toBe('10/52');
    const live = urgentIn(result(volunteer), message);
    await live.waitFor();
    await live.getByText('ระบบสร้างงานแจ้งทีมให้พิจารณาส่งต่อแล้ว').waitFor();

    await confirmSign(volunteer);
    // 8Q is the end of the chain: the signed result keeps the urgent alert in view.
    await volunteer.getByText('บันทึกผลแล้ว', { exact: true }).waitFor();
    await urgentIn(result(volunteer), message).waitFor();
    expect(await volunteer.getByRole('button', { name: /^ประเมินต่อด้วย/ }).count()).toBe(0);

    // One task for the referral (the "moderate" rule's referral folds into the urgent one), offering an urgent referral.
    const task = await taskArrives(person, message);
    await task.getByText('ควรส่งต่อ', { exact: true }).waitFor();
    await task.getByRole('button', { name: 'ส่งต่อด่วน' }).waitFor();
  });

  it('an urgent referral from an 8Q task, without consent: refused, sent on the vital-interest path with a reason, seen live by the hospital, and the task closes on acceptance', async () => {
    const person = await newPerson('ไม่มีความยินยอม');
    const assessed = await sw.request.post(`${j.app.url}/api/persons/${person.id}/assessments`, {
      data: {
        instrumentCode: 'q8',
        instrumentVersion: 2,
        sign: true,
        answers: { q1: false, q2: false, q3: false, q4: true, q5: false, q6: false, q7: false, q8: false },
      },
    });
    expect(assessed.status(), await assessed.text()).toBe(201);
    const assessment = await assessed.json();
    const open = await (await sw.request.get(`${j.app.url}/api/tasks?status=open&personId=${person.id}`)).json();
    // A plan scores 8 (low: the team is told) and alone proposes an urgent referral: one task per action.
    expect(open.map((t: { severity: string; action: string }) => `${t.severity}:${t.action}`).sort()).toEqual(['urgent:propose_referral', 'warning:notify']);
    const task = open.find((t: { action: string }) => t.action === 'propose_referral');
    expect(task.proposedOrganisation).not.toBeNull();

    // The hospital's inbox is open, listening.
    await openLive(nurse, '/referrals');
    await nurse.getByRole('heading', { name: 'การส่งต่อ' }).first().waitFor();
    await markDocument(nurse);

    await openTasks(sw);
    const card = sw.locator(`[data-task="${task.id}"]`);
    await card.getByRole('button', { name: 'ส่งต่อด่วน' }).click();
    const dialog = sw.getByRole('dialog', { name: 'ส่งต่อไปยังหน่วยงานอื่น' });
    // Filled in from the alert: urgent, its message as the reason, the proposed hospital, the 8Q attached.
    const reason = dialog.getByRole('textbox', { name: 'เหตุผลการส่งต่อ' });
    await expect.poll(() => reason.inputValue()).toBe(`มีแผน เตรียมการ หรือพยายามฆ่าตัวตาย: ส่งต่อเร่งด่วนทันที — ${STAY}`);
    expect(await dialog.getByRole('radio', { name: /^เร่งด่วน/ }).isChecked()).toBe(true);
    const organisation = dialog.getByRole('combobox', { name: 'หน่วยงานที่รับการส่งต่อ' });
    expect(await organisation.inputValue()).toBe(task.proposedOrganisation.name);
    const attach = dialog.getByRole('checkbox', { name: /8Q/ });
    await attach.waitFor();
    expect(await attach.isChecked()).toBe(true);
    // The team sends to โรงพยาบาลหาดใหญ่ instead of the proposed nearest hospital.
    if (task.proposedOrganisation.name !== 'โรงพยาบาลหาดใหญ่') {
      await organisation.fill('หาดใหญ่');
      await dialog.getByRole('option', { name: 'โรงพยาบาลหาดใหญ่', exact: true }).click();
    }
    expect(await organisation.inputValue()).toBe('โรงพยาบาลหาดใหญ่');

    // No consent to sharing: refused, said right above the send button, with the vital-interest path offered.
    const refusedAnswer = sw.waitForResponse((r) => r.request().method() === 'POST' && path(r) === '/api/referrals');
    await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).click();
    expect((await refusedAnswer).status()).toBe(409);
    const refusal = dialog.locator('[data-refused="consent.required"]');
    await refusal.getByText('ยังไม่ได้รับความยินยอมให้แบ่งปันข้อมูลของบุคคลนี้').waitFor();
    expect(await refusal.getAttribute('role')).toBe('alert');
    await expect.poll(() => refusal.evaluate((el) => el === document.activeElement)).toBe(true);
    const send = dialog.getByRole('button', { name: 'ส่งเรื่อง' });
    const [refusalBox, sendBox] = [await refusal.boundingBox(), await send.boundingBox()];
    if (!refusalBox || !sendBox) throw new Error('the refusal or the send button is not shown');
    const gap = sendBox.y - (refusalBox.y + refusalBox.height);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(80);

    await refusal.getByRole('checkbox', { name: /^ส่งต่อโดยไม่รอความยินยอม เพื่อป้องกันอันตรายต่อชีวิตหรือสุขภาพ/ }).check();
    const vitalSend = dialog.getByRole('button', { name: 'ส่งต่อเพื่อป้องกันอันตรายต่อชีวิต' });
    await vitalSend.waitFor();
    expect(await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).count()).toBe(0);
    // The reason is required: without one nothing is sent.
    const vitalReason = dialog.getByRole('textbox', { name: 'เหตุผลที่ไม่อาจรอความยินยอมได้' });
    const posts: string[] = [];
    const countPosts = (r: { method(): string; url(): string }) => {
      if (r.method() === 'POST' && path(r) === '/api/referrals') posts.push(r.url());
    };
    sw.on('request', countPosts);
    await vitalSend.click();
    await expect.poll(() => vitalReason.getAttribute('aria-invalid')).toBe('true');
    expect(posts).toEqual([]);
    sw.off('request', countPosts);

    const because = 'ผู้ป่วยมีแผนฆ่าตัวตาย อยู่ลำพัง ติดต่อญาติไม่ได้ รอความยินยอมไม่ได้';
    await vitalReason.fill(because);
    const sent = sw.waitForRequest((r) => r.method() === 'POST' && path(r) === '/api/referrals');
    await vitalSend.click();
    expect((await sent).postDataJSON()).toMatchObject({
      personId: person.id,
      urgency: 'urgent',
      taskId: task.id,
      assessmentIds: [assessment.id],
      vitalInterest: { reason: because },
    });
    await sw.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    const id = sw.url().split('/').pop()!;
    const page = sw.locator('[data-referral-page][data-state="sent"]');
    await page.locator('[data-vital-interest]').getByText(VITAL_BADGE).waitFor();
    await page.getByText(because).first().waitFor();

    // It arrives in the hospital's open inbox without a reload, marked as sent without consent.
    const arrived = nurse.locator(`[data-referral="${id}"][data-state="sent"]`);
    await arrived.getByText(person.name).waitFor();
    await arrived.locator('[data-vital-interest]').getByText(VITAL_BADGE).waitFor();
    await arrived.locator('[data-urgency="urgent"]').waitFor();
    expect(await sameDocument(nurse)).toBe(true);

    // The sender's outbox and open task say so too: the task waits for the hospital.
    await sw.goto(`${j.app.url}/referrals?box=outbox`);
    await sw.locator(`[data-referral="${id}"]`).locator('[data-vital-interest]').getByText(VITAL_BADGE).waitFor();
    await openTasks(sw);
    await card.locator('[data-task-referral]').waitFor();

    // The nurse opens it and accepts.
    await arrived.getByRole('link', { name: person.name }).click();
    const details = nurse.locator('[data-referral-page][data-state="sent"]');
    await details.locator('[data-vital-interest]').waitFor();
    await details.getByRole('button', { name: 'รับการส่งต่อ' }).click();
    await nurse.locator('[data-referral-page][data-state="accepted"]').waitFor();

    // The task leaves the social worker's open list without a reload, and is listed as done.
    await card.waitFor({ state: 'detached' });
    expect(await sameDocument(sw)).toBe(true);
    await sw.getByText('เสร็จแล้ว', { exact: true }).click();
    await sw.locator(`[data-task="${task.id}"]`).getByText(person.name).waitFor();
    // Only the referral's task closes: the team's follow-up of the low risk stays open.
    const after = await (await sw.request.get(`${j.app.url}/api/tasks?status=all&personId=${person.id}`)).json();
    expect(after.map((t: { action: string; status: string }) => `${t.action}:${t.status}`).sort()).toEqual(['notify:open', 'propose_referral:done']);
    expect(after.find((t: { id: string }) => t.id === task.id)).toMatchObject({ status: 'done', referralId: id });
  });
});
