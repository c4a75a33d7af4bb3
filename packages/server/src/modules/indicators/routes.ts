import { ErrorResponse, IndicatorListItem, IndicatorTargetUpdate, IndicatorValues, MONTH } from '@carehub/core';
import { z } from 'zod';
import { type Module, requireActor } from '../../http/context.js';
import { defaultArea } from '../dashboard/service.js';
import { listIndicators, readIndicatorValues, setIndicatorTarget, warmIndicatorCache } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** Quality-of-life indicators (issue 8, part 3): definitions as data, values by month and child area, targets. */
export const indicatorRoutes: Module = async (app, { database }) => {
  // Warm the cache of closed months (migration 0016) in the background once the server is up; not
  // under the unit tests, whose fixtures count what they put in the cache.
  if (!process.env.VITEST) {
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setTimeout(() => {
        warmIndicatorCache(database, (msg) => app.log.info(msg)).catch((err) => app.log.warn(`indicator cache warm-up failed: ${(err as Error).message}`));
      }, 2000);
      timer.unref();
    });
    app.addHook('onClose', async () => clearTimeout(timer));
  }
  app.get(
    '/api/indicators',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['indicators'],
        summary: 'The quality-of-life indicator definitions (data, in the vocabulary of core indicators.ts), with their targets',
        response: {
          200: z.object({ indicators: z.array(IndicatorListItem), invalid: z.array(z.object({ code: z.string(), problems: z.array(z.string()) })) }),
          ...errors,
        },
      },
    },
    async (req) => listIndicators(database, requireActor(req)),
  );

  app.get(
    '/api/indicators/values',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['indicators'],
        summary: 'Each indicator per month (numerator, denominator, value) for an area in my scope, and per child area for the last month; counts only',
        querystring: z.object({
          area: z
            .string()
            .regex(/^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/)
            .optional()
            .describe('TH, a province, district or subdistrict code, or a village (subdistrict + 2-digit village number); default: my area'),
          from: MONTH.optional().describe('First month, YYYY-MM (default: 11 months before `to`)'),
          to: MONTH.optional().describe('Last month, YYYY-MM (default: this month, Thai time)'),
        }),
        response: { 200: IndicatorValues, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return readIndicatorValues(database, actor, { area: req.query.area ?? defaultArea(actor), from: req.query.from, to: req.query.to });
    },
  );

  app.patch(
    '/api/indicators/:code',
    {
      config: { permission: 'indicators.manage' },
      schema: {
        tags: ['indicators'],
        summary: "Change an indicator's target (province and system admins); audited",
        params: z.object({ code: z.string().max(48) }),
        body: IndicatorTargetUpdate,
        response: { 200: IndicatorListItem, ...errors },
      },
    },
    async (req) => setIndicatorTarget(database, requireActor(req), req.params.code, req.body.target),
  );
};
