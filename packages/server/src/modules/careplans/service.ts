import { type CarePlanBody, carePlanChanges, isNeedCode, needLabel } from '@carehub/core';
import { sql } from 'kysely';
import type { Actor, Tx } from '../../db/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { PURPOSE } from '../persons/service.js';

const EMPTY: CarePlanBody = { problems: [], goals: [], activities: [], reviews: [] };

export interface PlanVersion {
  id: string;
  version: number;
  body: CarePlanBody;
  changeNote: string | null;
  createdAt: string;
  createdBy: string;
}

const selectVersions = (tx: Tx, personId: string) =>
  tx
    .selectFrom('care_plans as c')
    .select(['c.id', 'c.version', 'c.body', 'c.change_note', 'c.created_at', sql<string>`app_user_name(c.created_by)`.as('display_name')])
    .where('c.person_id', '=', personId);

type VersionRow = Awaited<ReturnType<ReturnType<typeof selectVersions>['executeTakeFirstOrThrow']>>;
const toVersion = (r: VersionRow): PlanVersion => ({
  id: r.id,
  version: r.version,
  body: r.body as CarePlanBody,
  changeNote: r.change_note,
  createdAt: r.created_at.toISOString(),
  createdBy: r.display_name,
});

/** One version of the person's plan, the latest when `version` is not given; null when there is none. */
export async function loadPlanVersion(tx: Tx, personId: string, version?: number): Promise<PlanVersion | null> {
  let q = selectVersions(tx, personId);
  q = version === undefined ? q.orderBy('c.version', 'desc').limit(1) : q.where('c.version', '=', version);
  const row = await q.executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** Every version, newest first, with what changed from the one before and whether it was agreed. */
export async function planHistory(tx: Tx, personId: string) {
  const rows = (await selectVersions(tx, personId).orderBy('c.version').execute()).map(toVersion);
  const agreed = new Set((await tx.selectFrom('care_plan_agreements').select('plan_id').where('person_id', '=', personId).execute()).map((a) => a.plan_id));
  return rows
    .map((v, i) => ({
      version: v.version,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      changeNote: v.changeNote,
      agreed: agreed.has(v.id),
      changes: carePlanChanges(rows[i - 1]?.body ?? null, v.body),
    }))
    .reverse();
}

export async function latestAgreement(tx: Tx, planId: string) {
  const a = await tx
    .selectFrom('care_plan_agreements as a')
    .select([
      'a.agreed_by',
      'a.agreed_by_name',
      'a.method',
      'a.agreed_on',
      'a.note',
      sql<string>`app_user_name(a.recorded_by)`.as('display_name'),
      'a.recorded_at',
    ])
    .where('a.plan_id', '=', planId)
    .orderBy('a.recorded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return a
    ? {
        agreedBy: a.agreed_by,
        agreedByName: a.agreed_by_name,
        method: a.method,
        agreedOn: a.agreed_on,
        note: a.note,
        recordedBy: a.display_name,
        recordedAt: a.recorded_at.toISOString(),
      }
    : null;
}

/** Names of the organisations a plan's activities name, for showing and printing. */
export async function organisationNames(tx: Tx, body: CarePlanBody): Promise<Record<string, string>> {
  const ids = [...new Set(body.activities.flatMap((a) => (a.organisationId ? [a.organisationId] : [])))];
  if (!ids.length) return {};
  const rows = await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/**
 * Saves the whole plan as the version after `baseVersion`. The person's row is locked first, so two
 * saves from the same version are taken one after the other and the second is refused as stale
 * (409) rather than silently replacing the first.
 */
export async function savePlan(
  tx: Tx,
  actor: Actor,
  personId: string,
  areaCode: string,
  input: { baseVersion: number; body: CarePlanBody; changeNote?: string },
  detail: Record<string, unknown> = {},
): Promise<PlanVersion> {
  await tx.selectFrom('persons').select('id').where('id', '=', personId).forUpdate().executeTakeFirstOrThrow();
  const latest = await loadPlanVersion(tx, personId);
  if ((latest?.version ?? 0) !== input.baseVersion) throw new AppError(409, 'conflict.stale', { latestVersion: latest?.version ?? 0 });
  const known = Object.keys(await organisationNames(tx, input.body));
  const unknown = input.body.activities.findIndex((a) => a.organisationId && !known.includes(a.organisationId));
  if (unknown >= 0)
    throw new AppError(400, 'validation.failed', {
      fields: [{ path: `body.activities.${unknown}.organisationId`, message_th: 'ไม่พบหน่วยงานนี้', message_en: 'Unknown organisation' }],
    });
  const version = input.baseVersion + 1;
  await tx
    .insertInto('care_plans')
    .values({ person_id: personId, version, body: JSON.stringify(input.body), change_note: input.changeNote ?? null, created_by: actor.userId })
    .execute();
  const changes = carePlanChanges(latest?.body ?? null, input.body);
  await audit(tx, actor, {
    action: 'careplan.saved',
    subjectType: 'person',
    subjectId: personId,
    areaCode,
    purpose: PURPOSE,
    details: { version, changes: changes.length, ...detail },
  });
  await publish(tx, { type: 'careplan.changed', id: personId, personId, areaCode });
  return (await loadPlanVersion(tx, personId, version)) as PlanVersion;
}

export const emptyPlan = (): CarePlanBody => structuredClone(EMPTY);

/**
 * Needs found for the person that the plan does not yet address: coded needs recorded at visits
 * and found by signed assessments, newest first, each with where it came from.
 */
export async function unplannedNeeds(tx: Tx, personId: string, body: CarePlanBody) {
  const planned = new Set(body.problems.flatMap((p) => p.sources.map((s) => s.need).filter(Boolean)));
  const fromVisits = await tx
    .selectFrom('visits')
    .select(['id', 'visited_at as at', 'needs'])
    .where('person_id', '=', personId)
    .orderBy('visited_at', 'desc')
    .limit(50)
    .execute();
  const fromAssessments = await tx
    .selectFrom('assessments')
    .select(['id', 'performed_at as at', 'needs', 'instrument_code'])
    .where('person_id', '=', personId)
    .where('status', '=', 'signed')
    .where(sql<boolean>`cardinality(needs) > 0`)
    .orderBy('performed_at', 'desc')
    .limit(50)
    .execute();
  const out = new Map<
    string,
    { need: string; label: { th: string; en: string }; source: { kind: 'visit' | 'assessment'; id: string }; foundAt: string; note: string | null }
  >();
  const add = (need: string, kind: 'visit' | 'assessment', id: string, at: Date, note: string | null) => {
    if (planned.has(need) || out.has(need) || !isNeedCode(need)) return;
    out.set(need, { need, label: needLabel(need) ?? { th: need, en: need }, source: { kind, id }, foundAt: at.toISOString(), note });
  };
  const all = [
    ...fromVisits.flatMap((v) => v.needs.map((n) => ({ need: n.code, kind: 'visit' as const, id: v.id, at: v.at, note: n.note ?? null }))),
    ...fromAssessments.flatMap((a) => a.needs.map((n) => ({ need: n, kind: 'assessment' as const, id: a.id, at: a.at, note: a.instrument_code }))),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  for (const n of all) add(n.need, n.kind, n.id, n.at, n.note);
  return [...out.values()];
}
