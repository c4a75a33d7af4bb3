import { CASELOAD_ROLES, thaiToday } from '@carehub/core';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.js';
import { asSystem, type Tx } from '../../db/context.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { PURPOSE } from '../persons/service.js';
import { escalationNotice, noticeTo } from './notify.js';
import { ESCALATION_LOCK } from './service.js';

export interface Escalated {
  taskId: string;
  personId: string;
  /** The supervisor it went to (null: nobody at the supervisor level covers the person's area). */
  to: string | null;
  holder: string | null;
}

const AREA_ADMINS = ['subdistrict_admin', 'district_admin', 'province_admin'] as const;

/**
 * Who an overdue task goes to (JOURNEYS.md):
 * - a volunteer's or caregiver's task goes to their supervisor, "the nurse or officer at the รพ.สต.",
 *   whose daily work is "overdue tasks per volunteer": a health professional covering the person's area,
 *   of the volunteer's own organisation first;
 * - anyone else's task, or a task nobody claimed from the team's queue, goes to the area admin of the
 *   narrowest level covering the person (subdistrict, then district, then province), who keeps "users,
 *   organisations and territories of their area" and reads the area's overdue tasks on the dashboard;
 *   of the task's organisation first.
 * The holder is never their own supervisor. System admins are not a supervisor level.
 */
async function supervisorOf(
  tx: Tx,
  t: { area_code: string; assigned_to: string | null; holder_role: string | null; holder_org: string | null; team_organisation_id: string | null },
): Promise<string | null> {
  const volunteer = t.holder_role !== null && (CASELOAD_ROLES as readonly string[]).includes(t.holder_role);
  const roles: string[] = volunteer ? ['health_professional', ...AREA_ADMINS] : [...AREA_ADMINS];
  const org = t.holder_org ?? t.team_organisation_id;
  const area = t.area_code;
  const row = await tx
    .selectFrom('users as u')
    .select('u.id')
    .where('u.active', '=', true)
    .where('u.role', 'in', roles)
    .where('u.id', '!=', t.assigned_to ?? '00000000-0000-0000-0000-000000000000')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(u.scopes) s WHERE s = 'TH' OR ${area} LIKE s || '%')`)
    .orderBy(sql`u.role = 'health_professional'`, 'desc')
    .orderBy(sql`u.organisation_id IS NOT DISTINCT FROM ${org}::uuid`, 'desc')
    .orderBy(sql`(SELECT max(CASE WHEN s = 'TH' THEN 0 ELSE length(s) END) FROM unnest(u.scopes) s WHERE s = 'TH' OR ${area} LIKE s || '%')`, 'desc')
    .orderBy('u.display_name')
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The escalation pass: each open task still open after its due day (Thai time) is escalated once —
 * marked, given to the supervisor level (it stays with its holder if it has one; a task nobody claimed
 * is now the supervisor's), audited, announced, and a notice goes to the supervisor (and the holder)
 * through the notification service, in the same transaction. One process at a time runs it (an
 * advisory lock); a task is marked once (`escalated_at IS NULL` in the update), so a second pass or a
 * second server finds nothing to do. Returns what it escalated.
 */
export async function escalateOverdue(database: Database, today: string = thaiToday()): Promise<Escalated[]> {
  return asSystem(database.db, async (tx) => {
    const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${ESCALATION_LOCK}, 0) AS ok`.execute(tx);
    if (!lock.rows[0]?.ok) return [];
    const due = await tx
      .selectFrom('tasks as t')
      .innerJoin('persons as p', 'p.id', 't.person_id')
      .leftJoin('users as h', 'h.id', 't.assigned_to')
      .select([
        't.id',
        't.person_id',
        't.severity',
        't.due_on',
        't.assigned_to',
        't.team_organisation_id',
        'p.area_code',
        'h.role as holder_role',
        'h.organisation_id as holder_org',
      ])
      .where('t.status', '=', 'open')
      .where('t.escalated_at', 'is', null)
      .where('t.due_on', '<', today)
      .orderBy('t.due_on')
      .orderBy('t.id')
      .limit(1000)
      .execute();
    const out: Escalated[] = [];
    for (const t of due) {
      const to = await supervisorOf(tx, t);
      const now = new Date();
      const done = await tx
        .updateTable('tasks')
        .set({
          escalated_at: now,
          escalated_to: to,
          ...(t.assigned_to === null && to ? { assigned_to: to, assigned_at: now, assigned_by: null } : {}),
        })
        .where('id', '=', t.id)
        .where('escalated_at', 'is', null)
        .where('status', '=', 'open')
        .returning('id')
        .executeTakeFirst();
      if (!done) continue;
      const dueOn = String(t.due_on).slice(0, 10);
      await audit(tx, null, {
        action: 'task.escalated',
        subjectType: 'person',
        subjectId: t.person_id,
        areaCode: t.area_code,
        purpose: PURPOSE,
        details: { task: t.id, to, holder: t.assigned_to, dueOn, today },
      });
      await publish(tx, { type: 'task.updated', id: t.id, personId: t.person_id, areaCode: t.area_code });
      const notice = { id: t.id, severity: t.severity, dueOn };
      if (to) await noticeTo(tx, to, escalationNotice(notice, true));
      if (t.assigned_to && t.assigned_to !== to) await noticeTo(tx, t.assigned_to, escalationNotice(notice, false));
      out.push({ taskId: t.id, personId: t.person_id, to, holder: t.assigned_to });
    }
    return out;
  });
}

export interface EscalationJob {
  /** Runs a pass now (after any pass under way). */
  runNow(): Promise<Escalated[]>;
  stop(): Promise<void>;
}

/**
 * Runs the escalation pass a few seconds after start and then every `intervalMs` (TASK_ESCALATION_MINUTES,
 * default 15), as the dashboard's refresher runs its periodic check: an unref'd timer, stopped when the
 * server closes. Not started on its own under the unit tests (their fixtures date tasks at will) unless
 * `force` is set; `runNow` always works.
 */
export function startEscalation(
  database: Database,
  opts: { intervalMs?: number; firstMs?: number; force?: boolean; log?: (msg: string) => void; onPass?: (r: Escalated[]) => void } = {},
): EscalationJob {
  const minutes = Number(process.env.TASK_ESCALATION_MINUTES ?? 15);
  const intervalMs = opts.intervalMs ?? (Number.isFinite(minutes) && minutes > 0 ? minutes : 15) * 60_000;
  let chain: Promise<Escalated[]> = Promise.resolve([]);
  let stopped = false;
  const run = () => {
    chain = chain.then(async () => {
      if (stopped) return [];
      try {
        const r = await escalateOverdue(database);
        opts.onPass?.(r);
        return r;
      } catch (e) {
        if (!stopped) opts.log?.(`tasks: escalation pass failed (${(e as Error).message})`);
        return [];
      }
    });
    return chain;
  };
  const auto = opts.force || !process.env.VITEST;
  let first: NodeJS.Timeout | undefined;
  let every: NodeJS.Timeout | undefined;
  if (auto) {
    first = setTimeout(() => void run(), opts.firstMs ?? 5000);
    first.unref();
    every = setInterval(() => void run(), intervalMs);
    every.unref();
  }
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await chain;
    },
  };
}
