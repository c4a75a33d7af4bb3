import { request } from 'node:http';
import { Writable } from 'node:stream';
import { cidCheckDigit, ERRORS } from '@carehub/core';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLinks } from '../../cli/imports.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';
import { DEFAULT_IMPORT_LIMITS } from './parse.js';
import { runImport } from './service.js';

// Issue 18, items 4 and 8 (import parts) and 9 (formula-safe CSV): each test here failed on the code
// before its fix.

const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const HEADER = 'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ';
const PLACE = '"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา"';
const NAMES = ['สมชาย', 'สมหญิง', 'มานี', 'มานะ', 'ปิติ', 'ชูใจ', 'วีระ', 'ดวงใจ', 'ประเสริฐ', 'สุดา'];
/** A valid row of the พมจ. list: a made-up person with a checksummed national ID. */
const row = (i: number, key = `K${i}`) =>
  `${key},นาย${NAMES[i % 10]} ทดสอบ${String.fromCharCode(0x0e01 + (i % 30))}${Math.floor(i / 30)},${cid(`3900${String(i).padStart(8, '0')}`)},1/1/2490,${PLACE},1`;
const csv = (lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
const LIMITS = { ...DEFAULT_IMPORT_LIMITS, maxRows: 1000, maxFileBytes: 2 * 1024 * 1024 };

let f: Fixture;
let pmj: ApiClient;

const upload = (c: ApiClient, fileName: string, data: Uint8Array, type = 'application/octet-stream', path = '/api/imports?source=pmj_disability&') =>
  fetch(`${c.base}${path}fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': type },
    body: data,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
const batchCount = async () =>
  Number(
    (
      await f.database.db
        .selectFrom('import_batches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** What a batch really stored: its rows by status. */
async function storedOf(batchId: string) {
  const rows = await f.database.db
    .selectFrom('source_records')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('batch_id', '=', batchId)
    .groupBy('status')
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  return { linked: by.linked ?? 0, created: by.new ?? 0, review: by.review ?? 0, pending: by.pending ?? 0, rejected: by.rejected ?? 0 };
}

beforeAll(async () => {
  f = await createFixture({ importLimits: LIMITS }, 0);
  pmj = await f.as('steward.pmj');
  await saveDemoSources(f);
  // A fresh database with its migrations takes long on a loaded two-core machine with PGlite.
}, 300_000);
afterAll(() => f?.close());

describe('limits, checked while the file is read and before anything is stored', () => {
  it('refuses a 1,000,000-column header, too many rows, a huge cell and a file over the size limit, each with its reason', async () => {
    const before = await batchCount();
    const wide = await upload(pmj, 'wide.csv', new TextEncoder().encode(`${HEADER}${','.repeat(1_000_000)}\r\n${row(1)}\r\n`));
    expect(wide.status).toBe(400);
    expect(wide.body).toMatchObject({ code: 'import.too_many_columns', message_th: ERRORS['import.too_many_columns'].th, details: { limit: 200, row: 1 } });

    const long = await upload(pmj, 'long.csv', csv(Array.from({ length: 1001 }, (_, i) => row(i))));
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'import.too_many_rows', details: { limit: 1000, row: 1002 } });

    const cell = await upload(pmj, 'cell.csv', csv([row(1), `K2,นาย${'ก'.repeat(40_000)},,,,`]));
    expect(cell.status).toBe(400);
    expect(cell.body).toMatchObject({ code: 'import.cell_too_large', message_en: ERRORS['import.cell_too_large'].en, details: { row: 3 } });

    const big = await upload(pmj, 'big.csv', new Uint8Array(3 * 1024 * 1024).fill(0x41));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'import.file_too_large', message_th: ERRORS['import.file_too_large'].th });
    // The preview reads the file as the import does.
    const preview = await upload(pmj, 'wide.csv', new TextEncoder().encode(`a${',a'.repeat(500)}\n1`), 'text/csv', '/api/imports/preview?');
    expect(preview.body.code).toBe('import.too_many_columns');
    expect(await batchCount()).toBe(before);
    // Each file is read by a worker of its own, which takes seconds to start on a loaded machine.
  }, 180_000);

  it('refuses an anonymous upload before reading its body', async () => {
    // 50 MB announced, 1 MB sent and the rest held back: the answer must come without the rest. A server
    // that read the body before checking the session would wait for it for ever.
    const { port } = new URL(pmj.base);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/imports?source=pmj_disability&fileName=x.csv',
        headers: { 'content-type': 'text/csv', 'content-length': String(50 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode as number);
        req.destroy();
      });
      req.on('error', (err) => (err.message.includes('socket hang up') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
      req.write(Buffer.alloc(1024 * 1024, 0x41));
    });
    expect(status).toBe(401);
  });
});

describe('files that are not what they claim', () => {
  it('refuses them with a clear reason before anything is stored', async () => {
    const before = await batchCount();
    const expect400 = async (fileName: string, data: Uint8Array, code: string, type?: string) => {
      const r = await upload(pmj, fileName, data, type);
      expect(r.status, `${fileName}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body).toMatchObject({ code, message_th: ERRORS[code as keyof typeof ERRORS].th, message_en: ERRORS[code as keyof typeof ERRORS].en });
    };
    // An .xlsx that is a CSV, and one that is a zip but no workbook.
    await expect400('list.xlsx', csv([row(1)]), 'import.not_xlsx');
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0), 0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    await expect400('list.xlsx', zip, 'import.not_xlsx');
    // A real workbook sent as a CSV, by name or by type.
    const book = new ExcelJS.Workbook();
    book.addWorksheet('a').addRow(['ลำดับ']);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    await expect400('list.csv', xlsx, 'import.file_type');
    await expect400('list.xlsx', xlsx, 'import.file_type', 'text/csv');
    await expect400('list.pdf', csv([row(1)]), 'import.file_type');
    // Binary "CSV" files: an old .xls, many NUL bytes, bytes that are neither UTF-8 nor Windows-874.
    await expect400('list.csv', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(500).fill(0)]), 'import.not_text');
    await expect400('list.csv', new Uint8Array([...csv([row(1)]), ...new Array(200).fill(0)]), 'import.not_text');
    await expect400('list.csv', new Uint8Array([...csv([row(1)]), 0xfc, 0xfd, 0xfe, 0xff]), 'import.not_text');
    expect(await batchCount()).toBe(before);
    // Each file is read by a worker of its own, which takes seconds to start on a loaded machine.
  }, 180_000);
});

describe('summaries true to what was stored', () => {
  it('rejects a row with a NUL byte in a cell, with its reason, and imports the others', async () => {
    const r = await upload(pmj, 'nul.csv', csv([row(101), row(102).replace('ทดสอบ', 'ทด\0สอบ'), row(103), 'K104,นายไม่มี วันเกิด,,31/02/2500,,']));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'done', total: 4, accepted: 2, rejected: 2, created: 2 });
    expect(await storedOf(r.body.id)).toEqual({ linked: 0, created: 2, review: 0, pending: 0, rejected: 2 });
    const rejections = await pmj.get(`/api/imports/${r.body.id}/rejections?format=json`);
    expect(rejections.body[0]).toMatchObject({
      row: 3,
      recordKey: 'K102',
      cells: { 'ชื่อ-สกุล': expect.stringContaining('ทด\uFFFDสอบ') },
      reasons: expect.arrayContaining([expect.objectContaining({ path: 'ชื่อ-สกุล', message_en: expect.stringContaining('NUL') })]),
    });
  });

  it('counts only what a failed batch committed', async () => {
    // The second chunk of 500 rows fails in the database: its rows were counted before it did.
    await sql`CREATE OR REPLACE FUNCTION carehub_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.record_key = 'POISON' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$`.execute(f.database.db);
    await sql`CREATE TRIGGER carehub_test_poison BEFORE INSERT ON source_records FOR EACH ROW EXECUTE FUNCTION carehub_test_poison()`.execute(f.database.db);
    try {
      const lines = Array.from({ length: 700 }, (_, i) =>
        i === 650 ? row(1000 + i, 'POISON') : i % 7 === 0 ? `R${i},นายผิด วันที่,,31/02/2500,,` : row(1000 + i),
      );
      await expect(runImport(f.database.db, { kind: 'operator' }, { source: 'pmj_disability', fileName: 'poison.csv', data: csv(lines) })).rejects.toThrow();
    } finally {
      await sql`DROP TRIGGER carehub_test_poison ON source_records`.execute(f.database.db);
    }
    const batch = await f.database.db.selectFrom('import_batches').selectAll().where('file_name', '=', 'poison.csv').executeTakeFirstOrThrow();
    expect(batch.status).toBe('failed');
    const stored = await storedOf(batch.id);
    expect(stored.rejected + stored.pending).toBe(500);
    expect({ accepted: batch.accepted, rejected: batch.rejected, linked: batch.linked, created: batch.created }).toEqual({
      accepted: stored.pending,
      rejected: stored.rejected,
      linked: 0,
      created: 0,
    });
  });
});

describe('a killed import', () => {
  it('is reported interrupted, with its reason in Thai and English, once its lease has run out', async () => {
    const org = await f.database.db.selectFrom('import_sources').select('organisation_id').where('code', '=', 'pmj_disability').executeTakeFirstOrThrow();
    const insert = (name: string, heartbeat: Date) =>
      f.database.db
        .insertInto('import_batches')
        .values({
          source_code: 'pmj_disability',
          organisation_id: org.organisation_id,
          file_name: name,
          file_sha256: name,
          headers: [],
          uploaded_by: null,
          progress: JSON.stringify({ phase: 'reading' }),
          heartbeat_at: heartbeat,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    // One killed an hour ago (its lease never renewed since), one running now.
    const killed = await insert('killed.csv', new Date(Date.now() - 3600_000));
    const alive = await insert('alive.csv', new Date());
    const list = await pmj.get('/api/imports?source=pmj_disability');
    expect(list.body.find((b: { id: string }) => b.id === killed.id)).toMatchObject({
      status: 'failed',
      error: 'import.stalled',
      errorMessage: { message_th: ERRORS['import.stalled'].th, message_en: ERRORS['import.stalled'].en },
    });
    expect(list.body.find((b: { id: string }) => b.id === alive.id)).toMatchObject({ status: 'running', error: null, errorMessage: null });
    await f.database.db
      .updateTable('import_batches')
      .set({ heartbeat_at: new Date(Date.now() - 3600_000) })
      .where('id', '=', alive.id)
      .execute();
    expect((await pmj.get(`/api/imports/${alive.id}`)).body).toMatchObject({ status: 'failed', error: 'import.stalled' });
  });
});

describe('formula-safe files', () => {
  it('writes cells starting with = + - @ in the rejections CSV and `carehub export links` as text', async () => {
    const r = await upload(pmj, 'formula.csv', csv(['=1+1,+นายก ข,-,31/02/2500,@SUM(A1),']));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const text = (await (await pmj.download(`/api/imports/${r.body.id}/rejections`)).text()).split('\r\n');
    expect(text[1]?.startsWith(`'=1+1,'+นายก ข,'-,31/02/2500,'@SUM(A1),,2,`)).toBe(true);
    let out = '';
    await exportLinks(
      f.database,
      new Writable({
        write(chunk, _enc, done) {
          out += chunk;
          done();
        },
      }),
    );
    expect(out.split('\n')).toContain("pmj_disability,'=1+1,");
  });
});
