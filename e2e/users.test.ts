import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * Issue 17, item 10: the system administrator gives a Songkhla volunteer an area. The area search shows
 * the district and province of every hit, the organisation's own ต.บ่อยาง first; the other ต.บ่อยาง
 * (จ.อุทัยธานี) is refused beside the areas field until the exception is confirmed with a reason, and the
 * volunteer's home page then names the area, never its code.
 */
const j = journey();

describe('users and their areas', () => {
  it('finds areas with their district and province, and grants one outside the organisation only as an exception', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await j.signIn(page, 'admin');
    await page.goto(`${j.app.url}/admin/users`);
    await page.getByRole('button', { name: 'เพิ่มผู้ใช้' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'ชื่อผู้ใช้' }).fill('osm.uthai');
    await dialog.getByRole('textbox', { name: 'ชื่อที่แสดง' }).fill('สมหญิง อาสา');
    await dialog.getByRole('combobox', { name: 'บทบาท' }).click();
    await page.getByRole('option', { name: 'อาสาสมัครสาธารณสุข (อสม.)', exact: true }).click();
    const org = dialog.getByRole('combobox', { name: 'หน่วยงาน' });
    await org.click();
    await org.fill('บ่อยาง');
    await page.getByRole('option', { name: 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง', exact: true }).click();

    // Every hit names its district and province; the organisation's ต.บ่อยาง comes first.
    await dialog.getByLabel('ค้นหาพื้นที่').fill('บ่อยาง');
    const hits = page.locator('[data-area-hit]');
    await hits.first().waitFor();
    await page.locator('[data-area-hit="610305"]').waitFor();
    expect(await hits.first().getAttribute('data-area-hit')).toBe('900101');
    expect((await hits.first().innerText()).trim()).toBe('ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา');
    const uthai = (await page.locator('[data-area-hit="610305"]').innerText()).trim();
    expect(uthai).toMatch(/^ต\.บ่อยาง อ\.\S+ จ\.อุทัยธานี$/);
    await page.locator('[data-area-hit="610305"]').click();
    await dialog.getByRole('button', { name: 'เพิ่มพื้นที่นี้' }).click();
    await dialog.locator('input[autocomplete="new-password"]').fill('uthai-volunteer-1');

    // Saved as it is: the server refuses, beside the areas field, naming the area outside.
    await dialog.getByRole('button', { name: 'บันทึก' }).click();
    const refusal = dialog.getByRole('group', { name: 'พื้นที่รับผิดชอบ' }).getByRole('alert').filter({ hasText: 'อยู่นอกพื้นที่ของหน่วยงาน' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('จ.อุทัยธานี');

    // The exception, confirmed with a reason, is accepted.
    await dialog.getByRole('checkbox', { name: /ยืนยันข้อยกเว้น/ }).check();
    await dialog.getByRole('textbox', { name: 'เหตุผลของข้อยกเว้น' }).fill('ช่วยงานเยี่ยมบ้านข้ามจังหวัดตามคำสั่งชั่วคราว');
    await dialog.getByRole('button', { name: 'บันทึก' }).click();
    await page.getByText('เพิ่มผู้ใช้ osm.uthai แล้ว').waitFor();

    // The volunteer's home page names the area with its district and province, not its code.
    const other = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const home = await other.newPage();
    await home.goto(`${j.app.url}/login`);
    await home.getByLabel('ชื่อผู้ใช้').fill('osm.uthai');
    await home.getByLabel('รหัสผ่าน').fill('uthai-volunteer-1');
    await home.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await home.waitForURL((u) => !u.pathname.startsWith('/login'));
    const account = home.locator('section[aria-labelledby="home-account"]');
    await account.getByText(/^ต\.บ่อยาง อ\.\S+ จ\.อุทัยธานี$/).waitFor();
    expect(await home.getByRole('main').innerText()).not.toContain('610305');
    await other.close();
    await context.close();
  });
});
