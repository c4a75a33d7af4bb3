import { ErrorResponse, ImportMapping, partialDateString, readImportRow } from '@carehub/core';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asUser } from '../../db/context.js';
import type { DB } from '../../db/schema.js';
import { type Module, requirePermission } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { recordProvenance, refreshDerived } from '../persons/service.js';
import { importedFields, registerPerson } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Rows waiting for a reviewer, with each candidate person's fields beside the row's, field by field. */
export async function reviewQueue(db: Kysely<DB>, actor: Actor, source?: string) {
  return asUser(db, actor, async (tx) => {
    let q = tx
      .selectFrom('source_records as r')
      .innerJoin('import_sources as s', 's.code', 'r.source_code')
      .select(['r.id', 'r.source_code', 's.name as source_name', 's.mapping', 'r.record_key', 'r.row_number', 'r.raw', 'r.area_code', 'r.candidates'])
      .where('r.status', '=', 'review')
      .orderBy('r.updated_at')
      .limit(100);
    if (source) q = q.where('r.source_code', '=', source);
    const rows = await q.execute();
    const ids = [...new Set(rows.flatMap((r) => r.candidates.map((c) => c.personId)))];
    const persons = ids.length
      ? await tx
          .selectFrom('persons')
          .select(['id', 'title_th', 'first_name_th', 'last_name_th', 'birth_date', 'birth_precision', 'sex', 'area_code', 'cid'])
          .where('id', 'in', ids)
          .execute()
      : [];
    const byId = new Map(persons.map((p) => [p.id, p]));
    await audit(tx, actor, { action: 'import.review_list', subjectType: 'import_review', details: { rows: rows.length, persons: ids } });
    return rows.map((r) => {
      const read = readImportRow(r.raw, ImportMapping.parse(r.mapping), r.row_number);
      const p = read.ok ? read.person : null;
      return {
        recordId: r.id,
        source: r.source_code,
        sourceName: r.source_name,
        recordKey: r.record_key,
        row: {
          name: p ? [p.title, p.firstName, p.lastName].filter(Boolean).join(' ') : '',
          birthDate: p?.birth ? partialDateString(p.birth.iso, p.birth.precision) : null,
          sex: p?.sex ?? 'unknown',
          areaCode: r.area_code,
          cid: p?.cidInvalid ?? p?.cid ?? null,
        },
        candidates: r.candidates.flatMap((c) => {
          const person = byId.get(c.personId);
          if (!person) return [];
          return [
            {
              personId: c.personId,
              probability: c.probability,
              evidence: c.evidence,
              name: [person.title_th, person.first_name_th, person.last_name_th].filter(Boolean).join(' '),
              birthDate: person.birth_date ? partialDateString(person.birth_date, person.birth_precision) : null,
              sex: person.sex,
              areaCode: person.area_code,
              cid: person.cid,
            },
          ];
        }),
      };
    });
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
      schema: {
        tags: ['imports'],
        summary: "Rows of my organisation's sources waiting for a reviewer, each with its candidate persons and the evidence field by field",
        querystring: z.object({ source: z.string().optional() }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req) => reviewQueue(db, requirePermission(req, 'imports.manage'), req.query.source),
  );

  app.post(
    '/api/imports/records/:id/decide',
    {
      schema: {
        tags: ['imports'],
        summary: 'Decide a row in review: one of its candidates (personId), or a new person (personId null)',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ personId: z.string().uuid().nullable() }),
        response: { 200: z.object({ recordId: z.string(), status: z.string(), personId: z.string() }), ...errors },
      },
    },
    async (req) => decideRecord(db, requirePermission(req, 'imports.manage'), req.params.id, req.body),
  );

  app.post(
    '/api/imports/records/:id/split',
    {
      schema: {
        tags: ['imports'],
        summary: 'Split a wrong link: the row becomes a person of its own, and what it told the wrong person is withdrawn',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.object({ recordId: z.string(), status: z.string(), personId: z.string() }), ...errors },
      },
    },
    async (req) => decideRecord(db, requirePermission(req, 'imports.manage'), req.params.id, { split: true }),
  );
};
