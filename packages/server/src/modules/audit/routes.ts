import { AuditEvent, ErrorResponse, Page, paged } from '@carehub/core';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { readAudit } from './service.js';

export const auditRoutes: Module = async (app, { database }) => {
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events in my scope, newest first',
        querystring: Page.extend({
          action: z.string().max(60).optional(),
          actor: z.string().max(64).optional(),
          subjectId: z.string().max(64).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          /** Reads of lists and searches by one user in one hour as one row with a count (the default). */
          summarise: z
            .enum(['true', 'false'])
            .default('true')
            .transform((v) => v === 'true'),
        }),
        response: { 200: paged(AuditEvent), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { action, actor: actorName, subjectId, from, to, summarise, page, pageSize } = req.query;
      return asUser(database.db, actor, async (tx) => {
        // Row-level security shows only events in the actor's areas (and the actor's own).
        const { items, total } = await readAudit(
          tx,
          {
            action,
            actorUsername: actorName?.toLowerCase(),
            subjectId,
            from: from ? new Date(`${from}T00:00:00+07:00`) : undefined,
            to: to ? new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000) : undefined,
          },
          { summarise, limit: pageSize, offset: (page - 1) * pageSize },
        );
        return {
          items: items.map((r) => ({ ...r, at: r.at.toISOString(), firstAt: r.firstAt.toISOString() })),
          total,
          page,
          pageSize,
        };
      });
    },
  );
};
