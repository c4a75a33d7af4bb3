import {
  CASELOAD_ROLES,
  ErrorResponse,
  PlausibilityFlag,
  TOO_FAST_MINUTES,
  Visit,
  VisitBatchReview,
  VisitInput,
  VisitOverviewRow,
  VisitReview,
} from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { asUser } from '../../db/context.js';
import { type Module, requireActor, requirePermission } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { assertVisible, auditedRead, PURPOSE } from '../persons/service.js';
import { visitListExportRoutes } from './export.js';
import { activityPdf, activityReport, activityXlsx } from './report.js';
import { loadVisit, presentVisit, recordVisit, reviewVisit, reviewVisits, selectVisits, VisitFilters, visitAssessments } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const CaseloadEntry = z.object({
  assignmentId: z.string(),
  personId: z.string(),
  name: z.string(),
  age: z.number().nullable(),
  sex: z.string(),
  address: z.string(),
  phones: z.array(z.string()),
  /** The person's version, for an edit made on the phone (optimistic concurrency, offline too). */
  version: z.number(),
  adlGroup: z.string().nullable(),
  flags: z.array(z.string()),
  gaps: z.array(z.string()),
  lastVisitAt: z.string().nullable(),
  nextVisitOn: z.string().nullable(),
  openTasks: z.number(),
  volunteer: z.string(),
});

/** Caseloads, home visits, their review, plausibility checks and the volunteers' monthly activity. */
export const visitRoutes: Module = async (app, { database, config }) => {
  const db = database.db;
  await visitListExportRoutes(app, database);

  app.get(
    '/api/visits/settings',
    {
      config: { permission: 'visits.record' },
      schema: {
        tags: ['visits'],
        summary: 'This installation’s visit intervals by ADL group (days), for the next-visit suggestion',
        response: { 200: z.object({ intervals: z.record(z.string(), z.number()) }), ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      return { intervals: config.visitIntervals };
    },
  );

  app.get(
    '/api/caseload',
    {
      config: { permission: 'visits.record' },
      schema: {
        tags: ['visits'],
        summary: 'My caseload (or, for a supervisor, a volunteer’s), most overdue first',
        querystring: z.object({ userId: z.string().uuid().optional() }),
        response: { 200: z.array(CaseloadEntry), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const userId = req.query.userId ?? actor.userId;
      if (userId !== actor.userId) requirePermission(req, 'caseload.manage');
      return asUser(db, actor, async (tx) => {
        const rows = await tx
          .selectFrom('caseload_assignments as c')
          .innerJoin('persons as p', 'p.id', 'c.person_id')
          .innerJoin('users as u', 'u.id', 'c.user_id')
          .leftJoin(
            (eb) =>
              eb
                .selectFrom('visits')
                .select([
                  'person_id',
                  sql<Date>`max(visited_at)`.as('last_at'),
                  sql<string>`(array_agg(next_visit_on ORDER BY visited_at DESC))[1]`.as('next_on'),
                ])
                .where('review_status', '!=', 'returned')
                .groupBy('person_id')
                .as('lv'),
            (join) => join.onRef('lv.person_id', '=', 'p.id'),
          )
          .select([
            'c.id as assignment_id',
            'p.id',
            sql<string>`concat_ws(' ', p.title_th, p.first_name_th, p.last_name_th)`.as('name'),
            'p.birth_date',
            'p.sex',
            sql<string>`concat_ws(' ', p.house_no, CASE WHEN p.village_no IS NULL THEN NULL ELSE 'ม.' || p.village_no END, p.address_text)`.as('address'),
            'p.phones',
            'p.version',
            'p.adl_group',
            'p.flags',
            'p.gaps',
            'lv.last_at',
            'lv.next_on',
            'u.display_name as volunteer',
            (eb) =>
              eb
                .selectFrom('tasks as t')
                .select(sql<number>`count(*)::int`.as('n'))
                .whereRef('t.person_id', '=', 'p.id')
                .where('t.status', '=', 'open')
                .as('open_tasks'),
          ])
          .where('c.user_id', '=', userId)
          .where('c.ended_at', 'is', null)
          // Never visited first, then the most overdue.
          .orderBy(sql`lv.next_on NULLS FIRST`)
          .orderBy('p.sort_key')
          .limit(1000)
          .execute();
        await audit(tx, actor, {
          action: 'caseload.read',
          subjectType: 'user',
          subjectId: userId,
          areaCode: actor.areaCode,
          purpose: PURPOSE,
          details: { persons: rows.length },
        });
        const today = new Date();
        return rows.map((r) => ({
          assignmentId: r.assignment_id,
          personId: r.id,
          name: r.name,
          age: r.birth_date ? Math.floor((today.getTime() - Date.parse(r.birth_date)) / (365.2425 * 864e5)) : null,
          sex: r.sex,
          address: r.address,
          phones: r.phones,
          version: r.version,
          adlGroup: r.adl_group,
          flags: r.flags,
          gaps: r.gaps,
          lastVisitAt: r.last_at ? new Date(r.last_at).toISOString() : null,
          nextVisitOn: r.next_on,
          openTasks: Number(r.open_tasks ?? 0),
          volunteer: r.volunteer,
        }));
      });
    },
  );

  app.get(
    '/api/caseload/volunteers',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['visits'],
        summary: 'Volunteers and caregivers in my areas, to assign persons to',
        response: { 200: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), organisation: z.string(), persons: z.number() })), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const rows = await tx
          .selectFrom('users as u')
          .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
          .select([
            'u.id',
            'u.display_name',
            'u.role',
            'o.name as organisation',
            (eb) =>
              eb
                .selectFrom('caseload_assignments as c')
                .select(sql<number>`count(*)::int`.as('n'))
                .whereRef('c.user_id', '=', 'u.id')
                .where('c.ended_at', 'is', null)
                .as('persons'),
          ])
          .where('u.role', 'in', [...CASELOAD_ROLES])
          .where('u.active', '=', true)
          .orderBy('u.display_name')
          .limit(500)
          .execute();
        return rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role, organisation: r.organisation, persons: Number(r.persons ?? 0) }));
      });
    },
  );

  app.get(
    '/api/persons/:id/caseload',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['visits'],
        summary: 'Who has this person in their caseload',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.array(z.object({ id: z.string(), userId: z.string(), name: z.string(), assignedAt: z.string() })), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'caseload' });
        const rows = await tx
          .selectFrom('caseload_assignments as c')
          .innerJoin('users as u', 'u.id', 'c.user_id')
          .select(['c.id', 'c.user_id', 'u.display_name', 'c.assigned_at'])
          .where('c.person_id', '=', req.params.id)
          .where('c.ended_at', 'is', null)
          .orderBy('c.assigned_at')
          .execute();
        return rows.map((r) => ({ id: r.id, userId: r.user_id, name: r.display_name, assignedAt: r.assigned_at.toISOString() }));
      });
    },
  );

  app.post(
    '/api/caseload',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['visits'],
        summary: 'Assign a person to a volunteer’s caseload',
        body: z.object({ personId: z.string().uuid(), userId: z.string().uuid() }),
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await asUser(db, actor, async (tx) => {
        const { area_code } = await assertVisible(tx, actor, req.body.personId);
        const user = await tx.selectFrom('users').select(['role', 'active']).where('id', '=', req.body.userId).executeTakeFirst();
        if (!user?.active) throw new AppError(400, 'validation.failed', { fields: [{ path: 'userId', message_th: 'ไม่พบผู้ใช้นี้', message_en: 'No such user' }] });
        const row = await tx
          .insertInto('caseload_assignments')
          .values({ person_id: req.body.personId, user_id: req.body.userId, assigned_by: actor.userId })
          .onConflict((oc) => oc.columns(['person_id', 'user_id']).where('ended_at', 'is', null).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'conflict.duplicate');
        await audit(tx, actor, {
          action: 'caseload.assigned',
          subjectType: 'person',
          subjectId: req.body.personId,
          areaCode: area_code,
          purpose: PURPOSE,
          details: { user: req.body.userId },
        });
        return row.id;
      });
      reply.status(201);
      return { id };
    },
  );

  app.delete(
    '/api/caseload/:assignmentId',
    {
      config: { permission: 'caseload.manage' },
      schema: { tags: ['visits'], summary: 'End an assignment', params: z.object({ assignmentId: z.string().uuid() }), response: { 204: z.null(), ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await asUser(db, actor, async (tx) => {
        const a = await tx.selectFrom('caseload_assignments').select(['person_id', 'ended_at']).where('id', '=', req.params.assignmentId).executeTakeFirst();
        if (!a) throw notFound();
        const { area_code } = await assertVisible(tx, actor, a.person_id);
        if (a.ended_at) throw new AppError(409, 'conflict.stale');
        await tx.updateTable('caseload_assignments').set({ ended_at: new Date(), ended_by: actor.userId }).where('id', '=', req.params.assignmentId).execute();
        await audit(tx, actor, { action: 'caseload.ended', subjectType: 'person', subjectId: a.person_id, areaCode: area_code, purpose: PURPOSE });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/visits',
    {
      config: { permission: 'visits.record' },
      schema: {
        tags: ['visits'],
        summary: 'Record a home visit; its id (chosen by the device) makes a repeat store nothing new',
        body: VisitInput,
        response: { 200: Visit, 201: Visit, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { visit, created } = await asUser(db, actor, (tx) => recordVisit(tx, actor, req.body));
      reply.status(created ? 201 : 200);
      return visit;
    },
  );

  app.get(
    '/api/visits',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['visits'],
        summary: 'Visits in my areas (a volunteer: their own), newest first, each with the assessments recorded in it',
        querystring: VisitFilters.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(Visit), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      return asUser(db, actor, async (tx) => {
        let query = selectVisits(tx).orderBy('v.visited_at', 'desc').limit(q.limit);
        if (CASELOAD_ROLES.includes(actor.role)) query = query.where('v.recorded_by', '=', actor.userId);
        if (q.personId) query = query.where('v.person_id', '=', q.personId);
        if (q.recordedBy) query = query.where('v.recorded_by', '=', q.recordedBy);
        if (q.status) query = query.where('v.review_status', '=', q.status);
        if (q.area) query = query.where('p.area_code', 'like', `${q.area}%`);
        if (q.from) query = query.where('v.visited_at', '>=', new Date(`${q.from}T00:00:00+07:00`));
        if (q.to) query = query.where('v.visited_at', '<', new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 864e5));
        const rows = await query.execute();
        await audit(tx, actor, {
          action: 'visit.list',
          subjectType: 'visit',
          areaCode: q.area ?? actor.areaCode,
          purpose: PURPOSE,
          details: { filters: { ...q, limit: undefined }, results: rows.length, persons: [...new Set(rows.map((r) => r.person_id))] },
        });
        const visits = rows.map((r) => presentVisit(r as Parameters<typeof presentVisit>[0]));
        // The assessments recorded in each visit, for the reviewer (issue 17); rows already scoped as the visits are.
        const assessments = await visitAssessments(tx, visits, actor.userId);
        return visits.map((v) => ({ ...v, assessments: assessments.get(v.id) ?? [] }));
      });
    },
  );

  const VisitParams = z.object({ visitId: z.string().uuid() });

  app.get(
    '/api/visits/:visitId',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['visits'],
        summary: 'One visit with its photos and the assessments recorded in it',
        params: VisitParams,
        response: { 200: Visit.extend({ photos: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const visit = await loadVisit(tx, req.params.visitId);
        if (CASELOAD_ROLES.includes(actor.role) && visit.recordedById !== actor.userId) throw notFound();
        await auditedRead(tx, actor, visit.personId, { part: 'visit', visit: visit.id });
        const photos = await tx.selectFrom('visit_photos').select('data_url').where('visit_id', '=', visit.id).orderBy('position').execute();
        const assessments = await visitAssessments(tx, [visit], actor.userId);
        return { ...visit, photos: photos.map((p) => p.data_url), assessments: assessments.get(visit.id) ?? [] };
      });
    },
  );

  app.post(
    '/api/visits/:visitId/review',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['visits'],
        summary: 'Approve a visit, or return it to the volunteer with a comment',
        params: VisitParams,
        body: VisitReview,
        response: { 200: Visit, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, (tx) => reviewVisit(tx, actor, req.params.visitId, req.body.decision, req.body.comment));
    },
  );

  app.post(
    '/api/visits/review',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['visits'],
        summary: 'Approve several visits, or return them with one reason: all of them or none',
        body: VisitBatchReview,
        response: { 200: z.object({ reviewed: z.array(z.string()), status: z.enum(['approved', 'returned']) }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { visitIds, decision, comment } = req.body;
      await asUser(db, actor, (tx) => reviewVisits(tx, actor, visitIds, decision, comment));
      return { reviewed: visitIds, status: decision === 'approve' ? ('approved' as const) : ('returned' as const) };
    },
  );

  app.get(
    '/api/visits-overview',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['visits'],
        summary: 'Per volunteer in my areas: caseload, persons overdue for a visit, visits in 30 days, reviews pending, open overdue tasks',
        response: {
          200: z.array(VisitOverviewRow),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
        const rows = await sql<{
          user_id: string;
          volunteer: string;
          organisation: string;
          persons: number;
          overdue: number;
          visits30: number;
          pending: number;
          overdue_tasks: number;
        }>`
          SELECT u.id AS user_id, u.display_name AS volunteer, o.name AS organisation,
            (SELECT count(*)::int FROM caseload_assignments c JOIN persons p ON p.id = c.person_id WHERE c.user_id = u.id AND c.ended_at IS NULL) AS persons,
            (SELECT count(*)::int FROM caseload_assignments c JOIN persons p ON p.id = c.person_id
               LEFT JOIN LATERAL (SELECT v.next_visit_on FROM visits v WHERE v.person_id = c.person_id AND v.review_status <> 'returned'
                                  ORDER BY v.visited_at DESC LIMIT 1) lv ON true
               WHERE c.user_id = u.id AND c.ended_at IS NULL AND (lv.next_visit_on IS NULL OR lv.next_visit_on < ${today}::date)) AS overdue,
            (SELECT count(*)::int FROM visits v JOIN persons p ON p.id = v.person_id WHERE v.recorded_by = u.id AND v.visited_at > now() - interval '30 days') AS visits30,
            (SELECT count(*)::int FROM visits v JOIN persons p ON p.id = v.person_id WHERE v.recorded_by = u.id AND v.review_status = 'pending') AS pending,
            (SELECT count(*)::int FROM tasks t JOIN persons p ON p.id = t.person_id WHERE t.assigned_to = u.id AND t.status = 'open' AND t.kind = 'visit_overdue') AS overdue_tasks
          FROM users u JOIN organisations o ON o.id = u.organisation_id
          WHERE u.role = ANY (${[...CASELOAD_ROLES]}::text[]) AND u.active
          ORDER BY 5 DESC, u.display_name
          LIMIT 500`.execute(tx);
        await audit(tx, actor, {
          action: 'visit.overview',
          subjectType: 'visit',
          areaCode: actor.areaCode,
          purpose: PURPOSE,
          details: { volunteers: rows.rows.length },
        });
        return rows.rows.map((r) => ({
          userId: r.user_id,
          volunteer: r.volunteer,
          organisation: r.organisation,
          persons: r.persons,
          overdue: r.overdue,
          visits30: r.visits30,
          pending: r.pending,
          overdueTasks: r.overdue_tasks,
        }));
      });
    },
  );

  app.get(
    '/api/visits-implausible',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['visits'],
        summary: 'Visits worth a second look: many households at one GPS point, or visits too close in time',
        querystring: z.object({ from: z.string().date(), to: z.string().date() }),
        response: {
          200: z.array(PlausibilityFlag),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const from = new Date(`${req.query.from}T00:00:00+07:00`);
        const to = new Date(new Date(`${req.query.to}T00:00:00+07:00`).getTime() + 864e5);
        // Three or more different households recorded at the same point (about 10 m) by one volunteer.
        const samePlace = await sql<{ volunteer: string; ids: string[]; persons: number; lat: number; lng: number }>`
          SELECT u.display_name AS volunteer, array_agg(v.id) AS ids, count(DISTINCT v.person_id)::int AS persons,
                 round(v.gps_lat::numeric, 4)::float8 AS lat, round(v.gps_lng::numeric, 4)::float8 AS lng
          FROM visits v JOIN users u ON u.id = v.recorded_by
          WHERE v.visited_at >= ${from} AND v.visited_at < ${to} AND v.gps_lat IS NOT NULL
          GROUP BY u.display_name, v.recorded_by, round(v.gps_lat::numeric, 4), round(v.gps_lng::numeric, 4)
          HAVING count(DISTINCT v.person_id) >= 3`.execute(tx);
        // Two visits of different persons by one volunteer less than TOO_FAST_MINUTES apart, each pair once
        // (two visits stamped the same minute, as a phone's form may, are one pair, not two).
        const tooFast = await sql<{ volunteer: string; a: string; b: string; minutes: number }>`
          SELECT u.display_name AS volunteer, v.id AS a, w.id AS b,
                 floor(extract(epoch FROM (w.visited_at - v.visited_at)) / 60)::int AS minutes
          FROM visits v JOIN visits w ON w.recorded_by = v.recorded_by AND w.person_id <> v.person_id
            AND (w.visited_at > v.visited_at OR (w.visited_at = v.visited_at AND w.id > v.id))
            AND w.visited_at < v.visited_at + make_interval(mins => ${TOO_FAST_MINUTES}::int)
          JOIN users u ON u.id = v.recorded_by
          WHERE v.visited_at >= ${from} AND v.visited_at < ${to}`.execute(tx);
        await audit(tx, actor, { action: 'visit.plausibility', subjectType: 'visit', areaCode: actor.areaCode, purpose: PURPOSE, details: { ...req.query } });
        return [
          ...samePlace.rows.map((r) => ({
            kind: 'same_place' as const,
            volunteer: r.volunteer,
            visits: r.ids,
            households: r.persons,
            lat: r.lat,
            lng: r.lng,
          })),
          ...tooFast.rows.map((r) => ({ kind: 'too_fast' as const, volunteer: r.volunteer, visits: [r.a, r.b], minutes: r.minutes })),
        ];
      });
    },
  );

  app.get(
    '/api/reports/volunteer-activity',
    {
      config: { permission: 'visits.review' },
      schema: {
        tags: ['visits'],
        summary: 'Visits, persons, needs and help per volunteer for a month (JSON, XLSX or a printable PDF)',
        querystring: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
          area: z
            .string()
            .regex(/^\d{2,8}$/)
            .optional(),
          format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
        }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const rows = await asUser(db, actor, async (tx) => {
        const r = await activityReport(tx, req.query.month, req.query.area);
        await audit(tx, actor, {
          action: 'report.volunteer_activity',
          subjectType: 'report',
          areaCode: req.query.area ?? actor.areaCode,
          purpose: PURPOSE,
          details: { ...req.query },
        });
        return r;
      });
      if (req.query.format === 'json') return rows;
      if (req.query.format === 'pdf')
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="volunteer-activity-${req.query.month}.pdf"`)
          .send(await activityPdf(rows, req.query.month, req.query.area, actor.displayName));
      const buffer = await activityXlsx(rows, req.query.month);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="volunteer-activity-${req.query.month}.xlsx"`)
        .send(buffer);
    },
  );
};
