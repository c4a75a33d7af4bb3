import {
  CASELOAD_ROLES,
  can,
  ErrorResponse,
  isTaskOverdue,
  type Label,
  type Role,
  TASK_QUEUES,
  TaskAssign,
  TaskCandidate,
  TaskClose,
  type TaskCloseReason,
  TaskItem,
  thaiToday,
} from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { getInstrument } from '../assessments/service.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { assertVisible, PURPOSE } from '../persons/service.js';
import { startEscalation } from './escalation.js';
import { assignedNotice, noticeTo } from './notify.js';
import { closeTasks, covers } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const ADMINS: readonly Role[] = ['system_admin', 'province_admin', 'district_admin', 'subdistrict_admin'];
const isAdmin = (actor: Actor) => ADMINS.includes(actor.role);

/** May claim from, or work, the team's queue: the role is on the team and the organisation is the team's (if it names one). */
function onQueue(actor: Actor, t: { team: string[]; team_organisation_id: string | null }): boolean {
  return isAdmin(actor) || (t.team.includes(actor.role) && (t.team_organisation_id === null || t.team_organisation_id === actor.organisationId));
}

const Filters = z.object({
  status: z.enum(['open', 'done', 'dismissed', 'all']).default('open'),
  personId: z.string().uuid().optional(),
  queue: z.enum(TASK_QUEUES).default('all').describe("all: the team's tasks in my areas; mine: held by or escalated to me; team: nobody holds them yet"),
});

/** The task list as the user may see it (row-level security limits it to the persons the user sees). */
async function listTasks(tx: Tx, actor: Actor, f: z.infer<typeof Filters> & { id?: string }): Promise<TaskItem[]> {
  let q = tx
    .selectFrom('tasks as t')
    .innerJoin('persons as p', 'p.id', 't.person_id')
    .leftJoin('users as c', 'c.id', 't.closed_by')
    .leftJoin('users as h', 'h.id', 't.assigned_to')
    .leftJoin('users as e', 'e.id', 't.escalated_to')
    .leftJoin('organisations as o', 'o.id', 't.proposed_organisation_id')
    .leftJoin('organisations as g', 'g.id', 't.team_organisation_id')
    .leftJoin('assessments as a', (j) => j.onRef('a.id', '=', 't.source_id').on('t.source_type', '=', 'assessment'))
    .leftJoin('visits as v', (j) => j.onRef('v.id', '=', 't.source_id').on('t.source_type', '=', 'visit'))
    .select([
      't.id',
      't.person_id',
      't.kind',
      't.severity',
      't.action',
      't.message',
      't.source_id',
      't.source_type',
      't.team',
      't.team_organisation_id',
      't.status',
      't.created_at',
      't.closed_at',
      't.note',
      't.referral_id',
      't.due_on',
      't.assigned_to',
      't.seen_count',
      't.last_seen_at',
      't.close_reason',
      't.escalated_at',
      't.escalated_to',
      'c.display_name as closed_by_name',
      'h.display_name as assignee_name',
      'e.display_name as escalated_name',
      'o.id as proposed_id',
      'o.name as proposed_name',
      'g.name as team_org_name',
      'a.instrument_code',
      'a.instrument_version',
      'a.performed_at',
      'v.visited_at',
      'p.area_code',
      sql<string>`concat_ws(' ', p.title_th, p.first_name_th, p.last_name_th)`.as('person_name'),
    ])
    .orderBy(sql`t.severity = 'urgent'`, 'desc')
    .orderBy('t.due_on', (ob) => ob.asc().nullsLast())
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id')
    .limit(200);
  if (f.id) q = q.where('t.id', '=', f.id);
  if (f.status !== 'all') q = q.where('t.status', '=', f.status);
  if (f.personId) q = q.where('t.person_id', '=', f.personId);
  const mine = (eb: any) => eb.or([eb('t.assigned_to', '=', actor.userId), eb('t.escalated_to', '=', actor.userId)]);
  if (f.queue === 'mine') q = q.where(mine);
  else if (f.queue === 'team')
    q = q
      .where('t.assigned_to', 'is', null)
      .where(sql<boolean>`${actor.role} = ANY (t.team)`)
      .where((eb) => eb.or([eb('t.team_organisation_id', 'is', null), eb('t.team_organisation_id', '=', actor.organisationId)]));
  else if (!isAdmin(actor)) q = q.where((eb) => eb.or([sql<boolean>`${actor.role} = ANY (t.team)`, mine(eb)]));
  const rows = await q.execute();
  const today = thaiToday();
  const out: TaskItem[] = [];
  for (const r of rows) {
    let label: Label | null = null;
    if (r.instrument_code && r.instrument_version) label = (await getInstrument(tx, r.instrument_code, r.instrument_version)).title;
    const dueOn = r.due_on === null ? null : String(r.due_on).slice(0, 10);
    out.push({
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      areaCode: r.area_code,
      kind: r.kind,
      severity: r.severity,
      action: r.action,
      message: r.message,
      sourceId: r.source_id,
      team: r.team,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
      closedBy: r.closed_by_name,
      note: r.note,
      proposedOrganisation: r.proposed_id && r.proposed_name ? { id: r.proposed_id, name: r.proposed_name } : null,
      referralId: r.referral_id,
      dueOn,
      overdue: isTaskOverdue({ status: r.status, dueOn }, today),
      assignee: r.assigned_to && r.assignee_name ? { id: r.assigned_to, name: r.assignee_name } : null,
      teamOrganisation: r.team_organisation_id && r.team_org_name ? { id: r.team_organisation_id, name: r.team_org_name } : null,
      source:
        r.source_type && r.source_id
          ? {
              type: r.source_type,
              id: r.source_id,
              at: (r.performed_at ?? r.visited_at)?.toISOString() ?? null,
              label,
            }
          : null,
      seenCount: r.seen_count,
      lastSeenAt: r.last_seen_at.toISOString(),
      closeReason: (r.close_reason as TaskCloseReason | null) ?? null,
      escalatedAt: r.escalated_at?.toISOString() ?? null,
      escalatedTo: r.escalated_to && r.escalated_name ? { id: r.escalated_to, name: r.escalated_name } : null,
      canClaim: r.status === 'open' && r.assigned_to === null && onQueue(actor, r),
    });
  }
  return out;
}

/** One task the actor may act on: visible (its person in scope), open. */
async function openTask(tx: Tx, actor: Actor, id: string) {
  const task = await tx
    .selectFrom('tasks')
    .select(['id', 'person_id', 'team', 'team_organisation_id', 'status', 'assigned_to', 'escalated_to', 'severity'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!task) throw notFound();
  const { area_code } = await assertVisible(tx, actor, task.person_id);
  return { task, area_code };
}

const userField = (th: string, en: string) => new AppError(400, 'validation.failed', { fields: [{ path: 'userId', message_th: th, message_en: en }] });

/**
 * Tasks with owners (issue 17, item 4): the team's list, my tasks and the team's queue; closing (by hand),
 * claiming, assigning and handing back; the escalation of overdue tasks runs in the background.
 */
export const taskRoutes: Module = async (app, { database }) => {
  const db = database.db;
  const escalation = startEscalation(database, { log: (msg) => app.log.warn(msg) });
  app.addHook('onClose', () => escalation.stop());

  app.get(
    '/api/tasks',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['tasks'],
        summary: "Tasks in my areas: the team's (all), those I hold or that were escalated to me (mine), or nobody's yet (team)",
        querystring: Filters,
        response: { 200: z.array(TaskItem), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const rows = await listTasks(tx, actor, req.query);
        await audit(tx, actor, {
          action: 'task.list',
          subjectType: 'task',
          areaCode: actor.areaCode,
          purpose: PURPOSE,
          details: { status: req.query.status, queue: req.query.queue, results: rows.length, persons: [...new Set(rows.map((r) => r.personId))] },
        });
        return rows;
      });
    },
  );

  const TaskParams = z.object({ taskId: z.string().uuid() });
  const one = async (tx: Tx, actor: Actor, id: string) => (await listTasks(tx, actor, { id, status: 'all', queue: 'all' }))[0] ?? null;

  app.post(
    '/api/tasks/:taskId/close',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['tasks'],
        summary: 'Mark a task done or dismissed (audited with the reason)',
        params: TaskParams,
        body: TaskClose,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await asUser(db, actor, async (tx) => {
        const { task } = await openTask(tx, actor, req.params.taskId);
        if (!isAdmin(actor) && !task.team.includes(actor.role) && task.assigned_to !== actor.userId && task.escalated_to !== actor.userId)
          throw new AppError(403, 'forbidden');
        if (task.status !== 'open') throw new AppError(409, 'conflict.stale');
        await closeTasks(tx, actor, [task.id], { reason: req.body.status, note: req.body.note ?? null });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/tasks/:taskId/claim',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['tasks'],
        summary: "Take a task from the team's queue: it becomes mine",
        params: TaskParams,
        response: { 200: TaskItem, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const { task, area_code } = await openTask(tx, actor, req.params.taskId);
        if (task.status !== 'open') throw new AppError(409, 'conflict.stale');
        if (!onQueue(actor, task)) throw new AppError(403, 'forbidden');
        if (task.assigned_to !== null) throw new AppError(409, 'conflict.stale', { assignee: task.assigned_to });
        await tx
          .updateTable('tasks')
          .set({ assigned_to: actor.userId, assigned_at: new Date(), assigned_by: actor.userId })
          .where('id', '=', task.id)
          .execute();
        await audit(tx, actor, {
          action: 'task.claimed',
          subjectType: 'person',
          subjectId: task.person_id,
          areaCode: area_code,
          purpose: PURPOSE,
          details: { task: task.id },
        });
        await publish(tx, { type: 'task.updated', id: task.id, personId: task.person_id, areaCode: area_code });
        return (await one(tx, actor, task.id))!;
      });
    },
  );

  /** Whether a user may hold the task: active, on its team, with the person's area in scope, and (for a volunteer) the person on their caseload. */
  const candidates = (tx: Tx, task: { team: string[]; person_id: string }, area: string) =>
    tx
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.display_name', 'u.role', 'o.name as organisation'])
      .where('u.active', '=', true)
      .where('u.role', 'in', task.team.length ? task.team : ['-'])
      .where(covers(area))
      .where((eb) =>
        eb.or([
          eb('u.role', 'not in', [...CASELOAD_ROLES]),
          eb.exists(
            eb
              .selectFrom('caseload_assignments as k')
              .select('k.id')
              .whereRef('k.user_id', '=', 'u.id')
              .where('k.person_id', '=', task.person_id)
              .where('k.ended_at', 'is', null),
          ),
        ]),
      )
      .orderBy('u.display_name')
      .limit(200);

  app.get(
    '/api/tasks/:taskId/candidates',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['tasks'],
        summary: 'Who may hold a task: active members of its team whose areas cover the person (volunteers: their caseload)',
        params: TaskParams,
        response: { 200: z.array(TaskCandidate), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const { task, area_code } = await openTask(tx, actor, req.params.taskId);
        const rows = await candidates(tx, task, area_code).execute();
        return rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role, organisation: r.organisation }));
      });
    },
  );

  app.post(
    '/api/tasks/:taskId/assign',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['tasks'],
        summary: "Hand a task to someone on its team, or back to the team's queue (userId null): by its holder, a supervisor or an area admin",
        params: TaskParams,
        body: TaskAssign,
        response: { 200: TaskItem, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const { task, area_code } = await openTask(tx, actor, req.params.taskId);
        if (task.status !== 'open') throw new AppError(409, 'conflict.stale');
        const holder = task.assigned_to === actor.userId || task.escalated_to === actor.userId;
        // Supervisors (nurses, area admins: who manage caseloads) hand out their team's tasks; anyone on the team may pass on an unheld one.
        const supervisor = can(actor.role, 'caseload.manage') && (isAdmin(actor) || task.team.includes(actor.role));
        if (!holder && !supervisor && !(task.assigned_to === null && onQueue(actor, task))) throw new AppError(403, 'forbidden');
        const to = req.body.userId;
        if (to !== null) {
          const target = await candidates(tx, task, area_code).where('u.id', '=', to).executeTakeFirst();
          if (!target)
            throw userField(
              'ผู้รับงานต้องเป็นผู้ใช้ที่ยังใช้งานอยู่ในทีมของงานนี้ และดูแลพื้นที่ (หรือรายชื่อในความดูแล) ของบุคคลนี้',
              "The new holder must be an active member of this task's team whose areas (or caseload) include the person",
            );
        }
        if (to === task.assigned_to) return (await one(tx, actor, task.id))!;
        await tx
          .updateTable('tasks')
          .set({ assigned_to: to, assigned_at: to ? new Date() : null, assigned_by: to ? actor.userId : null })
          .where('id', '=', task.id)
          .execute();
        await audit(tx, actor, {
          action: to ? 'task.assigned' : 'task.released',
          subjectType: 'person',
          subjectId: task.person_id,
          areaCode: area_code,
          purpose: PURPOSE,
          details: { task: task.id, from: task.assigned_to, to },
        });
        await publish(tx, { type: 'task.updated', id: task.id, personId: task.person_id, areaCode: area_code });
        if (to && to !== actor.userId) await noticeTo(tx, to, assignedNotice({ id: task.id, severity: task.severity }, actor.displayName));
        return (await one(tx, actor, task.id))!;
      });
    },
  );
};
