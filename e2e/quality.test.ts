import { describe, expect, it } from 'vitest';
import { expectAccessible, journey } from './harness.js';

/**
 * Issue 19, item 8: พมจ.'s data steward imports a disability list with one invalid national ID, one
 * address without a village and one unknown area, then opens the data-quality page from the coverage
 * page, picks the source, and reads the completeness of the persons it brought (as numbers a screen
 * reader hears too), the values to fix, and the import in the trend with its Buddhist-era date.
 */
const j = journey();

/** A national ID with its check digit (the first 12 digits given). */
const cid = (d12: string) => `${d12}${(11 - ([...d12].reduce((s, d, i) => s + Number(d) * (13 - i), 0) % 11)) % 10}`;
const GOOD = cid('390990088801');
const OTHER = cid('390990088802');
const BAD = `${GOOD.slice(0, 12)}${(Number(GOOD[12]) + 1) % 10}`;
const FILE = [
  'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
  `E1,นายคุณภาพ ครบถ้วน,${GOOD},5/3/2495,"4 ม.1 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",1`,
  `E2,นางเลขผิด ทดสอบ,${BAD},20/8/2500,"9 ม.2 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3`,
  `E3,นางไม่มีหมู่ ทดสอบ,${OTHER},3/5/2490,"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",1`,
  `E4,นายไม่มีที่ ทดสอบ,${cid('390990088803')},3/5/2490,"ต.ไม่มีจริง อ.ไม่มีจริง จ.สงขลา",1`,
].join('\r\n');

describe('data quality for stewards', () => {
  it('shows a source’s completeness, values to fix and its imports, reached from coverage', async () => {
    const login = await fetch(`${j.app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'steward.pmj', password: 'carehub-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const imported = await fetch(`${j.app.url}/api/imports?source=pmj_disability&fileName=quality.csv`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream' },
      body: new TextEncoder().encode(FILE),
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ total: 4, accepted: 3, rejected: 1, warned: 1 });

    const page = await j.browser.newPage();
    await j.signIn(page, 'steward.pmj');
    await page.goto(`${j.app.url}/imports/coverage`);
    await page.getByRole('link', { name: 'ดูคุณภาพข้อมูล' }).click();
    await page.waitForURL('**/imports/quality');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('คุณภาพข้อมูล');

    await page.getByRole('combobox', { name: 'แหล่งข้อมูล', exact: true }).click();
    await page.getByRole('option', { name: 'ทะเบียนคนพิการ พมจ.สงขลา (pmj_disability)' }).click();
    const card = page.locator('[data-quality="pmj_disability"]');
    await card.waitFor();
    expect(await page.locator('[data-quality]').count()).toBe(1);

    // 3 persons: one without a valid ID, one without a village; every birth date known to the day.
    expect(await card.locator('[data-completeness="validId"]').getAttribute('data-percent')).toBe('66.7');
    expect(await card.locator('[data-completeness="birthDay"]').getAttribute('data-percent')).toBe('100');
    const village = card.getByRole('progressbar', { name: /ที่อยู่ระบุถึงหมู่บ้าน: 66\.7% \(2 จาก 3 คน\)/ });
    expect(await village.getAttribute('aria-valuenow')).toBe('66.7');
    expect(await card.locator('[data-problem="invalidId"]').getAttribute('data-value')).toBe('1');
    expect(await card.locator('[data-problem="rejected"]').getAttribute('data-value')).toBe('1');
    expect(await card.locator('[data-problem="onlyThisSource"]').getAttribute('data-value')).toBe('3');

    const rows = card.locator('[data-batch-row]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toMatch(/^\d{1,2} \S+ 25\d\d \d{1,2}:\d\d$/);
    expect(await rows.first().locator('[data-cell="warned"]').textContent()).toBe('1');
    await expectAccessible(page, { where: '/imports/quality' });
    await page.close();
  });
});
