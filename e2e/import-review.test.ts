import ExcelJS from 'exceljs';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey } from './harness.js';

/**
 * สสจ.สงขลา's data steward reviews the rows of an elderly list that the score could not place for
 * certain, on a phone: each row beside its candidate person field by field (agree, close, differs),
 * links one to the registry person and undoes the link again (split: a person of its own), registers
 * another as a new person, and is told plainly when someone else decided a row first. A longer list
 * pages 20 rows at a time with its total, the menu counts the rows waiting, and a link found wrong
 * later is split from the list of past decisions.
 *
 * The registry person is สมศรี ใจดี, born 5/3/2490 in ต.บ่อยาง, brought in with her national ID from
 * พมจ.'s list; the elderly list has no IDs and slipped names and dates, so its rows go to review.
 */
const j = journey();

/** A national ID with its check digit (the first 12 digits given). */
const cid = (d12: string) => `${d12}${(11 - ([...d12].reduce((s, d, i) => s + Number(d) * (13 - i), 0) % 11)) % 10}`;
const SOMSRI_CID = cid('390990077701');
/** Another สมศรี ใจดี, born the same day, in ต.ฉาง: the second list's rows are scored against her. */
const SOMSRI_CHANG_CID = cid('390990077702');
const SOURCE_NAME = 'คัดกรองผู้สูงอายุ สสจ.สงขลา';
/** An import's date and time as shown: "23 พ.ย. 2569 17:05" (Buddhist era). */
const SHOWN_AT = String.raw`\d{1,2} \S+ 25\d\d \d{1,2}:\d\d`;

interface Session {
  cookie: string;
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  post<T = unknown>(path: string, body: unknown, type?: string): Promise<{ status: number; body: T }>;
}

/** A demo user's own API session (apart from the browser's). */
async function session(username: string): Promise<Session> {
  const login = await fetch(`${j.app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'carehub-demo' }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const r = await fetch(`${j.app.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': type }) },
      body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : (body as Uint8Array<ArrayBuffer>),
    });
    return { status: r.status, body: await r.json() };
  };
  return { cookie, get: (path) => call('GET', path), post: (path, body, type) => call('POST', path, body, type) };
}

/** The elderly list's layout (สสจ.): title in its own column, Christian-era dates, subdistrict/district/province names. */
async function elderlyXlsx(rows: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('ผู้สูงอายุ');
  sheet.addRow(['HN', 'คำนำหน้า', 'ชื่อ', 'นามสกุล', 'เพศ', 'วันเกิด', 'ตำบล', 'อำเภอ', 'จังหวัด']);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

interface QueueItem {
  recordId: string;
  recordKey: string;
  row: { name: string; birthDate: string | null };
  candidates: Array<{ personId: string; probability: number; evidence: Record<string, number> }>;
}

interface Provenance {
  sourceRef: string | null;
}

describe('reviewing probable matches', () => {
  let context: BrowserContext;
  let page: Page;
  let ssj: Session;
  let somsri = '';
  const records: Record<string, string> = {};

  const card = (key: string) => page.locator(`[data-record-key="${key}"]`);
  const countHeading = (n: number) => page.getByRole('heading', { name: `รอตรวจสอบ ${n} รายการ` });
  const navBadge = () => page.locator('[data-nav-badge="import-review"]');
  /** Opens the phone's menu, reads the review entry's badge (null: none), and closes the menu again. */
  const badgeInMenu = async () => {
    await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    const link = page.getByRole('navigation').getByRole('link', { name: 'ตรวจสอบการจับคู่' });
    await link.waitFor();
    const text = (await navBadge().count()) ? await navBadge().innerText() : null;
    await page.getByRole('button', { name: 'ซ่อนเมนู' }).click();
    return text;
  };
  const answer = (path: RegExp) => page.waitForResponse((r: Response) => r.request().method() === 'POST' && path.test(new URL(r.url()).pathname));
  /** Whether the registry person's record holds anything from a row (its provenance names the row). */
  const toldSomsri = async (recordId: string) =>
    (await ssj.get<Provenance[]>(`/api/persons/${somsri}/provenance`)).body.some((p) => p.sourceRef?.endsWith(`:${recordId}`));

  beforeAll(async () => {
    // The registry person, with her national ID, from พมจ.'s list.
    const pmj = await session('steward.pmj');
    const list = [
      'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
      `RV-1,นางสมศรี ใจดี,${SOMSRI_CID},5/3/2490,"12 ม.3 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3`,
    ].join('\r\n');
    const registered = await pmj.post<{ created: number }>(
      `/api/imports?source=pmj_disability&fileName=${encodeURIComponent('ทะเบียน.csv')}`,
      new TextEncoder().encode(list),
      'text/csv',
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body.created).toBe(1);
    const found = await pmj.get<{ items: Array<{ id: string }> }>(`/api/persons?q=${SOMSRI_CID}`);
    somsri = found.body.items[0]?.id ?? '';
    expect(somsri).toMatch(/^[0-9a-f-]{36}$/);

    // สสจ.'s list: no IDs; a slipped first name and birth year, another month of the birth year and another surname, a birth date ten years off.
    ssj = await session('steward.ssj');
    const file = await elderlyXlsx([
      ['HN-R1', 'นาง', 'สมสี', 'ใจดี', 'หญิง', '1948-03-05', 'บ่อยาง', 'เมืองสงขลา', 'สงขลา'],
      ['HN-R2', 'นาง', 'สมศรี', 'ใจดีมาก', 'หญิง', '1947-08', 'บ่อยาง', 'เมืองสงขลา', 'สงขลา'],
      ['HN-R3', 'นาง', 'สมศรี', 'ใจดี', 'หญิง', '1957-08-20', 'บ่อยาง', 'เมืองสงขลา', 'สงขลา'],
    ]);
    const imported = await ssj.post<{ review: number; linked: number; created: number }>(
      `/api/imports?source=ssj_elderly&fileName=${encodeURIComponent('ผู้สูงอายุ.xlsx')}`,
      file,
      'application/octet-stream',
    );
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ review: 3, linked: 0, created: 0 });
    const queue = await ssj.get<QueueItem[]>('/api/imports/reviews');
    expect(queue.body.map((q) => q.recordKey).sort()).toEqual(['HN-R1', 'HN-R2', 'HN-R3']);
    for (const q of queue.body) {
      expect(q.candidates[0]?.personId, q.recordKey).toBe(somsri);
      records[q.recordKey] = q.recordId;
    }

    // A phone.
    context = await j.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
    await j.signIn(page, 'steward.ssj');
  });
  afterAll(async () => {
    await context?.close();
  });

  it('shows each waiting row beside its candidate, field by field, on a phone', async () => {
    await page.getByRole('button', { name: 'เปิดเมนู' }).click();
    // The menu counts the rows waiting, and says so in words.
    const entry = page.getByRole('navigation').getByRole('link', { name: 'ตรวจสอบการจับคู่' });
    await entry.waitFor();
    await expect.poll(() => navBadge().count()).toBe(1);
    expect(await navBadge().innerText()).toBe('3');
    expect(await navBadge().getAttribute('aria-label')).toBe('รอตรวจสอบ 3 รายการ');
    await entry.click();
    await page.getByRole('heading', { name: 'ตรวจสอบการจับคู่', level: 1 }).waitFor();
    await countHeading(3).waitFor();
    await page.getByText('แถวที่ 1–3 จาก 3', { exact: true }).waitFor();
    // All fits on one page: no page buttons.
    expect(await page.getByRole('button', { name: 'หน้าถัดไป' }).count()).toBe(0);

    // สมสี: a name close to สมศรี's and a birth year one off (an era slipped in conversion), the rest agreeing.
    const r1 = card('HN-R1');
    await r1.getByRole('heading', { name: `${SOURCE_NAME} · รหัสรายการ HN-R1` }).waitFor();
    // Beside the record key: the file, its row (the header is row 1) and when it was imported, in the Buddhist era.
    expect(await r1.locator('[data-origin]').innerText()).toMatch(new RegExp(`^แฟ้ม ผู้สูงอายุ\\.xlsx แถวที่ 2 · นำเข้าเมื่อ ${SHOWN_AT}$`));
    expect(await card('HN-R3').locator('[data-origin]').getAttribute('data-row-number')).toBe('4');
    const candidate = r1.locator(`[data-candidate="${somsri}"]`);
    await candidate.getByRole('heading', { name: 'ผู้ที่อาจเป็นคนเดียวกัน 1: นาง สมศรี ใจดี' }).waitFor();
    await candidate.getByText(/^ความน่าจะเป็น \d{1,3}%$/).waitFor();
    const table = candidate.getByRole('table', { name: 'เทียบแถวจากแฟ้มกับ นาง สมศรี ใจดี' });
    const field = (f: string) => table.locator(`tr[data-field="${f}"]`);
    const cells = (f: string) => field(f).locator('td').allInnerTexts();
    expect(await field('name').getAttribute('data-mark')).toBe('close');
    expect((await cells('name')).map((c) => c.split('\n').at(-1))).toEqual(['นาง สมสี ใจดี', 'นาง สมศรี ใจดี', 'ใกล้เคียง']);
    expect(await field('birth_date').getAttribute('data-mark')).toBe('close');
    expect((await cells('birth_date')).map((c) => c.split('\n').at(-1))).toEqual(['5 มี.ค. 2491', '5 มี.ค. 2490', 'ใกล้เคียง']);
    expect(await field('sex').getAttribute('data-mark')).toBe('agree');
    await field('sex').getByText('หญิง').first().waitFor();
    expect(await field('area').getAttribute('data-mark')).toBe('agree');
    await field('area').getByText('ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา').first().waitFor();
    // The national ID: the row has none; the registry's shows its last 4 digits only.
    const ids = (await cells('cid')).map((c) => c.split('\n').at(-1));
    expect(ids[0]).toBe('—');
    expect(ids[1]).toBe(`x-xxxx-xxxx${SOMSRI_CID[9]}-${SOMSRI_CID.slice(10, 12)}-${SOMSRI_CID[12]}`);
    expect(await page.getByText(SOMSRI_CID.slice(0, 9)).count()).toBe(0);

    // A birth month and year only, another month: shown as known, close to her full date; the surname only close.
    const r2 = card('HN-R2').locator(`[data-candidate="${somsri}"]`);
    expect(await r2.locator('tr[data-field="birth_date"]').getAttribute('data-mark')).toBe('close');
    await r2.locator('tr[data-field="birth_date"] td').first().getByText('ส.ค. 2490').waitFor();
    expect(await r2.locator('tr[data-field="name"]').getAttribute('data-mark')).toBe('close');
    // The same name, but born ten years later: the birth date differs.
    const r3 = card('HN-R3').locator(`[data-candidate="${somsri}"]`);
    expect(await r3.locator('tr[data-field="name"]').getAttribute('data-mark')).toBe('agree');
    expect(await r3.locator('tr[data-field="birth_date"]').getAttribute('data-mark')).toBe('differs');
    await r3.locator('tr[data-field="birth_date"]').getByText('ไม่ตรงกัน').waitFor();

    // At 360 px the comparison is stacked (label, then the two values) and nothing runs off the side.
    expect(await field('name').evaluate((tr) => getComputedStyle(tr).display)).toBe('grid');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('links a row to the registry person, then undoes the link: the row becomes a person of its own', async () => {
    const r1 = card('HN-R1');
    const decided = answer(/\/decide$/);
    await r1.getByRole('button', { name: 'คนเดียวกัน: นาง สมศรี ใจดี' }).click();
    expect(await (await decided).json()).toMatchObject({ recordId: records['HN-R1'], status: 'linked', personId: somsri });
    await r1.getByText('จับคู่กับ นาง สมศรี ใจดี แล้ว').waitFor();
    await countHeading(2).waitFor();
    expect(await r1.getAttribute('data-decided')).toBe('linked');
    expect(await r1.getByRole('link', { name: 'ดูข้อมูลบุคคล' }).getAttribute('href')).toBe(`/persons/${somsri}`);
    // The row's values now stand in สมศรี's record, and the row has left the queue.
    expect(await toldSomsri(records['HN-R1'] as string)).toBe(true);
    expect((await ssj.get<QueueItem[]>('/api/imports/reviews')).body.map((q) => q.recordKey).sort()).toEqual(['HN-R2', 'HN-R3']);

    // Not her after all.
    await r1.getByRole('button', { name: 'ยกเลิก: ไม่ใช่คนเดียวกัน' }).click();
    const dialog = page.getByRole('dialog', { name: 'ยกเลิกการจับคู่กับ นาง สมศรี ใจดี' });
    await dialog.getByText(/แถวนี้จะแยกออกเป็นบุคคลใหม่/).waitFor();
    const split = answer(/\/split$/);
    await dialog.getByRole('button', { name: 'ยกเลิก: ไม่ใช่คนเดียวกัน' }).click();
    const result = (await (await split).json()) as { status: string; personId: string };
    expect(result.status).toBe('new');
    expect(result.personId).not.toBe(somsri);
    await r1.getByText('ยกเลิกการจับคู่แล้ว แถวนี้ลงทะเบียนเป็นบุคคลใหม่').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await r1.getAttribute('data-decided')).toBe('split');
    expect(await r1.getByRole('button', { name: 'ยกเลิก: ไม่ใช่คนเดียวกัน' }).count()).toBe(0);
    expect(await r1.getByRole('link', { name: 'ดูข้อมูลบุคคล' }).getAttribute('href')).toBe(`/persons/${result.personId}`);
    // A person of her own, with the row's name; สมศรี's record no longer holds what the row said; no second split.
    const own = await ssj.get<{ firstNameTh: string; lastNameTh: string }>(`/api/persons/${result.personId}`);
    expect(own.body).toMatchObject({ firstNameTh: 'สมสี', lastNameTh: 'ใจดี' });
    expect(await toldSomsri(records['HN-R1'] as string)).toBe(false);
    expect((await ssj.post(`/api/imports/records/${records['HN-R1']}/split`, {})).status).toBe(409);
  });

  it('registers a row none of whose candidates is the person as a new person', async () => {
    const r2 = card('HN-R2');
    const decided = answer(/\/decide$/);
    await r2.getByRole('button', { name: 'ไม่ใช่ทั้งหมด — บุคคลใหม่' }).click();
    const result = (await (await decided).json()) as { status: string; personId: string };
    expect(result).toMatchObject({ recordId: records['HN-R2'], status: 'new' });
    expect(result.personId).not.toBe(somsri);
    await r2.getByText('ลงทะเบียนเป็นบุคคลใหม่แล้ว').waitFor();
    await countHeading(1).waitFor();
    // Nothing to undo: it was never linked.
    expect(await r2.getByRole('button', { name: 'ยกเลิก: ไม่ใช่คนเดียวกัน' }).count()).toBe(0);
    expect((await ssj.get<{ lastNameTh: string }>(`/api/persons/${result.personId}`)).body.lastNameTh).toBe('ใจดีมาก');
    expect(await toldSomsri(records['HN-R2'] as string)).toBe(false);
  });

  it('says so when someone else decided the row first, and reloads the queue', async () => {
    // Another reviewer (another session) registers HN-R3 as a new person while this screen still shows it.
    const other = await session('steward.ssj');
    expect((await other.post(`/api/imports/records/${records['HN-R3']}/decide`, { personId: null })).status).toBe(200);
    const r3 = card('HN-R3');
    const refused = page.waitForResponse((r) => /\/decide$/.test(new URL(r.url()).pathname) && r.status() === 409);
    await r3.getByRole('button', { name: 'คนเดียวกัน: นาง สมศรี ใจดี' }).click();
    await refused;
    await page.getByRole('alert').getByText('มีผู้ตัดสินรายการนี้ไปก่อนแล้ว รายการรอตรวจสอบโหลดใหม่แล้ว กรุณาตรวจดูอีกครั้ง').waitFor();
    await r3.waitFor({ state: 'detached' });
    await countHeading(0).waitFor();
    // The rows decided here are still shown with their results; HN-R3 stays the new person the other reviewer made.
    expect(await page.locator('[data-decided]').count()).toBe(2);
    expect(await toldSomsri(records['HN-R3'] as string)).toBe(false);
    expect((await ssj.get<QueueItem[]>('/api/imports/reviews')).body).toEqual([]);
    // Nothing waits: the menu shows no count.
    expect(await badgeInMenu()).toBeNull();
  });

  describe('a longer list, and a link found wrong later', () => {
    let somsriChang = '';
    const LONG_FILE = 'ผู้สูงอายุ-ฉาง.xlsx';
    const rows = Array.from({ length: 22 }, (_, i) => `HN-P${String(i + 1).padStart(2, '0')}`);
    const keysShown = () => page.locator('[data-review]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-record-key')));

    beforeAll(async () => {
      // A second สมศรี ใจดี, in ต.ฉาง, with her national ID.
      const pmj = await session('steward.pmj');
      const list = [
        'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ',
        `RV-2,นางสมศรี ใจดี,${SOMSRI_CHANG_CID},5/3/2490,"7 ม.2 ต.ฉาง อ.นาทวี จ.สงขลา",3`,
      ].join('\r\n');
      const registered = await pmj.post<{ created: number }>(
        `/api/imports?source=pmj_disability&fileName=${encodeURIComponent('ทะเบียน-ฉาง.csv')}`,
        new TextEncoder().encode(list),
        'text/csv',
      );
      expect(registered.body.created).toBe(1);
      somsriChang = (await pmj.get<{ items: Array<{ id: string }> }>(`/api/persons?q=${SOMSRI_CHANG_CID}`)).body.items[0]?.id ?? '';
      expect(somsriChang).toMatch(/^[0-9a-f-]{36}$/);
      // 22 rows as HN-R2 was to the first สมศรี (another surname, a birth month and year only): each one for a reviewer.
      const file = await elderlyXlsx(rows.map((hn) => [hn, 'นาง', 'สมศรี', 'ใจดีมาก', 'หญิง', '1947-08', 'ฉาง', 'นาทวี', 'สงขลา']));
      const imported = await ssj.post<{ review: number }>(
        `/api/imports?source=ssj_elderly&fileName=${encodeURIComponent(LONG_FILE)}`,
        file,
        'application/octet-stream',
      );
      expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ review: 22 });
      expect((await ssj.get('/api/imports/reviews/count')).body).toEqual({
        total: 22,
        bySource: [{ source: 'ssj_elderly', sourceName: SOURCE_NAME, total: 22 }],
      });
    });

    it('pages through the queue 20 rows at a time, with the total in the menu and on the page', async () => {
      await page.reload();
      await countHeading(22).waitFor();
      expect(await badgeInMenu()).toBe('22');
      await page.getByText('แถวที่ 1–20 จาก 22', { exact: true }).first().waitFor();
      const first = await keysShown();
      expect(first).toHaveLength(20);
      const p01 = card(first[0] as string);
      expect(await p01.locator('[data-origin]').innerText()).toMatch(
        new RegExp(`^แฟ้ม ผู้สูงอายุ-ฉาง\\.xlsx แถวที่ ${rows.indexOf(first[0] as string) + 2} · นำเข้าเมื่อ ${SHOWN_AT}$`),
      );
      const pages = page.getByRole('navigation', { name: 'เปลี่ยนหน้ารายการ' });
      expect(await pages.getByRole('button', { name: 'หน้าก่อนหน้า' }).isDisabled()).toBe(true);

      await pages.getByRole('button', { name: 'หน้าถัดไป' }).click();
      await pages.getByText('แถวที่ 21–22 จาก 22', { exact: true }).waitFor();
      await expect.poll(keysShown).toHaveLength(2);
      const second = await keysShown();
      // Every row once, none twice.
      expect([...first, ...second].sort()).toEqual(rows);
      expect(await pages.getByRole('button', { name: 'หน้าถัดไป' }).isDisabled()).toBe(true);
      // The page turned to its heading, for a screen reader and a thumb alike.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-count');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      await pages.getByRole('button', { name: 'หน้าก่อนหน้า' }).click();
      await pages.getByText('แถวที่ 1–20 จาก 22', { exact: true }).waitFor();
      expect(await keysShown()).toEqual(first);
    });

    it('lists past decisions with who decided and when, and splits a wrong link from there', async () => {
      // Another reviewer links HN-P01 to the ต.ฉาง สมศรี; it leaves the queue, and the menu counts one fewer.
      const other = await session('steward.ssj');
      const queue = await other.get<QueueItem[]>('/api/imports/reviews?limit=100');
      const p01 = queue.body.find((q) => q.recordKey === 'HN-P01') as QueueItem;
      expect(p01.candidates[0]?.personId).toBe(somsriChang);
      expect((await other.post(`/api/imports/records/${p01.recordId}/decide`, { personId: somsriChang })).status).toBe(200);
      await page.reload();
      await countHeading(21).waitFor();
      expect(await badgeInMenu()).toBe('21');

      await page.getByRole('link', { name: 'การตัดสินที่ผ่านมา' }).click();
      await page.getByRole('heading', { name: 'การตัดสินและการจับคู่ที่ผ่านมา', level: 1 }).waitFor();
      // HN-R1 (split), HN-R2 and HN-R3 (new persons) and HN-P01, newest first; links by national ID are not listed.
      await page.getByRole('heading', { name: '4 รายการ', level: 2 }).waitFor();
      await page.getByText('แถวที่ 1–4 จาก 4', { exact: true }).waitFor();
      const decided = page.locator('[data-decision]');
      expect(await decided.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-record-key')))).toEqual(['HN-P01', 'HN-R3', 'HN-R2', 'HN-R1']);
      const link = page.locator('[data-decision][data-record-key="HN-P01"]');
      expect(await link.getAttribute('data-kind')).toBe('reviewed');
      expect(await link.getAttribute('data-status')).toBe('linked');
      await link.getByRole('heading', { name: `${SOURCE_NAME} · รหัสรายการ HN-P01` }).waitFor();
      expect(await link.locator('[data-origin]').innerText()).toMatch(new RegExp(`^แฟ้ม ผู้สูงอายุ-ฉาง\\.xlsx แถวที่ 2 · นำเข้าเมื่อ ${SHOWN_AT}$`));
      expect(await link.locator('[data-what]').innerText()).toMatch(
        new RegExp(`^พิมพ์ใจ สาธารณสุข ยืนยันว่าเป็น นาง สมศรี ใจดี เมื่อ ${SHOWN_AT} \\(ความน่าจะเป็น \\d{1,3}%\\)$`),
      );
      // The row beside the person it was linked to, field by field, the ID masked.
      const table = link.getByRole('table', { name: 'เทียบแถวจากแฟ้มกับ นาง สมศรี ใจดี' });
      expect((await table.locator('tr[data-field="name"] td').allInnerTexts()).map((c) => c.split('\n').at(-1))).toEqual([
        'นาง สมศรี ใจดีมาก',
        'นาง สมศรี ใจดี',
        'ใกล้เคียง',
      ]);
      expect((await table.locator('tr[data-field="cid"] td').allInnerTexts())[1]?.split('\n').at(-1)).toBe(
        `x-xxxx-xxxx${SOMSRI_CHANG_CID[9]}-${SOMSRI_CHANG_CID.slice(10, 12)}-${SOMSRI_CHANG_CID[12]}`,
      );
      expect(await page.getByText(SOMSRI_CHANG_CID.slice(0, 9)).count()).toBe(0);
      // A row registered as new has nothing to split.
      const r2 = page.locator('[data-decision][data-record-key="HN-R2"]');
      expect(await r2.locator('[data-what]').innerText()).toMatch(/^พิมพ์ใจ สาธารณสุข ลงทะเบียนเป็นบุคคลใหม่ เมื่อ /);
      expect(await r2.getByRole('button').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      // Not her after all: split, after a question.
      await link.getByRole('button', { name: 'ยกเลิก: ไม่ใช่คนเดียวกัน — รหัสรายการ HN-P01 กับ นาง สมศรี ใจดี' }).click();
      const dialog = page.getByRole('dialog', { name: 'ยกเลิกการจับคู่กับ นาง สมศรี ใจดี' });
      await dialog.getByText(/แถวนี้จะแยกออกเป็นบุคคลใหม่/).waitFor();
      const split = answer(/\/split$/);
      await dialog.getByRole('button', { name: 'ยกเลิก: ไม่ใช่คนเดียวกัน' }).click();
      const result = (await (await split).json()) as { recordId: string; status: string; personId: string };
      expect(result).toMatchObject({ recordId: p01.recordId, status: 'new' });
      expect(result.personId).not.toBe(somsriChang);
      await dialog.waitFor({ state: 'detached' });
      await link.getByRole('status').getByText('ยกเลิกการจับคู่แล้ว แถวนี้ลงทะเบียนเป็นบุคคลใหม่').waitFor();
      expect(await link.getAttribute('data-status')).toBe('split');
      expect(await link.getByRole('button', { name: /ยกเลิก: ไม่ใช่คนเดียวกัน/ }).count()).toBe(0);
      expect(await link.getByRole('link', { name: 'ดูข้อมูลบุคคล' }).getAttribute('href')).toBe(`/persons/${result.personId}`);
      expect((await ssj.get<{ lastNameTh: string }>(`/api/persons/${result.personId}`)).body.lastNameTh).toBe('ใจดีมาก');
      expect((await ssj.get<Provenance[]>(`/api/persons/${somsriChang}/provenance`)).body.some((x) => x.sourceRef?.endsWith(`:${p01.recordId}`))).toBe(false);

      // Only the score's own links: none here.
      await page.getByRole('combobox', { name: 'แสดง' }).click();
      await page.getByRole('option', { name: 'ระบบจับคู่จากคะแนน' }).click();
      await page.waitForURL((u) => u.searchParams.get('kind') === 'scored');
      await page.getByText('ยังไม่มีการตัดสินหรือการจับคู่จากคะแนน').waitFor();
    });
  });
});
