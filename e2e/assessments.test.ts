import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';
import { confirmSign, startInstrument } from './instruments.js';

/**
 * A social worker assesses a person in Chromium: Barthel (the ADL group follows), then 2Q → 9Q → 8Q
 * on a phone-sized screen, each opened from the one before (9Q's self-harm item goes straight on to
 * 8Q); a severe 8Q raises an urgent alert and a task for the team.
 */
const j = journey();
const { signIn } = j;

const item = (page: Page, id: string): Locator => page.locator(`[data-item="${id}"]`);

/** Signs and waits for the signed result. */
async function sign(page: Page) {
  await confirmSign(page);
  await page.getByText('บันทึกผลแล้ว', { exact: true }).waitFor();
}

describe('assessments', () => {
  let personUrl = '';

  it('Barthel: live score and band while answering; signing sets the ADL group on the person page', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'sw.boyang');
    const created = await page.request.post(`${j.app.url}/api/persons`, {
      data: {
        cidMissingReason: 'unknown',
        titleTh: 'นาง',
        firstNameTh: 'บุญเรือน',
        lastNameTh: 'ทดสอบประเมิน',
        birthDate: '2480',
        sex: 'female',
        areaCode: '900101',
      },
    });
    expect(created.status()).toBe(201);
    personUrl = `${j.app.url}/persons/${(await created.json()).id}`;
    await page.goto(personUrl);
    await page.getByRole('tab', { name: 'การประเมิน' }).click();
    await page.getByText('ยังไม่มีการประเมิน').first().waitFor();
    await startInstrument(page, /บาร์เธล/);

    // Signing an incomplete form is refused, and the unanswered questions are shown.
    await page.getByRole('button', { name: 'ลงนามและบันทึกผล' }).click();
    await item(page, 'feeding').getByText('กรุณาตอบข้อนี้').waitFor();

    // 1+0+1+1+1+1+0+0+2+1 = 8: homebound (ติดบ้าน, 5–11).
    const choose: Array<[string, number]> = [
      ['feeding', 1],
      ['grooming', 0],
      ['transfer', 1],
      ['toilet', 1],
      ['mobility', 1],
      ['dressing', 1],
      ['stairs', 0],
      ['bathing', 0],
      ['bowels', 2],
      ['bladder', 1],
    ];
    for (const [id, option] of choose) await item(page, id).getByRole('radio').nth(option).check();
    const result = page.getByRole('status', { name: 'ผลการประเมิน' });
    await expect.poll(() => result.locator('[data-score="total"]').innerText()).toBe('8/20');
    await result.getByText('ติดบ้าน').waitFor();
    await sign(page);
    // The person's ADL group, shown at the top of the page, follows the signed Barthel.
    await page.getByText('ADL: ติดบ้าน').waitFor();
    await page.getByRole('button', { name: 'กลับไปรายการประเมิน' }).click();
    // Barthel version 2 names the group with its HDC code.
    await page.locator('[data-latest="barthel"]').getByText('ติดบ้าน (1B1281) (8)').waitFor();
    await page.close();
  });

  it('2Q → 9Q → 8Q on a phone: each opens the next, and a severe 8Q raises an urgent alert and a task', async () => {
    const page = await j.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(page, 'sw.boyang');
    await page.goto(personUrl);
    await page.getByRole('tab', { name: 'การประเมิน' }).click();
    await startInstrument(page, /2Q/);
    await item(page, 'q1').getByRole('radio', { name: 'ใช่/มี' }).check();
    await item(page, 'q2').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    // 2Q plus: the suicide question is asked of everyone; "no" here leaves the chain to 2Q's total.
    await item(page, 'q3').getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    await sign(page);

    await page.getByRole('button', { name: 'ประเมินต่อด้วย Q9' }).click();
    for (let i = 1; i <= 9; i++)
      await item(page, `q${i}`)
        .getByRole('radio', { name: /เป็นบ่อย/ })
        .check();
    await expect.poll(() => page.locator('[data-score="total"]').innerText()).toBe('18/27');
    // Item 9 (thoughts of self-harm) answered: an urgent alert while answering, and signing goes
    // straight on to 8Q with the urgent message carried above it.
    const selfHarm = /คิดทำร้ายตนเอง \(9Q ข้อ 9\): ประเมินความเสี่ยงฆ่าตัวตาย \(8Q\) ทันที/;
    await page.getByRole('status', { name: 'ผลการประเมิน' }).getByText(selfHarm).waitFor();
    await confirmSign(page);

    await page.getByRole('heading', { name: 'แบบประเมินการฆ่าตัวตาย 8 คำถาม (8Q)' }).waitFor();
    await page.locator('[data-urgent-carried]').getByText(selfHarm).waitFor();
    // 3.1 is asked only once 3 is answered yes.
    await expect(item(page, 'q3_1').count()).resolves.toBe(0);
    for (const id of ['q1', 'q2', 'q3']) await item(page, id).getByRole('radio', { name: 'ใช่/มี' }).check();
    // 3.1 as on the form: "can you control it?", and "cannot" scores 8.
    await item(page, 'q3_1').getByRole('radio', { name: /^ไม่ได้/ }).check();
    for (const id of ['q4', 'q5', 'q6', 'q7', 'q8']) await item(page, id).getByRole('radio', { name: 'ไม่ใช่/ไม่มี' }).check();
    // 1 + 2 + 6 + 8 = 17: severe.
    await expect.poll(() => page.locator('[data-score="total"]').innerText()).toBe('17/52');
    await sign(page);
    await page.getByText('ความเสี่ยงฆ่าตัวตายระดับรุนแรง (8Q ≥ 17): ส่งต่อเร่งด่วนทันที').waitFor();
    await page.getByText('แจ้งเตือนเร่งด่วน').first().waitFor();

    await page.goto(`${j.app.url}/tasks`);
    const task = page.locator('[data-task]').filter({ hasText: 'ความเสี่ยงฆ่าตัวตายระดับรุนแรง' });
    await task.getByText('นาง บุญเรือน ทดสอบประเมิน').waitFor();
    await task.getByText('เร่งด่วน', { exact: true }).waitFor();
    await page.close();
  });

  it('tells the area live: the subdistrict admin sees a repeated alert update its open task without reloading', async () => {
    const adminPage = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(adminPage, 'boyang');
    await adminPage.goto(`${j.app.url}/tasks`);
    // The tasks of the earlier tests are listed first.
    await adminPage.locator('[data-task]').first().waitFor();
    const before = await adminPage.locator('[data-task]').count();

    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'sw.boyang');
    const id = personUrl.split('/').pop();
    const r = await page.request.post(`${j.app.url}/api/persons/${id}/assessments`, {
      data: {
        instrumentCode: 'q8',
        instrumentVersion: 1,
        sign: true,
        answers: { q1: true, q2: true, q3: true, q3_1: true, q4: true, q5: false, q6: false, q7: false, q8: false },
      },
    });
    expect(r.status()).toBe(201);
    // The same alert again updates the task that is still open (one open task per person and rule),
    // and the admin's list shows it raised twice, live, without a second card.
    const suicideRisk = adminPage.locator('[data-task]').filter({ hasText: 'ความเสี่ยงฆ่าตัวตายระดับรุนแรง' });
    await suicideRisk.getByText('พบซ้ำ 2 ครั้ง').waitFor({ timeout: 15_000 });
    expect(await suicideRisk.count()).toBe(1);
    expect(await adminPage.locator('[data-task]').count()).toBe(before);
    // Two signed 8Qs now: the person page draws their history.
    await adminPage.goto(personUrl);
    await adminPage.getByRole('tab', { name: 'การประเมิน' }).click();
    await adminPage.locator('[data-chart="q8"] canvas').waitFor();
    await page.close();
    await adminPage.close();
  });

  it('an admin edits an instrument, sees problems and a working preview, and publishes it as the next version', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'songkhla');
    await page.goto(`${j.app.url}/admin/instruments`);
    await page.getByRole('combobox', { name: 'เริ่มจากแบบประเมินที่มีอยู่' }).click();
    await page.getByRole('option', { name: /2Q/ }).click();
    const editor = page.getByRole('textbox', { name: 'นิยามแบบประเมิน (JSON)' });
    const definition = JSON.parse(await editor.inputValue());
    expect(definition.code).toBe('q2');

    await editor.fill(JSON.stringify({ ...definition, items: [] }, null, 2));
    await page.getByText('ปัญหาที่พบ').waitFor();
    await expect(page.getByRole('button', { name: 'ตรวจสอบกับเซิร์ฟเวอร์' }).isDisabled()).resolves.toBe(true);

    const revised = { ...definition, title: { th: 'แบบคัดกรองโรคซึมเศร้า 2 คำถาม (ฉบับปรับปรุง)', en: '2Q (revised)' } };
    await editor.fill(JSON.stringify(revised, null, 2));
    // The preview works like the real form.
    await page.locator('[data-preview]').getByText('แบบคัดกรองโรคซึมเศร้า 2 คำถาม (ฉบับปรับปรุง)').waitFor();
    await item(page, 'q1').getByRole('radio', { name: 'ใช่/มี' }).check();
    await expect.poll(() => page.locator('[data-score="total"]').innerText()).toBe('1/2');

    await page.getByRole('button', { name: 'ตรวจสอบกับเซิร์ฟเวอร์' }).click();
    // 2Q plus is version 2 already, so the revision is version 3.
    await page.getByText('ถูกต้อง จะเผยแพร่เป็นรุ่น 3').waitFor();
    await page.getByRole('button', { name: 'เผยแพร่เป็นรุ่น 3' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'เผยแพร่' }).click();
    await page.getByText('เผยแพร่ q2 รุ่น 3 แล้ว').waitFor();
    const versions = await page.request.get(`${j.app.url}/api/instruments/q2/versions`);
    expect((await versions.json()).map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    await page.close();
  });
});
