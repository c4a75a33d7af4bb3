import {
  AreaPlan,
  AreaPlanCreate,
  AreaPlanListItem,
  AreaPlanSave,
  AreaPlanVersionInput,
  AreaProjectProgress,
  ErrorResponse,
  FISCAL_YEAR_MAX,
  FISCAL_YEAR_MIN,
} from '@carehub/core';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { areaPlanPdf } from './pdf.js';
import { assertPlanInScope, changePlanStatus, createDraft, deleteDraft, listPlans, planView, recordProgress, savePlan } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const Params = z.object({ id: z.string().uuid() });
const TAGS = ['area plans'];

/**
 * Subdistrict quality-of-life plans (แผนพัฒนาคุณภาพชีวิตตำบล): drafted from the counted needs of the
 * subdistrict's people, edited into projects, approved, tracked, printed. Area admins write the plans
 * of their areas; social workers read them. Every read and change is audited; every change names the
 * version it was made from (409 conflict.stale when someone changed the plan since).
 */
export const areaPlanRoutes: Module = async (app, { database }) => {
  const db = database.db;

  app.get(
    '/api/area-plans',
    {
      config: { permission: 'areaplans.read' },
      schema: {
        tags: TAGS,
        summary: 'Plans in my scope, optionally under an area and of one fiscal year (Buddhist era)',
        querystring: z.object({
          area: z
            .string()
            .regex(/^(\d{2}|\d{4}|\d{6})$/, { message: 'area.unknown' })
            .optional(),
          year: z.coerce.number().int().min(FISCAL_YEAR_MIN).max(FISCAL_YEAR_MAX).optional(),
        }),
        response: { 200: z.array(AreaPlanListItem), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, (tx) => listPlans(tx, actor, req.query));
    },
  );

  app.post(
    '/api/area-plans',
    {
      config: { permission: 'areaplans.manage' },
      schema: {
        tags: TAGS,
        summary: 'A new draft for a subdistrict and fiscal year, with one proposed project per need category found (counts only)',
        body: AreaPlanCreate,
        response: { 201: AreaPlan, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const plan = await asUser(db, actor, async (tx) => planView(tx, actor, await createDraft(tx, actor, req.body.areaCode, req.body.fiscalYear)));
      reply.status(201);
      return plan;
    },
  );

  app.get(
    '/api/area-plans/:id',
    {
      config: { permission: 'areaplans.read' },
      schema: {
        tags: TAGS,
        summary: 'A plan with its projects, the needs it was made from and the needs counted now',
        params: Params,
        response: { 200: AreaPlan, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const area = await assertPlanInScope(tx, actor, req.params.id);
        await audit(tx, actor, { action: 'areaplan.read', subjectType: 'area_plan', subjectId: req.params.id, areaCode: area, purpose: 'area_planning' });
        return planView(tx, actor, req.params.id);
      });
    },
  );

  app.put(
    '/api/area-plans/:id',
    {
      config: { permission: 'areaplans.manage' },
      schema: {
        tags: TAGS,
        summary: 'Save the plan and its projects whole, from `version` (409 when someone changed it since)',
        params: Params,
        body: AreaPlanSave,
        response: { 200: AreaPlan, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await assertPlanInScope(tx, actor, req.params.id);
        await savePlan(tx, actor, req.params.id, req.body);
        return planView(tx, actor, req.params.id);
      });
    },
  );

  app.post(
    '/api/area-plans/:id/projects/:projectId/progress',
    {
      config: { permission: 'areaplans.manage' },
      schema: {
        tags: TAGS,
        summary: "A project's progress in an approved plan: a status move (planned → in_progress → done | cancelled), a note, or both",
        params: Params.extend({ projectId: z.string().uuid() }),
        body: AreaProjectProgress,
        response: { 200: AreaPlan, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await assertPlanInScope(tx, actor, req.params.id);
        await recordProgress(tx, actor, req.params.id, req.params.projectId, req.body);
        return planView(tx, actor, req.params.id);
      });
    },
  );

  for (const [path, to, summary] of [
    ['approve', 'approved', 'Approve a draft (each project needs a budget, a fund and a responsible organisation)'],
    ['close', 'closed', 'Close an approved plan at the end of its year'],
  ] as const)
    app.post(
      `/api/area-plans/:id/${path}`,
      {
        config: { permission: 'areaplans.manage' },
        schema: { tags: TAGS, summary, params: Params, body: AreaPlanVersionInput, response: { 200: AreaPlan, ...errors } },
      },
      async (req) => {
        const actor = requireActor(req);
        return asUser(db, actor, async (tx) => {
          await assertPlanInScope(tx, actor, req.params.id);
          await changePlanStatus(tx, actor, req.params.id, req.body.version, to);
          return planView(tx, actor, req.params.id);
        });
      },
    );

  app.delete(
    '/api/area-plans/:id',
    {
      config: { permission: 'areaplans.manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a draft: needs ?version=N (the version seen) and ?confirm=true',
        params: Params,
        querystring: z.object({ version: z.coerce.number().int().positive(), confirm: z.enum(['true', 'false']).optional() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (req.query.confirm !== 'true') throw new AppError(400, 'areaplan.confirm_required');
      await asUser(db, actor, async (tx) => {
        await assertPlanInScope(tx, actor, req.params.id);
        await deleteDraft(tx, actor, req.params.id, req.query.version);
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/area-plans/:id/pdf',
    {
      config: { permission: 'areaplans.read' },
      schema: {
        tags: TAGS,
        summary: 'The plan as a Thai A4 PDF: area, fiscal year, needs (counts), projects, budget by fund, signature lines',
        params: Params,
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const plan = await asUser(db, actor, async (tx) => {
        const area = await assertPlanInScope(tx, actor, req.params.id);
        await audit(tx, actor, { action: 'areaplan.printed', subjectType: 'area_plan', subjectId: req.params.id, areaCode: area, purpose: 'area_planning' });
        return planView(tx, actor, req.params.id);
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="area-plan-${plan.areaCode}-${plan.fiscalYear}.pdf"`)
        .send(await areaPlanPdf(plan, actor.displayName));
    },
  );
};
