import { ErrorResponse } from '@carehub/core';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { PURPOSE } from '../persons/service.js';
import { assertArea, assertVolunteer, BulkOperation, BulkPreview, previewBulk, runBulk, territoryOverview, undoOperation } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const Territories = z.object({
  areaCode: z.string(),
  villages: z.array(
    z.object({
      villageNo: z.number(),
      persons: z.number(),
      unassigned: z.number(),
      volunteers: z.array(z.object({ territoryId: z.string(), userId: z.string(), name: z.string() })),
    }),
  ),
  volunteers: z.array(
    z.object({ id: z.string(), name: z.string(), role: z.string(), active: z.boolean(), persons: z.number(), villages: z.array(z.number()) }),
  ),
});

const BulkResult = z.object({
  operationId: z.string(),
  assigned: z.number(),
  ended: z.number(),
  already: z.number(),
  kept: z.number(),
  leftWithout: z.number(),
});

const Operation = z.object({
  id: z.string(),
  kind: z.enum(['assign_village', 'assign_territories', 'transfer', 'undo']),
  params: z.record(z.string(), z.unknown()),
  counts: z.record(z.string(), z.number()),
  doneBy: z.string(),
  doneAt: z.string(),
  undoOf: z.string().nullable(),
  undoneBy: z.string().nullable(),
});

/** Village territories of volunteers and caseload changes in bulk, for supervisors (`caseload.manage`). */
export const caseloadRoutes: Module = async (app, { database }) => {
  const db = database.db;
  const Area = z.object({ area: z.string().regex(/^\d{6}$/) });

  app.get(
    '/api/caseload/territories',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'A subdistrict’s villages: persons, persons on no caseload, and the volunteers responsible for each',
        querystring: Area,
        response: { 200: Territories, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertArea(actor, req.query.area);
      return asUser(db, actor, async (tx) => {
        const overview = await territoryOverview(tx, req.query.area);
        await audit(tx, actor, {
          action: 'territory.list',
          subjectType: 'territory',
          areaCode: req.query.area,
          purpose: PURPOSE,
          details: { villages: overview.villages.length },
        });
        return overview;
      });
    },
  );

  app.post(
    '/api/caseload/territories',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'Make a volunteer responsible for a village (หมู่) of their subdistrict',
        body: z.object({ userId: z.string().uuid(), areaCode: z.string().regex(/^\d{6}$/), villageNo: z.number().int().min(1).max(99) }),
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { userId, areaCode, villageNo } = req.body;
      assertArea(actor, areaCode);
      const id = await asUser(db, actor, async (tx) => {
        await assertVolunteer(tx, userId, areaCode, 'userId');
        const row = await tx
          .insertInto('volunteer_territories')
          .values({ user_id: userId, area_code: areaCode, village_no: villageNo, assigned_by: actor.userId })
          .onConflict((oc) => oc.columns(['user_id', 'area_code', 'village_no']).where('ended_at', 'is', null).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'conflict.duplicate');
        await audit(tx, actor, { action: 'territory.assigned', subjectType: 'user', subjectId: userId, areaCode, purpose: PURPOSE, details: { villageNo } });
        return row.id;
      });
      reply.status(201);
      return { id };
    },
  );

  app.delete(
    '/api/caseload/territories/:id',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'End a volunteer’s responsibility for a village',
        params: z.object({ id: z.string().uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await asUser(db, actor, async (tx) => {
        const t = await tx.selectFrom('volunteer_territories').selectAll().where('id', '=', req.params.id).forUpdate().executeTakeFirst();
        if (!t) throw notFound();
        assertArea(actor, t.area_code);
        if (t.ended_at) throw new AppError(409, 'conflict.stale');
        await tx.updateTable('volunteer_territories').set({ ended_at: new Date(), ended_by: actor.userId }).where('id', '=', t.id).execute();
        await audit(tx, actor, {
          action: 'territory.ended',
          subjectType: 'user',
          subjectId: t.user_id,
          areaCode: t.area_code,
          purpose: PURPOSE,
          details: { villageNo: t.village_no },
        });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/caseload/bulk/preview',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'What a bulk assignment or reassignment would do: who moves, who is left on no caseload (nothing is changed)',
        body: BulkOperation,
        response: { 200: BulkPreview, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, (tx) => previewBulk(tx, actor, req.body));
    },
  );

  app.post(
    '/api/caseload/bulk',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'Do a previewed bulk assignment or reassignment in one transaction; refused (409) if the caseloads changed since the preview',
        body: z.object({ operation: BulkOperation, fingerprint: z.string().min(8), confirm: z.literal(true) }),
        response: { 201: BulkResult, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const result = await asUser(db, actor, (tx) => runBulk(tx, actor, req.body.operation, req.body.fingerprint));
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/api/caseload/operations',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'A subdistrict’s recent bulk caseload operations, newest first',
        querystring: Area,
        response: { 200: z.array(Operation), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertArea(actor, req.query.area);
      return asUser(db, actor, async (tx) => {
        const rows = await tx
          .selectFrom('caseload_operations as o')
          .innerJoin('users as u', 'u.id', 'o.done_by')
          .select(['o.id', 'o.kind', 'o.params', 'o.counts', 'u.display_name', 'o.done_at', 'o.undo_of', 'o.undone_by_operation'])
          .where('o.area_code', '=', req.query.area)
          .orderBy('o.done_at', 'desc')
          .limit(50)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          params: r.params,
          counts: r.counts,
          doneBy: r.display_name,
          doneAt: r.done_at.toISOString(),
          undoOf: r.undo_of,
          undoneBy: r.undone_by_operation,
        }));
      });
    },
  );

  app.post(
    '/api/caseload/operations/:id/undo',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['caseload'],
        summary: 'Reverse a bulk operation as far as it still stands (once), as one transaction',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ confirm: z.literal(true) }),
        response: { 201: BulkResult, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const result = await asUser(db, actor, (tx) => undoOperation(tx, actor, req.params.id));
      reply.status(201);
      return result;
    },
  );
};
