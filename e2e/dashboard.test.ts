import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addMonths, formatMonth, thaiMonthOf } from '@carehub/core';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * The province admin reads the area dashboard and drills down province → district → subdistrict →
 * village by links (the back button works), opens the person list of the area and a person; a
 * volunteer's home visit in another browser shows on the open dashboard without a reload; and a
 * subdistrict admin sees only their subdistrict, with a clear message for the province. On a phone,
 * the province admin downloads the dashboard as a workbook and last month's report as a PDF, and the
 * files hold the province's figures.
 */
const j = journey();
const { signIn } = j;

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const count = (page: Page, key: string) => page.locator(`[data-count="${key}"] [data-value]`);
const children = (page: Page) => page.getByTestId('dashboard-children');

describe('area dashboard', () => {
  it('drills down from the province to a village, then to the persons of the area and a person', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'songkhla');
    await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'แดชบอร์ด' }).click();
    await heading(page).filter({ hasText: 'แดชบอร์ดพื้นที่: สงขลา' }).waitFor();
    await page
      .getByTestId('dashboard-as-of')
      .getByText(/ข้อมูล ณ .*25\d\d/)
      .waitFor();
    const persons = Number(await count(page, 'persons').textContent());
    expect(persons).toBeGreaterThan(100);

    await children(page).getByRole('link', { name: 'เมืองสงขลา' }).click();
    await page.waitForURL(/\/dashboard\?area=9001$/);
    await heading(page).filter({ hasText: 'เมืองสงขลา' }).waitFor();
    await children(page).getByRole('link', { name: 'บ่อยาง', exact: true }).click();
    await page.waitForURL(/\/dashboard\?area=900101$/);
    await heading(page).filter({ hasText: 'บ่อยาง' }).waitFor();
    // The district's row for Bo Yang and Bo Yang's own dashboard agree.
    const boyangPersons = Number(await count(page, 'persons').textContent());
    expect(boyangPersons).toBeGreaterThan(0);
    expect(boyangPersons).toBeLessThan(persons);

    // Villages: the first one with anyone counted.
    await children(page).locator('[data-area] a').first().click();
    await page.waitForURL(/\/dashboard\?area=900101\d\d$/);
    const villageNo = Number(new URL(page.url()).searchParams.get('area')?.slice(6));
    await heading(page)
      .filter({ hasText: /หมู่ที่ \d+/ })
      .waitFor();
    const crumbs = page.getByTestId('dashboard-breadcrumb');
    for (const name of ['สงขลา', 'เมืองสงขลา', 'บ่อยาง']) await crumbs.getByRole('link', { name, exact: true }).waitFor();
    // Every chart has its numbers as a table too.
    await page.locator('[data-chart="ageBands"]').getByRole('button', { name: 'แสดงเป็นตาราง' }).click();
    await page.locator('[data-chart="ageBands"]').getByRole('table').getByRole('rowheader', { name: '80 ปีขึ้นไป' }).waitFor();

    // Back goes up the path again, and forward down to the village.
    await page.goBack();
    await page.waitForURL(/\/dashboard\?area=900101$/);
    await heading(page).filter({ hasText: 'บ่อยาง' }).waitFor();
    await page.goForward();
    await heading(page)
      .filter({ hasText: `หมู่ที่ ${villageNo}` })
      .waitFor();

    // The village's persons: the list filtered to Bo Yang and that village, and a person in it.
    await page.getByTestId('dashboard-persons').click();
    await page.waitForURL(new RegExp(`/persons\\?village=${villageNo}$`));
    await page.getByText('กรองตามพื้นที่: ต.บ่อยาง').waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'หมู่ที่' }).inputValue()).toBe(`หมู่ ${villageNo}`);
    const first = page.getByRole('table').getByRole('link').first();
    await first.waitFor();
    await first.click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    await page.getByText(new RegExp(`หมู่ ${villageNo} ต\\.บ่อยาง`)).waitFor();
    await page.close();
  });

  it('shows a volunteer’s home visit on the open dashboard without a reload', async () => {
    const admin = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(admin, 'songkhla');
    await admin.goto(`${j.app.url}/dashboard?area=900101`);
    await heading(admin).filter({ hasText: 'บ่อยาง' }).waitFor();
    const before = Number(await count(admin, 'visitsThisMonth').textContent());
    await admin.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    // The volunteer, in a browser of their own, records a visit to the first person of their caseload.
    const volunteerContext = await j.browser.newContext();
    const volunteer = await volunteerContext.newPage();
    await signIn(volunteer, 'osm.boyang');
    const caseload = await (await volunteer.request.get(`${j.app.url}/api/caseload`)).json();
    const thaiNow = new Date(Date.now() + 7 * 3600_000 - 60_000).toISOString().slice(0, 19);
    const posted = await volunteer.request.post(`${j.app.url}/api/visits`, {
      data: {
        id: randomUUID(),
        personId: caseload[0].personId,
        visitedAt: `${thaiNow}+07:00`,
        gps: { lat: 7.1897, lng: 100.5951, accuracy: 15 },
        present: [],
        vitals: {},
        needs: [],
        help: [],
        photos: [],
        note: '',
        nextVisitOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        assessmentIds: [],
      },
    });
    expect(posted.status(), await posted.text()).toBe(201);

    await expect.poll(async () => Number(await count(admin, 'visitsThisMonth').textContent()), { timeout: 20_000 }).toBe(before + 1);
    await admin
      .getByTestId('dashboard-live')
      .getByText(/อัปเดตเมื่อ/)
      .waitFor();
    expect(await admin.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The visit's GPS puts a point on the map of recent visits.
    await admin.getByRole('combobox', { name: 'แสดงจุด' }).selectOption({ label: 'การเยี่ยมบ้าน 90 วันล่าสุด' });
    await admin.locator('[data-map-count]').getByText('แสดง 1 จาก 1 จุด').waitFor();
    await volunteerContext.close();
    await admin.close();
  });

  it('keeps a subdistrict admin to ต.บ่อยาง and says so clearly for the province', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'boyang');
    await page.goto(`${j.app.url}/dashboard`);
    await heading(page).filter({ hasText: 'แดชบอร์ดพื้นที่: บ่อยาง' }).waitFor();
    // The province and district are named in the path but are not links for them.
    const crumbs = page.getByTestId('dashboard-breadcrumb');
    await crumbs.getByText('สงขลา', { exact: true }).waitFor();
    expect(await crumbs.getByRole('link').count()).toBe(0);
    expect(
      await children(page)
        .locator('[data-area]')
        .evaluateAll((rows) => rows.every((r) => r.getAttribute('data-area')!.startsWith('900101'))),
    ).toBe(true);

    await page.goto(`${j.app.url}/dashboard?area=90`);
    const alert = page.getByTestId('dashboard-out-of-scope');
    await alert.getByText('พื้นที่นี้อยู่นอกความรับผิดชอบของคุณ').waitFor();
    await alert.getByText(/outside your scope/).waitFor();
    await alert.getByRole('link', { name: 'ไปยังพื้นที่ของฉัน' }).click();
    await heading(page).filter({ hasText: 'บ่อยาง' }).waitFor();
    await page.close();
  });

  it('downloads the workbook and the monthly report PDF from the dashboard', async () => {
    const page = await j.browser.newPage({ viewport: { width: 390, height: 844 } });
    await j.signIn(page, 'songkhla');
    await page.goto(`${j.app.url}/dashboard?area=90`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'สงขลา' }).waitFor();
    const persons = await (await page.request.get(`${j.app.url}/api/dashboard?area=90`)).json();

    await page.getByRole('button', { name: 'ดาวน์โหลด', exact: true }).click();
    const xlsx = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'ตาราง Excel (XLSX)' }).click();
    expect((await xlsx).suggestedFilename()).toMatch(/^dashboard-90-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await (await xlsx).path())!)) as never);
    expect(book.worksheets).toHaveLength(11);
    const counts = book.getWorksheet('ตัวเลขหลัก')!;
    expect(String(counts.getCell('A1').value)).toMatch(/^สงขลา \(90\) · ข้อมูล ณ .*25\d\d/);
    expect(counts.getCell('A4').value).toBe('จำนวนคนในทะเบียน');
    expect(counts.getCell('B4').value).toBe(persons.counts.persons);

    await page.getByRole('button', { name: 'ดาวน์โหลด', exact: true }).click();
    await page.getByRole('menuitem', { name: 'รายงานประจำเดือน (PDF)' }).click();
    const last = addMonths(thaiMonthOf(), -1);
    const dialog = page.getByRole('dialog', { name: 'รายงานประจำเดือนของพื้นที่' });
    await expect.poll(() => dialog.getByRole('combobox', { name: 'เดือน' }).inputValue()).toBe(formatMonth(last));
    const pdf = page.waitForEvent('download');
    await dialog.getByRole('link', { name: 'ดาวน์โหลด PDF' }).click();
    expect((await pdf).suggestedFilename()).toBe(`report-90-${last}.pdf`);
    expect((await readFile((await (await pdf).path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  }, 60_000);
});
