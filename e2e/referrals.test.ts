import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * A referral between two organisations in two browsers at once: the social worker of รพ.สต.บ่อยาง
 * (on a phone) refers a person to โรงพยาบาลหาดใหญ่, whose nurse sees it arrive, opens the person's
 * case while the referral is open, and answers; each move shows in the other browser without a
 * reload, and closing the referral takes the person's case away from the hospital again.
 */
const j = journey();

const NOT_VISIBLE = 'ไม่พบบุคคลนี้ หรืออยู่นอกพื้นที่ที่คุณรับผิดชอบ';
const LIVE_NOTICE = 'มีการส่งต่อใหม่หรือมีการเปลี่ยนสถานะ';

interface PersonRecord {
  id: string;
  titleTh: string | null;
  firstNameTh: string;
  lastNameTh: string;
  consents: Array<{ purpose: string; withdrawnAt: string | null }>;
}

const nameOf = (p: PersonRecord) => [p.titleTh, p.firstNameTh, p.lastNameTh].filter(Boolean).join(' ');

/** A demo person of ต.บ่อยาง who has consented to sharing their data (the seed gives most people consents). */
async function personWithSharingConsent(page: Page): Promise<{ id: string; name: string }> {
  const list = await (await page.request.get(`${j.app.url}/api/persons?area=900101&pageSize=200`)).json();
  for (const { id } of list.items as Array<{ id: string }>) {
    const p: PersonRecord = await (await page.request.get(`${j.app.url}/api/persons/${id}`)).json();
    if (p.consents.some((c) => c.purpose === 'data_sharing' && !c.withdrawnAt)) return { id, name: nameOf(p) };
  }
  throw new Error('no demo person of 900101 has a data-sharing consent');
}

/** A new person of ต.บ่อยาง, with no consents at all. */
async function newPerson(page: Page, lastNameTh: string): Promise<{ id: string; name: string }> {
  const r = await page.request.post(`${j.app.url}/api/persons`, {
    data: { cidMissingReason: 'unknown', titleTh: 'นาง', firstNameTh: 'ทองใบ', lastNameTh, birthDate: '2485', sex: 'female', areaCode: '900101' },
  });
  expect(r.status()).toBe(201);
  const p: PersonRecord = await r.json();
  return { id: p.id, name: nameOf(p) };
}

/** Opens a page and waits until its live-event stream is connected, so no event is missed. */
async function openLive(page: Page, path: string): Promise<void> {
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
  await page.goto(`${j.app.url}${path}`);
  await stream;
}

/** Marks the document; the mark survives client-side navigation and live updates, not a reload. */
const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { __sameDocument: true }));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

const referralPage = (page: Page, state: string): Locator => page.locator(`[data-referral-page][data-state="${state}"]`);

async function chooseOrganisation(dialog: Locator, name: string) {
  await dialog.getByRole('combobox', { name: 'หน่วยงานที่รับการส่งต่อ' }).fill('หาดใหญ่');
  await dialog.getByRole('option', { name, exact: true }).click();
}

describe('referrals between two organisations', () => {
  let swContext: BrowserContext;
  let nurseContext: BrowserContext;
  let sw: Page;
  let nurse: Page;

  beforeAll(async () => {
    swContext = await j.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    nurseContext = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    [sw, nurse] = await Promise.all([swContext.newPage(), nurseContext.newPage()]);
    await Promise.all([j.signIn(sw, 'sw.boyang'), j.signIn(nurse, 'nurse.hatyai')]);
  });
  afterAll(async () => {
    await swContext?.close();
    await nurseContext?.close();
  });

  it('sends, accepts, starts and completes a referral, each move seen live by the other side; the hospital sees the case only while it is open', async () => {
    const person = await personWithSharingConsent(sw);

    // Before any referral, the person of another district is not the hospital's to see.
    await nurse.goto(`${j.app.url}/persons/${person.id}`);
    await nurse.getByText(NOT_VISIBLE).waitFor();
    await openLive(nurse, '/referrals');
    await nurse.getByText('ไม่มีการส่งต่อที่รอหน่วยงานของคุณดำเนินการ').waitFor();
    expect(await nurse.locator('[data-nav-badge="referrals"]').count()).toBe(0);
    await markDocument(nurse);

    // The social worker refers the person from the person page, on a phone.
    await openLive(sw, `/persons/${person.id}`);
    await sw.getByRole('heading', { name: person.name }).waitFor();
    await markDocument(sw);
    await sw.getByRole('button', { name: 'ส่งต่อ', exact: true }).click();
    const dialog = sw.getByRole('dialog', { name: 'ส่งต่อไปยังหน่วยงานอื่น' });
    await chooseOrganisation(dialog, 'โรงพยาบาลหาดใหญ่');
    await dialog.getByRole('radio', { name: /^เร่งด่วน · ตอบรับภายใน 24 ชั่วโมง/ }).check();
    await dialog.getByRole('textbox', { name: 'เหตุผลการส่งต่อ' }).fill('ผู้ป่วยติดเตียงหลังโรคหลอดเลือดสมอง ต้องการกายภาพบำบัดที่บ้าน');
    await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).click();
    await sw.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    const id = sw.url().split('/').pop()!;
    await referralPage(sw, 'sent').locator('[data-referral-state="sent"]').getByText('ส่งแล้ว รอตอบรับ').waitFor();

    // It arrives in the hospital's open inbox without a reload, with the nav badge counting it.
    const card = nurse.locator(`[data-referral="${id}"][data-state="sent"]`);
    await card.getByText(person.name).waitFor();
    await card.locator('[data-urgency="urgent"]').getByText('เร่งด่วน').waitFor();
    await card.getByText('โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง → โรงพยาบาลหาดใหญ่').waitFor();
    await expect.poll(() => nurse.locator('[data-nav-badge="referrals"]').innerText()).toBe('1');
    await nurse.getByText(LIVE_NOTICE).first().waitFor();
    expect(await sameDocument(nurse)).toBe(true);

    // While the referral is open the nurse may open the person's case.
    await card.getByRole('link', { name: person.name }).click();
    const details = referralPage(nurse, 'sent');
    await details.getByText('ผู้ป่วยติดเตียงหลังโรคหลอดเลือดสมอง ต้องการกายภาพบำบัดที่บ้าน').waitFor();
    await details.getByRole('link', { name: person.name }).click();
    await nurse.getByRole('heading', { name: person.name }).waitFor();
    expect(await nurse.getByText(NOT_VISIBLE).count()).toBe(0);
    await nurse.goBack();

    // Accept: the social worker's open referral page follows.
    await referralPage(nurse, 'sent').getByRole('button', { name: 'รับการส่งต่อ' }).click();
    await referralPage(nurse, 'accepted').waitFor();
    await referralPage(sw, 'accepted').locator('[data-referral-state="accepted"]').getByText('รับแล้ว').waitFor();
    await sw.getByText(LIVE_NOTICE).first().waitFor();
    await expect.poll(() => nurse.locator('[data-nav-badge="referrals"]').count()).toBe(0);

    // Start, with a progress note the sender reads in the history.
    await nurse.getByRole('textbox', { name: 'บันทึกความคืบหน้า' }).fill('นัดกายภาพครั้งแรกวันจันทร์หน้า');
    await nurse.getByRole('button', { name: 'เริ่มดำเนินการ' }).click();
    await referralPage(nurse, 'in_progress').waitFor();
    await referralPage(sw, 'in_progress').locator('[data-history]').getByText('นัดกายภาพครั้งแรกวันจันทร์หน้า').waitFor();

    // Complete: the outcome is required, and asked for in a dialog.
    await nurse.getByRole('button', { name: 'ดำเนินการเสร็จสิ้น' }).click();
    const complete = nurse.getByRole('dialog', { name: 'บันทึกผลและปิดการส่งต่อ' });
    await complete.getByRole('button', { name: 'ดำเนินการเสร็จสิ้น' }).click();
    await complete.getByText('กรุณาระบุผลการดำเนินการ').waitFor();
    await complete.getByRole('textbox', { name: 'ผลการดำเนินการ' }).fill('ฟื้นฟูครบ 10 ครั้ง เดินได้ด้วยไม้เท้า');
    await complete.getByRole('button', { name: 'ดำเนินการเสร็จสิ้น' }).click();
    // Closed, the hospital keeps its record of the referral, but no longer who the person is.
    const closed = referralPage(nurse, 'completed');
    await closed.getByText('(ข้อมูลบุคคลปิดแล้ว เมื่อการส่งต่อสิ้นสุด)').first().waitFor();
    expect(await closed.getByRole('link', { name: person.name }).count()).toBe(0);

    const done = referralPage(sw, 'completed');
    await done.locator('[data-referral-state="completed"]').getByText('เสร็จสิ้น').waitFor();
    await done.getByText('ฟื้นฟูครบ 10 ครั้ง เดินได้ด้วยไม้เท้า').first().waitFor();
    expect(await done.getByRole('button').count()).toBe(0);
    // Every move reached the social worker's page live: it was never reloaded.
    expect(await sameDocument(sw)).toBe(true);
    const history = await done.locator('[data-history] [data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    expect(history).toEqual(['send', 'accept', 'start', 'complete']);

    // And the person's case is closed to the hospital again.
    await nurse.goto(`${j.app.url}/persons/${person.id}`);
    await nurse.getByText(NOT_VISIBLE).waitFor();

    // The sender's outbox keeps the closed referral.
    await sw.goto(`${j.app.url}/referrals?box=outbox`);
    await sw.locator(`[data-referral="${id}"][data-state="completed"]`).waitFor();
  });

  it('a decline needs a reason, confirmed in a dialog, and the sender sees it live', async () => {
    const person = await personWithSharingConsent(sw);
    const hospital = (await (await nurse.request.get(`${j.app.url}/api/me`)).json()).organisation.id as string;
    const sent = await sw.request.post(`${j.app.url}/api/referrals`, {
      data: { personId: person.id, toOrganisationId: hospital, urgency: 'routine', reason: 'ขอประเมินกายอุปกรณ์' },
    });
    expect(sent.status()).toBe(201);
    const { id } = await sent.json();
    await openLive(sw, `/referrals/${id}`);
    await referralPage(sw, 'sent').locator('[data-urgency="routine"]').getByText('ปกติ').waitFor();
    await markDocument(sw);

    await openLive(nurse, `/referrals/${id}`);
    await referralPage(nurse, 'sent').getByRole('button', { name: 'ปฏิเสธ' }).click();
    const decline = nurse.getByRole('dialog', { name: 'ปฏิเสธการส่งต่อนี้?' });
    await decline.getByRole('button', { name: 'ปฏิเสธ' }).click();
    await decline.getByText('กรุณาระบุเหตุผล').waitFor();
    // Backing out changes nothing.
    await decline.getByRole('button', { name: 'ย้อนกลับ' }).click();
    await decline.waitFor({ state: 'hidden' });
    await referralPage(nurse, 'sent').waitFor();

    await referralPage(nurse, 'sent').getByRole('button', { name: 'ปฏิเสธ' }).click();
    await decline.getByRole('textbox', { name: 'เหตุผล' }).fill('ไม่มีบริการกายอุปกรณ์ กรุณาส่งศูนย์สิรินธรฯ');
    await decline.getByRole('button', { name: 'ปฏิเสธ' }).click();
    await referralPage(nurse, 'declined').getByText('ไม่มีบริการกายอุปกรณ์ กรุณาส่งศูนย์สิรินธรฯ').first().waitFor();

    const declined = referralPage(sw, 'declined');
    await declined.getByText('ไม่มีบริการกายอุปกรณ์ กรุณาส่งศูนย์สิรินธรฯ').first().waitFor();
    await declined.getByRole('link', { name: person.name }).waitFor();
    expect(await sameDocument(sw)).toBe(true);
  });

  it('refuses a referral of a person who has not consented to sharing, says why, and keeps what was typed', async () => {
    const person = await newPerson(sw, 'ยังไม่ยินยอม');
    await sw.goto(`${j.app.url}/persons/${person.id}`);
    await sw.getByRole('button', { name: 'ส่งต่อ', exact: true }).click();
    const dialog = sw.getByRole('dialog', { name: 'ส่งต่อไปยังหน่วยงานอื่น' });
    // Nothing chosen or typed: said beside each field, nothing sent.
    await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).click();
    expect(await dialog.getByText('จำเป็นต้องกรอก').count()).toBe(2);
    await chooseOrganisation(dialog, 'โรงพยาบาลหาดใหญ่');
    const reason = 'ผู้สูงอายุอยู่ลำพัง ต้องการเยี่ยมบ้านโดยทีมสหวิชาชีพ';
    await dialog.getByRole('textbox', { name: 'เหตุผลการส่งต่อ' }).fill(reason);
    await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).click();
    const refusal = dialog.locator('[data-refused="consent.required"]');
    await refusal.getByText('ยังไม่ได้รับความยินยอมให้แบ่งปันข้อมูลของบุคคลนี้').waitFor();
    await refusal.getByText(/บันทึกความยินยอม "การแบ่งปันข้อมูลกับหน่วยงานภาคี"/).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'เหตุผลการส่งต่อ' }).inputValue()).toBe(reason);
    expect(await dialog.getByRole('combobox', { name: 'หน่วยงานที่รับการส่งต่อ' }).inputValue()).toBe('โรงพยาบาลหาดใหญ่');
    expect(sw.url()).toBe(`${j.app.url}/persons/${person.id}`);
    const outbox = await (await sw.request.get(`${j.app.url}/api/referrals?box=outbox`)).json();
    expect(outbox.some((r: { personId: string }) => r.personId === person.id)).toBe(false);
  });

  it('a severe 8Q’s task offers an urgent referral, filled in from the alert, with the assessment attached', async () => {
    const person = await newPerson(sw, 'ส่งต่อจากงาน');
    const consent = await sw.request.post(`${j.app.url}/api/persons/${person.id}/consents`, {
      data: { purpose: 'data_sharing', givenBy: 'self', method: 'written', givenAt: '2026-11-01' },
    });
    expect(consent.status()).toBe(200);
    const assessed = await sw.request.post(`${j.app.url}/api/persons/${person.id}/assessments`, {
      data: {
        instrumentCode: 'q8',
        instrumentVersion: 1,
        sign: true,
        answers: { q1: true, q2: true, q3: true, q3_1: true, q4: true, q5: false, q6: false, q7: false, q8: false },
      },
    });
    expect(assessed.status()).toBe(201);
    const assessment = await assessed.json();
    const tasks = await (await sw.request.get(`${j.app.url}/api/tasks?status=open&personId=${person.id}`)).json();
    const task = tasks.find((x: { action: string }) => x.action === 'propose_referral');
    expect(task).toBeTruthy();

    await sw.goto(`${j.app.url}/tasks`);
    await sw.locator(`[data-task="${task.id}"]`).getByRole('button', { name: 'ส่งต่อด่วน' }).click();
    const dialog = sw.getByRole('dialog', { name: 'ส่งต่อไปยังหน่วยงานอื่น' });
    const reason = dialog.getByRole('textbox', { name: 'เหตุผลการส่งต่อ' });
    await expect.poll(() => reason.inputValue()).toBe('ความเสี่ยงฆ่าตัวตายระดับรุนแรง: ส่งต่อเร่งด่วนทันที');
    expect(await dialog.getByRole('radio', { name: /^เร่งด่วน/ }).isChecked()).toBe(true);
    const attach = dialog.getByRole('checkbox', { name: /8Q/ });
    await attach.waitFor();
    expect(await attach.isChecked()).toBe(true);
    const organisation = dialog.getByRole('combobox', { name: 'หน่วยงานที่รับการส่งต่อ' });
    expect(await organisation.inputValue()).toBe(task.proposedOrganisation?.name ?? '');
    if (!task.proposedOrganisation) await chooseOrganisation(dialog, 'โรงพยาบาลหาดใหญ่');
    const request = sw.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/referrals');
    await dialog.getByRole('button', { name: 'ส่งเรื่อง' }).click();
    expect((await request).postDataJSON()).toMatchObject({ personId: person.id, urgency: 'urgent', assessmentIds: [assessment.id] });

    await sw.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    const sent = referralPage(sw, 'sent');
    await sent.locator('[data-urgency="urgent"]').waitFor();
    await sent.getByText('ความเสี่ยงฆ่าตัวตายระดับรุนแรง: ส่งต่อเร่งด่วนทันที').waitFor();
    // The receiving team reads the attached assessment with the referral.
    await sent.locator('[data-attached="q8"]', { hasText: 'แบบประเมินการฆ่าตัวตาย 8 คำถาม (8Q)' }).waitFor();
  });
});
