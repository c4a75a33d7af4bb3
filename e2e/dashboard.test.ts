import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addMonths, formatMonth, formatMonthShort, type IndicatorValues, meetsTarget, STARTING_INDICATORS, thaiMonthOf } from '@carehub/core';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
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

/**
 * Quality-of-life indicators (issue 8): the province admin reads the six starting indicators for
 * Songkhla, each card the server's figure (a value, or "—" and "0 จาก 0" when nothing was counted),
 * an indicator's trend and its districts as tables beside the charts, drills to a district and back
 * by the breadcrumb, and sets a target that holds after a reload; a subdistrict admin has only
 * ต.บ่อยาง, no target editing, and a clear message for the province.
 */
type Series = IndicatorValues['indicators'][number];
const indicatorsHeading = (page: Page) => page.getByRole('heading', { level: 1 });
const card = (page: Page, s: Pick<Series, 'name'>) => page.getByRole('region', { name: s.name.th, exact: true });
/** What a card headlines: the last month that is final, else the last month (as the page does). */
const headlineOf = (s: Series) => s.months.findLast((m) => !m.provisional) ?? s.months.at(-1)!;
/** A percentage as the Thai page prints it: one decimal, "—" when nothing was counted. */
const percent = (v: number | null) =>
  v === null ? '—' : `${new Intl.NumberFormat('th-TH', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}%`;
const indicatorValues = async (page: Page, area?: string): Promise<IndicatorValues> => {
  const res = await page.request.get(`${j.app.url}/api/indicators/values${area ? `?area=${area}` : ''}`);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
};
/** The body rows of a figures table, as [row header, numerator, denominator, value] texts, keyed by month or area code. */
const tableRows = (table: Locator) =>
  table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-key') ?? '', ...Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())] as const),
    );
const DISABILITY_CARD = STARTING_INDICATORS.find((d) => d.code === 'disability_card_held')!;

describe('quality-of-life indicators', () => {
  it('shows the province admin the six indicators, a trend and the districts as tables, each figure the server’s, and drills to a district', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'songkhla');
    await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'ตัวชี้วัดคุณภาพชีวิต' }).click();
    await page.waitForURL(/\/indicators$/);
    await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: สงขลา' }).waitFor();
    const v = await indicatorValues(page);
    expect(v.area.code).toBe('90');

    // The six starting indicators, by their Thai names, in order, one card each.
    expect(v.indicators.map((s) => s.code)).toEqual(STARTING_INDICATORS.map((d) => d.code));
    await page.locator('[data-indicator]').nth(5).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(STARTING_INDICATORS.map((d) => d.name.th));

    // Each card headlines the server's value for the province, or says that nothing was counted.
    let counted = 0;
    let empty = 0;
    for (const s of v.indicators) {
      const c = card(page, s);
      const h = headlineOf(s);
      await c.getByText(`ล่าสุด ${formatMonthShort(h.month)}`, { exact: true }).waitFor();
      expect(await c.locator('[data-value]').getAttribute('data-value')).toBe(h.value === null ? '' : String(h.value));
      if (h.value === null) {
        empty++;
        expect(await c.locator('[data-value]').textContent()).toBe('—');
        await c.getByText(s.unit === 'percent' ? '0 จาก 0' : 'จาก 0 คน', { exact: true }).waitFor();
      } else {
        counted++;
        if (s.unit === 'percent') expect(await c.locator('[data-value]').textContent()).toBe(percent(h.value));
      }
      if (s.children.every((x) => x.denominator === 0)) await c.getByText('ไม่มีพื้นที่ย่อยที่มีข้อมูลในเดือนนี้').waitFor();
    }
    // The demo data has figures for some indicators and none for others, so both displays are seen.
    expect(counted).toBeGreaterThan(0);
    expect(empty).toBeGreaterThan(0);

    // Disability cards: the figure, its counts, the target and whether it is reached.
    const s = v.indicators.find((x) => x.code === DISABILITY_CARD.code)!;
    const h = headlineOf(s);
    expect(h.value).not.toBeNull();
    expect(s.target).not.toBeNull();
    const c = card(page, s);
    await c.getByText(percent(h.value), { exact: true }).waitFor();
    await c.getByText(`${h.numerator} จาก ${h.denominator}`, { exact: true }).waitFor();
    await c.getByText('เป้าหมาย · ยิ่งสูงยิ่งดี').waitFor();
    expect(await c.locator('[data-target]').textContent()).toBe(percent(s.target));
    await c.getByText(meetsTarget(h.value, s.target, s.direction) ? 'ถึงเป้าหมาย' : 'ยังไม่ถึงเป้าหมาย', { exact: true }).waitFor();
    // Both charts are drawn, named with their target line ...
    await c.getByRole('img', { name: `กราฟเส้นแนวโน้มรายเดือนของ ${s.name.th} พร้อมเส้นเป้าหมาย` }).waitFor();
    await c.getByRole('img', { name: `กราฟแท่งเปรียบเทียบพื้นที่ย่อยของ ${s.name.th} พร้อมเส้นเป้าหมาย` }).waitFor();

    // ... and read as tables: the trend month by month, the server's counts in each row.
    await c.getByRole('button', { name: 'แสดงเป็นตาราง' }).click();
    expect(await c.getByRole('button', { name: 'แสดงเป็นกราฟ' }).getAttribute('aria-pressed')).toBe('true');
    const trend = c.getByRole('table', { name: `${s.name.th}: แนวโน้มรายเดือน` });
    await trend.waitFor();
    for (const col of ['เดือน', 'ตัวตั้ง', 'ตัวหาร', 'ค่า']) await trend.getByRole('columnheader', { name: col, exact: true }).waitFor();
    expect(await tableRows(trend)).toEqual(
      s.months.map((m) => [
        m.month,
        `${formatMonthShort(m.month)}${m.provisional ? ' (ยังไม่สิ้นสุด)' : ''}`,
        m.numerator.toLocaleString('th-TH'),
        m.denominator.toLocaleString('th-TH'),
        percent(m.value),
      ]),
    );
    expect(s.months).toHaveLength(12);

    // The districts of Songkhla compared for the last month, each a link.
    const compare = c.getByRole('table', { name: `${s.name.th}: เปรียบเทียบพื้นที่ย่อย เดือน ${formatMonthShort(v.to)}` });
    await compare.waitFor();
    expect(s.children.length).toBeGreaterThan(1);
    expect(s.children.every((x) => /^90\d\d$/.test(x.area.code))).toBe(true);
    expect(await tableRows(compare)).toEqual(
      s.children.map((x) => [x.area.code, x.area.nameTh, x.numerator.toLocaleString('th-TH'), x.denominator.toLocaleString('th-TH'), percent(x.value)]),
    );
    const muang = s.children.find((x) => x.area.code === '9001')!;
    expect(muang.denominator).toBeGreaterThan(0);

    // Drilling to Mueang Songkhla: the heading and the breadcrumb follow, and its own figures add up to its row above.
    await compare.getByRole('link', { name: 'เมืองสงขลา', exact: true }).click();
    await page.waitForURL(/\/indicators\?area=9001$/);
    await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: เมืองสงขลา' }).waitFor();
    const crumbs = page.getByRole('navigation', { name: 'ลำดับพื้นที่' });
    await crumbs.getByText('เมืองสงขลา', { exact: true }).and(crumbs.locator('[aria-current="page"]')).waitFor();
    await crumbs.getByRole('link', { name: 'สงขลา', exact: true }).waitFor();
    const district = await indicatorValues(page, '9001');
    const ds = district.indicators.find((x) => x.code === DISABILITY_CARD.code)!;
    const last = ds.months.at(-1)!;
    expect([last.numerator, last.denominator]).toEqual([muang.numerator, muang.denominator]);
    await expect.poll(() => card(page, ds).locator('[data-value]').getAttribute('data-value')).toBe(String(headlineOf(ds).value));
    expect(ds.children.every((x) => x.area.code.startsWith('9001') && x.area.code.length === 6)).toBe(true);

    // The breadcrumb goes back up to the province.
    await crumbs.getByRole('link', { name: 'สงขลา', exact: true }).click();
    await page.waitForURL(/\/indicators\?area=90$/);
    await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: สงขลา' }).waitFor();
    await page.close();
  }, 90_000);

  it('lets the province admin set a target that holds after a reload', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'songkhla');
    await page.goto(`${j.app.url}/indicators`);
    await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: สงขลา' }).waitFor();
    const s = (await indicatorValues(page)).indicators.find((x) => x.code === DISABILITY_CARD.code)!;
    const value = headlineOf(s).value!;
    const before = s.target!;
    // A target just under this month's value: the card turns from "not reached" to "reached".
    const target = Math.max(0, Math.floor(value) - 1);
    expect(meetsTarget(value, before, s.direction)).toBe(false);
    const c = card(page, s);
    await c.getByText('ยังไม่ถึงเป้าหมาย', { exact: true }).waitFor();

    try {
      await c.getByRole('button', { name: 'แก้ไขเป้าหมาย' }).click();
      const dialog = page.getByRole('dialog', { name: `เป้าหมาย: ${s.name.th}` });
      const input = dialog.getByRole('textbox', { name: 'ค่าเป้าหมาย (ร้อยละ)' });
      expect(await input.inputValue()).toBe(String(before));
      await input.fill(String(target));
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await page.getByText('บันทึกเป้าหมายแล้ว').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => c.locator('[data-target]').textContent()).toBe(percent(target));
      await c.getByText('ถึงเป้าหมาย', { exact: true }).waitFor();

      // Saved on the server, not only on the page: a reload shows it, and so does the definitions list.
      await page.reload();
      await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: สงขลา' }).waitFor();
      await c.locator('[data-target]').waitFor();
      expect(await c.locator('[data-target]').textContent()).toBe(percent(target));
      await c.getByText('ถึงเป้าหมาย', { exact: true }).waitFor();
      const list = await (await page.request.get(`${j.app.url}/api/indicators`)).json();
      expect(list.indicators.find((x: { code: string }) => x.code === DISABILITY_CARD.code).definition.target).toBe(target);
    } finally {
      // Put the shipped target back for the tests after this one.
      const res = await page.request.patch(`${j.app.url}/api/indicators/${DISABILITY_CARD.code}`, { data: { target: before } });
      expect(res.status(), await res.text()).toBe(200);
    }
    await page.close();
  });

  it('keeps a subdistrict admin to ต.บ่อยาง, without target editing, and says so clearly for the province', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'boyang');
    await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'ตัวชี้วัดคุณภาพชีวิต' }).click();
    await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: บ่อยาง' }).waitFor();
    const v = await indicatorValues(page);
    expect(v.area.code).toBe('900101');

    // The province and district are named in the path but are not links; the area picker is fixed to Bo Yang, with no search.
    const crumbs = page.getByRole('navigation', { name: 'ลำดับพื้นที่' });
    await crumbs.getByText('สงขลา', { exact: true }).waitFor();
    await crumbs.getByText('เมืองสงขลา', { exact: true }).waitFor();
    expect(await crumbs.getByRole('link').count()).toBe(0);
    for (const [level, name] of [
      ['จังหวัด', 'สงขลา'],
      ['อำเภอ', 'เมืองสงขลา'],
      ['ตำบล', 'บ่อยาง'],
    ] as const) {
      const select = page.getByRole('combobox', { name: level });
      await expect.poll(() => select.inputValue()).toBe(name);
      expect(await select.isEditable()).toBe(false);
    }
    expect(await page.getByRole('textbox', { name: 'ค้นหาพื้นที่' }).count()).toBe(0);

    // The server's figure for Bo Yang, its villages compared; and targets are not theirs to change.
    const s = v.indicators.find((x) => x.code === DISABILITY_CARD.code)!;
    const c = card(page, s);
    await c.getByText(percent(headlineOf(s).value), { exact: true }).waitFor();
    expect(await c.locator('[data-value]').getAttribute('data-value')).toBe(String(headlineOf(s).value));
    await c.getByRole('button', { name: 'แสดงเป็นตาราง' }).click();
    const villages = await tableRows(c.getByRole('table', { name: `${s.name.th}: เปรียบเทียบพื้นที่ย่อย เดือน ${formatMonthShort(v.to)}` }));
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every(([code, name]) => /^900101\d\d$/.test(code) && name === `หมู่ที่ ${Number(code.slice(6))}`)).toBe(true);
    expect(await page.getByRole('button', { name: 'แก้ไขเป้าหมาย' }).count()).toBe(0);
    expect((await page.request.patch(`${j.app.url}/api/indicators/${DISABILITY_CARD.code}`, { data: { target: 1 } })).status()).toBe(403);

    // The province: refused by the server, and the page says why and leads back.
    expect((await page.request.get(`${j.app.url}/api/indicators/values?area=90`)).status()).toBe(403);
    await page.goto(`${j.app.url}/indicators?area=90`);
    const alert = page.getByTestId('indicators-out-of-scope');
    await alert.getByText('พื้นที่นี้อยู่นอกความรับผิดชอบของคุณ').waitFor();
    expect(await page.locator('[data-indicator]').count()).toBe(0);
    await alert.getByRole('link', { name: 'กลับไปพื้นที่ของฉัน' }).click();
    await indicatorsHeading(page).filter({ hasText: 'ตัวชี้วัดคุณภาพชีวิต: บ่อยาง' }).waitFor();
    await page.close();
  });
});

/** A CSV text's records (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      i++;
    } else field += ch;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

/**
 * The persons list with a filter downloads as a workbook and as CSV: every person the list counts
 * (not one page), each of them in the filtered group, the Thai text intact.
 */
describe('list downloads', () => {
  it('downloads the filtered persons list as XLSX and CSV with every person the list counts', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'songkhla');
    await page.getByRole('navigation', { name: 'เมนูหลัก' }).getByRole('link', { name: 'ทะเบียนบุคคล' }).click();
    await page.waitForURL(/\/persons$/);
    const all = page.getByText(/^ทั้งหมด [\d,]+ รายการ$/);
    await all.waitFor();

    // Filter to people with a disability; the page shows the server's total for that filter.
    const listed = page.waitForResponse((r) => /\/api\/persons\?/.test(r.url()) && new URL(r.url()).searchParams.get('vulnerability') === 'disability');
    await page.getByRole('combobox', { name: 'กลุ่มเปราะบาง' }).click();
    await page.getByRole('option', { name: 'คนพิการ', exact: true }).click();
    await page.waitForURL(/\/persons\?vulnerability=disability$/);
    const { total } = (await (await listed).json()) as { total: number };
    expect(total).toBeGreaterThan(20);
    await page.getByText(`ทั้งหมด ${total.toLocaleString('en-US')} รายการ`, { exact: true }).waitFor();
    const names = await page.getByRole('table').getByRole('link').allTextContents();
    expect(names).toHaveLength(20);
    const menu = page.getByRole('button', { name: 'ดาวน์โหลด: รายการตามตัวกรองปัจจุบัน' });

    // The workbook: a title line naming the filter and the count, two header rows, then one row per person.
    await menu.click();
    const xlsx = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Excel (.xlsx)' }).click();
    expect((await xlsx).suggestedFilename()).toMatch(/^persons-90-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.getByText(`ดาวน์โหลดแล้ว ${total.toLocaleString('en-US')} แถว`, { exact: true }).waitFor();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await (await xlsx).path())!)) as never);
    const sheet = book.getWorksheet('ทะเบียนบุคคล')!;
    expect(String(sheet.getCell('A1').value)).toMatch(new RegExp(`^ทะเบียนบุคคล สงขลา \\(คนพิการ\\) · .* · ${total.toLocaleString('en-US')} คน · `));
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toContain('Vulnerability');
    const nameCol = header.indexOf('ชื่อ-นามสกุล') + 1;
    const flagsCol = header.indexOf('กลุ่มเปราะบาง') + 1;
    expect(nameCol).toBeGreaterThan(0);
    expect(flagsCol).toBeGreaterThan(0);
    expect(sheet.rowCount - 3).toBe(total);
    const rows = Array.from({ length: total }, (_, i) => sheet.getRow(i + 4));
    expect(rows.filter((r) => !String(r.getCell(flagsCol).value).split(', ').includes('คนพิการ'))).toEqual([]);
    // The first page's people are in the file.
    const fileNames = new Set(rows.map((r) => String(r.getCell(nameCol).value)));
    expect(names.filter((n) => !fileNames.has(n))).toEqual([]);

    // The CSV: UTF-8 with a byte-order mark, the Thai header and text intact, the same people.
    await menu.click();
    const csv = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'CSV (.csv)' }).click();
    expect((await csv).suggestedFilename()).toMatch(/^persons-90-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await (await csv).path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    const [head, ...records] = csvRecords(text);
    expect(head).toEqual(header);
    expect(records).toHaveLength(total);
    expect(records.filter((r) => !r[flagsCol - 1]!.split(', ').includes('คนพิการ'))).toEqual([]);
    expect(new Set(records.map((r) => r[nameCol - 1]))).toEqual(fileNames);
    await page.close();
  }, 90_000);
});
