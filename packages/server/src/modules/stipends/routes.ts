import { ErrorResponse, type StipendRow } from '@carehub/core';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { assertArea } from '../caseload/service.js';
import { paymentListPdf, paymentListXlsx } from './payment-list.js';
import { assertMonth, assertOpen, computeRows, DEFAULT_TARGET_VISITS, paymentList, presentSignoff, STIPEND_AMOUNT_BAHT, sign, signoffs } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const Subdistrict = z.string().regex(/^\d{6}$/);

const Row = z.object({
  userId: z.string(),
  name: z.string(),
  villages: z.array(z.number()),
  target: z.number(),
  targetSet: z.boolean(),
  approved: z.number(),
  pending: z.number(),
  returned: z.number(),
  persons: z.number(),
  eligible: z.boolean(),
  amountBaht: z.number(),
});
const SignoffOut = z.object({
  id: z.string(),
  fund: z.string(),
  signedBy: z.string(),
  signedAt: z.string(),
  eligible: z.number(),
  totalBaht: z.number(),
  amountBaht: z.number(),
  reopenedAt: z.string().nullable(),
  reopenedBy: z.string().nullable(),
  reopenReason: z.string().nullable(),
});
const Month_ = z.object({
  areaCode: z.string(),
  month: z.string(),
  amountBaht: z.number(),
  defaultTarget: z.number(),
  /** The standing sign-off (the month is then locked and `rows` are as signed), or null. */
  signoff: SignoffOut.nullable(),
  /** Earlier sign-offs of the month that were re-opened, newest first. */
  reopened: z.array(SignoffOut),
  rows: z.array(Row),
  totals: z.object({ volunteers: z.number(), eligible: z.number(), totalBaht: z.number(), pending: z.number() }),
});

/**
 * The monthly stipend of village health volunteers per subdistrict fund: targets, eligibility from
 * approved visits, the supervisor's sign-off (locking the month), re-opening with a reason, and the
 * payment list as XLSX and PDF. Supervisors of visits (`visits.review`) in their areas.
 */
export const stipendRoutes: Module = async (app, { database }) => {
  const db = database.db;
  const Query = z.object({ area: Subdistrict, month: Month });

  app.get(
    '/api/stipends',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['stipends'],
        summary: 'A subdistrict’s month: each volunteer’s target, approved/pending/returned visits and eligibility, and the sign-off',
        querystring: Query,
        response: { 200: Month_, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { area, month } = req.query;
      assertArea(actor, area);
      return asUser(db, actor, async (tx) => {
        const all = await signoffs(tx, area, month);
        const standing = all.find((s) => !s.reopened_at);
        const rows = standing ? (standing.rows as StipendRow[]) : await computeRows(tx, area, month);
        const eligible = rows.filter((r) => r.eligible);
        await audit(tx, actor, { action: 'stipend.read', subjectType: 'stipend', areaCode: area, details: { month, volunteers: rows.length } });
        return {
          areaCode: area,
          month,
          amountBaht: standing?.amount_baht ?? STIPEND_AMOUNT_BAHT,
          defaultTarget: DEFAULT_TARGET_VISITS,
          signoff: standing ? presentSignoff(standing) : null,
          reopened: all.filter((s) => s.reopened_at).map(presentSignoff),
          rows,
          totals: {
            volunteers: rows.length,
            eligible: eligible.length,
            totalBaht: standing?.total_baht ?? eligible.reduce((n, r) => n + r.amountBaht, 0),
            pending: rows.reduce((n, r) => n + r.pending, 0),
          },
        };
      });
    },
  );

  app.put(
    '/api/stipends/targets',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['stipends'],
        summary: 'Set volunteers’ target of approved visits for a month (refused once the month is signed)',
        body: z.object({
          areaCode: Subdistrict,
          month: Month,
          userIds: z.array(z.string().uuid()).min(1).max(2000),
          targetVisits: z.number().int().min(1).max(500),
        }),
        response: { 200: z.object({ updated: z.number() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { areaCode, month, userIds, targetVisits } = req.body;
      assertArea(actor, areaCode);
      assertMonth(month);
      return asUser(db, actor, async (tx) => {
        await assertOpen(tx, areaCode, month);
        const known = new Set((await computeRows(tx, areaCode, month)).map((r) => r.userId));
        const unknown = userIds.filter((id) => !known.has(id));
        if (unknown.length)
          throw new AppError(400, 'validation.failed', {
            fields: [{ path: 'userIds', message_th: 'ไม่พบ อสม. นี้ในตำบล', message_en: 'No such volunteer in this subdistrict' }],
            users: unknown,
          });
        for (const userId of userIds)
          await tx
            .insertInto('stipend_targets')
            .values({ user_id: userId, area_code: areaCode, month, target_visits: targetVisits, set_by: actor.userId })
            .onConflict((oc) =>
              oc.columns(['user_id', 'area_code', 'month']).doUpdateSet({ target_visits: targetVisits, set_by: actor.userId, set_at: new Date() }),
            )
            .execute();
        await audit(tx, actor, { action: 'stipend.target_set', subjectType: 'stipend', areaCode, details: { month, users: userIds, targetVisits } });
        return { updated: userIds.length };
      });
    },
  );

  app.post(
    '/api/stipends/signoff',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['stipends'],
        summary: 'Sign off a subdistrict’s month: the list as it stands is kept and the month is locked',
        body: z.object({ areaCode: Subdistrict, month: Month, fund: z.string().max(200).optional(), confirm: z.literal(true) }),
        response: { 201: z.object({ id: z.string(), eligible: z.number(), totalBaht: z.number(), volunteers: z.number(), pending: z.number() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { areaCode, month, fund } = req.body;
      assertArea(actor, areaCode);
      assertMonth(month);
      const r = await asUser(db, actor, async (tx) => {
        const s = await sign(tx, actor, areaCode, month, fund);
        await audit(tx, actor, {
          action: 'stipend.signed',
          subjectType: 'stipend_signoff',
          subjectId: s.id,
          areaCode,
          details: { month, eligible: s.eligible, totalBaht: s.total_baht, volunteers: s.volunteers, pending: s.pending },
        });
        return s;
      });
      reply.status(201);
      return { id: r.id, eligible: r.eligible, totalBaht: r.total_baht, volunteers: r.volunteers, pending: r.pending };
    },
  );

  app.post(
    '/api/stipends/reopen',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['stipends'],
        summary: 'Re-open a signed month, with a reason (kept on the sign-off and in the audit log)',
        body: z.object({ areaCode: Subdistrict, month: Month, reason: z.string().trim().min(10).max(500) }),
        response: { 200: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { areaCode, month, reason } = req.body;
      assertArea(actor, areaCode);
      return asUser(db, actor, async (tx) => {
        const row = await tx
          .updateTable('stipend_signoffs')
          .set({ reopened_at: new Date(), reopened_by: actor.userId, reopen_reason: reason })
          .where('area_code', '=', areaCode)
          .where('month', '=', month)
          .where('reopened_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'stipend.not_signed', { areaCode, month });
        await audit(tx, actor, { action: 'stipend.reopened', subjectType: 'stipend_signoff', subjectId: row.id, areaCode, details: { month, reason } });
        return row;
      });
    },
  );

  app.get(
    '/api/stipends/payment-list',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['stipends'],
        summary: 'The signed payment list of a subdistrict fund for a month, as XLSX or PDF (Thai headers, Buddhist-era dates, total)',
        querystring: Query.extend({ format: z.enum(['xlsx', 'pdf']) }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { area, month, format } = req.query;
      assertArea(actor, area);
      const list = await asUser(db, actor, async (tx) => {
        const l = await paymentList(tx, area, month);
        await audit(tx, actor, { action: 'stipend.payment_list', subjectType: 'stipend', areaCode: area, details: { month, format, rows: l.rows.length } });
        return l;
      });
      const name = `stipend-${area}-${month}.${format}`;
      if (format === 'pdf')
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(await paymentListPdf(list));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(await paymentListXlsx(list));
    },
  );
};
