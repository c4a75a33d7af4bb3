import { Dashboard, ErrorResponse } from '@carehub/core';
import { z } from 'zod';
import { type Module, requireActor } from '../../http/context.js';
import { dashboardExportRoutes } from './exports.js';
import { pointsRoutes } from './points.js';
import { RollupRefresher } from './refresher.js';
import { defaultArea, readDashboard } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/**
 * The area dashboard (issue 8): counts for an area in the user's scope and each of its child areas,
 * read from rollups that the refresher keeps current; `dashboard.changed` live events say when to refetch.
 */
export const dashboardRoutes: Module = async (app, { database }) => {
  const refresher = new RollupRefresher(database, { log: (msg) => app.log.warn(msg) });
  await refresher.start();
  app.addHook('onClose', () => refresher.close());
  await dashboardExportRoutes(app, database, refresher);
  await pointsRoutes(app, database);

  app.get(
    '/api/dashboard',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        summary: 'Counts for an area in my scope and its child areas (no names): vulnerability, visits, needs, referrals, tasks, gaps',
        querystring: z.object({
          area: z
            .string()
            .regex(/^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/)
            .optional()
            .describe('TH, a province, district or subdistrict code, or a village (subdistrict + 2-digit village number); default: my area'),
        }),
        response: { 200: Dashboard, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return readDashboard(database, refresher, actor, req.query.area ?? defaultArea(actor));
    },
  );
};
