import { type Answers, checkVitals, followUps, helpAddresses, scoreResponse, type Visit, type VisitAssessment, type VisitInput } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor, Tx } from '../../db/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { getInstrument } from '../assessments/service.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { assertVisible, PURPOSE, recordProvenance } from '../persons/service.js';
import { assertVisitMonthsOpen } from '../stipends/service.js';
import { closeTasks, raiseTask, teamOrganisation } from '../tasks/service.js';

/** The roles whose members act on a volunteer's follow-up tasks besides the volunteer: supervisors. */
const SUPERVISORS = ['health_professional'];

type VisitRow = {
  id: string;
  person_id: string;
  person_name: string;
  visited_at: Date;
  gps_lat: number | null;
  gps_lng: number | null;
  gps_accuracy: number | null;
  present: string[];
  vitals: Record<string, number>;
  needs: Array<{ code: string; note?: string }>;
  help: Array<{ code: string; note?: string }>;
  alarms: Visit['alarms'];
  note: string | null;
  next_visit_on: string;
  assessment_ids: string[];
  photo_count: number;
  recorded_by: string;
  recorded_by_name: string | null;
  organisation_name: string | null;
  received_at: Date;
  replaces: string | null;
  review_status: 'pending' | 'approved' | 'returned';
  review_comment: string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
};

export function selectVisits(tx: Tx) {
  return tx
    .selectFrom('visits as v')
    .innerJoin('persons as p', 'p.id', 'v.person_id')
    .leftJoin('users as u', 'u.id', 'v.recorded_by')
    .leftJoin('organisations as o', 'o.id', 'v.organisation_id')
    .leftJoin('users as r', 'r.id', 'v.reviewed_by')
    .select([
      'v.id',
      'v.person_id',
      sql<string>`concat_ws(' ', p.title_th, p.first_name_th, p.last_name_th)`.as('person_name'),
      'v.visited_at',
      'v.gps_lat',
      'v.gps_lng',
      'v.gps_accuracy',
      'v.present',
      'v.vitals',
      'v.needs',
      'v.help',
      'v.alarms',
      'v.note',
      'v.next_visit_on',
      'v.assessment_ids',
      'v.photo_count',
      'v.recorded_by',
      'u.display_name as recorded_by_name',
      'o.name as organisation_name',
      'v.received_at',
      'v.replaces',
      'v.review_status',
      'v.review_comment',
      'r.display_name as reviewed_by_name',
      'v.reviewed_at',
    ]);
}

export function presentVisit(r: VisitRow): Visit {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    visitedAt: r.visited_at.toISOString(),
    gps: r.gps_lat !== null && r.gps_lng !== null ? { lat: r.gps_lat, lng: r.gps_lng, ...(r.gps_accuracy !== null ? { accuracy: r.gps_accuracy } : {}) } : null,
    present: r.present,
    vitals: r.vitals,
    needs: r.needs,
    help: r.help,
    alarms: r.alarms,
    note: r.note,
    nextVisitOn: r.next_visit_on,
    assessmentIds: r.assessment_ids,
    photoCount: r.photo_count,
    recordedBy: r.recorded_by_name,
    recordedById: r.recorded_by,
    organisation: r.organisation_name,
    receivedAt: r.received_at.toISOString(),
    replaces: r.replaces,
    review: { status: r.review_status, comment: r.review_comment, by: r.reviewed_by_name, at: r.reviewed_at?.toISOString() ?? null },
  };
}

/**
 * The assessments recorded in each visit, for its reviewer: those the visit names and those that
 * name the visit, signed ones only (a draft is its author's work in progress, as in the person's
 * list) unless `actor` recorded it. Scored with the instrument version they were answered on.
 */
export async function visitAssessments(tx: Tx, visits: Array<Pick<Visit, 'id' | 'assessmentIds'>>, actorId: string): Promise<Map<string, VisitAssessment[]>> {
  const out = new Map<string, VisitAssessment[]>(visits.map((v) => [v.id, []]));
  if (!visits.length) return out;
  const named = [...new Set(visits.flatMap((v) => v.assessmentIds))];
  const ids = visits.map((v) => v.id);
  const rows = await tx
    .selectFrom('assessments')
    .select(['id', 'instrument_code', 'instrument_version', 'status', 'answers', 'performed_at', 'visit_id', 'recorded_by'])
    .where((eb) => eb.or([...(named.length ? [eb('id', 'in', named)] : []), eb('visit_id', 'in', ids)]))
    .where((eb) => eb.or([eb('status', '=', 'signed'), eb('recorded_by', '=', actorId)]))
    .orderBy('performed_at')
    .execute();
  const defs = new Map<string, Awaited<ReturnType<typeof getInstrument>>>();
  for (const r of rows) {
    const key = `${r.instrument_code}@${r.instrument_version}`;
    let def = defs.get(key);
    if (!def) {
      def = await getInstrument(tx, r.instrument_code, r.instrument_version);
      defs.set(key, def);
    }
    const result = scoreResponse(def, r.answers as Answers);
    const bandLabel = new Map(def.bands.map((b) => [`${b.score}:${b.code}`, b.label]));
    const summary: VisitAssessment = {
      id: r.id,
      instrumentCode: r.instrument_code,
      instrumentTitle: def.title,
      status: r.status,
      performedAt: r.performed_at.toISOString(),
      scores: result.scores,
      bands: result.bands.map((b) => ({
        score: b.score,
        code: b.code,
        severity: b.severity,
        label: bandLabel.get(`${b.score}:${b.code}`) ?? { th: b.code, en: b.code },
      })),
      alerts: result.alerts.map((a) => ({ severity: a.severity, message: a.message })),
    };
    for (const v of visits) if (v.id === r.visit_id || v.assessmentIds.includes(r.id)) out.get(v.id)!.push(summary);
  }
  return out;
}

export async function loadVisit(tx: Tx, id: string): Promise<Visit> {
  const row = (await selectVisits(tx).where('v.id', '=', id).executeTakeFirst()) as VisitRow | undefined;
  if (!row) throw notFound();
  return presentVisit(row);
}

/**
 * Stores a visit once. The device chose its id: a second submission with the same id (an outbox
 * retry, a double tap, two tabs) is answered with the stored visit and stores nothing. Concurrent
 * duplicates meet at the primary key (ON CONFLICT DO NOTHING), so exactly one insert wins.
 */
export async function recordVisit(tx: Tx, actor: Actor, input: VisitInput): Promise<{ visit: Visit; created: boolean }> {
  const { area_code } = await assertVisible(tx, actor, input.personId);
  const inserted = await tx
    .insertInto('visits')
    .values({
      id: input.id,
      person_id: input.personId,
      visited_at: input.visitedAt,
      gps_lat: input.gps?.lat ?? null,
      gps_lng: input.gps?.lng ?? null,
      gps_accuracy: input.gps?.accuracy ?? null,
      present: input.present,
      vitals: JSON.stringify(input.vitals),
      needs: JSON.stringify(input.needs),
      help: JSON.stringify(input.help),
      alarms: JSON.stringify(checkVitals(input.vitals).alarms),
      note: input.note || null,
      next_visit_on: input.nextVisitOn,
      assessment_ids: input.assessmentIds,
      photo_count: input.photos.length,
      recorded_by: actor.userId,
      organisation_id: actor.organisationId,
      replaces: input.replaces ?? null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await tx.selectFrom('visits').select(['person_id', 'recorded_by']).where('id', '=', input.id).executeTakeFirst();
    // The same visit again: the first result, nothing new. Another user's or person's id: a conflict.
    if (existing && existing.person_id === input.personId && existing.recorded_by === actor.userId)
      return { visit: await loadVisit(tx, input.id), created: false };
    throw new AppError(409, 'conflict.duplicate');
  }
  if (input.assessmentIds.length) {
    const found = await tx.selectFrom('assessments').select('id').where('id', 'in', input.assessmentIds).where('person_id', '=', input.personId).execute();
    if (found.length !== new Set(input.assessmentIds).size)
      throw new AppError(400, 'validation.failed', {
        fields: [{ path: 'assessmentIds', message_th: 'ไม่พบแบบประเมินที่อ้างถึงของบุคคลนี้', message_en: 'An assessment named is not one of this person’s' }],
      });
  }
  if (input.photos.length)
    await tx
      .insertInto('visit_photos')
      .values(input.photos.map((data_url, position) => ({ visit_id: input.id, person_id: input.personId, position, data_url })))
      .execute();
  if (input.needs.length)
    await recordProvenance(tx, input.personId, { needs: input.needs.map((n) => n.code) }, { source: 'visit', ref: input.id, by: actor.userId });
  await audit(tx, actor, {
    action: 'visit.recorded',
    subjectType: 'person',
    subjectId: input.personId,
    areaCode: area_code,
    purpose: PURPOSE,
    details: { visit: input.id, needs: input.needs.length, help: input.help.length, photos: input.photos.length },
  });
  await publish(tx, { type: 'visit.recorded', id: input.id, personId: input.personId, areaCode: area_code });
  await refreshFollowUps(tx, input.personId);
  return { visit: await loadVisit(tx, input.id), created: true };
}

/** The calendar day in Thailand (UTC+7, no daylight saving) of an instant: a 06:30 visit is that day's. */
const thaiDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Runs the follow-up rules (core `followUps`) for one person and keeps the tasks table in step:
 * a new finding opens a task for the person's volunteers (once: the dedupe key), and a visit-due
 * task whose visit has happened is closed. Called after each visit and daily.
 */
export async function refreshFollowUps(tx: Tx, personId: string, today = thaiDay(new Date())): Promise<number> {
  const person = await tx.selectFrom('persons').select(['area_code']).where('id', '=', personId).executeTakeFirstOrThrow();
  const visits = await tx
    .selectFrom('visits')
    .select(['id', 'visited_at', 'next_visit_on', 'needs', 'help', 'alarms'])
    .where('person_id', '=', personId)
    .where('review_status', '!=', 'returned')
    .orderBy('visited_at', 'desc')
    .limit(50)
    .execute();
  const last = visits[0];
  const helped = new Set(visits.flatMap((v) => v.help.map((h) => h.code)));
  const needs = new Map<string, string>();
  for (const v of [...visits].reverse()) for (const n of v.needs) if (!needs.has(n.code)) needs.set(n.code, thaiDay(v.visited_at));
  const findings = followUps(
    {
      personId,
      lastVisitOn: last ? thaiDay(last.visited_at) : null,
      nextVisitDue: last?.next_visit_on ?? null,
      openNeeds: [...needs].map(([code, foundOn]) => ({ code, foundOn, helped: helped.has(code) || helpAddresses(helped, code) })),
      lastAlarms: last?.alarms ?? [],
    },
    today,
  );
  const assignees = await tx.selectFrom('caseload_assignments').select('user_id').where('person_id', '=', personId).where('ended_at', 'is', null).execute();
  // Nobody's caseload: the team of the organisation that visited works it (tasks module).
  const team = ['volunteer_osm', 'volunteer_opm', 'caregiver', ...SUPERVISORS];
  const visitor = last ? await tx.selectFrom('visits').select('organisation_id').where('id', '=', last.id).executeTakeFirst() : undefined;
  const teamOrganisationId = assignees.length ? null : await teamOrganisation(tx, visitor?.organisation_id ?? null, team, person.area_code);
  let opened = 0;
  const raised = new Set<string>();
  for (const f of findings) {
    for (const assignee of assignees.length ? assignees.map((a) => a.user_id) : [null]) {
      // A visit reminder is one per due day: the visit made answers it, and the next one is a new task.
      const ruleKey = `${f.kind}:${f.detail.needCode ?? f.detail.alarmCode ?? f.due}:${assignee ?? 'team'}`;
      raised.add(ruleKey);
      const row = await raiseTask(tx, null, {
        personId,
        areaCode: person.area_code,
        kind: f.kind,
        ruleKey,
        severity: f.severity === 'urgent' ? 'urgent' : 'warning',
        action: 'notify',
        message: f.message,
        team,
        teamOrganisationId,
        source: last ? { type: 'visit', id: last.id } : null,
        assignedTo: assignee,
        // A visit due soon is due on its day; an overdue one, a need or an alarm by its severity.
        ownDeadline: f.kind === 'visit_due' ? f.due : null,
        dedupeKey: `${f.key}:${assignee ?? 'area'}`,
        today,
      });
      if (row?.outcome === 'created') opened++;
    }
  }
  // What the rules no longer find closes by itself: a visit made, a need met, a reading taken again without the alarm.
  const stale = await tx
    .selectFrom('tasks')
    .select(['id', 'kind', 'rule_key', 'source_id'])
    .where('person_id', '=', personId)
    .where('status', '=', 'open')
    .where('kind', 'in', ['visit_due', 'visit_overdue', 'need_unmet', 'vital_alarm'])
    .execute();
  const measured = last ? await tx.selectFrom('visits').select('vitals').where('id', '=', last.id).executeTakeFirst() : undefined;
  const byReason = { visited: [] as string[], need_met: [] as string[], superseded: [] as string[] };
  // A rule still raised for someone else (the caseload changed hands) was superseded, not answered.
  const stillFound = new Set([...raised].map((k) => k.slice(0, k.lastIndexOf(':'))));
  for (const t of stale) {
    if (t.rule_key && raised.has(t.rule_key)) continue;
    if (t.rule_key && stillFound.has(t.rule_key.slice(0, t.rule_key.lastIndexOf(':')))) byReason.superseded.push(t.id);
    else if (t.kind === 'need_unmet') byReason.need_met.push(t.id);
    else if (t.kind === 'vital_alarm') {
      // Only a later visit that measured vital signs answers an alarm.
      if (last && t.source_id !== last.id && Object.keys(measured?.vitals ?? {}).length > 0) byReason.superseded.push(t.id);
    } else if (last && t.source_id !== last.id) byReason.visited.push(t.id);
    else byReason.superseded.push(t.id);
  }
  const by = last ? { visit: last.id } : undefined;
  for (const reason of ['visited', 'need_met', 'superseded'] as const) await closeTasks(tx, null, byReason[reason], { reason, ...(by ? { by } : {}) });
  return opened;
}

/** The daily pass: follow-ups for everyone in a caseload or ever visited. */
export async function refreshAllFollowUps(tx: Tx, today?: string): Promise<number> {
  const persons = await tx
    .selectFrom('caseload_assignments')
    .select('person_id')
    .where('ended_at', 'is', null)
    .union(tx.selectFrom('visits').select('person_id'))
    .execute();
  let opened = 0;
  for (const p of persons) opened += await refreshFollowUps(tx, p.person_id, today);
  return opened;
}

export async function reviewVisit(tx: Tx, actor: Actor, id: string, decision: 'approve' | 'return', comment: string | undefined): Promise<Visit> {
  await reviewVisits(tx, actor, [id], decision, comment);
  return loadVisit(tx, id);
}

/**
 * Approves, or returns with the reason, each of `ids`, or none: a visit not found in the actor's
 * areas answers 404, one they recorded 403 and one already decided 409 (`details.visits` names
 * them), and the caller's transaction then stores nothing. Each decision is audited and published
 * as the single review is.
 */
export async function reviewVisits(tx: Tx, actor: Actor, ids: string[], decision: 'approve' | 'return', comment: string | undefined): Promise<void> {
  const rows = await tx.selectFrom('visits').select(['id', 'person_id', 'recorded_by', 'review_status']).where('id', 'in', ids).forUpdate().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const areas = new Map<string, string>();
  for (const id of ids) {
    const visit = byId.get(id);
    if (!visit) throw new AppError(404, 'not_found', { visits: [id] });
    // Outside the actor's areas reads as not found, as for one visit.
    try {
      areas.set(id, (await assertVisible(tx, actor, visit.person_id)).area_code);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.status, e.code, { visits: [id] });
      throw e;
    }
  }
  const own = ids.filter((id) => byId.get(id)!.recorded_by === actor.userId);
  if (own.length) throw new AppError(403, 'visit.own_review', { visits: own });
  const decided = ids.filter((id) => byId.get(id)!.review_status !== 'pending');
  if (decided.length) throw new AppError(409, 'conflict.stale', { visits: decided });
  // A month signed off for the stipend is locked: its visits' review stands until it is re-opened.
  await assertVisitMonthsOpen(tx, ids);
  const at = new Date();
  await tx
    .updateTable('visits')
    .set({ review_status: decision === 'approve' ? 'approved' : 'returned', review_comment: comment ?? null, reviewed_by: actor.userId, reviewed_at: at })
    .where('id', 'in', ids)
    .execute();
  for (const id of ids) {
    const { person_id } = byId.get(id)!;
    const area_code = areas.get(id)!;
    await audit(tx, actor, {
      action: decision === 'approve' ? 'visit.approved' : 'visit.returned',
      subjectType: 'person',
      subjectId: person_id,
      areaCode: area_code,
      purpose: PURPOSE,
      details: ids.length > 1 ? { visit: id, batch: ids.length } : { visit: id },
    });
    await publish(tx, { type: 'visit.reviewed', id, personId: person_id, areaCode: area_code });
  }
}

/** The visits list's filters (GET /api/visits and its export). */
export const VisitFilters = z.object({
  personId: z.string().uuid().optional(),
  recordedBy: z.string().uuid().optional(),
  status: z.enum(['pending', 'approved', 'returned']).optional(),
  area: z
    .string()
    .regex(/^\d{2,8}$/)
    .optional(),
  from: z.string().date().optional(),
  to: z.string().date().optional(),
});
