// Import throughput on PostgreSQL: parse → validate → store → link, for a file of N rows made by the
// seeded Thai generator (realistic slips, missing and invalid IDs, moved villages), imported twice into
// a registry that grows: the first file registers, the second (another agency's list of the same
// people) links. Reports rows per second, the peak memory of the process, and the linkage step's share.
// Each import runs in a child process (bench/import-run.mjs), so the peak memory reported is the
// importer's own, not the generator's.
// Run: npm run build:server && npm run -w @carehub/bench bench:import   (BENCH_IMPORT_ROWS=100000,1000000)
// BENCH_IMPORT_FORMAT=xlsx writes the same rows as Excel workbooks (shared strings, as Excel saves them)
// and reports them in a section of their own. Writes its figures into bench/RESULTS.md.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generateThaiRecords } from '../packages/core/dist/index.js';
import { ensureReferenceData, migrate, openPostgres } from '../packages/server/dist/index.js';

const SIZES = (process.env.BENCH_IMPORT_ROWS ?? '100000,1000000').split(',').map(Number);
const FORMAT = process.env.BENCH_IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const dir = mkdtempSync(join(tmpdir(), 'carehub-bench-import-'));
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MAPPING = {
  columns: { cid: 'cid', title: 'title', firstName: 'first', lastName: 'last', fullName: 'full', sex: 'sex', birthDate: 'dob', areaCode: 'area' },
  recordKey: 'key',
};

const HEADER = ['key', 'cid', 'title', 'first', 'last', 'full', 'sex', 'dob', 'area'];
/** A generated record's cells, in HEADER's order. */
function cells(r) {
  const i = r.input;
  const dob = typeof i.birthDate === 'object' && i.birthDate ? i.birthDate.iso : (i.birthDate ?? '');
  return [r.id, i.cid, i.title, i.firstName, i.lastName, i.fullName, i.sex, dob, i.areaCode].map((v) => (v == null ? '' : String(v)));
}
const cell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csv(records) {
  const lines = [HEADER.join(','), ...records.map((r) => cells(r).map(cell).join(','))];
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The same rows as an Excel workbook, streamed to disk with shared strings. */
async function xlsx(file, records) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = book.addWorksheet('list');
  sheet.addRow(HEADER).commit();
  for (const r of records) sheet.addRow(cells(r)).commit();
  await sheet.commit();
  await book.commit();
}

const results = [];
for (const rows of SIZES) {
  const name = `carehub_bench_import_${process.pid}_${rows}`;
  execSync(`psql "${pgBase}" -qc "CREATE DATABASE ${name}"`, { stdio: 'ignore' });
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4);
  try {
    await migrate(database.db);
    await ensureReferenceData(database.db);
    const org = await database.db
      .insertInto('organisations')
      .values({ name: 'bench', type: 'nhso', area_code: '90' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const code of ['agency_a', 'agency_b'])
      await database.db
        .insertInto('import_sources')
        .values({ code, name: code, organisation_id: org.id, mapping: JSON.stringify(MAPPING) })
        .execute();
    // Two agencies' lists of about the same people: the generator gives each person one to four records.
    // Its village codes are made up; each made-up subdistrict is mapped to a real one of Songkhla, so
    // only the rows an agency really gets wrong (area to the district only, or none) are refused.
    const { records } = generateThaiRecords({ records: rows * 2, seed: 2569 });
    const real = (
      await database.db.selectFrom('areas').select('code').where('level', '=', 'subdistrict').where('code', 'like', '90%').orderBy('code').execute()
    ).map((a) => a.code);
    const seen = new Map();
    const realArea = (code) => {
      if (!code || code.length < 6) return code;
      if (!seen.has(code.slice(0, 6))) seen.set(code.slice(0, 6), real[seen.size % real.length]);
      return `${seen.get(code.slice(0, 6))}${code.slice(6)}`;
    };
    for (const r of records) r.input.areaCode = realArea(r.input.areaCode);
    // The files are written out and the generated records dropped before any import runs.
    const files = { agency_a: join(dir, `agency_a_${rows}.${FORMAT}`), agency_b: join(dir, `agency_b_${rows}.${FORMAT}`) };
    const write = FORMAT === 'xlsx' ? xlsx : (file, list) => writeFileSync(file, csv(list));
    await write(files.agency_a, records.filter((_, i) => i % 2 === 0).slice(0, rows));
    await write(files.agency_b, records.filter((_, i) => i % 2 === 1).slice(0, rows));
    records.length = 0;
    const run = (source) => {
      const out = execFileSync(process.execPath, [new URL('./import-run.mjs', import.meta.url).pathname, url.toString(), source, files[source]], {
        maxBuffer: 1 << 24,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const r = JSON.parse(out.toString().trim().split('\n').at(-1));
      return {
        seconds: Math.round(r.seconds * 10) / 10,
        rowsPerSecond: Math.round(rows / r.seconds),
        passes: Object.fromEntries(Object.entries(r.passes).map(([k, v]) => [k, Math.round(v * 10) / 10])),
        toMatch: r.toMatch,
        peakRssMb: r.peakRssMb,
        ...pick(r.summary),
      };
    };
    const entry = { rows, fileMb: Math.round(statSync(files.agency_a).size / 2 ** 20), first: run('agency_a'), second: run('agency_b') };
    console.error(JSON.stringify(entry));
    results.push(entry);
  } finally {
    await database.close();
    execSync(`psql "${pgBase}" -qc "DROP DATABASE ${name}"`, { stdio: 'ignore' });
  }
}
rmSync(dir, { recursive: true, force: true });

function pick(s) {
  return { accepted: s.accepted, rejected: s.rejected, linked: s.linked, created: s.created, review: s.review };
}

const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${execSync(`psql "${pgBase}" -Atc "SHOW server_version"`).toString().trim()}`;
const side = (x) =>
  `${x.seconds} s (${x.rowsPerSecond}/s; passes ${x.passes.counting} + ${x.passes.reading} + ${x.passes.matching} s, ${x.toMatch} rows matched by score): ${x.created} new, ${x.linked} linked, ${x.review} review, ${x.rejected} rejected | ${x.peakRssMb} MB`;
const table = results.map((r) => `| ${r.rows.toLocaleString('en')} (${r.fileMb} MB) | ${side(r.first)} | ${side(r.second)} |`).join('\n');
const title = FORMAT === 'xlsx' ? '## Import throughput, XLSX (bench/import.mjs, BENCH_IMPORT_FORMAT=xlsx)' : '## Import throughput (bench/import.mjs)';
const section = `${title}
Machine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)}, one run per size (each takes minutes). The file is CSV made by the seeded Thai
generator${FORMAT === 'xlsx' ? ', written as an Excel workbook (shared strings) with the same rows and columns' : ''} (about 30 % of IDs missing, 15 % failing the checksum, names and dates with slips, some
areas only to the district or missing, and some names typed whole into one field: those rows are
refused with their reasons; the generator's made-up subdistricts are mapped onto Songkhla's real ones). The first file fills an empty registry; the second,
another agency's list of the same people, links to it. Rows per second count every step: parse,
validate, store, link (exact and Fellegi–Sunter), provenance and derived fields. The passes are: counting the
file's rows, reading (parse, validate, store, link by ID or exact match), and matching the rest by score
in groups of neighbouring subdistricts. Each import runs in a process of its own; peak RSS is that
process's maximum resident set (the file's bytes included).

| rows per file | first file (empty registry) | peak RSS | second file (links) | peak RSS |
|---|---|---|---|---|
${table}
`;
const path = new URL('./RESULTS.md', import.meta.url);
const old = readFileSync(path, 'utf8');
const start = old.indexOf(`${title}\n`);
const next = start < 0 ? -1 : old.indexOf('\n## ', start + 1);
writeFileSync(path, start < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, start)}${section}${next < 0 ? '' : old.slice(next)}`);
console.log(section);
