import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportMapping } from '@carehub/core';
import { SingleBar } from 'cli-progress';
import type { Database } from '../db/connection.js';
import { csvCell } from '../http/tables.js';
import { linkRows, runImport } from '../modules/imports/service.js';

/**
 * `carehub import FILE --source CODE [--mapping MAPPING.json]`: imports as the operator (all areas),
 * with a progress bar on standard error and the summary on standard output. A source that does not
 * exist yet is created for `--organisation`; a mapping given is saved as the source's template.
 */
export async function importFile(
  database: Database,
  file: string,
  o: { source: string; mapping?: string; organisation?: string; name?: string },
): Promise<string> {
  const db = database.db;
  const mapping = o.mapping ? ImportMapping.parse(JSON.parse(await readFile(o.mapping, 'utf8'))) : undefined;
  const source = await db.selectFrom('import_sources').select('code').where('code', '=', o.source).executeTakeFirst();
  if (!source) {
    if (!o.organisation) throw new Error(`no source "${o.source}": give --organisation (id or exact name) to create it`);
    const org = await db
      .selectFrom('organisations')
      .select('id')
      .where((eb) => (/^[0-9a-f-]{36}$/i.test(o.organisation as string) ? eb('id', '=', o.organisation as string) : eb('name', '=', o.organisation as string)))
      .executeTakeFirst();
    if (!org) throw new Error(`no organisation "${o.organisation}"`);
    await db
      .insertInto('import_sources')
      .values({ code: o.source, name: o.name ?? o.source, organisation_id: org.id, mapping: null })
      .execute();
  }
  if (mapping)
    await db
      .updateTable('import_sources')
      .set({ mapping: JSON.stringify(mapping), updated_at: new Date() })
      .where('code', '=', o.source)
      .execute();
  // One bar per pass: reading the file's rows, then matching those no national ID or exact match placed.
  const bar = new SingleBar({ format: '{phase} [{bar}] {percentage}% | {value}/{total} rows | {eta}s left', stream: process.stderr, hideCursor: true });
  let phase = '';
  const summary = await runImport(
    db,
    { kind: 'operator' },
    { source: o.source, fileName: basename(file), data: await readFile(file), mapping },
    {
      onProgress: (p) => {
        if (p.phase === 'counting') return;
        const [done, total] = p.phase === 'reading' ? [p.read, p.total] : [p.matched, p.toMatch];
        const label = p.phase === 'reading' ? 'reading ' : 'matching';
        if (label !== phase) {
          if (phase) bar.stop();
          bar.start(total, 0, { phase: label });
          phase = label;
        }
        bar.update(done);
      },
    },
  );
  if (phase) bar.stop();
  if (summary.repeated) return `this file was imported before (batch ${summary.id}); nothing changed`;
  return [
    `batch ${summary.id}: ${summary.total} rows`,
    `  accepted   ${summary.accepted} (linked to a known person ${summary.linked}, new persons ${summary.created}, for review ${summary.review})`,
    `  unchanged  ${summary.unchanged}`,
    `  rejected   ${summary.rejected}${summary.rejected ? ' — see the rejected rows in the web app (Imports) or GET /api/imports/<batch>/rejections' : ''}`,
  ].join('\n');
}

/** `carehub export links --format csv`: one line per imported row, `source,record_key,person_id`. */
export async function exportLinks(database: Database, out: NodeJS.WritableStream): Promise<number> {
  out.write('source,record_key,person_id\n');
  let n = 0;
  for await (const r of linkRows(database.db)) {
    out.write(`${csvCell(r.source)},${csvCell(r.recordKey)},${r.personId ?? ''}\n`);
    n++;
  }
  return n;
}
