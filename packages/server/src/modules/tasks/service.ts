import { type Label, type TaskCloseReason, type TaskSeverity, taskDueOn, thaiToday } from '@carehub/core';
import { sql } from 'kysely';
import type { Actor, Tx } from '../../db/context.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { PURPOSE } from '../persons/service.js';

/**
 * Tasks with owners (issue 17, item 4). Every module that raises or answers a task goes through here:
 * - `raiseTask`: at most one open task per person and rule (`rule_key`); the same rule raised again by a
 *   new source bumps that task (count, last seen, a higher severity and its sooner due day) instead of
 *   adding one; a finding already raised once (`dedupe_key`) is not raised again after it closed.
 * - `closeTasks`: every closure, by a person or by itself, writes why (`close_reason`) and what answered
 *   it into the task and the person's audit trail, and is announced live.
 * Called inside the caller's transaction, as the user (row-level security applies) or as the system.
 */

type Who = Pick<Actor, 'userId' | 'username' | 'ip'> | null;
export type TaskSourceRef = { type: 'assessment' | 'visit' | 'referral'; id: string };

export interface RaiseTask {
  personId: string;
  areaCode: string;
  kind: string;
  /** The rule, per person: one open task each. */
  ruleKey: string;
  severity: TaskSeverity;
  action: 'notify' | 'propose_referral';
  message: Label;
  team: string[];
  teamOrganisationId: string | null;
  source: TaskSourceRef | null;
  assignedTo?: string | null;
  /** A deadline of its own (the visit's due day), used when sooner than the severity's. */
  ownDeadline?: string | null;
  /** A finding raised once, ever: not raised again once its task closed. */
  dedupeKey?: string | null;
  proposedOrganisationId?: string | null;
  /** The Thai day it is raised on (tests and the daily pass may name it). */
  today?: string;
}

export interface Raised {
  id: string;
  outcome: 'created' | 'repeated' | 'unchanged';
}

const RANK = { warning: 1, urgent: 2 } as const;
/** Advisory lock key (two-int form) of the escalation pass: one process at a time. */
export const ESCALATION_LOCK = 74221;

export async function raiseTask(tx: Tx, who: Who, t: RaiseTask, again = true): Promise<Raised | null> {
  const today = t.today ?? thaiToday();
  const due = taskDueOn(t.severity, today, t.ownDeadline);
  const open = await tx
    .selectFrom('tasks')
    .select(['id', 'severity', 'source_id', 'due_on', 'seen_count', 'proposed_organisation_id'])
    .where('person_id', '=', t.personId)
    .where('rule_key', '=', t.ruleKey)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) {
    const newSource = (t.source?.id ?? null) !== open.source_id;
    const higher = RANK[t.severity] > RANK[open.severity];
    if (!newSource && !higher) return { id: open.id, outcome: 'unchanged' };
    const severity = higher ? t.severity : open.severity;
    const dueOn = open.due_on && open.due_on < due ? open.due_on : due;
    await tx
      .updateTable('tasks')
      .set({
        severity,
        due_on: dueOn,
        last_seen_at: new Date(),
        ...(newSource ? { seen_count: open.seen_count + 1, source_id: t.source?.id ?? null, source_type: t.source?.type ?? null } : {}),
        ...(higher || newSource ? { message: JSON.stringify(t.message) } : {}),
        ...(higher ? { escalated_at: null, escalated_to: null } : {}),
        ...(open.proposed_organisation_id === null && t.proposedOrganisationId ? { proposed_organisation_id: t.proposedOrganisationId } : {}),
      })
      .where('id', '=', open.id)
      .execute();
    await audit(tx, who, {
      action: 'task.repeated',
      subjectType: 'person',
      subjectId: t.personId,
      areaCode: t.areaCode,
      purpose: PURPOSE,
      details: { task: open.id, rule: t.ruleKey, count: newSource ? open.seen_count + 1 : open.seen_count, severity, dueOn, source: t.source },
    });
    await publish(tx, { type: 'task.updated', id: open.id, personId: t.personId, areaCode: t.areaCode });
    return { id: open.id, outcome: 'repeated' };
  }
  if (t.dedupeKey) {
    const seen = await tx.selectFrom('tasks').select('id').where('dedupe_key', '=', t.dedupeKey).executeTakeFirst();
    if (seen) return null;
  }
  const row = await tx
    .insertInto('tasks')
    .values({
      person_id: t.personId,
      kind: t.kind,
      severity: t.severity,
      action: t.action,
      message: JSON.stringify(t.message),
      source_id: t.source?.id ?? null,
      source_type: t.source?.type ?? null,
      team: t.team,
      team_organisation_id: t.teamOrganisationId,
      assigned_to: t.assignedTo ?? null,
      assigned_at: t.assignedTo ? new Date() : null,
      due_on: due,
      dedupe_key: t.dedupeKey ?? null,
      rule_key: t.ruleKey,
      proposed_organisation_id: t.proposedOrganisationId ?? null,
    })
    // Another writer raised the same rule (or finding) for the person at the same moment: the unique
    // indexes make this one wait for it and skip; it is then the open task to update (no lock table
    // entry per person, so the daily pass over a province stays one transaction).
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return again ? raiseTask(tx, who, t, false) : null;
  await audit(tx, who, {
    action: 'task.raised',
    subjectType: 'person',
    subjectId: t.personId,
    areaCode: t.areaCode,
    purpose: PURPOSE,
    details: { task: row.id, rule: t.ruleKey, severity: t.severity, dueOn: due, assignee: t.assignedTo ?? null, source: t.source },
  });
  await publish(tx, { type: 'task.created', id: row.id, personId: t.personId, areaCode: t.areaCode });
  return { id: row.id, outcome: 'created' };
}

/** Why and by what a task closed; `by` names the referral, assessment or visit that answered it. */
export interface Closure {
  reason: TaskCloseReason;
  by?: Record<string, string>;
  note?: string | null;
}

const STATUS_OF: Record<TaskCloseReason, 'done' | 'dismissed'> = {
  done: 'done',
  dismissed: 'dismissed',
  referral_accepted: 'done',
  referral_completed: 'done',
  need_met: 'done',
  visited: 'done',
  superseded: 'dismissed',
};

const NOTES: Record<Exclude<TaskCloseReason, 'done' | 'dismissed'>, string> = {
  referral_accepted: 'ปิดเอง: รับการส่งต่อแล้ว / closed: the referral was accepted',
  referral_completed: 'ปิดเอง: การส่งต่อเสร็จสิ้น / closed: the referral was completed',
  superseded: 'ปิดเอง: ผลใหม่ไม่แจ้งเตือนแล้ว / closed: a newer result no longer raises it',
  need_met: 'ปิดเอง: ได้รับความช่วยเหลือแล้ว / closed: the need was met',
  visited: 'ปิดเอง: เยี่ยมบ้านแล้ว / closed: the visit was made',
};

/**
 * Closes the given open tasks (those no longer open are left alone) with the reason, audited per task
 * against its person, and announced. Returns the ids closed.
 */
export async function closeTasks(tx: Tx, who: Who, ids: readonly string[], c: Closure): Promise<string[]> {
  if (ids.length === 0) return [];
  const note = c.note ?? (c.reason === 'done' || c.reason === 'dismissed' ? null : NOTES[c.reason]);
  const closed = await tx
    .updateTable('tasks')
    .set({ status: STATUS_OF[c.reason], close_reason: c.reason, closed_at: new Date(), closed_by: who?.userId ?? null, note })
    .where('id', 'in', [...ids])
    .where('status', '=', 'open')
    .returning(['id', 'person_id'])
    .execute();
  if (closed.length === 0) return [];
  const areas = new Map(
    (
      await tx
        .selectFrom('persons')
        .select(['id', 'area_code'])
        .where('id', 'in', [...new Set(closed.map((t) => t.person_id))])
        .execute()
    ).map((p) => [p.id, p.area_code]),
  );
  for (const t of closed) {
    const areaCode = areas.get(t.person_id) ?? '';
    await audit(tx, who, {
      action: 'task.closed',
      subjectType: 'person',
      subjectId: t.person_id,
      areaCode,
      purpose: PURPOSE,
      details: { task: t.id, reason: c.reason, ...(c.by ? { by: c.by } : {}) },
    });
    await publish(tx, { type: 'task.closed', id: t.id, personId: t.person_id, areaCode });
  }
  return closed.map((t) => t.id);
}

/**
 * After a signed response: the person's open alert tasks of the same instrument that this response did
 * not raise (again) are superseded, if it is the latest signed, uncorrected response of the instrument
 * (a back-dated entry does not overrule a newer one). A safety-recall task of the instrument is answered
 * the same way.
 */
export async function supersedeAssessmentTasks(
  tx: Tx,
  who: Who,
  a: { personId: string; assessmentId: string; instrumentCode: string },
  stillRaised: readonly string[],
): Promise<string[]> {
  const latest = await tx
    .selectFrom('assessments as a')
    .select('a.id')
    .where('a.person_id', '=', a.personId)
    .where('a.instrument_code', '=', a.instrumentCode)
    .where('a.status', '=', 'signed')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('assessments as c').select('c.id').whereRef('c.replaces', '=', 'a.id').where('c.status', '=', 'signed'))),
    )
    .orderBy('a.performed_at', 'desc')
    .orderBy('a.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.id !== a.assessmentId) return [];
  let query = tx
    .selectFrom('tasks')
    .select('id')
    .where('person_id', '=', a.personId)
    .where('status', '=', 'open')
    .where('kind', 'in', [`assessment_alert:${a.instrumentCode}`, `safety_recall:${a.instrumentCode}`]);
  if (stillRaised.length) query = query.where('id', 'not in', [...stillRaised]);
  const stale = await query.execute();
  return closeTasks(
    tx,
    who,
    stale.map((t) => t.id),
    { reason: 'superseded', by: { assessment: a.assessmentId } },
  );
}

/**
 * A referral sent names the tasks it answers: the one it was sent from, and the person's open
 * referral-proposing tasks raised by an assessment the referral carries.
 */
export async function linkReferral(tx: Tx, r: { id: string; personId: string; taskId?: string | null; assessmentIds: readonly string[] }): Promise<string[]> {
  const linked = await tx
    .updateTable('tasks')
    .set({ referral_id: r.id })
    .where('person_id', '=', r.personId)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        ...(r.taskId ? [eb('id', '=', r.taskId)] : []),
        ...(r.assessmentIds.length
          ? [
              eb.and([
                eb('action', '=', 'propose_referral'),
                eb('referral_id', 'is', null),
                eb('source_type', '=', 'assessment'),
                eb('source_id', 'in', [...r.assessmentIds]),
              ]),
            ]
          : []),
        eb.val(false),
      ]),
    )
    .returning('id')
    .execute();
  await announce(tx, r.personId, linked);
  return linked.map((t) => t.id);
}

/** Tells the browsers that show these tasks of one person that they changed. */
async function announce(tx: Tx, personId: string, tasks: ReadonlyArray<{ id: string }>): Promise<void> {
  if (tasks.length === 0) return;
  const person = await tx.selectFrom('persons').select('area_code').where('id', '=', personId).executeTakeFirst();
  if (!person) return;
  for (const t of tasks) await publish(tx, { type: 'task.updated', id: t.id, personId, areaCode: person.area_code });
}

/**
 * A referral answered: accepted or completed, its tasks are done (closed by themselves, with the
 * reason); declined or cancelled, they are freed for another referral, since the person still needs
 * someone. Returns the ids closed.
 */
export async function referralMoved(tx: Tx, who: Who, r: { id: string; action: string }): Promise<string[]> {
  if (r.action === 'decline' || r.action === 'cancel') {
    const freed = await tx
      .updateTable('tasks')
      .set({ referral_id: null })
      .where('referral_id', '=', r.id)
      .where('status', '=', 'open')
      .returning(['id', 'person_id'])
      .execute();
    for (const t of freed) await announce(tx, t.person_id, [t]);
    return [];
  }
  if (r.action !== 'accept' && r.action !== 'complete') return [];
  const open = await tx.selectFrom('tasks').select('id').where('referral_id', '=', r.id).where('status', '=', 'open').execute();
  return closeTasks(
    tx,
    who,
    open.map((t) => t.id),
    { reason: r.action === 'accept' ? 'referral_accepted' : 'referral_completed', by: { referral: r.id } },
  );
}

/** SQL: whether one of the user's scopes (`u.scopes`) covers an area code. */
export const covers = (area: string) => sql<boolean>`EXISTS (SELECT 1 FROM unnest(u.scopes) s WHERE s = 'TH' OR ${area} LIKE s || '%')`;

/**
 * The organisation whose team works a task while nobody holds it: the given one (the assessor's, the
 * visitor's) when it has an active member in one of the team's roles covering the person's area; else
 * null, and the team in the area works it.
 */
export async function teamOrganisation(tx: Tx, organisationId: string | null, team: readonly string[], areaCode: string): Promise<string | null> {
  if (!organisationId || team.length === 0) return null;
  const member = await tx
    .selectFrom('users as u')
    .select('u.id')
    .where('u.organisation_id', '=', organisationId)
    .where('u.active', '=', true)
    .where('u.role', 'in', [...team])
    .where(covers(areaCode))
    .limit(1)
    .executeTakeFirst();
  return member ? organisationId : null;
}
