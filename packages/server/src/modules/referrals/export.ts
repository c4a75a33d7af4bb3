import {
  ErrorResponse,
  formatDateTime,
  isReferralOverdue,
  LIST_EXPORT_MAX_ROWS,
  REFERRAL_STATE_LABELS,
  REFERRAL_URGENCY_LABELS,
  referralResponseDue,
} from '@carehub/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { asUser } from '../../db/context.js';
import { requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import type { TableColumn } from '../../http/tables.js';
import { audit } from '../audit/service.js';
import { ExportLang, exportTitle, listExportLimits, sendListExport, text } from '../persons/list-export.js';
import { assertVisible, PURPOSE, todayIso } from '../persons/service.js';
import { selectReferrals } from './routes.js';

/**
 * The referrals list (GET /api/referrals: my organisation's inbox or outbox, or one person's) as
 * XLSX/CSV: the same query and row-level security, so a closed referral whose person the receiver no
 * longer sees keeps the person's name hidden; every referral up to the cap, most urgent first. One
 * `referrals.export` audit event with the box and the count.
 */

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const ReferralsExportQuery = z.object({
  box: z.enum(['inbox', 'outbox', 'person']).default('inbox'),
  personId: z.string().uuid().optional(),
  lang: ExportLang,
});

export const REFERRAL_COLUMNS: TableColumn[] = [
  text('sentAt', 'ส่งเมื่อ (พ.ศ.)', 'Sent at (BE)', 20),
  text('urgency', 'ความเร่งด่วน', 'Urgency', 12),
  text('state', 'สถานะ', 'State', 18),
  text('overdue', 'เกินกำหนดตอบรับ', 'Overdue', 12),
  text('person', 'ชื่อ-นามสกุล', 'Person', 28),
  text('from', 'หน่วยงานผู้ส่ง', 'From', 30),
  text('to', 'หน่วยงานผู้รับ', 'To', 30),
  text('reason', 'เหตุผลการส่งต่อ', 'Reason', 40),
  text('responseDue', 'กำหนดตอบรับ (พ.ศ.)', 'Response due (BE)', 20),
  text('outcome', 'ผลการดำเนินการ', 'Outcome', 36),
  text('closeReason', 'เหตุผลการปิด', 'Close reason', 30),
  text('id', 'รหัสการส่งต่อ', 'Referral ID', 38),
];

/** Registered by referralRoutes: GET /api/referrals/export.xlsx and /api/referrals/export.csv. */
export async function referralListExportRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const format of ['xlsx', 'csv'] as const) {
    r.get(
      `/api/referrals/export.${format}`,
      {
        config: { permission: 'persons.export' },
        schema: {
          tags: ['referrals'],
          summary: `My organisation's referral inbox or outbox (or one person's referrals) as ${format.toUpperCase()}, at most ${LIST_EXPORT_MAX_ROWS}, most urgent first`,
          querystring: ReferralsExportQuery,
          response: { 200: z.any(), ...errors },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const { box, personId, lang } = req.query;
        const { rows, total } = await asUser(database.db, actor, async (tx) => {
          // The list's query (routes.ts GET /api/referrals), with the total and without its 200-row page.
          let q = selectReferrals(tx)
            .select(sql<number>`count(*) OVER ()`.as('total'))
            .orderBy(sql`array_position(ARRAY['emergency','urgent','routine'], r.urgency)`)
            .orderBy('r.sent_at', 'desc')
            .orderBy('r.id')
            .limit(listExportLimits.maxRows);
          if (box === 'person') {
            if (!personId) throw new AppError(400, 'request.malformed');
            await assertVisible(tx, actor, personId);
            q = q.where('r.person_id', '=', personId);
          } else
            q = box === 'inbox' ? q.where('r.to_organisation_id', '=', actor.organisationId) : q.where('r.from_organisation_id', '=', actor.organisationId);
          const found = await q.execute();
          const total = Number(found[0]?.total ?? 0);
          await audit(tx, actor, {
            action: 'referrals.export',
            subjectType: 'referral',
            areaCode: actor.areaCode,
            purpose: PURPOSE,
            details: { format, lang, box, ...(personId ? { person: personId } : {}), rows: found.length, total, capped: found.length < total },
          });
          return { rows: found, total };
        });
        const now = new Date();
        const hidden = lang === 'th' ? '(ไม่แสดง: การส่งต่อปิดแล้ว)' : '(hidden: referral closed)';
        const boxName = {
          inbox: { th: 'การส่งต่อถึงหน่วยงานของฉัน', en: 'Referrals to my organisation' },
          outbox: { th: 'การส่งต่อจากหน่วยงานของฉัน', en: 'Referrals from my organisation' },
          person: { th: 'การส่งต่อของบุคคล', en: "A person's referrals" },
        }[box];
        return sendListExport(
          reply,
          format,
          {
            filename: `referrals-${box}-${todayIso()}`,
            title: exportTitle(boxName, actor, rows.length, total, lang, { th: 'รายการ', en: 'referrals' }),
            lang,
            sheets: [
              {
                name: lang === 'th' ? 'การส่งต่อ' : 'Referrals',
                columns: REFERRAL_COLUMNS,
                rows: rows.map((x) => {
                  const sentAt = x.sent_at.toISOString();
                  const overdue = isReferralOverdue({ state: x.state, sentAt, urgency: x.urgency }, now);
                  return {
                    sentAt: formatDateTime(sentAt, lang),
                    urgency: REFERRAL_URGENCY_LABELS[x.urgency][lang],
                    state: REFERRAL_STATE_LABELS[x.state][lang],
                    overdue: overdue ? (lang === 'th' ? 'เกินกำหนด' : 'Overdue') : '',
                    person: x.person_name ?? hidden,
                    from: x.from_name,
                    to: x.to_name,
                    reason: x.reason,
                    responseDue: formatDateTime(referralResponseDue(sentAt, x.urgency), lang),
                    outcome: x.outcome,
                    closeReason: x.close_reason,
                    id: x.id,
                  };
                }),
              },
            ],
          },
          { rows: rows.length, total },
        );
      },
    );
  }
}
