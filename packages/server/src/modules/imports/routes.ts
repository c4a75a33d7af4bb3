import { ErrorResponse, ImportMapping } from '@carehub/core';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { asSystem, asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { csvCell } from '../../http/tables.js';
import { audit } from '../audit/service.js';
import { openTable, TEXT_ENCODINGS } from './parse.js';
import { qualityRoute } from './quality.js';
import { coverage, expireLeases, loadBatch, rejectedRows, rollbackBatch, runImport } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse };
const FILE_TYPES = ['application/octet-stream', 'text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
/** A file name or source code is shown and stored: no control characters (a NUL byte cannot be stored at all). */
const noControl = (s: string) => ![...s].some((ch) => (ch.codePointAt(0) as number) < 0x20 || ch === '\u007f');

/**
 * An uploaded file's bytes, read only after the route's permission was checked (onRequest), straight
 * into memory the parsing worker shares: a declared length over the limit is refused before a byte is
 * read, and a body that grows past it is refused as soon as it does.
 */
async function readUpload(req: FastifyRequest, payload: NodeJS.ReadableStream, limit: number): Promise<Uint8Array> {
  const refuse = () => new AppError(413, 'import.file_too_large', { limit });
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw refuse();
  let buffer = new Uint8Array(new SharedArrayBuffer(Number.isFinite(declared) && declared > 0 ? declared : 1 << 20));
  let length = 0;
  for await (const chunk of payload as AsyncIterable<Buffer>) {
    if (length + chunk.length > limit) throw refuse();
    if (length + chunk.length > buffer.length) {
      const grown = new Uint8Array(new SharedArrayBuffer(Math.min(limit, Math.max(buffer.length * 2, length + chunk.length))));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(chunk, length);
    length += chunk.length;
  }
  return buffer.subarray(0, length);
}

const Batch = z.object({
  id: z.string(),
  source: z.string(),
  fileName: z.string(),
  status: z.enum(['running', 'done', 'failed', 'rolled_back']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  total: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  /** Rows taken with a warning; read them with GET /api/imports/:id/rejections?rows=warned. */
  warned: z.number(),
  unchanged: z.number(),
  linked: z.number(),
  created: z.number(),
  review: z.number(),
  progress: z.object({
    phase: z.enum(['counting', 'reading', 'matching', 'done']).optional(),
    read: z.number().optional(),
    toMatch: z.number().optional(),
    matched: z.number().optional(),
  }),
  error: z.string().nullable(),
  /** Why a failed batch failed, in words (Thai and English). */
  errorMessage: z.object({ message_th: z.string(), message_en: z.string() }).nullable(),
});
const Source = z.object({
  code: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisation: z.string(),
  mapping: z.any().nullable(),
  mine: z.boolean(),
});
const SourceInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{2,40}$/),
  name: z.string().trim().min(1).max(200),
  organisationId: z.string().uuid(),
  mapping: ImportMapping.optional(),
});

/**
 * Agency lists in: sources with their saved column mapping, file upload (CSV in UTF-8 or Windows-874,
 * or XLSX), each batch's summary and rejected rows, rollback, and coverage counts.
 */
/** A column with more distinct values than this is free text (names, IDs), not a list to map value by value. */
const PREVIEW_DISTINCT = 40;

export const importRoutes: Module = async (app, { database, config }) => {
  const db = database.db;
  const limits = config.importLimits;
  const leaseMs = config.importLeaseSeconds * 1000;
  app.addContentTypeParser(FILE_TYPES, { bodyLimit: limits.maxFileBytes }, (req: FastifyRequest, payload: NodeJS.ReadableStream) =>
    readUpload(req, payload, limits.maxFileBytes),
  );

  app.get(
    '/api/import-sources',
    {
      config: { permission: 'imports.manage' },
      schema: { tags: ['imports'], summary: 'Data sources (agency lists) and their mappings', response: { 200: z.array(Source), ...errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await asSystem(db, (tx) =>
        tx
          .selectFrom('import_sources as s')
          .innerJoin('organisations as o', 'o.id', 's.organisation_id')
          .select(['s.code', 's.name', 's.organisation_id', 'o.name as org', 's.mapping'])
          .orderBy('s.code')
          .execute(),
      );
      return rows.map((r) => ({
        code: r.code,
        name: r.name,
        organisationId: r.organisation_id,
        organisation: r.org,
        mapping: r.mapping ?? null,
        mine: r.organisation_id === actor.organisationId,
      }));
    },
  );

  app.put(
    '/api/import-sources/:code',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: 'Create or change a source and its column mapping (your organisation’s, or any as an administrator)',
        params: z.object({ code: z.string() }),
        body: SourceInput,
        response: { 200: Source, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      if (b.code !== req.params.code) throw new AppError(400, 'request.malformed');
      const admin = actor.role === 'system_admin' || actor.role === 'province_admin';
      return asSystem(db, async (tx) => {
        const current = await tx.selectFrom('import_sources').select('organisation_id').where('code', '=', b.code).executeTakeFirst();
        if (!admin && ((current && current.organisation_id !== actor.organisationId) || b.organisationId !== actor.organisationId))
          throw new AppError(403, 'forbidden');
        const values = {
          name: b.name,
          organisation_id: b.organisationId,
          mapping: b.mapping ? JSON.stringify(b.mapping) : null,
          updated_by: actor.userId,
          updated_at: new Date(),
        };
        await tx
          .insertInto('import_sources')
          .values({ code: b.code, ...values })
          .onConflict((oc) => oc.column('code').doUpdateSet(values))
          .execute();
        await audit(tx, actor, {
          action: 'import.source_saved',
          subjectType: 'import_source',
          subjectId: b.code,
          details: { mapped: Object.keys(b.mapping?.columns ?? {}) },
        });
        const org = await tx.selectFrom('organisations').select('name').where('id', '=', b.organisationId).executeTakeFirstOrThrow();
        return {
          code: b.code,
          name: b.name,
          organisationId: b.organisationId,
          organisation: org.name,
          mapping: b.mapping ?? null,
          mine: b.organisationId === actor.organisationId,
        };
      });
    },
  );

  app.post(
    '/api/imports/preview',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: 'The headers and first rows of a file, to map its columns (send the file as the body)',
        querystring: z.object({ fileName: z.string().max(255).refine(noControl), encoding: z.enum(TEXT_ENCODINGS).optional() }),
        response: {
          200: z.object({
            headers: z.array(z.string()),
            sample: z.array(z.record(z.string(), z.string())),
            rows: z.number(),
            encoding: z.string(),
            /** Each column's distinct values over the whole file, for the columns with at most PREVIEW_DISTINCT of them (codes, not names). */
            values: z.record(z.string(), z.array(z.string())),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const data = req.body as Uint8Array | undefined;
      if (!data?.length) throw new AppError(400, 'import.empty');
      const table = await openTable(data, req.query.fileName, { contentType: req.headers['content-type'], limits, encoding: req.query.encoding });
      const sample: Array<Record<string, string>> = [];
      let rows = 0;
      // The values of short-listed columns (sex, disability types, allowance kinds…), for the value map.
      const distinct = new Map(table.headers.map((h) => [h, new Set<string>()] as const));
      for await (const r of table.rows()) {
        if (rows++ < 5) sample.push(r.cells);
        for (const [h, set] of distinct) {
          const v = r.cells[h];
          if (!v) continue;
          set.add(v);
          if (set.size > PREVIEW_DISTINCT) distinct.delete(h);
        }
      }
      await asUser(db, actor, (tx) => audit(tx, actor, { action: 'import.preview', subjectType: 'import_file', details: { rows } }));
      const values = Object.fromEntries([...distinct].map(([h, set]) => [h, [...set].sort()]));
      return { headers: table.headers, sample, rows, encoding: table.encoding, values };
    },
  );

  const jobs = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  // A server stopping cuts its imports short: each ends 'failed' with its pending rows kept, and
  // importing the same file again finishes it.
  app.addHook('onClose', async () => {
    for (const job of jobs.values()) job.abort.abort(new AppError(503, 'import.interrupted'));
    await Promise.allSettled([...jobs.values()].map((j) => j.done));
  });
  // A job whose server died without stopping (its lease not renewed) is marked as cut off: here at
  // start, and whenever anyone reads batches (one batch or the list).
  await expireLeases(db, leaseMs);

  app.post(
    '/api/imports',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary:
          'Import a file for a source (the file is the body). By default the answer is the finished batch; with background=true the answer (202) comes as soon as the batch starts, and its progress is read from GET /api/imports/:id (live screens hear `import.progress`).',
        querystring: z.object({
          source: z.string().max(40).refine(noControl),
          fileName: z.string().min(1).max(255).refine(noControl),
          /** The text encoding the user confirmed in the preview; found from the bytes when absent. */
          encoding: z.enum(TEXT_ENCODINGS).optional(),
          background: z.stringbool().default(false),
        }),
        response: { 200: Batch.extend({ repeated: z.boolean() }), 202: Batch.extend({ repeated: z.boolean() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const data = req.body as Uint8Array | undefined;
      if (!data?.length) throw new AppError(400, 'import.empty');
      const who = { kind: 'user' as const, actor };
      const abort = new AbortController();
      let started: (id: string) => void = () => {};
      const start = new Promise<string>((resolve) => {
        started = resolve;
      });
      const job = runImport(
        db,
        who,
        { source: req.query.source, fileName: req.query.fileName, data, contentType: req.headers['content-type'], encoding: req.query.encoding },
        { onStart: started, signal: abort.signal, limits, leaseMs },
      );
      if (!req.query.background) return job;
      // Until the batch exists the job can fail as a request does (unknown source, missing columns…); after, it runs on.
      const first = await Promise.race([job.then((summary) => ({ summary })), start.then((id) => ({ id }))]);
      if ('summary' in first) return first.summary;
      const done = job.catch((err: Error) => req.log.warn({ batch: first.id, error: err.name }, 'import failed')).finally(() => jobs.delete(first.id));
      jobs.set(first.id, { abort, done });
      reply.status(202);
      return { ...(await loadBatch(db, who, first.id)), repeated: false };
    },
  );

  app.get(
    '/api/imports/:id',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: 'One batch of my organisation: its counts, and its progress while it runs',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: Batch, ...errors },
      },
    },
    async (req) => {
      await expireLeases(db, leaseMs);
      return loadBatch(db, { kind: 'user', actor: requireActor(req) }, req.params.id);
    },
  );

  app.get(
    '/api/imports',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: "My organisation's import batches, newest first",
        querystring: z.object({ source: z.string().optional() }),
        response: { 200: z.array(Batch), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await expireLeases(db, leaseMs);
      const ids = await asUser(db, actor, (tx) => {
        let q = tx.selectFrom('import_batches').select('id').orderBy('started_at', 'desc').limit(100);
        if (req.query.source) q = q.where('source_code', '=', req.query.source);
        return q.execute();
      });
      return Promise.all(ids.map((b) => loadBatch(db, { kind: 'user', actor }, b.id)));
    },
  );

  app.get(
    '/api/imports/:id/rejections',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary:
          'The rows a batch rejected (or, with rows=warned, took with a warning), as received plus their reasons, to fix and import again (CSV or XLSX: all; JSON: the first `limit`)',
        params: z.object({ id: z.string().uuid() }),
        querystring: z.object({
          format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
          limit: z.coerce.number().int().min(1).max(5000).default(1000),
          rows: z.enum(['rejected', 'warned']).default('rejected'),
        }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await loadBatch(db, { kind: 'user', actor }, req.params.id);
      const { headers: fileHeaders, rows } = await rejectedRows(
        db,
        { kind: 'user', actor },
        req.params.id,
        req.query.format === 'json' ? req.query.limit : undefined,
        req.query.rows,
      );
      // The file's own column order (a row stored as JSON does not keep it), and any column only some rows had.
      const headers = [...new Set([...fileHeaders, ...rows.flatMap((r) => Object.keys(r.raw))])];
      const reasons = (r: (typeof rows)[number], lang: 'th' | 'en') => r.reasons.map((x) => (lang === 'th' ? x.message_th : x.message_en)).join('; ');
      const table = rows.map((r) => [...headers.map((h) => r.raw[h] ?? ''), String(r.row_number), reasons(r, 'th'), reasons(r, 'en')]);
      const head = [...headers, 'แถวที่ (row)', 'เหตุผล', 'reason'];
      if (req.query.format === 'json') return rows.map((r) => ({ row: r.row_number, recordKey: r.record_key, cells: r.raw, reasons: r.reasons }));
      if (req.query.format === 'xlsx') {
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet('rejected');
        sheet.addRow(head).font = { bold: true };
        for (const r of table) sheet.addRow(r);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${req.query.rows}-${req.params.id}.xlsx"`)
          .send(Buffer.from(await book.xlsx.writeBuffer()));
      }
      // UTF-8 with a byte-order mark, so Excel opens Thai text correctly.
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.query.rows}-${req.params.id}.csv"`)
        .send(`\uFEFF${[head, ...table].map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`);
    },
  );

  app.post(
    '/api/imports/:id/rollback',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: "Undo a source's latest batch",
        params: z.object({ id: z.string().uuid() }),
        response: { 200: Batch.extend({ personsRemoved: z.number(), personsKept: z.number() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return rollbackBatch(db, { kind: 'user', actor }, req.params.id);
    },
  );

  app.get(
    '/api/imports/coverage',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['imports'],
        summary: 'How much of each source is integrated, by district, and the persons counted once, in my areas (counts only)',
        response: { 200: z.any(), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const result = await coverage(db, actor.scopes);
      await asUser(db, actor, (tx) => audit(tx, actor, { action: 'import.coverage', subjectType: 'report', areaCode: actor.areaCode }));
      return result;
    },
  );

  // The stewards' data-quality page (issue 19, item 8): its SQL and route live in quality.ts.
  qualityRoute(app, db);
};
