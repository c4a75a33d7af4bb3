import { COUNTRY_SCOPE, ErrorResponse, inScope } from '@carehub/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { asSystem, asUser } from '../../db/context.js';
import type { DB } from '../../db/schema.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';

/** How many of a source's latest import batches its trend shows. */
export const TREND_BATCHES = 12;

/** A share in percent with one decimal, or null when there is nothing to divide. */
const percent = (n: number, of: number) => (of ? Math.round((n * 1000) / of) / 10 : null);

const Share = z.object({ count: z.number(), percent: z.number().nullable() });
const Trend = z.object({
  startedAt: z.string(),
  status: z.enum(['running', 'done', 'failed', 'rolled_back']),
  total: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  /** Rows of the batch whose latest state is still a row taken with a warning. */
  warned: z.number(),
  review: z.number(),
});
export const SourceQuality = z.object({
  code: z.string(),
  name: z.string(),
  /** Rows of the source in the area, in their latest state (one per record). */
  rows: z.number(),
  statuses: z.object({ linked: z.number(), new: z.number(), review: z.number(), rejected: z.number(), pending: z.number() }),
  /** Completeness, of the persons this source's rows are linked to (linked or registered) in the area. */
  persons: z.number(),
  completeness: z.object({ validId: Share, birthDay: Share, village: Share }),
  /** Rows taken with a warning (never the rejected ones), by what the warning is about; shares are of `rows`. */
  invalidId: Share,
  staleArea: Share,
  unknownValue: Share,
  placeholderBirthDate: Share,
  warned: Share,
  rejected: Share,
  /** Rows waiting for a steward to decide whether they are a person already registered. */
  duplicatesWaiting: z.number(),
  /** Persons linked from this source and from no other: known to this agency only; the share is of `persons`. */
  onlyThisSource: Share,
  /** The source's latest batches, oldest first; counts over the whole file, not only the area. */
  trend: z.array(Trend),
});
export const Quality = z.object({ area: z.string().nullable(), sources: z.array(SourceQuality) });
export type Quality = z.infer<typeof Quality>;

/** SQL: the column lies under one of the prefixes. */
function under(column: string, prefixes: readonly string[]): RawBuilder<boolean> {
  if (prefixes.includes(COUNTRY_SCOPE)) return sql<boolean>`true`;
  return sql<boolean>`(${sql.join(
    prefixes.map((p) => sql`${sql.ref(column)} LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;
}

/** A warning (not a refusal) on the row about one of these fields. */
const warnedOn = (...paths: string[]) =>
  sql`r.status NOT IN ('rejected', 'pending') AND (${sql.join(
    paths.map((p) => sql`r.reasons @> ${JSON.stringify([{ path: p }])}::jsonb`),
    sql` OR `,
  )})`;

/**
 * Data quality of each source (or of one) in the given areas, counts only: rows and their states,
 * completeness of the persons linked from the source, warned values by kind, rejected rows,
 * duplicates waiting for review, persons known to this source only, and each recent batch.
 * `prefixes` are area codes (a province, district or subdistrict prefix, or `TH`).
 */
export async function quality(db: Kysely<DB>, prefixes: readonly string[], source?: string): Promise<Quality['sources']> {
  return asSystem(db, async (tx) => {
    const sources = await tx
      .selectFrom('import_sources')
      .select(['code', 'name'])
      .$if(source !== undefined, (q) => q.where('code', '=', source as string))
      .orderBy('code')
      .execute();
    if (!sources.length) return [];
    const codes = sources.map((s) => s.code);
    // Rows not placed in an area (refused before that) belong to province-wide views only, as in coverage.
    const rowsInArea = sql`(${under('r.area_code', prefixes)} OR (r.area_code IS NULL AND ${prefixes.some((p) => p.length <= 2)}))`;
    const rows = await sql<{
      source_code: string;
      rows: number;
      linked: number;
      new: number;
      review: number;
      rejected: number;
      pending: number;
      invalid_id: number;
      stale_area: number;
      unknown_value: number;
      placeholder: number;
      warned: number;
    }>`
      SELECT r.source_code,
        count(*)::int AS rows,
        count(*) FILTER (WHERE r.status = 'linked')::int AS linked,
        count(*) FILTER (WHERE r.status = 'new')::int AS new,
        count(*) FILTER (WHERE r.status = 'review')::int AS review,
        count(*) FILTER (WHERE r.status = 'rejected')::int AS rejected,
        count(*) FILTER (WHERE r.status = 'pending')::int AS pending,
        count(*) FILTER (WHERE ${warnedOn('cid')})::int AS invalid_id,
        count(*) FILTER (WHERE ${warnedOn('areaCode')})::int AS stale_area,
        count(*) FILTER (WHERE ${warnedOn('disabilityTypes', 'sex')})::int AS unknown_value,
        count(*) FILTER (WHERE ${warnedOn('birthDate')})::int AS placeholder,
        count(*) FILTER (WHERE r.status NOT IN ('rejected', 'pending') AND r.reasons <> '[]'::jsonb)::int AS warned
      FROM source_records r
      WHERE r.source_code IN (${sql.join(codes)}) AND ${rowsInArea}
      GROUP BY r.source_code`.execute(tx);
    const persons = await sql<{ source_code: string; persons: number; valid_id: number; birth_day: number; village: number; only: number }>`
      WITH linked AS (
        SELECT DISTINCT r.source_code, r.person_id
        FROM source_records r
        WHERE r.source_code IN (${sql.join(codes)}) AND r.person_id IS NOT NULL AND r.status IN ('linked', 'new')
      )
      SELECT l.source_code,
        count(*)::int AS persons,
        count(*) FILTER (WHERE p.cid IS NOT NULL AND p.cid ~ '^[0-9]{13}$')::int AS valid_id,
        count(*) FILTER (WHERE p.birth_date IS NOT NULL AND p.birth_precision = 'day')::int AS birth_day,
        count(*) FILTER (WHERE p.village_no IS NOT NULL)::int AS village,
        count(*) FILTER (WHERE NOT EXISTS (
          SELECT 1 FROM source_records o
          WHERE o.person_id = l.person_id AND o.source_code <> l.source_code AND o.status IN ('linked', 'new')
        ))::int AS only
      FROM linked l
      JOIN persons p ON p.id = l.person_id
      WHERE ${under('p.area_code', prefixes)}
      GROUP BY l.source_code`.execute(tx);
    const batches = await sql<{
      source_code: string;
      started_at: Date;
      status: 'running' | 'done' | 'failed' | 'rolled_back';
      total: number;
      accepted: number;
      rejected: number;
      review: number;
      warned: number;
    }>`
      SELECT b.source_code, b.started_at, b.status, b.total, b.accepted, b.rejected, b.review,
        (SELECT count(*)::int FROM source_records r WHERE r.batch_id = b.id AND r.status NOT IN ('rejected', 'pending') AND r.reasons <> '[]'::jsonb) AS warned
      FROM (
        SELECT *, row_number() OVER (PARTITION BY source_code ORDER BY started_at DESC, id DESC) AS n
        FROM import_batches
        WHERE source_code IN (${sql.join(codes)})
      ) b
      WHERE b.n <= ${TREND_BATCHES}
      ORDER BY b.source_code, b.started_at, b.id`.execute(tx);

    return sources.map((s) => {
      const r = rows.rows.find((x) => x.source_code === s.code);
      const p = persons.rows.find((x) => x.source_code === s.code);
      const total = r?.rows ?? 0;
      const people = p?.persons ?? 0;
      const ofRows = (n = 0) => ({ count: n, percent: percent(n, total) });
      const ofPersons = (n = 0) => ({ count: n, percent: percent(n, people) });
      return {
        code: s.code,
        name: s.name,
        rows: total,
        statuses: { linked: r?.linked ?? 0, new: r?.new ?? 0, review: r?.review ?? 0, rejected: r?.rejected ?? 0, pending: r?.pending ?? 0 },
        persons: people,
        completeness: { validId: ofPersons(p?.valid_id), birthDay: ofPersons(p?.birth_day), village: ofPersons(p?.village) },
        invalidId: ofRows(r?.invalid_id),
        staleArea: ofRows(r?.stale_area),
        unknownValue: ofRows(r?.unknown_value),
        placeholderBirthDate: ofRows(r?.placeholder),
        warned: ofRows(r?.warned),
        rejected: ofRows(r?.rejected),
        duplicatesWaiting: r?.review ?? 0,
        onlyThisSource: ofPersons(p?.only),
        trend: batches.rows
          .filter((b) => b.source_code === s.code)
          .map((b) => ({
            startedAt: new Date(b.started_at).toISOString(),
            status: b.status,
            total: b.total,
            accepted: b.accepted,
            rejected: b.rejected,
            warned: b.warned,
            review: b.review,
          })),
      };
    });
  });
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** GET /api/imports/quality: the data-quality page of stewards, per source and area (counts only, audited). */
export function qualityRoute(app: Parameters<Module>[0], db: Kysely<DB>): void {
  app.get(
    '/api/imports/quality',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['imports'],
        summary:
          'Data quality per source in an area of mine (all of my areas by default): completeness, warned and rejected rows, duplicates waiting, persons known to one source only, and the latest batches (counts only)',
        querystring: z.object({
          source: z.string().max(40).optional(),
          area: z
            .string()
            .regex(/^\d{2}(\d{2}){0,2}$/)
            .optional(),
        }),
        response: { 200: Quality, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { source, area } = req.query;
      if (area && !inScope(area, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      const sources = await quality(db, area ? [area] : actor.scopes, source);
      if (source && !sources.length) throw new AppError(404, 'not_found');
      await asUser(db, actor, (tx) =>
        audit(tx, actor, { action: 'import.quality', subjectType: 'report', areaCode: area ?? actor.areaCode, details: { source: source ?? null } }),
      );
      return { area: area ?? null, sources };
    },
  );
}
