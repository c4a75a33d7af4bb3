import { readFile } from 'node:fs/promises';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * พมจ.สงขลา's data steward brings in an agency list through the browser: adds a data source and maps
 * its columns from the file itself (the obvious ones pre-selected), uploads it over a slow line and
 * watches the progress bar, reads the summary and why each rejected row was refused, downloads those
 * rows to fix them, sends the same file again (nothing changes), sees each person counted once on the
 * coverage page, and rolls the import back. The test makes its own source and file, so it depends on
 * no demo source.
 */
const j = journey();

const SOURCE = 'e2e_pmj_list';
const SOURCE_NAME = 'รายชื่อคนพิการ พมจ. (ทดสอบนำเข้า)';

/** A national ID with its check digit (the first 12 digits given). */
const cid = (d12: string) => `${d12}${(11 - ([...d12].reduce((s, d, i) => s + Number(d) * (13 - i), 0) % 11)) % 10}`;
const dashed = (c: string) => `${c[0]}-${c.slice(1, 5)}-${c.slice(5, 10)}-${c.slice(10, 12)}-${c[12]}`;

/**
 * The agency's layout (one full-name column with the title, dashed IDs, Buddhist-era dates, Thai
 * address text), UTF-8 with a byte-order mark as Excel saves it, with a long remarks column so the
 * upload takes a few seconds on the throttled line.
 */
function agencyFile(known: { name: string; cid: string }): Buffer {
  const note = 'ข้อมูลจากการสำรวจภาคสนาม '.repeat(600);
  const lines = [
    'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ,หมายเหตุ',
    `E2E-1,${known.name},${dashed(known.cid)},,"10 ม.1 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3,${note}`,
    `E2E-2,นางทดสอบ นำเข้าหนึ่ง,${dashed(cid('390990012301'))},5/3/2490,"12 ม.3 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3,${note}`,
    `E2E-3,นายทดสอบ นำเข้าสอง,${cid('390990012302')},1/1/2495,"11 ม.2 ต.ฉาง อ.นาทวี จ.สงขลา","1,2",${note}`,
    `E2E-4,นายวันเกิด ผิดพลาด,,31/02/2500,"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",,${note}`,
    `E2E-5,นางไม่มี ตำบลนี้,,1/1/2490,"ต.ไม่มีจริง อ.เมืองสงขลา จ.สงขลา",,${note}`,
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]);
}

/** Picks an option of a Mantine Select. */
async function choose(page: Page, label: string, option: string) {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await box.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Keeps, in the page, every state the upload panel passes through ("upload:37", "processing:"), however briefly. */
function recordUploadPhases(page: Page) {
  return page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { __uploadPhases: seen });
    new MutationObserver(() => {
      const panel = document.querySelector('[data-upload-phase]');
      if (!panel) return;
      const state = `${panel.getAttribute('data-upload-phase')}:${panel.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? ''}`;
      if (seen.at(-1) !== state) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}
const uploadPhases = (page: Page) => page.evaluate(() => (window as unknown as { __uploadPhases: string[] }).__uploadPhases);

/** Whether the registry has the person the file's row E2E-2 registers (found by national ID). */
const registered = async (page: Page): Promise<number> => (await (await page.request.get(`${j.app.url}/api/persons?q=${cid('390990012301')}`)).json()).total;

const count = (page: Page, key: string) => page.locator(`[data-import-summary] [data-count="${key}"] dd`).getAttribute('data-value');

describe('importing an agency list', () => {
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let file: Buffer;
  let batchId = '';

  beforeAll(async () => {
    context = await j.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await j.signIn(page, 'steward.pmj');
    // A person the registry already has, to be linked by national ID rather than registered twice.
    const list = await (await page.request.get(`${j.app.url}/api/persons?area=900101&pageSize=50`)).json();
    const known = (list.items as Array<{ cid: string | null; titleTh: string | null; firstNameTh: string; lastNameTh: string }>).find((p) => p.cid);
    if (!known?.cid) throw new Error('no demo person of 900101 has a national ID');
    file = agencyFile({ name: `${known.titleTh ?? ''}${known.firstNameTh} ${known.lastNameTh}`, cid: known.cid });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('adds a source and maps its columns from the file, the obvious columns pre-selected', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'นำเข้าข้อมูล' }).click();
    await page.getByRole('heading', { name: 'นำเข้าข้อมูล' }).waitFor();
    await page.getByRole('button', { name: 'เพิ่มแหล่งข้อมูล' }).click();
    const editor = page.locator('[data-mapping-editor="new"]');
    await editor.getByText('เลือกแฟ้มตัวอย่างของหน่วยงานด้านบน').waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'คนพิการ-สงขลา.csv', mimeType: 'text/csv', buffer: file });

    // The file's first rows, to recognise its columns.
    await editor.locator('[data-sample]').getByRole('cell', { name: 'นางทดสอบ นำเข้าหนึ่ง' }).waitFor();
    await editor.getByText('ตัวอย่าง 5 แถวแรก จากทั้งหมด 5 แถว (การเข้ารหัส utf-8)').waitFor();
    const selected = (label: string) => editor.getByRole('combobox', { name: label, exact: true }).inputValue();
    expect(await selected('ชื่อ-นามสกุล (รวมคำนำหน้า)')).toBe('ชื่อ-สกุล');
    expect(await selected('เลขประจำตัวประชาชน')).toBe('เลขประจำตัวประชาชน');
    expect(await selected('วันเกิด')).toBe('วันเกิด');
    expect(await selected('ที่อยู่ (ข้อความ)')).toBe('ที่อยู่');
    expect(await selected('ประเภทความพิการ')).toBe('ประเภทความพิการ');
    expect(await selected('ชื่อ')).toBe('');
    expect(await selected('คอลัมน์รหัสรายการของหน่วยงาน')).toBe('');
    await choose(page, 'คอลัมน์รหัสรายการของหน่วยงาน', 'ลำดับ');

    // A code the server would refuse is caught on the form.
    await editor.getByRole('textbox', { name: 'รหัสแหล่งข้อมูล' }).fill('E2E PMJ');
    await editor.getByRole('textbox', { name: 'ชื่อแหล่งข้อมูล' }).fill(SOURCE_NAME);
    await editor.getByRole('button', { name: 'บันทึกการจับคู่' }).click();
    await editor.getByText('ใช้ได้เฉพาะ a–z, 0–9 และ _ ยาว 2–40 ตัว').waitFor();
    await editor.getByRole('textbox', { name: 'รหัสแหล่งข้อมูล' }).fill(SOURCE);
    await editor.getByRole('button', { name: 'บันทึกการจับคู่' }).click();

    // Saved: the new source is chosen, with its mapping, and the file is still there to import.
    await page.waitForURL((u) => u.searchParams.get('source') === SOURCE);
    await page.locator(`[data-source-info="${SOURCE}"]`).getByText('จับคู่คอลัมน์ไว้ 5 รายการ').waitFor();
    expect(await page.getByRole('combobox', { name: 'แหล่งข้อมูล', exact: true }).inputValue()).toBe(SOURCE_NAME);
    await page.getByText('ยังไม่เคยนำเข้าแฟ้มของแหล่งข้อมูลนี้').waitFor();
    const sources = await (await page.request.get(`${j.app.url}/api/import-sources`)).json();
    expect(sources.find((s: { code: string }) => s.code === SOURCE)).toMatchObject({
      mine: true,
      organisation: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา',
      mapping: {
        columns: { fullName: 'ชื่อ-สกุล', cid: 'เลขประจำตัวประชาชน', birthDate: 'วันเกิด', address: 'ที่อยู่', disabilityTypes: 'ประเภทความพิการ' },
        recordKey: 'ลำดับ',
      },
    });
  });

  it('uploads the file with a progress bar, then shows the summary and why each rejected row was refused', async () => {
    expect(file.length).toBeGreaterThan(200_000);
    await recordUploadPhases(page);
    // A slow line (about 100 kB/s up), so the transfer takes a few seconds.
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    await page.getByRole('button', { name: 'นำเข้าแฟ้มนี้' }).click();

    // The bar moves with the bytes sent, then turns into "processing" until the summary arrives.
    const bar = page.locator('[data-upload-phase="upload"]').getByRole('progressbar');
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 20_000 }).toMatch(/^[1-9]\d?$/);
    await page.locator('[data-import-summary]').waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const phases = await uploadPhases(page);
    expect(
      phases.some((p) => /^upload:([1-9]\d?)$/.test(p)),
      phases.join(' '),
    ).toBe(true);
    // Then the server's own progress, until the summary replaces the panel (a five-row file may be done before it shows).
    expect(phases.at(-1), phases.join(' ')).toMatch(/^(processing|counting|reading|matching|done):\d*$/);
    expect(await page.locator('[data-upload-phase]').count()).toBe(0);

    await page.getByRole('heading', { name: 'ผลการนำเข้า คนพิการ-สงขลา.csv' }).waitFor();
    batchId = (await page.locator('[data-import-summary]').getAttribute('data-import-summary')) ?? '';
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await count(page, 'total')).toBe('5');
    expect(await count(page, 'accepted')).toBe('3');
    expect(await count(page, 'linked')).toBe('1');
    expect(await count(page, 'created')).toBe('2');
    expect(await count(page, 'review')).toBe('0');
    expect(await count(page, 'unchanged')).toBe('0');
    expect(await count(page, 'rejected')).toBe('2');
    expect(await registered(page)).toBe(1);

    // The rejected rows at once, by row number of the file, with the reasons in Thai.
    const rejected = page.locator(`[data-rejections="${batchId}"]`);
    await rejected.getByRole('heading', { name: 'แถวที่ไม่ผ่าน (2 แถว)' }).waitFor();
    const row5 = rejected.locator('[data-rejected-row="5"]');
    await row5.getByText('แถวที่ 5 · รหัสรายการ E2E-4').waitFor();
    await row5.getByText('อ่านวันเกิดไม่ได้ (31/02/2500)').waitFor();
    await rejected.locator('[data-rejected-row="6"]').getByText('ไม่พบพื้นที่ ต.ไม่มีจริง อ.เมืองสงขลา จ.สงขลา').waitFor();
    // …and in English when the user reads English.
    await page.getByText('EN', { exact: true }).click();
    await row5.getByText('Unreadable date of birth (31/02/2500)').waitFor();
    await page.getByText('ไทย', { exact: true }).click();
    await row5.getByText('อ่านวันเกิดไม่ได้ (31/02/2500)').waitFor();

    // The history lists the batch, imported, with the rollback offered on it.
    const batch = page.locator(`[data-batch="${batchId}"][data-status="done"]`);
    await batch.getByText('นำเข้าแล้ว').waitFor();
    await batch.getByRole('button', { name: 'ย้อนกลับการนำเข้า' }).waitFor();
  });

  it('downloads the rejected rows, with their reasons, to fix them', async () => {
    const link = page.locator(`[data-rejections="${batchId}"]`).getByRole('link', { name: 'ดาวน์โหลดแถวที่ไม่ผ่าน (CSV)' });
    expect(await link.getAttribute('href')).toBe(`/api/imports/${batchId}/rejections?format=csv`);
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toBe(`rejected-${batchId}.csv`);
    const bytes = await readFile((await (await download).path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The columns as received (not necessarily in the file's order), then the row number and the reasons in Thai and English.
    const [head = '', ...rows] = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(head.split(',').slice(-3)).toEqual(['แถวที่ (row)', 'เหตุผล', 'reason']);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['E2E-4', 'E2E-5']);
    expect(rows[0]?.split(',').slice(-3)).toEqual(['5', 'อ่านวันเกิดไม่ได้ (31/02/2500)', 'Unreadable date of birth (31/02/2500)']);
    expect(rows[0]?.includes(',นายวันเกิด ผิดพลาด,')).toBe(true);
    const xlsx = page.locator(`[data-rejections="${batchId}"]`).getByRole('link', { name: 'ดาวน์โหลดแถวที่ไม่ผ่าน (Excel)' });
    expect(await xlsx.getAttribute('href')).toBe(`/api/imports/${batchId}/rejections?format=xlsx`);
  });

  it('recognises the same file sent again: nothing changes', async () => {
    await page.locator('input[type="file"]').setInputFiles({ name: 'คนพิการ-สงขลา-อีกครั้ง.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('button', { name: 'นำเข้าแฟ้มนี้' }).click();
    const summary = page.locator(`[data-import-summary="${batchId}"][data-repeated="true"]`);
    await summary.getByRole('heading', { name: 'แฟ้มนี้เคยนำเข้าแล้ว ไม่มีการเปลี่ยนแปลง' }).waitFor();
    await summary.getByText(/แฟ้มเดียวกันนี้นำเข้าแล้วเมื่อ .* \(ชื่อแฟ้ม คนพิการ-สงขลา\.csv\)/).waitFor();
    // Still one batch in the history.
    expect(await page.locator('[data-batch]').count()).toBe(1);
  });

  it('counts each person once on the coverage page', async () => {
    await page.getByRole('link', { name: 'ดูความครอบคลุมของข้อมูล' }).click();
    await page.getByRole('heading', { name: 'ความครอบคลุมของข้อมูล' }).waitFor();
    const counted = (k: string) => page.locator(`[data-counted="${k}"] dd`).getAttribute('data-value');
    await page.locator('[data-counted="persons"] dd').waitFor();
    expect(await counted('persons')).toBe('3');
    await page.getByText('3 รายการจาก 1 แหล่งข้อมูล เป็นบุคคล 3 คน').waitFor();
    // Per district: เมืองสงขลา has the linked person and one new one, นาทวี one new; the two rows rejected before they could be placed have no area.
    const row = (district: string) => page.locator(`[data-coverage-row="${SOURCE}"][data-district="${district}"]`);
    const cells = async (district: string) =>
      Promise.all(['linked', 'new', 'review', 'rejected', 'integrated'].map((k) => row(district).locator(`[data-cell="${k}"]`).innerText()));
    await row('9001').getByText('เมืองสงขลา', { exact: false }).waitFor();
    expect(await cells('9001')).toEqual(['1', '1', '0', '0', '100%']);
    expect(await cells('9004')).toEqual(['0', '1', '0', '0', '100%']);
    expect(await cells('')).toEqual(['0', '0', '0', '2', '0%']);
    await row('').getByText('ไม่ระบุพื้นที่').waitFor();
    expect(await page.locator(`[data-coverage-row="${SOURCE}"]`).count()).toBe(3);
  });

  it('rolls the import back after saying what that does', async () => {
    await page.getByRole('link', { name: 'ไปที่การนำเข้าข้อมูล' }).click();
    await page.waitForURL(/\/imports/);
    await choose(page, 'แหล่งข้อมูล', SOURCE_NAME);
    const batch = page.locator(`[data-batch="${batchId}"]`);
    await batch.getByRole('button', { name: 'ย้อนกลับการนำเข้า' }).click();
    const dialog = page.getByRole('dialog', { name: 'ย้อนกลับการนำเข้า คนพิการ-สงขลา.csv' });
    await dialog.getByText(/บุคคลที่ลงทะเบียนใหม่จากแฟ้มนี้จะถูกลบออกจากทะเบียน เว้นแต่มีข้อมูลอื่นอ้างถึงแล้ว/).waitFor();
    await dialog.getByRole('button', { name: 'ย้อนกลับการนำเข้า' }).click();
    await page.getByText('ย้อนกลับแล้ว ลบบุคคลออก 2 ราย คงไว้ 0 ราย เพราะมีข้อมูลอื่นอ้างถึง').waitFor();
    await page.locator(`[data-batch="${batchId}"][data-status="rolled_back"]`).getByText('ย้อนกลับแล้ว', { exact: true }).waitFor();
    expect(await batch.getByRole('button', { name: 'ย้อนกลับการนำเข้า' }).count()).toBe(0);
    // The persons it registered are gone.
    expect(await registered(page)).toBe(0);

    await page.getByRole('navigation').getByRole('link', { name: 'ความครอบคลุมของข้อมูล' }).click();
    await page.getByText('ยังไม่มีข้อมูลนำเข้าในพื้นที่ของคุณ').waitFor();
    expect(await page.locator('[data-counted="persons"] dd').getAttribute('data-value')).toBe('0');
  });

  it('follows a long import live, reading then matching, and the history shows it while it runs', async () => {
    // 4,000 rows without a national ID: each is read, then matched by score after the file is read.
    const SYL = 'กา นา มา ลี ศรี สม ใจ ดี บุญ ทอง แก้ว คำ จันทร์ เพ็ญ วง ศักดิ์'.split(' ');
    const word = (i: number) => `${SYL[i % 16]}${SYL[Math.floor(i / 16) % 16]}${SYL[Math.floor(i / 256) % 16]}`;
    const rows = Array.from(
      { length: 4000 },
      (_, i) => `L-${i},นาง${word(i)} ยาว${word(i + 5)},,${1 + (i % 28)}/${1 + (i % 12)}/24${80 + (i % 20)},"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",,`,
    );
    const long = Buffer.from(['ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ,หมายเหตุ', ...rows].join('\r\n'), 'utf8');
    await page.getByRole('navigation').getByRole('link', { name: 'นำเข้าข้อมูล' }).click();
    await choose(page, 'แหล่งข้อมูล', SOURCE_NAME);
    await page.locator('input[type="file"]').setInputFiles({ name: 'รายชื่อยาว.csv', mimeType: 'text/csv', buffer: long });
    await recordUploadPhases(page);
    await page.getByRole('button', { name: 'นำเข้าแฟ้มนี้' }).click();

    // The running import's own bar: how many rows are read, then how many are matched.
    await page.locator('[data-upload-phase="reading"], [data-upload-phase="matching"]').first().waitFor({ timeout: 30_000 });
    const history = page.locator('[data-batch][data-status="running"]');
    await history.locator('[data-batch-progress]').waitFor({ timeout: 30_000 });
    await page.locator('[data-import-summary]').waitFor({ timeout: 120_000 });
    const phases = await uploadPhases(page);
    expect(
      phases.some((p) => /^reading:\d+$/.test(p)),
      phases.join(' '),
    ).toBe(true);
    expect(
      phases.some((p) => /^matching:\d+$/.test(p)),
      phases.join(' '),
    ).toBe(true);
    await page.getByRole('heading', { name: 'ผลการนำเข้า รายชื่อยาว.csv' }).waitFor();
    expect(await count(page, 'total')).toBe('4000');
    expect(await count(page, 'accepted')).toBe('4000');
    expect(await count(page, 'rejected')).toBe('0');
    const done = await page.locator('[data-import-summary]').getAttribute('data-import-summary');
    await page.locator(`[data-batch="${done}"][data-status="done"]`).waitFor();
  });
});
