import { AuditEvent, ErrorResponse, Page, paged } from '@carehub/core';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requirePermission } from '../../http/context.js';

export const auditRoutes: Module = async (app, { database }) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events in my scope, newest first',
        querystring: Page.extend({
          action: z.string().max(60).optional(),
          actor: z.string().max(64).optional(),
          subjectId: z.string().max(64).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
        }),
        response: { 200: paged(AuditEvent), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'audit.read');
      const { action, actor: actorName, subjectId, from, to, page, pageSize } = req.query;
      return asUser(database.db, actor, async (tx) => {
        // Row-level security shows only events in the actor's areas (and the actor's own).
        let q = tx.selectFrom('audit_log');
        if (action) q = q.where('action', '=', action);
        if (actorName) q = q.where('actor_username', '=', actorName.toLowerCase());
        if (subjectId) q = q.where('subject_id', '=', subjectId);
        if (from) q = q.where('at', '>=', new Date(`${from}T00:00:00+07:00`));
        if (to) q = q.where('at', '<', new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000));
        const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
        const rows = await q
          .selectAll()
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        return {
          items: rows.map((r) => ({
            id: String(r.id),
            at: r.at.toISOString(),
            actorId: r.actor_id,
            actorUsername: r.actor_username,
            action: r.action,
            subjectType: r.subject_type,
            subjectId: r.subject_id,
            areaCode: r.area_code,
            ip: r.ip,
            purpose: r.purpose,
            details: r.details,
          })),
          total,
          page,
          pageSize,
        };
      });
    },
  );
};
