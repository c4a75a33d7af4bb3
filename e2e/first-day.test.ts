import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carehubCli, freshPostgresDatabase, launchChromium, type RunningCareHub, startCareHub } from './harness.js';

/**
 * Issue 19: a real province's first day, on an empty PostgreSQL database and without demo data.
 * The operator migrates, runs `carehub init` and `carehub serve`; the first administrator signs in,
 * adds two agencies, adds a data source from the agency's own file (its disability types written in
 * words, one of them the agency's own phrase, said what it means in the value map) and imports it: the
 * registry has each person with their types, under today's area even where the file gave a code from
 * before a district split, and the import lists the rows it took with a warning.
 */
const ADMIN = 'korat.admin';
const PASSWORD = 'โคราช-ดูแลทุกคน-2569';

/** A national ID with its check digit (the first 12 digits given). */
const cid = (d12: string) => `${d12}${(11 - ([...d12].reduce((s, d, i) => s + Number(d) * (13 - i), 0) % 11)) % 10}`;
const IDS = [cid('330060012341'), cid('330060012342'), cid('330060012343')];

/**
 * The agency's file: UTF-8 with a byte-order mark, Buddhist-era dates, subdistrict codes (300602 is
 * ต.ท่าช้าง's code from before อ.เฉลิมพระเกียรติ was split from อ.เมืองนครราชสีมา; today it is 303202).
 */
const FILE = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    [
      'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,รหัสตำบล,ประเภทความพิการ',
      `K1,นางสมหญิง ใจงาม,${IDS[0]},5/3/2490,300602,ทางการเห็น`,
      `K2,นายสมชาย มั่นคง,${IDS[1]},12/8/2495,300101,"ทางการเคลื่อนไหวหรือทางร่างกาย, ตาบอด"`,
      `K3,นางมาลี ศรีสุข,${IDS[2]},3/4/2500,300699,พิการซ้ำซ้อน`,
    ].join('\r\n'),
    'utf8',
  ),
]);

async function choose(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, option: string) {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await box.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('a province’s first day on an empty PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let app: RunningCareHub;
  let browser: Browser;
  let initOutput = '';

  beforeAll(async () => {
    db = await freshPostgresDatabase();
    const env = { DATABASE_URL: db.url };
    carehubCli(['migrate'], env);
    initOutput = carehubCli(['init', '--organisation', 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครราชสีมา', '--area', '30', '--admin', ADMIN], {
      ...env,
      CAREHUB_ADMIN_PASSWORD: PASSWORD,
    });
    [app, browser] = await Promise.all([startCareHub({ databaseUrl: db.url, command: 'serve' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  it('init makes the first administrator, and serve adds no demo data', () => {
    expect(initOutput).toContain(`system administrator ${ADMIN} created`);
    expect(initOutput).not.toContain(PASSWORD);
    expect(app.output.join('')).not.toContain('Demo logins');
  });

  it('the administrator adds two agencies, a source with a value map, imports, and finds everyone under today’s areas', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel('ชื่อผู้ใช้').fill(ADMIN);
    await page.getByLabel('รหัสผ่าน').fill(PASSWORD);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // An empty registry: nobody but what this test brings.
    expect((await (await page.request.get(`${app.url}/api/persons`)).json()).total).toBe(0);

    await page.goto(`${app.url}/admin/organisations`);
    for (const [name, type] of [
      ['องค์การบริหารส่วนจังหวัดนครราชสีมา', 'องค์การบริหารส่วนจังหวัด (อบจ.)'],
      ['สำนักงานสาธารณสุขจังหวัดนครราชสีมา', 'สำนักงานสาธารณสุขจังหวัด (สสจ.)'],
    ] as const) {
      await page.getByRole('button', { name: 'เพิ่มหน่วยงาน' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'ชื่อหน่วยงาน' }).fill(name);
      await choose(page, dialog, 'ประเภทหน่วยงาน', type);
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await page.getByText(`เพิ่มหน่วยงาน ${name} แล้ว`).waitFor();
      await dialog.waitFor({ state: 'detached' });
    }
    const orgs = await (await page.request.get(`${app.url}/api/organisations?all=true`)).json();
    expect(orgs.items.map((o: { name: string }) => o.name).sort()).toEqual(
      ['สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครราชสีมา', 'สำนักงานสาธารณสุขจังหวัดนครราชสีมา', 'องค์การบริหารส่วนจังหวัดนครราชสีมา'].sort(),
    );

    // A former code no package knows, kept by the administrator as reference data.
    const successors = page.locator('[data-area-successors]');
    await successors.getByRole('textbox', { name: 'รหัสตำบลเดิม (6 หลัก)' }).fill('300699');
    await successors.getByRole('textbox', { name: 'ชื่อตำบลเดิม' }).fill('ในเมืองเก่า');
    await successors.getByLabel('ค้นหาพื้นที่').fill('ในเมือง');
    await page.locator('[data-area-hit="300101"]').click();
    await successors.getByRole('button', { name: 'เพิ่มรหัสเดิม' }).click();
    await successors.locator('[data-successor="300699"]').getByText('ผู้ดูแลเพิ่ม').waitFor();

    // A source from the agency's own file: the columns are recognised, and the one value nobody knows is asked about.
    await page.goto(`${app.url}/imports`);
    await page.getByRole('button', { name: 'เพิ่มแหล่งข้อมูล' }).click();
    const editor = page.locator('[data-mapping-editor="new"]');
    await page.locator('input[type="file"]').setInputFiles({ name: 'ทะเบียนคนพิการ-โคราช.csv', mimeType: 'text/csv', buffer: FILE });
    await editor.locator('[data-sample]').getByRole('cell', { name: 'นางมาลี ศรีสุข' }).waitFor();
    await page.locator('[data-encoding="utf-8"]').waitFor();
    expect(await editor.getByRole('combobox', { name: 'รหัสพื้นที่ (ตำบล/หมู่บ้าน)', exact: true }).inputValue()).toBe('รหัสตำบล');
    await choose(page, editor, 'คอลัมน์รหัสรายการของหน่วยงาน', 'ลำดับ');
    const values = editor.locator('[data-value-map="disabilityTypes"]');
    await values.locator('[data-unmapped="1"]').getByText('พิการซ้ำซ้อน', { exact: false }).waitFor();
    await choose(page, values, 'ความหมายของ "พิการซ้ำซ้อน"', 'ทางการเคลื่อนไหวหรือทางร่างกาย');
    expect(await values.locator('[data-unmapped]').count()).toBe(0);
    await editor.getByRole('textbox', { name: 'รหัสแหล่งข้อมูล' }).fill('pmj_korat_disability');
    await editor.getByRole('textbox', { name: 'ชื่อแหล่งข้อมูล' }).fill('ทะเบียนคนพิการ พมจ.นครราชสีมา');
    await editor.getByRole('button', { name: 'บันทึกการจับคู่' }).click();
    await page.waitForURL((u) => u.searchParams.get('source') === 'pmj_korat_disability');

    await page.getByRole('button', { name: 'นำเข้าแฟ้มนี้' }).click();
    const summary = page.locator('[data-import-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.locator('[data-count="accepted"] dd').getAttribute('data-value')).toBe('3');
    expect(await summary.locator('[data-count="rejected"] dd').getAttribute('data-value')).toBe('0');
    // The rows with former codes are listed with a warning naming both codes.
    const warnings = page.locator('[data-warnings]');
    await warnings.locator('[data-rejected-row="2"] [data-reason="areaCode"]').filter({ hasText: '300602' }).filter({ hasText: '303202' }).waitFor();
    await warnings.locator('[data-rejected-row="4"] [data-reason="areaCode"]').filter({ hasText: '300699' }).filter({ hasText: '300101' }).waitFor();

    const find = async (id: string) => {
      const list = await (await page.request.get(`${app.url}/api/persons?q=${id}`)).json();
      expect(list.total).toBe(1);
      return (await page.request.get(`${app.url}/api/persons/${list.items[0].id}`)).json();
    };
    const types = (p: { vulnerabilities: Array<{ kind: string; disabilityTypes?: number[] }> }) =>
      p.vulnerabilities.find((v) => v.kind === 'disability')?.disabilityTypes;
    const [k1, k2, k3] = await Promise.all(IDS.map(find));
    expect([k1.areaCode, k1.firstNameTh, k1.lastNameTh, types(k1)]).toEqual(['303202', 'สมหญิง', 'ใจงาม', [1]]);
    expect([k2.areaCode, types(k2)]).toEqual(['300101', [1, 3]]);
    // K3's code is the administrator's former code: today's ต.ในเมือง.
    expect([k3.areaCode, types(k3)]).toEqual(['300101', [3]]);

    // The registry page shows today's area by name and the types in words.
    await page.goto(`${app.url}/persons/${k1.id}`);
    await page
      .getByText(/ท่าช้าง.*เฉลิมพระเกียรติ/)
      .first()
      .waitFor();
    await page.getByRole('tab', { name: /กลุ่มเปราะบาง/ }).click();
    await page.getByRole('tabpanel').getByText('ทางการเห็น', { exact: true }).waitFor();
    await context.close();
  });
});
