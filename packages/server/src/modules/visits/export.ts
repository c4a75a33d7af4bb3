import { CASELOAD_ROLES, ErrorResponse, formatDate, formatDateTime, helpLabel, LIST_EXPORT_MAX_ROWS, type Locale, needLabel } from '@carehub/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { asUser } from '../../db/context.js';
import { requireActor } from '../../http/context.js';
import type { TableColumn } from '../../http/tables.js';
import { audit } from '../audit/service.js';
import { ExportLang, exportTitle, int, label, listExportLimits, sendListExport, text } from '../persons/list-export.js';
import { PURPOSE, todayIso } from '../persons/service.js';
import { selectVisits, VisitFilters } from './service.js';

/**
 * The visits list (GET /api/visits: the supervisors' "all visits" list) as XLSX/CSV: the same
 * filters, the same row-level security (the person's area or share) and the same rule that a
 * volunteer or caregiver sees only their own visits; every matching visit up to the cap, newest
 * first. One `visits.export` audit event with the filters, the count and the persons concerned, as
 * the list records them.
 */

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };
const VisitsExportQuery = VisitFilters.extend({ lang: ExportLang });

const STATUS_LABELS = {
  pending: { th: 'รอตรวจ', en: 'Pending review' },
  approved: { th: 'อนุมัติแล้ว', en: 'Approved' },
  returned: { th: 'ส่งกลับแก้ไข', en: 'Returned' },
};

export const VISIT_COLUMNS: TableColumn[] = [
  text('visitedAt', 'วันเวลาที่เยี่ยม (พ.ศ.)', 'Visited at (BE)', 20),
  text('person', 'ชื่อ-นามสกุล', 'Person', 28),
  text('areaCode', 'รหัสพื้นที่', 'Area code', 12),
  text('area', 'พื้นที่', 'Area', 20),
  text('recordedBy', 'ผู้เยี่ยม', 'Visited by', 22),
  text('organisation', 'หน่วยงาน', 'Organisation', 28),
  text('status', 'สถานะการตรวจ', 'Review status', 14),
  text('reviewedBy', 'ผู้ตรวจ', 'Reviewed by', 22),
  text('reviewedAt', 'ตรวจเมื่อ (พ.ศ.)', 'Reviewed at (BE)', 20),
  text('nextVisitOn', 'นัดเยี่ยมครั้งถัดไป (พ.ศ.)', 'Next visit (BE)', 16),
  text('needs', 'ความต้องการที่พบ', 'Needs found', 36),
  text('help', 'ความช่วยเหลือที่ให้', 'Help given', 36),
  text('alarms', 'สัญญาณเตือน', 'Alarms', 30),
  int('photos', 'จำนวนรูป', 'Photos'),
  text('id', 'รหัสการเยี่ยม', 'Visit ID', 38),
  text('personId', 'รหัสบุคคลในระบบ', 'Person CareHub ID', 38),
];

/** Registered by visitRoutes: GET /api/visits/export.xlsx and /api/visits/export.csv. */
export async function visitListExportRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const format of ['xlsx', 'csv'] as const) {
    r.get(
      `/api/visits/export.${format}`,
      {
        config: { permission: 'persons.export' },
        schema: {
          tags: ['visits'],
          summary: `The visits list with its filters as ${format.toUpperCase()}: every matching visit in my areas (a volunteer: their own), at most ${LIST_EXPORT_MAX_ROWS}, newest first`,
          querystring: VisitsExportQuery,
          response: { 200: z.any(), ...errors },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const { lang, ...q } = req.query;
        const { rows, total } = await asUser(database.db, actor, async (tx) => {
          // The list's query (routes.ts GET /api/visits), with the area's name and the total.
          let query = selectVisits(tx)
            .innerJoin('areas as a', 'a.code', 'p.area_code')
            .select(['p.area_code', 'a.name_th as area_name', sql<number>`count(*) OVER ()`.as('total')])
            .orderBy('v.visited_at', 'desc')
            .orderBy('v.id')
            .limit(listExportLimits.maxRows);
          if (CASELOAD_ROLES.includes(actor.role)) query = query.where('v.recorded_by', '=', actor.userId);
          if (q.personId) query = query.where('v.person_id', '=', q.personId);
          if (q.recordedBy) query = query.where('v.recorded_by', '=', q.recordedBy);
          if (q.status) query = query.where('v.review_status', '=', q.status);
          if (q.area) query = query.where('p.area_code', 'like', `${q.area}%`);
          if (q.from) query = query.where('v.visited_at', '>=', new Date(`${q.from}T00:00:00+07:00`));
          if (q.to) query = query.where('v.visited_at', '<', new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 864e5));
          const found = await query.execute();
          const total = Number(found[0]?.total ?? 0);
          await audit(tx, actor, {
            action: 'visits.export',
            subjectType: 'visit',
            areaCode: q.area ?? actor.areaCode,
            purpose: PURPOSE,
            details: {
              format,
              lang,
              filters: q,
              rows: found.length,
              total,
              capped: found.length < total,
              persons: [...new Set(found.map((v) => v.person_id))],
            },
          });
          return { rows: found, total };
        });
        const codes = (items: Array<{ code: string }>, of: (code: string) => { th: string; en: string } | undefined, l: Locale) =>
          items.map((i) => label(of(i.code), i.code, l)).join(', ');
        const period = [q.from && formatDate(q.from, lang), q.to && formatDate(q.to, lang)].filter(Boolean).join(' – ');
        const what = {
          th: `การเยี่ยมบ้าน${q.area ? ` พื้นที่ ${q.area}` : ''}${period ? ` ${period}` : ''}`,
          en: `Home visits${q.area ? `, area ${q.area}` : ''}${period ? `, ${period}` : ''}`,
        };
        return sendListExport(
          reply,
          format,
          {
            filename: `visits-${q.area ?? 'my-areas'}-${todayIso()}`,
            title: exportTitle(what, actor, rows.length, total, lang, { th: 'ครั้ง', en: 'visits' }),
            lang,
            sheets: [
              {
                name: lang === 'th' ? 'การเยี่ยมบ้าน' : 'Visits',
                columns: VISIT_COLUMNS,
                rows: rows.map((v) => ({
                  visitedAt: formatDateTime(v.visited_at, lang),
                  person: v.person_name,
                  areaCode: v.area_code,
                  area: v.area_name,
                  recordedBy: v.recorded_by_name,
                  organisation: v.organisation_name,
                  status: STATUS_LABELS[v.review_status][lang],
                  reviewedBy: v.reviewed_by_name,
                  reviewedAt: v.reviewed_at ? formatDateTime(v.reviewed_at, lang) : null,
                  nextVisitOn: v.next_visit_on ? formatDate(v.next_visit_on, lang) : null,
                  needs: codes(v.needs, needLabel, lang),
                  help: codes(v.help, helpLabel, lang),
                  alarms: v.alarms.map((a) => a.message[lang]).join(', '),
                  photos: v.photo_count,
                  id: v.id,
                  personId: v.person_id,
                })),
              },
            ],
          },
          { rows: rows.length, total },
        );
      },
    );
  }
}
