import {
  ageOn,
  CASELOAD_ROLES,
  DuplicateCandidate,
  ERRORS,
  ErrorResponse,
  inScope,
  isValidCid,
  maskCid,
  normaliseCid,
  PartialDateInput,
  Person,
  PersonInput,
  PersonSearch,
  PersonSummary,
  PersonUpdate,
  ProvenanceEntry,
  paged,
  partialDateString,
  searchKey,
  TimelineEntry,
} from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asSystem, asUser, type Tx } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit, readAudit } from '../audit/service.js';
import { personPdf } from './export.js';
import { personListExportRoutes } from './list-export.js';
import {
  assertVisible,
  auditedRead,
  loadPerson,
  PURPOSE,
  personFlags,
  personKeys,
  personListQuery,
  recordProvenance,
  refreshDerived,
  todayIso,
} from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const IdParams = z.object({ id: z.string().uuid() });

/** Name similarity above which two records are shown as a possible duplicate. */
const DUPLICATE_SIMILARITY = 0.6;

type Body = z.output<typeof PersonInput>;

/** The row of a newly registered person: its columns, the required names and sex, and its search keys. */
export function newPersonRow(b: Body, createdBy: string, updatedBy: string) {
  return {
    ...columnsOf(b),
    first_name_th: b.firstNameTh,
    last_name_th: b.lastNameTh,
    sex: b.sex,
    area_code: b.areaCode,
    ...personKeys(b.firstNameTh, b.lastNameTh),
    created_by: createdBy,
    updated_by: updatedBy,
  };
}

/** API fields → columns; the provenance log names API fields. */
export function columnsOf(b: Partial<Body>) {
  return {
    ...(b.cid !== undefined && { cid: b.cid }),
    ...(b.cidMissingReason !== undefined && { cid_missing_reason: b.cidMissingReason }),
    ...(b.otherDocument !== undefined && { other_document: b.otherDocument }),
    ...(b.titleTh !== undefined && { title_th: b.titleTh }),
    ...(b.firstNameTh !== undefined && { first_name_th: b.firstNameTh }),
    ...(b.lastNameTh !== undefined && { last_name_th: b.lastNameTh }),
    ...(b.firstNameEn !== undefined && { first_name_en: b.firstNameEn }),
    ...(b.lastNameEn !== undefined && { last_name_en: b.lastNameEn }),
    ...(b.birthDate !== undefined && { birth_date: b.birthDate?.iso ?? null, birth_precision: b.birthDate?.precision ?? 'day' }),
    ...(b.sex !== undefined && { sex: b.sex }),
    ...(b.status !== undefined && { status: b.status }),
    ...(b.statusDate !== undefined && { status_date: b.statusDate }),
    ...(b.areaCode !== undefined && { area_code: b.areaCode }),
    ...(b.address?.houseNo !== undefined && { house_no: b.address.houseNo }),
    ...(b.address?.villageNo !== undefined && { village_no: b.address.villageNo }),
    ...(b.address?.text !== undefined && { address_text: b.address.text }),
    ...(b.gps !== undefined && { gps_lat: b.gps?.lat ?? null, gps_lng: b.gps?.lng ?? null }),
    ...(b.phones !== undefined && { phones: b.phones }),
  };
}

export function provenanceFields(b: Partial<Body>): Record<string, unknown> {
  const { birthDate, address, ...rest } = b as Partial<Body> & { confirmNotDuplicate?: boolean };
  delete (rest as { confirmNotDuplicate?: boolean }).confirmNotDuplicate;
  return {
    ...rest,
    ...(birthDate !== undefined && { birthDate: birthDate ? partialDateString(birthDate.iso, birthDate.precision) : null }),
    ...(address?.houseNo !== undefined && { 'address.houseNo': address.houseNo }),
    ...(address?.villageNo !== undefined && { 'address.villageNo': address.villageNo }),
    ...(address?.text !== undefined && { 'address.text': address.text }),
  };
}

/**
 * Likely duplicates of a new person, looked up across the whole registry (a person must be counted
 * once), but described only when the match is one the actor may read: in their areas and, for a
 * volunteer or caregiver, in their caseload. Every other match, however many, becomes one
 * `existsElsewhere` entry with no id, name, birth date, area or score: "this person exists elsewhere,
 * ask the owning organisation" (issue 18 item 9), so a check tells nobody who is registered where.
 */
export async function findDuplicates(
  tx: Tx,
  actor: Actor,
  input: { cid?: string | null; firstNameTh: string; lastNameTh: string; birthYear?: number },
): Promise<DuplicateCandidate[]> {
  const key = searchKey(`${input.firstNameTh}${input.lastNameTh}`);
  const rows = await tx
    .selectFrom('persons as p')
    .innerJoin('areas as a', 'a.code', 'p.area_code')
    .select([
      'p.id',
      'p.cid',
      'p.title_th',
      'p.first_name_th',
      'p.last_name_th',
      'p.birth_date',
      'p.birth_precision',
      'p.area_code',
      'a.name_th as area_name',
      sql<number>`similarity(p.name_key, ${key})`.as('score'),
    ])
    .where((eb) => {
      const byName = eb.and([
        sql<boolean>`p.name_key % ${key}`,
        input.birthYear ? sql<boolean>`(p.birth_date IS NULL OR extract(year from p.birth_date) = ${input.birthYear})` : sql<boolean>`true`,
      ]);
      return input.cid ? eb.or([eb('p.cid', '=', input.cid), byName]) : byName;
    })
    .orderBy(sql`p.cid = ${input.cid ?? ''}`, 'desc')
    .orderBy('score', 'desc')
    .limit(5)
    .execute();
  const matches = rows.filter((r) => r.cid === input.cid || r.score >= DUPLICATE_SIMILARITY);
  const caseloadOnly = CASELOAD_ROLES.includes(actor.role);
  const caseload = new Set(
    caseloadOnly && matches.length
      ? (
          await tx
            .selectFrom('caseload_assignments')
            .select('person_id')
            .where('user_id', '=', actor.userId)
            .where('ended_at', 'is', null)
            .where(
              'person_id',
              'in',
              matches.map((r) => r.id),
            )
            .execute()
        ).map((r) => r.person_id)
      : [],
  );
  const readable = (r: (typeof matches)[number]) => inScope(r.area_code, actor.scopes) && (!caseloadOnly || caseload.has(r.id));
  const reasonOf = (r: (typeof matches)[number]) => (input.cid && r.cid === input.cid ? ('same_cid' as const) : ('similar_name_and_birth' as const));
  const described: DuplicateCandidate[] = matches.filter(readable).map((r) => ({
    id: r.id,
    reason: reasonOf(r),
    existsElsewhere: false,
    name: `${r.title_th ?? ''}${r.first_name_th} ${r.last_name_th}`,
    birthDate: r.birth_date ? partialDateString(r.birth_date, r.birth_precision) : null,
    areaName: r.area_name,
    score: Math.round(r.score * 100) / 100,
  }));
  const elsewhere = matches.filter((r) => !readable(r));
  if (elsewhere.length) {
    described.push({
      id: null,
      // Same ID elsewhere still blocks a registration, so the reason stays; nothing else about the match does.
      reason: elsewhere.some((r) => reasonOf(r) === 'same_cid') ? 'same_cid' : 'similar_name_and_birth',
      existsElsewhere: true,
      name: null,
      birthDate: null,
      areaName: null,
      score: null,
      message_th: ERRORS['person.exists_elsewhere'].th,
      message_en: ERRORS['person.exists_elsewhere'].en,
    });
  }
  return described;
}

export const personRoutes: Module = async (app, { database }) => {
  const db = database.db;
  await personListExportRoutes(app, database);

  app.get(
    '/api/persons',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['persons'],
        summary: 'Search the registry within my scope',
        querystring: PersonSearch,
        response: { 200: paged(PersonSummary), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { area, vulnerability, disabilityType, adlGroup, gap, status, page, pageSize } = req.query;
      if (area && !inScope(area, actor.scopes) && !actor.scopes.some((s) => s.startsWith(area))) throw new AppError(403, 'forbidden.out_of_scope');
      const today = todayIso();
      return asUser(db, actor, async (tx) => {
        const { filtered: query, ordered, by } = personListQuery(tx, req.query, today);
        const rows = await ordered
          .orderBy('p.id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        const total = rows[0]?.total ?? (page > 1 ? (await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n : 0);
        await audit(tx, actor, {
          action: 'person.search',
          subjectType: 'person',
          areaCode: area ?? actor.areaCode,
          purpose: PURPOSE,
          details: { area, by, filters: { vulnerability, disabilityType, adlGroup, gap, status }, results: rows.length, total },
        });
        return {
          items: rows.map((r) => {
            const age = r.birth_date ? ageOn(r.birth_date, today) : null;
            return {
              id: r.id,
              cid: r.cid && maskCid(r.cid),
              titleTh: r.title_th,
              firstNameTh: r.first_name_th,
              lastNameTh: r.last_name_th,
              birthDate: r.birth_date ? partialDateString(r.birth_date, r.birth_precision) : null,
              age,
              sex: r.sex,
              status: r.status,
              areaCode: r.area_code,
              areaName: r.area_name,
              flags: personFlags(r.flags, age),
              adlGroup: r.adl_group,
              gaps: r.gaps as PersonSummary['gaps'],
            };
          }),
          total,
          page,
          pageSize,
        };
      });
    },
  );

  const DuplicateQuery = z.object({
    cid: z.string().max(30).nullable().optional(),
    firstNameTh: z.string().trim().min(1).max(100),
    lastNameTh: z.string().trim().min(1).max(100),
    birthDate: PartialDateInput.nullable().optional(),
  });

  app.post(
    '/api/persons/check-duplicates',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Likely duplicates of a person about to be registered',
        body: DuplicateQuery,
        response: { 200: z.array(DuplicateCandidate), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      const cid = b.cid && isValidCid(b.cid) ? normaliseCid(b.cid) : null;
      const found = await asSystem(db, (tx) =>
        findDuplicates(tx, actor, {
          cid,
          firstNameTh: b.firstNameTh,
          lastNameTh: b.lastNameTh,
          birthYear: b.birthDate ? Number(b.birthDate.iso.slice(0, 4)) : undefined,
        }),
      );
      await asUser(db, actor, (tx) =>
        audit(tx, actor, {
          action: 'person.duplicate_check',
          subjectType: 'person',
          areaCode: actor.areaCode,
          purpose: PURPOSE,
          details: { found: found.length },
        }),
      );
      return found;
    },
  );

  app.post(
    '/api/persons',
    {
      config: { permission: 'persons.write' },
      schema: { tags: ['persons'], summary: 'Register a person', body: PersonInput, response: { 201: Person, ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      if (!inScope(b.areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      // A volunteer sees only their caseload, so a new person goes through the area's staff.
      if (CASELOAD_ROLES.includes(actor.role)) throw new AppError(403, 'forbidden.caseload_only');
      const candidates = await asSystem(db, (tx) =>
        findDuplicates(tx, actor, {
          cid: b.cid,
          firstNameTh: b.firstNameTh,
          lastNameTh: b.lastNameTh,
          birthYear: b.birthDate ? Number(b.birthDate.iso.slice(0, 4)) : undefined,
        }),
      );
      if (candidates.some((c) => c.reason === 'same_cid')) throw new AppError(409, 'conflict.duplicate', { candidates });
      if (candidates.length && !b.confirmNotDuplicate) throw new AppError(409, 'person.possible_duplicate', { candidates });
      const person = await asUser(db, actor, async (tx) => {
        const { id } = await tx
          .insertInto('persons')
          .values(newPersonRow(b, actor.userId, actor.userId))
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordProvenance(tx, id, provenanceFields(b), { source: 'user', by: actor.userId });
        await refreshDerived(tx, id);
        await audit(tx, actor, {
          action: 'person.create',
          subjectType: 'person',
          subjectId: id,
          areaCode: b.areaCode,
          purpose: PURPOSE,
          details: { possibleDuplicatesConfirmed: candidates.length },
        });
        return loadPerson(tx, id);
      });
      return reply.status(201).send(person);
    },
  );

  app.get(
    '/api/persons/:id',
    {
      config: { permission: 'persons.read' },
      schema: { tags: ['persons'], summary: "A person's record", params: IdParams, response: { 200: Person, ...errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const { area_code } = await assertVisible(tx, actor, req.params.id);
        await audit(tx, actor, { action: 'person.read', subjectType: 'person', subjectId: req.params.id, areaCode: area_code, purpose: PURPOSE });
        return loadPerson(tx, req.params.id);
      });
    },
  );

  app.patch(
    '/api/persons/:id',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Change a person (send the version you read)',
        params: IdParams,
        body: PersonUpdate,
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { version, ...b } = req.body;
      if (b.areaCode && !inScope(b.areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      return asUser(db, actor, async (tx) => {
        const current = await assertVisible(tx, actor, req.params.id);
        // Moving a person needs scope over the area they leave as well as the one they go to: a person seen
        // through a share could otherwise be moved out of the owner's reach (issue 18, H2).
        if (b.areaCode !== undefined && b.areaCode !== current.area_code && !inScope(current.area_code, actor.scopes)) {
          throw new AppError(403, 'forbidden.out_of_scope');
        }
        if (current.version !== version) throw new AppError(409, 'conflict.stale', { currentVersion: current.version });
        const names =
          b.firstNameTh !== undefined || b.lastNameTh !== undefined
            ? await tx.selectFrom('persons').select(['first_name_th', 'last_name_th']).where('id', '=', req.params.id).executeTakeFirstOrThrow()
            : null;
        const updated = await tx
          .updateTable('persons')
          .set({
            ...columnsOf(b),
            ...(names && personKeys(b.firstNameTh ?? names.first_name_th, b.lastNameTh ?? names.last_name_th)),
            version: version + 1,
            updated_at: new Date(),
            updated_by: actor.userId,
          })
          .where('id', '=', req.params.id)
          .where('version', '=', version)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new AppError(409, 'conflict.stale');
        await recordProvenance(tx, req.params.id, provenanceFields(b), { source: 'user', by: actor.userId });
        await refreshDerived(tx, req.params.id);
        await audit(tx, actor, {
          action: 'person.update',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: b.areaCode ?? current.area_code,
          purpose: PURPOSE,
          details: { fields: Object.keys(provenanceFields(b)) },
        });
        return loadPerson(tx, req.params.id);
      });
    },
  );

  app.get(
    '/api/persons/:id/provenance',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['persons'],
        summary: 'Where each value came from, newest first',
        params: IdParams,
        response: { 200: z.array(ProvenanceEntry), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'provenance' });
        const rows = await tx
          .selectFrom('field_provenance as f')
          .leftJoin('users as u', 'u.id', 'f.recorded_by')
          .select(['f.field', 'f.value', 'f.source', 'f.source_ref', 'f.recorded_at', 'u.username'])
          .where('f.person_id', '=', req.params.id)
          .orderBy('f.id', 'desc')
          .limit(1000)
          .execute();
        return rows.map((r) => ({
          field: r.field,
          value: r.value,
          source: r.source as 'user',
          sourceRef: r.source_ref,
          recordedAt: r.recorded_at.toISOString(),
          recordedBy: r.username,
        }));
      });
    },
  );

  async function timeline(tx: Tx, personId: string) {
    const { items } = await readAudit(tx, { subjectType: 'person', subjectId: personId }, { summarise: true, limit: 500, offset: 0 });
    return items.map((r) => ({
      at: r.at.toISOString(),
      firstAt: r.firstAt.toISOString(),
      count: r.count,
      action: r.action,
      actor: r.actorUsername,
      actorName: r.actorName,
      details: r.details,
    }));
  }

  app.get(
    '/api/persons/:id/timeline',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['persons'],
        summary: 'Everything that happened to the person, newest first',
        params: IdParams,
        response: { 200: z.array(TimelineEntry), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'timeline' });
        const entries = await timeline(tx, req.params.id);
        return entries;
      });
    },
  );

  app.get(
    '/api/persons/:id/export',
    {
      // The whole record as a file leaves the app's caseload scoping and audit behind: staff who work a
      // whole area only (persons.export), never volunteers or caregivers (issue 18 item 9).
      config: { permission: 'persons.export' },
      schema: {
        tags: ['persons'],
        summary: "The person's full data (PDPA access request): JSON or a readable PDF",
        params: IdParams,
        querystring: z.object({ format: z.enum(['json', 'pdf']).default('json') }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const data = await asUser(db, actor, async (tx) => {
        const { area_code } = await assertVisible(tx, actor, req.params.id);
        const person = await loadPerson(tx, req.params.id);
        const provenance = await tx
          .selectFrom('field_provenance')
          .select(['field', 'value', 'source', 'recorded_at'])
          .where('person_id', '=', req.params.id)
          .orderBy('id')
          .execute();
        const events = await timeline(tx, req.params.id);
        await audit(tx, actor, {
          action: 'person.export',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: area_code,
          purpose: 'data_subject_access',
          details: { format: req.query.format },
        });
        return {
          exportedAt: new Date().toISOString(),
          exportedBy: actor.username,
          person,
          provenance: provenance.map((p) => ({ ...p, recorded_at: p.recorded_at.toISOString() })),
          timeline: events,
        };
      });
      const filename = `person-${req.params.id}.${req.query.format}`;
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      if (req.query.format === 'json') return reply.type('application/json').send(JSON.stringify(data, null, 2));
      return reply.type('application/pdf').send(await personPdf(data));
    },
  );
};
