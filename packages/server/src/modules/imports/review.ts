import { ErrorResponse, ImportMapping, partialDateString, readImportRow } from '@carehub/core';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import type { DB } from '../../db/schema.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { recordProvenance, refreshDerived } from '../persons/service.js';
import { importedFields, registerPerson } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** A person as the review screens show them: a row of a file, or a registry person; the national ID masked to its last 4 digits. */
const ReviewPerson = z.object({
  name: z.string(),
  /** "1947-03-05", "1947-03" or "1947" (Christian era), as far as known. */
  birthDate: z.string().nullable(),
  sex: z.enum(['male', 'female', 'unknown']),
  areaCode: z.string().nullable(),
  cid: z.string().nullable(),
});
type ReviewPerson = z.infer<typeof ReviewPerson>;

/** The file a row came from (the batch that last wrote it), and its row in that file. */
const RowOrigin = {
  recordId: z.string(),
  source: z.string(),
  sourceName: z.string(),
  recordKey: z.string(),
  rowNumber: z.number().int(),
  batch: z.object({ id: z.string(), fileName: z.string(), importedAt: z.string() }),
};

const Candidate = ReviewPerson.extend({
  personId: z.string(),
  probability: z.number(),
  evidence: z.record(z.string(), z.number()),
  /** Why the row waits for this person beyond the score: its valid national ID is one typing slip from theirs (first differing digit, from 1). */
  reason: z.object({ code: z.enum(['cid_one_digit', 'cid_transposed']), position: z.number().int() }).optional(),
});

const ReviewItem = z.object({ ...RowOrigin, row: ReviewPerson, candidates: z.array(Candidate) });

const ReviewCount = z.object({
  /** Rows waiting, over all the organisation's sources within the user's areas. */
  total: z.number().int(),
  bySource: z.array(z.object({ source: z.string(), sourceName: z.string(), total: z.number().int() })),
});

const DecisionKind = z.enum(['reviewed', 'scored']);

const DecisionItem = z.object({
  ...RowOrigin,
  /** reviewed: a reviewer decided (or split) it; scored: the score linked it with no reviewer. */
  kind: DecisionKind,
  status: z.enum(['linked', 'new']),
  /** When it was decided, or for a scored link, when its file was imported. */
  at: z.string(),
  decidedAt: z.string().nullable(),
  /** The reviewer's name (null for a scored link, or if the account is gone). */
  decidedBy: z.string().nullable(),
  row: ReviewPerson,
  /** The person the row is linked to, or registered as. */
  personId: z.string().nullable(),
  /** That person's fields; null if the user may not see them (outside their areas). */
  person: ReviewPerson.extend({
    personId: z.string(),
    /** The score of the pair at import, where the person was a candidate. */
    probability: z.number().nullable(),
    evidence: z.record(z.string(), z.number()).nullable(),
  }).nullable(),
});

const Paging = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** A national ID with all but its last 4 digits hidden: x-xxxx-xxxx0-12-3 (any other text: its last 4 characters). */
export function maskCidTail(cid: string): string {
  const digits = cid.replace(/\D/g, '');
  if (digits.length === 13) return `x-xxxx-xxxx${digits[9]}-${digits.slice(10, 12)}-${digits[12]}`;
  const text = cid.trim();
  return text.length <= 4 ? 'x'.repeat(text.length) : `${'x'.repeat(text.length - 4)}${text.slice(-4)}`;
}

/** A row as its source's mapping reads it (empty fields if the mapping no longer reads it). */
function rowPerson(raw: Record<string, string>, mapping: unknown, rowNumber: number, areaCode: string | null): ReviewPerson {
  const parsed = ImportMapping.safeParse(mapping);
  const read = parsed.success ? readImportRow(raw, parsed.data, rowNumber) : null;
  const p = read?.ok ? read.person : null;
  const cid = p?.cidInvalid ?? p?.cid ?? null;
  return {
    name: p ? [p.title, p.firstName, p.lastName].filter(Boolean).join(' ') : '',
    birthDate: p?.birth ? partialDateString(p.birth.iso, p.birth.precision) : null,
    sex: p?.sex ?? 'unknown',
    areaCode,
    cid: cid ? maskCidTail(cid) : null,
  };
}

/** Registry persons by id, as far as the user may see them. */
async function registryPersons(tx: Tx, ids: string[]): Promise<Map<string, ReviewPerson>> {
  if (!ids.length) return new Map();
  const rows = await tx
    .selectFrom('persons')
    .select(['id', 'title_th', 'first_name_th', 'last_name_th', 'birth_date', 'birth_precision', 'sex', 'area_code', 'cid'])
    .where('id', 'in', ids)
    .execute();
  return new Map(
    rows.map((p) => [
      p.id,
      {
        name: [p.title_th, p.first_name_th, p.last_name_th].filter(Boolean).join(' '),
        birthDate: p.birth_date ? partialDateString(p.birth_date, p.birth_precision) : null,
        sex: p.sex,
        areaCode: p.area_code,
        cid: p.cid ? maskCidTail(p.cid) : null,
      },
    ]),
  );
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The organisation's imported rows with what a reviewer sees of each: its source, the file and row it came from, its cells and candidates. */
const reviewRows = (tx: Tx) =>
  tx
    .selectFrom('source_records as r')
    .innerJoin('import_sources as s', 's.code', 'r.source_code')
    .innerJoin('import_batches as b', 'b.id', 'r.batch_id')
    .select([
      'r.id',
      'r.source_code',
      's.name as source_name',
      's.mapping',
      'r.record_key',
      'r.row_number',
      'r.raw',
      'r.area_code',
      'r.candidates',
      'r.batch_id',
      'b.file_name',
      'b.started_at',
    ]);

/**
 * Rows waiting for a reviewer, oldest first (a file's rows in their order), a page at a time, with each
 * candidate person's fields beside the row's, field by field. The total is `reviewCount`'s.
 */
export async function reviewQueue(db: Kysely<DB>, actor: Actor, opts: { source?: string; limit?: number; offset?: number } = {}) {
  const { source, limit = 20, offset = 0 } = opts;
  return asUser(db, actor, async (tx) => {
    let q = reviewRows(tx)
      .where('r.status', '=', 'review')
      .orderBy('r.updated_at')
      .orderBy('r.source_code')
      .orderBy('r.row_number')
      .orderBy('r.id')
      .limit(limit)
      .offset(offset);
    if (source) q = q.where('r.source_code', '=', source);
    const rows = await q.execute();
    const ids = [...new Set(rows.flatMap((r) => r.candidates.map((c) => c.personId)))];
    const byId = await registryPersons(tx, ids);
    await audit(tx, actor, {
      action: 'import.review_list',
      subjectType: 'import_review',
      details: { source, offset, rows: rows.length, records: rows.map((r) => r.id), persons: ids },
    });
    return rows.map(
      (r): z.infer<typeof ReviewItem> => ({
        recordId: r.id,
        source: r.source_code,
        sourceName: r.source_name,
        recordKey: r.record_key,
        rowNumber: r.row_number,
        batch: { id: r.batch_id, fileName: r.file_name, importedAt: iso(r.started_at) },
        row: rowPerson(r.raw, r.mapping, r.row_number, r.area_code),
        candidates: r.candidates.flatMap((c) => {
          const person = byId.get(c.personId);
          return person
            ? [{ ...person, personId: c.personId, probability: c.probability, evidence: c.evidence, ...(c.reason ? { reason: c.reason } : {}) }]
            : [];
        }),
      }),
    );
  });
}

/** How many rows wait for a reviewer, in all and by source: counts only, for the menu and the queue's pages. */
export async function reviewCount(db: Kysely<DB>, actor: Actor): Promise<z.infer<typeof ReviewCount>> {
  return asUser(db, actor, async (tx) => {
    const rows = await tx
      .selectFrom('source_records as r')
      .innerJoin('import_sources as s', 's.code', 'r.source_code')
      .select(['r.source_code', 's.name', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('r.status', '=', 'review')
      .groupBy(['r.source_code', 's.name'])
      .orderBy('s.name')
      .execute();
    const bySource = rows.map((r) => ({ source: r.source_code, sourceName: r.name, total: Number(r.n) }));
    const total = bySource.reduce((n, s) => n + s.total, 0);
    await audit(tx, actor, { action: 'import.review_count', subjectType: 'import_review', details: { total, sources: bySource.length } });
    return { total, bySource };
  });
}

/**
 * Rows of the organisation's sources that a reviewer decided (linked, registered as new, or split), and
 * rows the score linked with no reviewer (not those a national ID or an exact match placed), newest
 * first, a page at a time, each with the person it is linked to: where a wrong link is found and split.
 */
export async function pastDecisions(
  db: Kysely<DB>,
  actor: Actor,
  opts: { source?: string; kind?: z.infer<typeof DecisionKind>; limit?: number; offset?: number } = {},
) {
  const { source, kind, limit = 20, offset = 0 } = opts;
  return asUser(db, actor, async (tx) => {
    let base = reviewRows(tx)
      .where('r.status', 'in', ['linked', 'new'])
      .where((eb) => {
        const reviewed = eb('r.decided_at', 'is not', null);
        // A link by the score: below certainty, or with the candidates it was scored against (a
        // national ID or an exact match links with score 1 and no candidates).
        const scored = eb.and([
          eb('r.status', '=', 'linked'),
          eb('r.decided_at', 'is', null),
          eb.or([eb('r.match_score', '<', 1), sql<boolean>`jsonb_array_length(r.candidates) > 0`]),
        ]);
        return kind === 'reviewed' ? reviewed : kind === 'scored' ? scored : eb.or([reviewed, scored]);
      });
    if (source) base = base.where('r.source_code', '=', source);
    const rows = await base
      .select([
        'r.status',
        'r.person_id',
        'r.match_score',
        'r.decided_at',
        sql<Date>`coalesce(r.decided_at, r.updated_at)`.as('at'),
        sql<string | null>`app_user_name(r.decided_by)`.as('decided_by_name'),
        sql<string | number>`count(*) OVER ()`.as('total'),
      ])
      .orderBy(sql`coalesce(r.decided_at, r.updated_at)`, 'desc')
      .orderBy('r.source_code')
      .orderBy('r.row_number')
      .orderBy('r.id')
      .limit(limit)
      .offset(offset)
      .execute();
    // The total comes with the page; only a page past the end counts again.
    const total = Number(
      rows[0]?.total ??
        (offset > 0
          ? (
              await base
                .clearSelect()
                .select((eb) => eb.fn.countAll<string | number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n
          : 0),
    );
    const personIds = [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))];
    const byId = await registryPersons(tx, personIds);
    await audit(tx, actor, {
      action: 'import.decision_list',
      subjectType: 'import_review',
      details: { source, kind, offset, rows: rows.length, total, records: rows.map((r) => r.id), persons: personIds },
    });
    const items = rows.map((r): z.infer<typeof DecisionItem> => {
      const person = r.person_id ? byId.get(r.person_id) : undefined;
      const pair = r.candidates.find((c) => c.personId === r.person_id);
      return {
        recordId: r.id,
        source: r.source_code,
        sourceName: r.source_name,
        recordKey: r.record_key,
        rowNumber: r.row_number,
        batch: { id: r.batch_id, fileName: r.file_name, importedAt: iso(r.started_at) },
        kind: r.decided_at ? 'reviewed' : 'scored',
        status: r.status as 'linked' | 'new',
        at: iso(r.at),
        decidedAt: r.decided_at ? iso(r.decided_at) : null,
        decidedBy: r.decided_at ? r.decided_by_name : null,
        row: rowPerson(r.raw, r.mapping, r.row_number, r.area_code),
        personId: r.person_id,
        person:
          person && r.person_id
            ? {
                ...person,
                personId: r.person_id,
                probability: pair?.probability ?? (r.decided_at ? null : r.match_score),
                evidence: pair?.evidence ?? null,
              }
            : null,
      };
    });
    return { items, total, limit, offset };
  });
}

/**
 * A reviewer's decision on a row: the same person as one of its candidates, or a new person; or, for
 * a row already linked, a split: the link was wrong, so the row becomes a person of its own and the
 * values it gave the wrong person's record are withdrawn.
 */
export async function decideRecord(db: Kysely<DB>, actor: Actor, recordId: string, decision: { personId: string | null } | { split: true }) {
  return asUser(db, actor, async (tx) => {
    const r = await tx
      .selectFrom('source_records as r')
      .innerJoin('import_sources as s', 's.code', 'r.source_code')
      .select(['r.id', 'r.status', 'r.person_id', 'r.candidates', 'r.raw', 'r.row_number', 'r.area_code', 'r.batch_id', 's.mapping'])
      .where('r.id', '=', recordId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw new AppError(404, 'not_found');
    const split = 'split' in decision;
    if (split ? r.status !== 'linked' : r.status !== 'review') throw new AppError(409, 'conflict.stale');
    const read = readImportRow(r.raw, ImportMapping.parse(r.mapping), r.row_number);
    if (!read.ok || !r.area_code) throw new AppError(409, 'conflict.stale');
    let personId: string;
    let status: 'linked' | 'new';
    if (!split && decision.personId) {
      if (!r.candidates.some((c) => c.personId === decision.personId)) throw new AppError(400, 'request.malformed');
      personId = decision.personId;
      status = 'linked';
    } else {
      personId = await registerPerson(tx, read.person, r.area_code);
      status = 'new';
    }
    if (split && r.person_id) {
      // The wrong person's record forgets what this row told it (provenance is otherwise append-only).
      await sql`SELECT app_withdraw_import_provenance(${r.person_id}::uuid, ${r.id}::uuid)`.execute(tx);
      await refreshDerived(tx, r.person_id);
    }
    await tx
      .updateTable('source_records')
      .set({
        status,
        person_id: personId,
        match_score: status === 'linked' ? 1 : null,
        decided_by: actor.userId,
        decided_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', r.id)
      .execute();
    await recordProvenance(tx, personId, importedFields(read.person, r.area_code), { source: 'import', ref: `import:${r.batch_id}:${r.id}`, by: actor.userId });
    await refreshDerived(tx, personId);
    await audit(tx, actor, {
      action: split ? 'import.split' : 'import.review',
      subjectType: 'person',
      subjectId: personId,
      areaCode: r.area_code,
      details: {
        record: r.id,
        decision: split ? 'split' : status === 'linked' ? 'same_person' : 'new_person',
        previousPerson: split ? r.person_id : undefined,
      },
    });
    return { recordId: r.id, status, personId };
  });
}

/** The review queue and reviewers' decisions: same person, new person, or a split of a wrong link. */
export const reviewRoutes: Module = async (app, { database }) => {
  const db = database.db;
  app.get(
    '/api/imports/reviews',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary:
          "Rows of my organisation's sources waiting for a reviewer, oldest first, a page at a time (limit, offset), each with its file and row, its candidate persons and the evidence field by field; the total is /api/imports/reviews/count's",
        querystring: z.object({ source: z.string().optional(), ...Paging }),
        response: { 200: z.array(ReviewItem), ...errors },
      },
    },
    async (req) => reviewQueue(db, requireActor(req), req.query),
  );

  app.get(
    '/api/imports/reviews/count',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: "How many rows of my organisation's sources wait for a reviewer, in all and by source (counts only)",
        response: { 200: ReviewCount, ...errors },
      },
    },
    async (req) => reviewCount(db, requireActor(req)),
  );

  app.get(
    '/api/imports/decisions',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary:
          "Rows of my organisation's sources decided by a reviewer (kind=reviewed) or linked by the score (kind=scored), newest first, a page at a time, each with the person it is linked to; a wrong link is split with /api/imports/records/:id/split",
        querystring: z.object({ source: z.string().optional(), kind: DecisionKind.optional(), ...Paging }),
        response: { 200: z.object({ items: z.array(DecisionItem), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }), ...errors },
      },
    },
    async (req) => pastDecisions(db, requireActor(req), req.query),
  );

  app.post(
    '/api/imports/records/:id/decide',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: 'Decide a row in review: one of its candidates (personId), or a new person (personId null)',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ personId: z.string().uuid().nullable() }),
        response: { 200: z.object({ recordId: z.string(), status: z.string(), personId: z.string() }), ...errors },
      },
    },
    async (req) => decideRecord(db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/api/imports/records/:id/split',
    {
      config: { permission: 'imports.manage' },
      schema: {
        tags: ['imports'],
        summary: 'Split a wrong link: the row becomes a person of its own, and what it told the wrong person is withdrawn',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.object({ recordId: z.string(), status: z.string(), personId: z.string() }), ...errors },
      },
    },
    async (req) => decideRecord(db, requireActor(req), req.params.id, { split: true }),
  );
};
