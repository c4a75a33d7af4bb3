import { ErrorResponse, inScope, maskCid, Page, Person, PersonInput, PersonSummary, PersonUpdate, paged } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { asUser, type Tx } from '../../db/context.js';
import { type Module, requirePermission } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const PURPOSE = 'care_coordination';

function personQuery(tx: Tx) {
  return tx
    .selectFrom('persons as p')
    .innerJoin('areas as a', 'a.code', 'p.area_code')
    .select([
      'p.id',
      'p.cid',
      'p.title_th',
      'p.first_name_th',
      'p.last_name_th',
      'p.birth_date',
      'p.sex',
      'p.area_code',
      'a.name_th as area_name',
      'p.version',
      'p.created_at',
      'p.updated_at',
    ]);
}
type PersonRow = Awaited<ReturnType<ReturnType<typeof personQuery>['executeTakeFirstOrThrow']>>;

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    cid: r.cid,
    titleTh: r.title_th,
    firstNameTh: r.first_name_th,
    lastNameTh: r.last_name_th,
    birthDate: r.birth_date,
    sex: r.sex,
    areaCode: r.area_code,
    areaName: r.area_name,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * A first cut of the person registry: enough to prove area scoping end to end.
 * Every read, search and change is checked here and again by row-level security, and audited.
 */
export const personRoutes: Module = async (app, { database }) => {
  const db = database.db;

  app.get(
    '/api/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'Search persons in my scope',
        querystring: Page.extend({
          q: z.string().trim().max(100).optional(),
          area: z
            .string()
            .regex(/^\d{2,8}$/)
            .optional(),
        }),
        response: { 200: paged(PersonSummary), ...errors },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'persons.read');
      const { q, area, page, pageSize } = req.query;
      if (area && !inScope(area, actor.scopes) && !actor.scopes.some((s) => s.startsWith(area))) throw new AppError(403, 'forbidden.out_of_scope');
      return asUser(db, actor, async (tx) => {
        let query = personQuery(tx);
        if (area) query = query.where('p.area_code', 'like', `${area}%`);
        if (q) {
          const digits = q.replace(/[\s-]/g, '');
          if (/^\d{13}$/.test(digits)) query = query.where('p.cid', '=', digits);
          else {
            const term = `%${q.replace(/\s+/g, '%').replace(/[\\_]/g, '\\$&')}%`;
            query = query.where(sql`p.first_name_th || ' ' || p.last_name_th`, 'like', term);
          }
        }
        const { total } = await query
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow();
        const rows = await query
          .orderBy('p.first_name_th')
          .orderBy('p.last_name_th')
          .orderBy('p.id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        await audit(tx, actor, {
          action: 'person.search',
          subjectType: 'person',
          areaCode: area ?? actor.areaCode,
          purpose: PURPOSE,
          details: { area, by: q ? (/^\d/.test(q) ? 'cid' : 'name') : 'none', results: rows.length, total },
        });
        return { items: rows.map((r) => ({ ...toPerson(r), cid: r.cid && maskCid(r.cid) })), total, page, pageSize };
      });
    },
  );

  app.get(
    '/api/persons/:id',
    { schema: { tags: ['persons'], summary: "A person's record", params: z.object({ id: z.string().uuid() }), response: { 200: Person, ...errors } } },
    async (req) => {
      const actor = requirePermission(req, 'persons.read');
      return asUser(db, actor, async (tx) => {
        const row = await personQuery(tx).where('p.id', '=', req.params.id).executeTakeFirst();
        if (!row) throw notFound();
        await audit(tx, actor, { action: 'person.read', subjectType: 'person', subjectId: row.id, areaCode: row.area_code, purpose: PURPOSE });
        return toPerson(row);
      });
    },
  );

  app.post(
    '/api/persons',
    { schema: { tags: ['persons'], summary: 'Register a person', body: PersonInput, response: { 201: Person, ...errors } } },
    async (req, reply) => {
      const actor = requirePermission(req, 'persons.write');
      const b = req.body;
      if (!inScope(b.areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      const person = await asUser(db, actor, async (tx) => {
        const { id } = await tx
          .insertInto('persons')
          .values({
            cid: b.cid ?? null,
            title_th: b.titleTh ?? null,
            first_name_th: b.firstNameTh,
            last_name_th: b.lastNameTh,
            birth_date: b.birthDate ?? null,
            sex: b.sex,
            area_code: b.areaCode,
            created_by: actor.userId,
            updated_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, actor, { action: 'person.create', subjectType: 'person', subjectId: id, areaCode: b.areaCode, purpose: PURPOSE });
        return personQuery(tx).where('p.id', '=', id).executeTakeFirstOrThrow();
      });
      return reply.status(201).send(toPerson(person));
    },
  );

  app.patch(
    '/api/persons/:id',
    {
      schema: {
        tags: ['persons'],
        summary: 'Change a person (optimistic: send the version you read)',
        params: z.object({ id: z.string().uuid() }),
        body: PersonUpdate,
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'persons.write');
      const { version, ...b } = req.body;
      if (b.areaCode && !inScope(b.areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      const person = await asUser(db, actor, async (tx) => {
        const current = await tx.selectFrom('persons').select(['version', 'area_code']).where('id', '=', req.params.id).executeTakeFirst();
        if (!current) throw notFound();
        if (current.version !== version) throw new AppError(409, 'conflict.stale', { currentVersion: current.version });
        const updated = await tx
          .updateTable('persons')
          .set({
            ...(b.cid !== undefined && { cid: b.cid }),
            ...(b.titleTh !== undefined && { title_th: b.titleTh }),
            ...(b.firstNameTh !== undefined && { first_name_th: b.firstNameTh }),
            ...(b.lastNameTh !== undefined && { last_name_th: b.lastNameTh }),
            ...(b.birthDate !== undefined && { birth_date: b.birthDate }),
            ...(b.sex !== undefined && { sex: b.sex }),
            ...(b.areaCode !== undefined && { area_code: b.areaCode }),
            version: version + 1,
            updated_at: new Date(),
            updated_by: actor.userId,
          })
          .where('id', '=', req.params.id)
          .where('version', '=', version)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new AppError(409, 'conflict.stale');
        await audit(tx, actor, {
          action: 'person.update',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: b.areaCode ?? current.area_code,
          purpose: PURPOSE,
          details: { fields: Object.keys(b) },
        });
        return personQuery(tx).where('p.id', '=', req.params.id).executeTakeFirstOrThrow();
      });
      return toPerson(person);
    },
  );
};
