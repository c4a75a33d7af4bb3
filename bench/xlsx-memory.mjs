// Peak memory and time of reading a 100 MB Excel workbook the way an import does: the server's
// openTable (the file checked and counted in a worker thread, then every row read again in batches).
// The workbook holds Thai rows with a long, little-compressible remarks column and shared strings, as
// Excel saves them. The reading runs in a process of its own, so its peak RSS is the reader's alone.
// Run: npm run build:server && npm run -w @carehub/bench bench:xlsx-memory   (BENCH_XLSX_MB=100)
// Writes its figures into bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

if (process.argv[2] === 'read') {
  const { DEFAULT_IMPORT_LIMITS, openTable } = await import('../packages/server/dist/modules/imports/parse.js');
  const file = process.argv[3];
  const t0 = performance.now();
  // The server's default limits (the worker's heap among them), but for a file a little over 100 MiB.
  const table = await openTable(readFileSync(file), 'bench.xlsx', { limits: { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 128 * 2 ** 20 } });
  const scanned = performance.now();
  let rows = 0;
  for await (const _ of table.rows()) rows++;
  const end = performance.now();
  console.log(
    JSON.stringify({
      rows,
      scanSeconds: (scanned - t0) / 1000,
      readSeconds: (end - scanned) / 1000,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  process.exit(0);
}

const targetMb = Number(process.env.BENCH_XLSX_MB ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'carehub-bench-xlsx-'));
const file = join(dir, 'list.xlsx');
// A seeded generator (mulberry32), so every run writes the same workbook.
let seed = 2569;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const THAI = Array.from({ length: 0x0e2e - 0x0e01 + 1 }, (_, i) => String.fromCharCode(0x0e01 + i));
const text = (n) => Array.from({ length: n }, () => THAI[Math.floor(random() * THAI.length)]).join('');

const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
const sheet = book.addWorksheet('ทะเบียน');
sheet.addRow(['ลำดับ', 'ชื่อ', 'นามสกุล', 'วันเกิด', 'รหัสตำบล', 'หมายเหตุ']).commit();
// About 780 bytes of compressed workbook a row (700 random Thai letters of remarks, as shared strings); rows for the target size.
const rowsWanted = Math.round((targetMb * 2 ** 20) / 780);
for (let i = 0; i < rowsWanted; i++) sheet.addRow([`R${i}`, text(8), text(10), '1/2/2490', '900101', text(700)]).commit();
await sheet.commit();
await book.commit();
const fileMb = Math.round((statSync(file).size / 2 ** 20) * 10) / 10;

const runs = [1, 2, 3].map(() =>
  JSON.parse(
    execFileSync(process.execPath, [new URL(import.meta.url).pathname, 'read', file])
      .toString()
      .trim()
      .split('\n')
      .at(-1),
  ),
);
rmSync(dir, { recursive: true, force: true });
const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const section = `## Reading a 100 MB XLSX (bench/xlsx-memory.mjs)
Machine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)}, median of 3 runs. One workbook of ${fileMb} MB,
${runs[0].rows.toLocaleString('en')} rows of Thai text with shared strings (a remarks column of 700 random Thai letters a row, so it
hardly compresses), read as an import reads it: the worker's pass that checks and counts the file, then every row again
in batches (exceljs's streaming reader with its UTF-8 fix, patches/exceljs+4.4.0.patch), with the server's default
limits (a worker heap of 1,024 MB). Peak RSS is the reading process's maximum resident set, the file's bytes and the
worker thread included. Every remark is distinct, so the shared-strings table the reader keeps is as large as it gets
for this size; a workbook of repeated values needs less.

| file | rows | check + count | read every row | peak RSS |
|---|---|---|---|---|
| ${fileMb} MB | ${runs[0].rows.toLocaleString('en')} | ${median('scanSeconds').toFixed(1)} s | ${median('readSeconds').toFixed(1)} s | ${median('peakRssMb')} MB |
`;
const path = new URL('./RESULTS.md', import.meta.url);
const old = readFileSync(path, 'utf8');
const start = old.indexOf('## Reading a 100 MB XLSX');
const next = start < 0 ? -1 : old.indexOf('\n## ', start + 1);
writeFileSync(path, start < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, start)}${section}${next < 0 ? '' : old.slice(next)}`);
console.log(section);
