import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, journey } from './harness.js';

/**
 * The supervisor's month, from the menu only (issue 17, item 2): the subdistrict admin of ต.บ่อยาง makes
 * the volunteer responsible for a village, gives the village's people to her in one previewed act,
 * approves her visits, sets her target, signs off the month and downloads the payment list for the
 * subdistrict fund, whose workbook and PDF are read back.
 */
const j = journey();

/** Opens a page by its menu entry, as a person would. */
async function fromMenu(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name, exact: true }).click();
}

describe('the supervisor’s stipend month', () => {
  it('assigns a territory and its people, approves the visits, signs off the month and downloads the payment list', async () => {
    // What the volunteer did this month: three visits from her phone (their own journey is tested elsewhere).
    const volunteer = await j.browser.newPage();
    await j.signIn(volunteer, 'osm.boyang');
    const me = await (await volunteer.request.get(`${j.app.url}/api/me`)).json();
    const caseload = (await (await volunteer.request.get(`${j.app.url}/api/caseload`)).json()) as Array<{ personId: string }>;
    expect(caseload.length).toBeGreaterThanOrEqual(3);
    for (const [i, c] of caseload.slice(0, 3).entries()) {
      const r = await volunteer.request.post(`${j.app.url}/api/visits`, {
        data: {
          id: randomUUID(),
          personId: c.personId,
          visitedAt: new Date(Date.now() - (3 - i) * 40 * 60_000).toISOString(),
          gps: { lat: 7.1901, lng: 100.5951 },
          present: ['self'],
          vitals: { systolic: 126, diastolic: 80, pulse: 74 },
          needs: [],
          help: [],
          photos: [],
          note: 'เยี่ยมตามนัด',
          nextVisitOn: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10),
          assessmentIds: [],
        },
      });
      expect(r.status(), await r.text()).toBe(201);
    }
    await volunteer.close();

    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await j.signIn(page, 'boyang');

    // 1. Territory: สมศรี อาสา is responsible for หมู่ 3.
    await fromMenu(page, 'พื้นที่และผู้รับผิดชอบเยี่ยม');
    await page.getByRole('heading', { name: 'พื้นที่และผู้รับผิดชอบเยี่ยม', level: 1 }).waitFor();
    await page.locator('[data-villages]').waitFor();
    await expectAccessible(page);
    const territory = page.getByRole('region', { name: 'กำหนดหมู่บ้านที่รับผิดชอบ' });
    await territory.getByLabel('อาสาสมัคร').click();
    await page.getByRole('option', { name: /^สมศรี อาสา/ }).click();
    await territory.getByLabel('หมู่ที่').click();
    await page.getByRole('option', { name: 'ม.3', exact: true }).click();
    await territory.getByRole('button', { name: 'กำหนดพื้นที่รับผิดชอบ' }).click();
    const village3 = page.locator('[data-village="3"]');
    await village3.getByText('สมศรี อาสา').waitFor();
    const unassignedBefore = Number(await village3.locator('[data-unassigned]').textContent());

    // 2. Everyone of หมู่ 3 on no caseload goes to her, after a preview and a confirmation.
    const bulk = page.getByRole('region', { name: 'มอบหมายทุกคนในหมู่บ้าน' });
    await bulk.getByLabel('หมู่ที่').click();
    await page.getByRole('option', { name: 'ม.3', exact: true }).click();
    // The village's own volunteer is picked for it.
    expect(await bulk.getByLabel('ให้อาสาสมัคร').inputValue()).toMatch(/^สมศรี อาสา/);
    await bulk.getByRole('button', { name: 'ดูตัวอย่างก่อนยืนยัน' }).click();
    const preview = page.getByRole('dialog', { name: 'ตรวจสอบก่อนยืนยัน' });
    await preview.locator('[data-count="assign"]').getByText(`จะเพิ่มเข้ารายชื่อที่รับผิดชอบ ${unassignedBefore} คน`).waitFor();
    await preview.locator('[data-count="leftWithout"]').getByText('จะไม่มีผู้รับผิดชอบเยี่ยม 0 คน').waitFor();
    await expectAccessible(page, { include: '[role="dialog"]' });
    await preview.getByRole('button', { name: 'ยืนยันการมอบหมาย' }).click();
    await preview.waitFor({ state: 'detached' });
    await expect.poll(async () => village3.locator('[data-unassigned]').textContent()).toBe('0');
    await page.locator('[data-operation="assign_village"]').getByText(`มอบหมาย ม.3 ให้ สมศรี อาสา (${unassignedBefore} คน)`).waitFor();
    const after = (await (await page.request.get(`${j.app.url}/api/caseload?userId=${me.id}`)).json()) as unknown[];
    expect(after.length).toBe(caseload.length + unassignedBefore);

    // 3. Review: approve her three visits in one batch.
    await fromMenu(page, 'ตรวจการเยี่ยมบ้าน');
    await page.locator('[data-visit]').first().waitFor();
    await page.getByRole('checkbox', { name: /^เลือกทั้งหมด/ }).check();
    await page.getByRole('button', { name: 'อนุมัติที่เลือก (3)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'ยืนยันอนุมัติ' }).click();
    await page.getByText('ไม่มีการเยี่ยมที่รอตรวจ').waitFor();

    // 4. The month: her target is set to 3, which her three approved visits reach.
    await fromMenu(page, 'ค่าตอบแทน อสม.');
    const beYear = String(new Date().getFullYear() + 543);
    expect(await page.getByRole('button', { name: /^เดือน/ }).textContent()).toContain(beYear);
    const row = page.locator('[data-volunteer="สมศรี อาสา"]');
    await row.locator('[data-approved]').getByText('3', { exact: true }).waitFor();
    await row.getByText('ยังขาดอีก 7 ครั้ง').waitFor(); // the default target, 10
    await expectAccessible(page);
    await row.getByRole('button', { name: 'แก้ไข เป้าหมายของ สมศรี อาสา' }).click();
    const target = page.getByRole('dialog', { name: 'เป้าหมายของ สมศรี อาสา' });
    await target.getByLabel(/จำนวนการเยี่ยมบ้าน/).fill('3');
    await target.getByRole('button', { name: 'บันทึก' }).click();
    await row.getByText('มีสิทธิ์', { exact: true }).waitFor();

    // 5. Sign-off: by whom and when, in the Buddhist era; the month is then locked.
    await page.getByRole('button', { name: 'ลงนามรับรองเดือนนี้' }).click();
    const sign = page.getByRole('dialog', { name: /^ลงนามรับรองค่าตอบแทนเดือน/ });
    await sign.getByText(/^มีสิทธิ์ 1 จาก \d+ คน รวม 600 บาท/).waitFor();
    await expectAccessible(page, { include: '[role="dialog"]' });
    await sign.getByRole('button', { name: 'ลงนามรับรอง' }).click();
    const signed = page.locator('[data-signed]');
    await signed.getByText(new RegExp(`^โดย อรุณี บ่อยาง เมื่อ \\d{1,2} \\S+ ${beYear} \\d{2}:\\d{2}$`)).waitFor();
    expect(await row.getByRole('button', { name: /แก้ไขเป้าหมาย/ }).count()).toBe(0);
    await expectAccessible(page);

    // 6. The payment list for the subdistrict fund, as a workbook and a PDF.
    const xlsxDownload = page.waitForEvent('download');
    await signed.getByRole('link', { name: 'ดาวน์โหลดบัญชีจ่ายเงิน (Excel)' }).click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toMatch(/^stipend-900101-\d{4}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(await xlsx.path())) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(String(cells(1)[0])).toMatch(new RegExp(`^บัญชีรายชื่อ อสม\\. ผู้มีสิทธิ์รับค่าตอบแทนการเยี่ยมบ้าน ประจำเดือน\\S+ ${beYear}$`));
    expect(String(cells(2)[0])).toContain('กองทุนหลักประกันสุขภาพระดับท้องถิ่น ต.บ่อยาง');
    expect(cells(4)[1]).toBe('ชื่อ-สกุล อสม.');
    expect(cells(6).slice(0, 6)).toEqual([1, 'สมศรี อาสา', 'ม.3', 3, 3, 600]);
    expect(cells(7)[1]).toBe('รวม 1 คน');
    expect(cells(7)[5]).toBe(600);

    const pdfDownload = page.waitForEvent('download');
    await signed.getByRole('link', { name: 'ดาวน์โหลดบัญชีจ่ายเงิน (PDF)' }).click();
    const pdf = await readFile(await (await pdfDownload).path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
    expect(text.replace(/\s+/g, '')).toContain('สมศรีอาสา');
    await page.close();
  });
});
