import ExcelJS from 'exceljs';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, launchChromium, type RunningCareHub, signIn, startCareHub } from './harness.js';

/**
 * Issue 19, item 1 ("done when"): a data steward imports a generated 50,000-row Thai XLSX and a
 * 50,000-row TIS-620 CSV through the web app, and what the database holds equals what the files say,
 * byte for byte: every cell of every row as received, each person's names, birth date, house and
 * subdistrict. The names carry stacked marks (sometimes in an agency's own order, not NFC's), the
 * dates and house numbers Thai digits, a remarks column every Thai character, so shared strings and
 * file chunks split Thai letters everywhere.
 */
const ROWS = 50_000;
const HEADER = ['ลำดับ', 'เลขประจำตัวประชาชน', 'ชื่อ', 'นามสกุล', 'วันเกิด', 'บ้านเลขที่', 'หมู่ที่', 'รหัสตำบล', 'หมายเหตุ'];
const MAPPING = {
  columns: { cid: 'เลขประจำตัวประชาชน', firstName: 'ชื่อ', lastName: 'นามสกุล', birthDate: 'วันเกิด', houseNo: 'บ้านเลขที่', villageNo: 'หมู่ที่', areaCode: 'รหัสตำบล' },
  recordKey: 'ลำดับ',
};

const THAI = Array.from({ length: 0x0e5b - 0x0e01 + 1 }, (_, i) => String.fromCharCode(0x0e01 + i)).filter((c) => !/[\u0e3b-\u0e3e]/.test(c));
const CONSONANTS = THAI.filter((c) => c >= 'ก' && c <= 'ฮ');
const MARKS = ['\u0e31', '\u0e34', '\u0e35', '\u0e36', '\u0e37', '\u0e38', '\u0e39'];
const TONES = ['\u0e48', '\u0e49', '\u0e4a', '\u0e4b'];
const DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thaiNumber = (n: number) => String(n).replace(/\d/g, (d) => DIGITS[Number(d)]!);
const cid = (d12: string) => `${d12}${(11 - ([...d12].reduce((s, d, i) => s + Number(d) * (13 - i), 0) % 11)) % 10}`;

/** Songkhla's subdistricts, each row placed in one. */
let SUBDISTRICTS: string[] = [];

/** Row `i` as the agency wrote it, and what it must become: a name in letters the row number spells (unique, so no one links). */
function agencyRow(i: number): { cells: string[]; born: string } {
  const letters = (n: number, k: number) => CONSONANTS[Math.floor(n / CONSONANTS.length ** k) % CONSONANTS.length]!;
  const mark = MARKS[i % MARKS.length]!;
  const tone = TONES[i % TONES.length]!;
  // Tone before the vowel below in one row of seven: how some keyboards and agencies type it.
  const syllable = i % 7 === 5 ? `${letters(i, 0)}${tone}${mark}` : `${letters(i, 0)}${mark}${tone}`;
  const first = `${syllable}${letters(i, 1)}${letters(i, 2)}า`;
  const last = `เ${letters(i, 3)}${letters(i, 1)}ียร${letters(i, 0)}์`;
  // Never the 1st: 1 January and 1 July are read as placeholders (the year only), which is another test's subject.
  const day = (i % 27) + 2;
  const month = (i % 12) + 1;
  const year = 2470 + (i % 60);
  const window = THAI.slice(i % THAI.length)
    .concat(THAI.slice(0, i % THAI.length))
    .join('');
  return {
    cells: [
      `R${i}`,
      cid(`39${String(i).padStart(10, '0')}`),
      first,
      last,
      `${thaiNumber(day)}/${thaiNumber(month)}/${thaiNumber(year)}`,
      `${thaiNumber((i % 300) + 1)}/${thaiNumber((i % 9) + 1)}`,
      thaiNumber((i % 12) + 1),
      SUBDISTRICTS[i % SUBDISTRICTS.length]!,
      window,
    ],
    born: `${year - 543}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

async function xlsxFile(from: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const sheet = book.addWorksheet('ทะเบียน');
  sheet.addRow(HEADER).commit();
  for (let i = from; i < from + ROWS; i++) sheet.addRow(agencyRow(i).cells).commit();
  await sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}

/** The same layout as TIS-620 (Windows-874) bytes, as older agency software exports it. */
function tis620File(from: number): Buffer {
  const lines = [HEADER.join(',')];
  for (let i = from; i < from + ROWS; i++) lines.push(agencyRow(i).cells.join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  const out = Buffer.alloc(text.length);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    out[k] = c < 0x80 ? c : c - 0x0e00 + 0xa0;
  }
  return out;
}

describe('a 50,000-row Thai XLSX and a TIS-620 CSV through the web app', { timeout: 600_000 }, () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let client: pg.Client;
  let app: RunningCareHub;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    db = await freshPostgresDatabase();
    [app, browser] = await Promise.all([startCareHub({ databaseUrl: db.url }), launchChromium()]);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    SUBDISTRICTS = (await client.query<{ code: string }>(`SELECT code FROM areas WHERE level = 'subdistrict' AND code LIKE '90%' ORDER BY code`)).rows.map(
      (r) => r.code,
    );
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn(page, app.url, 'steward.pmj');
    const me = await (await page.request.get(`${app.url}/api/me`)).json();
    for (const code of ['e2e_bytes_xlsx', 'e2e_bytes_tis']) {
      const r = await page.request.put(`${app.url}/api/import-sources/${code}`, {
        data: { code, name: `ทดสอบความครบถ้วน ${code}`, organisationId: me.organisation.id, mapping: MAPPING },
      });
      expect(r.status(), await r.text()).toBe(200);
    }
  }, 240_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await client?.end();
    await app?.stop();
    await db?.drop();
  });

  async function importThroughPage(source: string, fileName: string, mimeType: string, buffer: Buffer, encoding: string) {
    await page.goto(`${app.url}/imports?source=${source}`);
    await page.locator(`[data-source-info="${source}"]`).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: fileName, mimeType, buffer });
    if (encoding !== 'xlsx') await page.locator(`[data-encoding="${encoding}"]`).waitFor();
    await page.getByRole('button', { name: 'นำเข้าแฟ้มนี้' }).click();
    const summary = page.locator('[data-import-summary]');
    await summary.waitFor({ timeout: 400_000 });
    const count = (key: string) => summary.locator(`[data-count="${key}"] dd`).getAttribute('data-value');
    expect([await count('total'), await count('accepted'), await count('rejected'), await count('created')]).toEqual([
      String(ROWS),
      String(ROWS),
      '0',
      String(ROWS),
    ]);
    return summary.getAttribute('data-import-summary');
  }

  /** Every row of the file against what the database holds for it. */
  async function expectStoredAsWritten(source: string, from: number) {
    const stored = await client.query<{
      record_key: string;
      raw: Record<string, string>;
      first_name_th: string;
      last_name_th: string;
      birth_date: string;
      house_no: string;
      village_no: number;
      area_code: string;
    }>(
      `SELECT r.record_key, r.raw, p.first_name_th, p.last_name_th, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.house_no, p.village_no, p.area_code
         FROM source_records r JOIN persons p ON p.id = r.person_id WHERE r.source_code = $1`,
      [source],
    );
    expect(stored.rows.length).toBe(ROWS);
    const byKey = new Map(stored.rows.map((r) => [r.record_key, r]));
    const differing: unknown[] = [];
    for (let i = from; i < from + ROWS; i++) {
      const { cells, born } = agencyRow(i);
      const s = byKey.get(`R${i}`);
      const ok =
        s &&
        Object.keys(s.raw).length === HEADER.length &&
        HEADER.every((h, k) => s.raw[h] === cells[k]) &&
        s.first_name_th === cells[2] &&
        s.last_name_th === cells[3] &&
        s.birth_date === born &&
        s.house_no === cells[5] &&
        s.village_no === (i % 12) + 1 &&
        s.area_code === cells[7];
      if (!ok && differing.length < 3) differing.push({ row: i, written: cells, stored: s });
    }
    expect(differing).toEqual([]);
  }

  it('imports the XLSX (shared strings) and stores every cell, name, date, house and area exactly as written', async () => {
    const file = await xlsxFile(0);
    await importThroughPage('e2e_bytes_xlsx', 'ทะเบียน-๕๐๐๐๐.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file, 'xlsx');
    await expectStoredAsWritten('e2e_bytes_xlsx', 0);
  });

  it('imports the TIS-620 CSV, named as TIS-620 before the import, and stores it exactly as written', async () => {
    const file = tis620File(ROWS);
    await importThroughPage('e2e_bytes_tis', 'ทะเบียน-tis620.csv', 'text/csv', file, 'windows-874');
    await expectStoredAsWritten('e2e_bytes_tis', ROWS);
  });
});
