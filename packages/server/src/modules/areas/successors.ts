import { ErrorResponse, inScope } from '@carehub/core';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';

const Successor = z.object({
  oldCode: z.string(),
  oldNameTh: z.string(),
  newCode: z.string(),
  newNameTh: z.string(),
  source: z.enum(['geography', 'admin']),
  note: z.string().nullable(),
});
const SuccessorInput = z.object({
  oldCode: z.string().regex(/^\d{6}$/, { message: 'A 6-digit subdistrict code' }),
  oldNameTh: z.string().trim().min(1).max(200),
  newCode: z.string().regex(/^\d{6}$/, { message: 'A 6-digit subdistrict code' }),
  note: z.string().trim().max(500).optional(),
});
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/**
 * Former subdistrict codes and the areas that replaced them (issue 19, item 3): what an import reads an
 * old code as. The geography packages' superseded codes are listed for everyone; an administrator adds
 * the changes no package carries (a district split, a tambon moved) for areas in their scope, audited.
 */
export const areaSuccessorRoutes: Module = async (app, { database }) => {
  const db = database.db;
  const list = () =>
    db
      .selectFrom('area_successors as s')
      .innerJoin('areas as a', 'a.code', 's.new_code')
      .select(['s.old_code', 's.old_name_th', 's.new_code', 'a.name_th as new_name_th', 's.source', 's.note'])
      .orderBy('s.old_code');
  const toSuccessor = (r: Awaited<ReturnType<ReturnType<typeof list>['executeTakeFirstOrThrow']>>) => ({
    oldCode: r.old_code,
    oldNameTh: r.old_name_th,
    newCode: r.new_code,
    newNameTh: r.new_name_th,
    source: r.source,
    note: r.note,
  });

  app.get(
    '/api/areas/successors',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['areas'],
        summary: 'Former subdistrict codes and the areas that replaced them',
        response: { 200: z.array(Successor), 401: ErrorResponse },
      },
    },
    async (req) => {
      requireActor(req);
      return (await list().execute()).map(toSuccessor);
    },
  );

  app.post(
    '/api/areas/successors',
    {
      config: { permission: 'organisations.manage' },
      schema: {
        tags: ['areas'],
        summary: 'Add a former subdistrict code for an area in my scope',
        body: SuccessorInput,
        response: { 201: Successor, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      if (!inScope(b.newCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      const [current, target] = await Promise.all([
        db.selectFrom('areas').select('code').where('code', '=', b.oldCode).executeTakeFirst(),
        db.selectFrom('areas').select('code').where('code', '=', b.newCode).where('level', '=', 'subdistrict').executeTakeFirst(),
      ]);
      const field = (path: string, th: string, en: string) => new AppError(400, 'validation.failed', { fields: [{ path, message_th: th, message_en: en }] });
      // A live code is today's area: it cannot also stand for another.
      if (current) throw field('oldCode', 'รหัสนี้เป็นรหัสพื้นที่ปัจจุบัน ไม่ใช่รหัสเดิม', 'This code is a current area, not a former one');
      if (!target) throw field('newCode', 'ไม่พบตำบลรหัสนี้', 'No subdistrict has this code');
      const taken = await db.selectFrom('area_successors').select('old_code').where('old_code', '=', b.oldCode).executeTakeFirst();
      if (taken) throw field('oldCode', 'รหัสเดิมนี้มีอยู่ในรายการแล้ว', 'This former code is listed already');
      await asUser(db, actor, async (tx) => {
        await tx
          .insertInto('area_successors')
          .values({ old_code: b.oldCode, old_name_th: b.oldNameTh, new_code: b.newCode, source: 'admin', note: b.note ?? null, created_by: actor.userId })
          .execute();
        await audit(tx, actor, {
          action: 'area_successor.create',
          subjectType: 'area',
          areaCode: b.newCode,
          details: { oldCode: b.oldCode, newCode: b.newCode },
        });
      });
      reply.status(201);
      return toSuccessor(await list().where('s.old_code', '=', b.oldCode).executeTakeFirstOrThrow());
    },
  );

  app.delete(
    '/api/areas/successors/:oldCode',
    {
      config: { permission: 'organisations.manage' },
      schema: {
        tags: ['areas'],
        summary: 'Remove a former code an administrator added (those from the geography packages stay)',
        params: z.object({ oldCode: z.string().regex(/^\d{6}$/) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await db.selectFrom('area_successors').select(['new_code', 'source']).where('old_code', '=', req.params.oldCode).executeTakeFirst();
      if (row?.source !== 'admin' || !inScope(row.new_code, actor.scopes)) throw notFound();
      await asUser(db, actor, async (tx) => {
        await tx.deleteFrom('area_successors').where('old_code', '=', req.params.oldCode).execute();
        await audit(tx, actor, { action: 'area_successor.delete', subjectType: 'area', areaCode: row.new_code, details: { oldCode: req.params.oldCode } });
      });
      return reply.status(204).send(null);
    },
  );
};
