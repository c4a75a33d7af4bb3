import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * The subdistrict admin of Bo Yang (900101) drafts the year's quality-of-life plan in Chromium: the
 * draft proposes a project per need found at home visits (2 persons need a wheelchair, 1 a home
 * adaptation), she gives the wheelchair project a budget, a fund and an agency, saves, approves the plan,
 * records the project's progress and downloads the PDF.
 */
const j = journey();

/** Picks an option of a Mantine Select (typing first when it is searchable). */
async function choose(page: Page, scope: Locator | Page, label: string | RegExp, option: string, type?: string) {
  const box = scope.getByRole('combobox', { name: label });
  await box.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await box.click();
  if (type) await box.fill(type);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('subdistrict quality-of-life plan', () => {
  it('drafts a plan from the needs, edits a project’s budget and fund, saves, approves, tracks it, and downloads the PDF', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await j.signIn(page, 'boyang');
    // Three home visits in Bo Yang: two persons need a wheelchair, one a home adaptation.
    const persons = await (await page.request.get(`${j.app.url}/api/persons?area=900101&pageSize=3`)).json();
    expect(persons.items).toHaveLength(3);
    const needs = [['device.wheelchair'], ['device.wheelchair'], ['housing.adaptation']];
    for (const [i, p] of (persons.items as Array<{ id: string }>).entries()) {
      const r = await page.request.post(`${j.app.url}/api/visits`, {
        data: {
          id: crypto.randomUUID(),
          personId: p.id,
          visitedAt: new Date(Date.now() - 3600_000).toISOString(),
          gps: null,
          present: ['self'],
          vitals: {},
          needs: needs[i]!.map((code) => ({ code })),
          help: [],
          photos: [],
          note: '',
          nextVisitOn: '2099-01-01',
          assessmentIds: [],
        },
      });
      expect(r.status(), await r.text()).toBe(201);
    }

    await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'แผนคุณภาพชีวิตตำบล' }).click();
    await page.waitForURL(/\/area-plans$/);
    await page.getByRole('heading', { name: 'แผนพัฒนาคุณภาพชีวิตตำบล', level: 1 }).waitFor();
    await page.getByText('ยังไม่มีแผนในพื้นที่และปีงบประมาณที่เลือก').waitFor();
    await choose(page, page, 'ปีงบประมาณของแผน', 'ปีงบประมาณ 2570');
    await page.getByRole('button', { name: 'จัดทำร่างแผนจากความต้องการ' }).click();
    await page.waitForURL(/\/area-plans\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1)!;

    // The draft: one project per need category, with its count; the needs beside it, all covered.
    await page.locator('[data-plan-editor][data-base-version="1"]').waitFor();
    await page.locator('[data-plan-header]').getByText('ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา', { exact: true }).waitFor();
    const projects = page.locator('[data-edit-project]');
    await expect.poll(() => projects.count()).toBe(2);
    const wheelchairs = projects.first();
    expect(await wheelchairs.getByRole('textbox', { name: /ชื่อโครงการ/ }).inputValue()).toBe('อุปกรณ์ช่วยเหลือคนพิการ/ผู้สูงอายุ (2 คน)');
    expect(await wheelchairs.getByRole('textbox', { name: /กลุ่มเป้าหมาย/ }).inputValue()).toBe('2');
    const device = page.locator('[data-needs-panel] [data-need-category="device"]');
    await device.getByText('รถเข็นนั่ง: 2 คน').waitFor();
    expect(await device.getAttribute('data-uncovered')).toBe('0');

    // Removing the housing project leaves its need uncovered, after a confirmation.
    await projects.nth(1).getByRole('button', { name: 'ลบโครงการที่ 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'ลบโครงการออกจากแผน' }).click();
    await expect.poll(() => projects.count()).toBe(1);
    await expect.poll(() => page.locator('[data-needs-panel] [data-need-category="housing"]').getAttribute('data-uncovered')).toBe('1');

    // A budget without a fund is refused at the field; nothing typed is lost.
    await wheelchairs.getByRole('textbox', { name: /งบประมาณ \(บาท\)/ }).fill('45000');
    await page.getByRole('button', { name: 'บันทึกแผน', exact: true }).click();
    await wheelchairs.getByText('ระบุแหล่งงบประมาณเมื่อมีงบประมาณ').waitFor();
    expect(await wheelchairs.getByRole('textbox', { name: /งบประมาณ \(บาท\)/ }).inputValue()).toBe('45,000');
    await choose(page, wheelchairs, /แหล่งงบประมาณ/, 'กองทุนส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ');
    await choose(page, wheelchairs, /หน่วยงานที่รับผิดชอบ/, 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง', 'บ่อยาง');
    await page.getByRole('button', { name: 'บันทึกแผน', exact: true }).click();
    await page.locator('[data-plan-editor][data-base-version="2"]').waitFor();
    await page.locator('[data-budget] [data-funding="disability_fund"]').getByText('45,000.00 บาท').waitFor();

    const saved = await (await page.request.get(`${j.app.url}/api/area-plans/${id}`)).json();
    expect(saved.projects.map((p: { budget: number; fundingSource: string; organisation: string }) => [p.budget, p.fundingSource, p.organisation])).toEqual([
      [45000, 'disability_fund', 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง'],
    ]);

    // Approved (after a confirmation), the project's progress is tracked.
    await page.getByRole('button', { name: 'อนุมัติแผน', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'อนุมัติแผน', exact: true }).click();
    await page.locator('[data-plan-header][data-status="approved"]').waitFor();
    const card = page.locator(`[data-project="${saved.projects[0].id}"]`);
    await choose(page, card, 'เปลี่ยนสถานะโครงการที่ 1', 'กำลังดำเนินการ');
    await card.getByRole('textbox', { name: 'ความคืบหน้าโครงการที่ 1' }).fill('สั่งซื้อรถเข็น 2 คันแล้ว');
    await card.getByRole('button', { name: 'บันทึกความคืบหน้า' }).click();
    await page.locator(`[data-project="${saved.projects[0].id}"][data-status="in_progress"]`).waitFor();
    await card
      .locator('[data-updates]')
      .getByText(/อรุณี บ่อยาง · ยังไม่เริ่ม → กำลังดำเนินการ · สั่งซื้อรถเข็น 2 คันแล้ว/)
      .waitFor();

    // On a phone nothing is wider than the screen.
    await page.setViewportSize({ width: 360, height: 800 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'ดาวน์โหลด PDF' }).click();
    expect((await download).suggestedFilename()).toBe('area-plan-900101-2570.pdf');
    expect((await readFile(await (await download).path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });
});
