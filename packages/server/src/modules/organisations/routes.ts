import { COUNTRY_SCOPE, ErrorResponse, inScope, Organisation, OrganisationInput, OrganisationUpdate, Page, paged } from '@carehub/core';
import { type ExpressionBuilder, sql } from 'kysely';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { containsPattern } from '../../db/like.js';
import type { DB } from '../../db/schema.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';

type OrgRow = { id: string; name: string; type: string; area_code: string; active: boolean };
const toOrganisation = (r: OrgRow): Organisation => ({ id: r.id, name: r.name, type: r.type as Organisation['type'], areaCode: r.area_code, active: r.active });

/** SQL filter: the area column lies under one of the scopes. */
export function areaUnder(column: string, scopes: readonly string[]) {
  return (eb: ExpressionBuilder<DB, never>) =>
    scopes.includes(COUNTRY_SCOPE) ? sql<boolean>`true` : eb.or(scopes.map((s) => eb(sql.ref(column), 'like', `${s}%`)));
}

export const organisationRoutes: Module = async (app, { database }) => {
  const db = database.db;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/api/organisations',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['organisations'],
        summary: 'Organisations in my scope (all=true: every active organisation, e.g. to refer to)',
        querystring: Page.extend({ q: z.string().trim().max(100).optional(), type: z.string().max(60).optional(), all: z.coerce.boolean().default(false) }),
        response: { 200: paged(Organisation), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { q, type, all, page, pageSize } = req.query;
      let query = db.selectFrom('organisations');
      query = all ? query.where('active', '=', true) : query.where(areaUnder('area_code', actor.scopes) as never);
      if (q) query = query.where('name', 'ilike', containsPattern(q));
      if (type) query = query.where('type', '=', type);
      const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      const rows = await query
        .select(['id', 'name', 'type', 'area_code', 'active'])
        .orderBy('area_code')
        .orderBy('name')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { items: rows.map(toOrganisation), total, page, pageSize };
    },
  );

  function checkArea(scopes: string[], areaCode: string) {
    if (!inScope(areaCode, scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  }

  async function assertAreaExists(code: string) {
    const a = await db.selectFrom('areas').select('code').where('code', '=', code).executeTakeFirst();
    if (!a) throw new AppError(400, 'validation.failed', { fields: [{ path: 'areaCode', message_th: 'ไม่พบรหัสพื้นที่นี้', message_en: 'Unknown area code' }] });
  }

  app.post(
    '/api/organisations',
    {
      config: { permission: 'organisations.manage' },
      schema: { tags: ['organisations'], summary: 'Create an organisation in my scope', body: OrganisationInput, response: { 201: Organisation, ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      checkArea(actor.scopes, req.body.areaCode);
      await assertAreaExists(req.body.areaCode);
      const row = await asUser(db, actor, async (tx) => {
        const r = await tx
          .insertInto('organisations')
          .values({ name: req.body.name, type: req.body.type, area_code: req.body.areaCode, active: req.body.active ?? true })
          .returning(['id', 'name', 'type', 'area_code', 'active'])
          .executeTakeFirstOrThrow();
        await audit(tx, actor, {
          action: 'organisation.create',
          subjectType: 'organisation',
          subjectId: r.id,
          areaCode: r.area_code,
          details: { name: r.name, type: r.type },
        });
        return r;
      });
      return reply.status(201).send(toOrganisation(row));
    },
  );

  app.patch(
    '/api/organisations/:id',
    {
      config: { permission: 'organisations.manage' },
      schema: {
        tags: ['organisations'],
        summary: 'Change an organisation in my scope',
        params: z.object({ id: z.string().uuid() }),
        body: OrganisationUpdate,
        response: { 200: Organisation, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { id } = req.params;
      const body = req.body;
      if (body.areaCode) {
        checkArea(actor.scopes, body.areaCode);
        await assertAreaExists(body.areaCode);
      }
      const row = await asUser(db, actor, async (tx) => {
        const current = await tx.selectFrom('organisations').select(['id', 'area_code']).where('id', '=', id).executeTakeFirst();
        if (!current) throw notFound();
        checkArea(actor.scopes, current.area_code);
        const r = await tx
          .updateTable('organisations')
          .set({
            ...(body.name !== undefined && { name: body.name }),
            ...(body.type !== undefined && { type: body.type }),
            ...(body.areaCode !== undefined && { area_code: body.areaCode }),
            ...(body.active !== undefined && { active: body.active }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .returning(['id', 'name', 'type', 'area_code', 'active'])
          .executeTakeFirstOrThrow();
        // users.area_code mirrors the organisation's area for row-level security.
        if (body.areaCode) await tx.updateTable('users').set({ area_code: body.areaCode }).where('organisation_id', '=', id).execute();
        await audit(tx, actor, {
          action: 'organisation.update',
          subjectType: 'organisation',
          subjectId: id,
          areaCode: r.area_code,
          details: { fields: Object.keys(body) },
        });
        return r;
      });
      return toOrganisation(row);
    },
  );
};
