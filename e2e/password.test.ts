import { describe, it } from 'vitest';
import { journey } from './harness.js';

/**
 * Issue 18, item 5: a user changes their own password on the account page. The current password is
 * required, and the server's reasons (a wrong current password, a new one too easy to guess, with the
 * estimator's advice in Thai) are shown beside the field they concern.
 */
const j = journey();

describe('changing my own password', () => {
  it('shows the Thai reason beside the field, then changes it', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await j.signIn(page, 'sw.hatyai');
    await page.goto(`${j.app.url}/me/sessions`);
    const form = page.getByRole('region', { name: 'เปลี่ยนรหัสผ่าน' });
    const current = form.getByLabel('รหัสผ่านปัจจุบัน');
    const next = form.getByLabel('รหัสผ่านใหม่');

    await current.fill('not-my-password');
    await next.fill('a quiet river in hat yai');
    await form.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
    await form.getByText('รหัสผ่านปัจจุบันไม่ถูกต้อง').waitFor();

    await current.fill('carehub-demo');
    await next.fill('1234567890');
    await form.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
    await form.getByText(/เดาได้ง่ายเกินไป.*มีคนใช้บ่อยมาก/).waitFor();

    await next.fill('a quiet river in hat yai');
    await form.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
    await page.getByText('เปลี่ยนรหัสผ่านแล้ว').first().waitFor();

    // The new password signs in.
    const other = await j.browser.newContext();
    const again = await other.newPage();
    await again.goto(`${j.app.url}/login`);
    await again.getByLabel('ชื่อผู้ใช้').fill('sw.hatyai');
    await again.getByLabel('รหัสผ่าน').fill('a quiet river in hat yai');
    await again.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await again.waitForURL((u) => !u.pathname.startsWith('/login'));
    await other.close();
    await context.close();
  });
});
