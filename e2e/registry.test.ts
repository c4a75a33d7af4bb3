import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * The registry journey of a social worker in Chromium: find, register, edit a person, record consent
 * and an entitlement, see the gap flag; a user of another subdistrict cannot see that person.
 */
const j = journey();
const { signIn } = j;

describe('a social worker keeps the registry', () => {
  let personUrl = '';

  it('finds a person of their subdistrict by a misspelt name', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'sw.boyang');
    await page.goto(`${j.app.url}/persons`);
    const first = page
      .getByRole('link')
      .filter({ hasText: /^(นาย|นาง|นางสาว|ด\.ช\.|ด\.ญ\.)/ })
      .first();
    await first.waitFor();
    const name = (await first.innerText()).trim();
    const bare = name.replace(/^(นางสาว|นาย|นาง|ด\.ช\.|ด\.ญ\.)\s*/, '');
    // Search without the title and with the space doubled: still found.
    await page.getByRole('searchbox', { name: 'ค้นหาบุคคล' }).fill(bare.replace(' ', '  '));
    await page.getByRole('link', { name }).first().waitFor();
    await page.close();
  });

  it('registers a person, edits them, records consent and an entitlement, and sees the gap flag', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'sw.boyang');
    await page.goto(`${j.app.url}/persons`);
    await page.getByRole('link', { name: 'ลงทะเบียนบุคคลใหม่' }).click();
    await page.getByRole('textbox', { name: 'เลขประจำตัวประชาชน', exact: true }).fill('1-1037-02071-81-1');
    await page.getByRole('combobox', { name: 'คำนำหน้า' }).fill('นาง');
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('ทดสอบ');
    await page.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('รักษ์ถิ่น');
    await page.getByRole('textbox', { name: 'วันเกิด' }).fill('5/3/2490');
    await page.getByRole('combobox', { name: 'เพศ' }).click();
    await page.getByRole('option', { name: 'หญิง', exact: true }).click();
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    personUrl = page.url();
    await page.getByText('1-1037-02071-81-1').waitFor();
    // Elderly without the elderly allowance: the gap is flagged.
    await page.getByText('อายุ 60 ปีขึ้นไปแต่ยังไม่ได้รับเบี้ยยังชีพผู้สูงอายุ').first().waitFor();

    await page.getByRole('link', { name: 'แก้ไข', exact: true }).first().click();
    await page.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('รักษ์ถิ่นไทย');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.getByText('รักษ์ถิ่นไทย').first().waitFor();

    await page.getByRole('tab', { name: 'ความยินยอม' }).click();
    await page.getByRole('button', { name: 'บันทึกความยินยอม' }).click();
    const consent = page.getByRole('dialog');
    await consent.getByRole('combobox', { name: 'วัตถุประสงค์' }).click();
    await page.getByRole('option', { name: 'การประสานการดูแล' }).click();
    await consent.getByRole('combobox', { name: 'ผู้ให้ความยินยอม' }).click();
    await page.getByRole('option', { name: 'เจ้าของข้อมูล' }).click();
    await consent.getByRole('combobox', { name: 'วิธีการ' }).click();
    await page.getByRole('option', { name: 'ลงนามเป็นลายลักษณ์อักษร' }).click();
    // Typed as Thai users write a day (Buddhist era), shown as the app shows dates once left.
    const givenAt = consent.getByRole('textbox', { name: /วันที่ให้ความยินยอม/ });
    await givenAt.fill('20/11/2569');
    await givenAt.press('Tab');
    expect(await givenAt.inputValue()).toBe('20 พ.ย. 2569');
    await consent.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await expect.poll(async () => await page.getByRole('dialog').count()).toBe(0);

    await page.getByRole('tab', { name: 'สิทธิและสวัสดิการ' }).click();
    await page.getByRole('button', { name: 'เพิ่มสิทธิ' }).click();
    const ent = page.getByRole('dialog');
    await ent.getByRole('combobox', { name: 'ประเภทสิทธิ' }).click();
    await page.getByRole('option', { name: 'เบี้ยยังชีพผู้สูงอายุ' }).click();
    await ent.getByRole('combobox', { name: 'สถานะ' }).click();
    await page.getByRole('option', { name: 'ได้รับแล้ว' }).click();
    await ent.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await expect.poll(async () => page.getByText('อายุ 60 ปีขึ้นไปแต่ยังไม่ได้รับเบี้ยยังชีพผู้สูงอายุ').count()).toBe(0);

    // What the browser did is what the server holds.
    const id = personUrl.split('/').at(-1)!;
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const person = await (await fetch(`${j.app.url}/api/persons/${id}`, { headers: { cookie } })).json();
    expect(person).toMatchObject({ lastNameTh: 'รักษ์ถิ่นไทย', birthDate: '1947-03-05', version: 2 });
    expect(person.consents.map((c: { purpose: string }) => c.purpose)).toEqual(['care_coordination']);
    expect(person.consents[0].givenAt).toMatch(/^2026-11-20/);
    expect(person.entitlements.map((e: { kind: string; status: string }) => [e.kind, e.status])).toContainEqual(['elderly_allowance', 'receiving']);
    expect(person.gaps).not.toContain('elderly_allowance');
    await page.close();
  });

  it('on a phone, the duplicate warning answers the save button where the user is looking', async () => {
    const page = await j.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, 'sw.boyang');
    await page.goto(`${j.app.url}/persons/new`);
    await page.getByRole('combobox', { name: 'เหตุผลที่ไม่มีเลขประจำตัวประชาชน' }).click();
    await page.getByRole('option', { name: 'ไม่ทราบ', exact: true }).click();
    await page.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('ทดสอบ');
    await page.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('รักษ์ถิ่นไทย');
    await page.getByRole('textbox', { name: 'วันเกิด' }).fill('5/3/2490');
    await page.getByRole('combobox', { name: 'เพศ' }).click();
    await page.getByRole('option', { name: 'หญิง', exact: true }).click();
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    const warning = page.locator('[data-duplicate-warning]');
    await warning.getByText('อาจเป็นบุคคลเดียวกับรายการต่อไปนี้').waitFor();
    // Scrolled into the screen and focused, not left at the top of the long form.
    await expect.poll(() => warning.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = (await warning.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(844);
    await warning.getByRole('link', { name: /ทดสอบ รักษ์ถิ่นไทย/ }).waitFor();
    await page.close();
  });

  it('on a phone, a refused save brings the first field in error into sight and focuses it', async () => {
    const page = await j.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, 'sw.boyang');
    await page.goto(`${j.app.url}/persons/new`);
    // Names filled, but neither a national ID nor the reason it is missing: the reason field is in error.
    await page.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('ทดสอบ');
    await page.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill('ไม่มีเลข');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    // The focus moves from the save button at the foot of the form to the first field in error.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    const focused = page.locator('[aria-invalid="true"]').first();
    expect(await focused.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = (await focused.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await page.close();
  });

  it('a user of another subdistrict cannot see that person', async () => {
    const page = await j.browser.newPage();
    await signIn(page, 'sw.hatyai');
    const res = await page.goto(personUrl);
    expect(res?.status()).toBe(200); // the app shell loads; the record does not
    await page.getByText('ไม่พบบุคคลนี้ หรืออยู่นอกพื้นที่ที่คุณรับผิดชอบ').waitFor();
    await expect.poll(() => page.getByText('รักษ์ถิ่นไทย').count()).toBe(0);
    await page.goto(`${j.app.url}/persons`);
    await page.getByRole('searchbox', { name: 'ค้นหาบุคคล' }).fill('รักษ์ถิ่นไทย');
    await page.waitForTimeout(1200);
    expect(await page.getByText('รักษ์ถิ่นไทย').count()).toBe(0);
    await page.close();
  });
});
