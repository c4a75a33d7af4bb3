import {
  AREA_VULNERABILITIES,
  type AreaFundingSource,
  type AreaNeedsSummary,
  type AreaPlan,
  type AreaPlanListItem,
  type AreaPlanSave,
  type AreaProject,
  type AreaProjectProgress,
  type AreaProjectStatus,
  approvalIssues,
  areaLevel,
  COUNTRY_SCOPE,
  can,
  canMoveProject,
  type FieldIssue,
  helpAddresses,
  inScope,
  NEED_CATEGORIES,
  needLabel,
  proposeProjects,
} from '@carehub/core';
import { sql } from 'kysely';
import type { Actor, Tx } from '../../db/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';

/** Why the plan's counts are read: planning services for an area (audit purpose). */
const PURPOSE = 'area_planning';

// ---------------------------------------------------------------------------------------------
// Needs of the subdistrict: counts only
// ---------------------------------------------------------------------------------------------

/**
 * Counts, for the living persons of a subdistrict, how many distinct persons have each open need:
 * a need recorded at their latest visit (returned visits do not count) that the help given at that
 * visit does not answer (core `helpAddresses`, the follow-up rules' test); and how many persons are
 * in each vulnerable group, by the area dashboard's rules (elderly: 60 or over on today's Thai date).
 * Runs as the user, so row-level security limits it to persons in their scope. No id leaves here.
 */
export async function countNeeds(tx: Tx, areaCode: string): Promise<AreaNeedsSummary> {
  const pattern = `${areaCode}%`;
  const groups = await sql<{
    persons: number;
    disability: number;
    elderly: number;
    bedridden: number;
    awaiting_rehabilitation: number;
  }>`
    SELECT count(*)::int AS persons,
      count(*) FILTER (WHERE 'disability' = ANY (p.flags))::int AS disability,
      count(*) FILTER (WHERE p.birth_date <= (now() AT TIME ZONE 'UTC' + interval '7 hours')::date - interval '60 years')::int AS elderly,
      count(*) FILTER (WHERE p.adl_group = 'bedridden')::int AS bedridden,
      count(*) FILTER (WHERE 'awaiting_rehabilitation' = ANY (p.flags))::int AS awaiting_rehabilitation
    FROM persons p
    WHERE p.area_code LIKE ${pattern} AND p.status = 'alive'`.execute(tx);
  const latest = await sql<{ needs: Array<{ code: string }>; help: Array<{ code: string }> }>`
    SELECT lv.needs, lv.help
    FROM persons p
    CROSS JOIN LATERAL (
      SELECT v.needs, v.help FROM visits v
      WHERE v.person_id = p.id AND v.review_status <> 'returned'
      ORDER BY v.visited_at DESC
      LIMIT 1
    ) lv
    WHERE p.area_code LIKE ${pattern} AND p.status = 'alive'`.execute(tx);

  const byNeed = new Map<string, number>();
  const byCategory = new Map<string, number>();
  let withNeeds = 0;
  for (const row of latest.rows) {
    if (row.needs.length === 0) continue;
    const help = row.help.map((h) => h.code);
    const open = new Set(row.needs.map((n) => n.code).filter((code) => !helpAddresses(help, code)));
    if (open.size === 0) continue;
    withNeeds++;
    for (const code of open) byNeed.set(code, (byNeed.get(code) ?? 0) + 1);
    for (const category of new Set([...open].map((code) => code.split('.')[0] as string))) byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
  }
  const g = groups.rows[0] ?? { persons: 0, disability: 0, elderly: 0, bedridden: 0, awaiting_rehabilitation: 0 };
  return {
    asOf: new Date().toISOString(),
    persons: g.persons,
    // Every living person with a (not returned) visit has one latest visit.
    personsVisited: latest.rows.length,
    personsWithNeeds: withNeeds,
    categories: NEED_CATEGORIES.filter((c) => byCategory.has(c.code)).map((c) => ({
      category: c.code,
      persons: byCategory.get(c.code) as number,
      needs: Object.keys(c.needs)
        .filter((code) => byNeed.has(code))
        .map((code) => ({ code, persons: byNeed.get(code) as number })),
    })),
    vulnerability: AREA_VULNERABILITIES.map((key) => ({ key, persons: g[key] })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/**
 * The service-layer half of "enforced twice": the plan's subdistrict must lie in the user's scope
 * (403 if it does not, 404 if there is no such plan); row-level security makes the same decision.
 */
export async function assertPlanInScope(tx: Tx, actor: Actor, id: string): Promise<string> {
  const row = await sql<{ area: string | null }>`SELECT app_area_plan_area(${id}::uuid) AS area`.execute(tx);
  const area = row.rows[0]?.area;
  if (!area) throw notFound();
  if (!inScope(area, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  return area;
}

async function areaNames(tx: Tx, code: string): Promise<AreaPlan['area']> {
  const rows = await tx
    .selectFrom('areas')
    .select(['code', 'name_th'])
    .where('code', 'in', [code.slice(0, 2), code.slice(0, 4), code])
    .execute();
  const name = (c: string) => rows.find((r) => r.code === c)?.name_th ?? c;
  return { province: name(code.slice(0, 2)), district: name(code.slice(0, 4)), subdistrict: name(code) };
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

async function loadProjects(tx: Tx, planId: string): Promise<AreaProject[]> {
  const rows = await tx
    .selectFrom('area_plan_projects as p')
    .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.position',
      'p.title',
      'p.description',
      'p.need_categories',
      'p.target_persons',
      'p.budget',
      'p.funding_source',
      'p.organisation_id',
      'o.name as organisation',
      'p.start_on',
      'p.end_on',
      'p.status',
      'p.updated_at',
      sql<string>`app_user_name(p.updated_by)`.as('updated_by'),
    ])
    .where('p.plan_id', '=', planId)
    .orderBy('p.position')
    .execute();
  const updates = await tx
    .selectFrom('area_plan_project_updates as u')
    .select(['u.project_id', 'u.changed_at', sql<string>`app_user_name(u.changed_by)`.as('by'), 'u.from_status', 'u.to_status', 'u.note'])
    .where('u.plan_id', '=', planId)
    .orderBy('u.changed_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    title: r.title,
    description: r.description,
    needCategories: r.need_categories,
    targetPersons: r.target_persons,
    budget: num(r.budget),
    fundingSource: r.funding_source as AreaFundingSource | null,
    organisationId: r.organisation_id,
    organisation: r.organisation,
    startOn: r.start_on,
    endOn: r.end_on,
    status: r.status,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by ?? '',
    updates: updates
      .filter((u) => u.project_id === r.id)
      .map((u) => ({
        at: u.changed_at.toISOString(),
        by: u.by ?? '',
        fromStatus: u.from_status as AreaProjectStatus | null,
        toStatus: u.to_status as AreaProjectStatus,
        note: u.note,
      })),
  }));
}

const selectPlan = (tx: Tx) =>
  tx
    .selectFrom('area_plans as a')
    .select([
      'a.id',
      'a.area_code',
      'a.fiscal_year',
      'a.title',
      'a.notes',
      'a.status',
      'a.needs',
      'a.version',
      'a.created_at',
      sql<string>`app_user_name(a.created_by)`.as('created_by'),
      'a.updated_at',
      sql<string>`app_user_name(a.updated_by)`.as('updated_by'),
      'a.approved_at',
      sql<string | null>`app_user_name(a.approved_by)`.as('approved_by'),
      'a.closed_at',
      sql<string | null>`app_user_name(a.closed_by)`.as('closed_by'),
    ]);

/** The whole plan as the API returns it, with the needs counted now beside the ones it was made from. */
export async function planView(tx: Tx, actor: Actor, id: string): Promise<AreaPlan> {
  const a = await selectPlan(tx).where('a.id', '=', id).executeTakeFirst();
  if (!a) throw notFound();
  const who = (by: string | null, at: Date | null) => (at ? { by: by ?? '', at: at.toISOString() } : null);
  return {
    id: a.id,
    areaCode: a.area_code,
    area: await areaNames(tx, a.area_code),
    fiscalYear: a.fiscal_year,
    title: a.title,
    notes: a.notes,
    status: a.status,
    version: a.version,
    needs: a.needs as AreaNeedsSummary,
    needsNow: await countNeeds(tx, a.area_code),
    projects: await loadProjects(tx, a.id),
    created: { by: a.created_by ?? '', at: a.created_at.toISOString() },
    updated: { by: a.updated_by ?? '', at: a.updated_at.toISOString() },
    approved: who(a.approved_by, a.approved_at),
    closed: who(a.closed_by, a.closed_at),
    canEdit: can(actor.role, 'areaplans.manage') && a.status !== 'closed',
  };
}

/** Plans in the user's scope, under `area` (any level) when given, of one fiscal year when given; newest year first. */
export async function listPlans(tx: Tx, actor: Actor, q: { area?: string; year?: number }): Promise<AreaPlanListItem[]> {
  if (q.area && !inScope(q.area, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  let query = tx
    .selectFrom('area_plans as a')
    .innerJoin('areas as ar', 'ar.code', 'a.area_code')
    .select([
      'a.id',
      'a.area_code',
      'ar.name_th',
      'a.fiscal_year',
      'a.title',
      'a.status',
      'a.version',
      'a.updated_at',
      sql<number>`(SELECT count(*)::int FROM area_plan_projects p WHERE p.plan_id = a.id AND p.status <> 'cancelled')`.as('projects'),
      sql<number>`(SELECT count(*)::int FROM area_plan_projects p WHERE p.plan_id = a.id AND p.status = 'done')`.as('done'),
      sql<string>`(SELECT coalesce(sum(budget), 0) FROM area_plan_projects p WHERE p.plan_id = a.id AND p.status <> 'cancelled')`.as('budget'),
    ])
    .where((eb) => (actor.scopes.includes(COUNTRY_SCOPE) ? eb.lit(true) : eb.or(actor.scopes.map((s) => eb('a.area_code', 'like', `${s}%`)))));
  if (q.area) query = query.where('a.area_code', 'like', `${q.area}%`);
  if (q.year) query = query.where('a.fiscal_year', '=', q.year);
  const rows = await query.orderBy('a.fiscal_year', 'desc').orderBy('a.area_code').limit(500).execute();
  await audit(tx, actor, {
    action: 'areaplan.listed',
    subjectType: 'area_plan',
    areaCode: q.area ?? null,
    purpose: PURPOSE,
    details: { year: q.year ?? null, plans: rows.length },
  });
  return rows.map((r) => ({
    id: r.id,
    areaCode: r.area_code,
    areaName: r.name_th,
    fiscalYear: r.fiscal_year,
    title: r.title,
    status: r.status,
    version: r.version,
    projects: r.projects,
    projectsDone: r.done,
    budget: Number(r.budget),
    updatedAt: r.updated_at.toISOString(),
  }));
}

// ---------------------------------------------------------------------------------------------
// Changing
// ---------------------------------------------------------------------------------------------

/** A new draft for a subdistrict and fiscal year, its projects proposed from the needs counted now. */
export async function createDraft(tx: Tx, actor: Actor, areaCode: string, fiscalYear: number): Promise<string> {
  if (areaLevel(areaCode) !== 'subdistrict') throw new AppError(400, 'areaplan.subdistrict_only');
  if (!inScope(areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  const area = await tx.selectFrom('areas').select(['level', 'name_th']).where('code', '=', areaCode).executeTakeFirst();
  if (!area) throw new AppError(404, 'area.unknown');
  if (area.level !== 'subdistrict') throw new AppError(400, 'areaplan.subdistrict_only');
  const existing = await tx
    .selectFrom('area_plans')
    .select(['id', 'status'])
    .where('area_code', '=', areaCode)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  if (existing) throw new AppError(409, 'areaplan.exists', { id: existing.id, status: existing.status });
  const needs = await countNeeds(tx, areaCode);
  const proposed = proposeProjects(needs, needLabel);
  const plan = await tx
    .insertInto('area_plans')
    .values({
      area_code: areaCode,
      fiscal_year: fiscalYear,
      title: `แผนพัฒนาคุณภาพชีวิตตำบล${area.name_th} ปีงบประมาณ ${fiscalYear}`,
      needs: JSON.stringify(needs),
      created_by: actor.userId,
      updated_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (proposed.length)
    await tx
      .insertInto('area_plan_projects')
      .values(
        proposed.map((p, position) => ({
          plan_id: plan.id,
          position,
          title: p.title,
          description: p.description,
          need_categories: p.needCategories,
          target_persons: p.targetPersons,
          created_by: actor.userId,
          updated_by: actor.userId,
        })),
      )
      .execute();
  await audit(tx, actor, {
    action: 'areaplan.created',
    subjectType: 'area_plan',
    subjectId: plan.id,
    areaCode,
    purpose: PURPOSE,
    details: { fiscalYear, projects: proposed.length, personsWithNeeds: needs.personsWithNeeds },
  });
  return plan.id;
}

interface Locked {
  id: string;
  area_code: string;
  status: 'draft' | 'approved' | 'closed';
  version: number;
}

/**
 * Takes the plan for a change: locks its row (a concurrent change waits, then sees the new version),
 * and refuses a change made from another version than the current one, saying who changed it last.
 */
async function lockPlan(tx: Tx, id: string, version: number): Promise<Locked> {
  const row = await tx
    .selectFrom('area_plans')
    .select(['id', 'area_code', 'status', 'version', 'updated_at', sql<string>`app_user_name(updated_by)`.as('updated_by')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  if (row.version !== version)
    throw new AppError(409, 'conflict.stale', { latestVersion: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at.toISOString() });
  return row;
}

async function bump(tx: Tx, actor: Actor, id: string, set: Record<string, unknown> = {}): Promise<number> {
  const r = await tx
    .updateTable('area_plans')
    .set({ ...set, version: sql<number>`version + 1`, updated_by: actor.userId, updated_at: new Date() })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

const validation = (fields: FieldIssue[]) => new AppError(400, 'validation.failed', { fields });

/**
 * Saves the plan and its projects whole, from `input.version`. Projects named by id are updated, new
 * ones added, missing ones removed (a draft's only: an approved plan's project is cancelled instead).
 * A draft's needs are counted again, so what it was made from stays current until approval.
 */
export async function savePlan(tx: Tx, actor: Actor, id: string, input: AreaPlanSave): Promise<void> {
  const plan = await lockPlan(tx, id, input.version);
  if (plan.status === 'closed') throw new AppError(409, 'areaplan.closed');
  const current = await tx.selectFrom('area_plan_projects').select(['id', 'status']).where('plan_id', '=', id).execute();
  const known = new Map(current.map((p) => [p.id, p.status]));
  const issues: FieldIssue[] = [];
  input.projects.forEach((p, i) => {
    if (p.id && !known.has(p.id)) issues.push({ path: `projects.${i}.id`, message_th: 'ไม่พบโครงการนี้ในแผน', message_en: 'No such project in this plan' });
  });
  const orgIds = [...new Set(input.projects.map((p) => p.organisationId).filter((x): x is string => !!x))];
  const orgs = new Set(orgIds.length ? (await tx.selectFrom('organisations').select('id').where('id', 'in', orgIds).execute()).map((o) => o.id) : []);
  input.projects.forEach((p, i) => {
    if (p.organisationId && !orgs.has(p.organisationId))
      issues.push({ path: `projects.${i}.organisationId`, message_th: 'ไม่พบหน่วยงานนี้', message_en: 'Unknown organisation' });
  });
  if (plan.status === 'approved') issues.push(...approvalIssues(input.projects.map((p) => ({ ...p, status: p.id ? known.get(p.id) : 'planned' }))));
  if (issues.length) throw validation(issues);

  const keep = new Set(input.projects.map((p) => p.id).filter(Boolean));
  const removed = current.filter((p) => !keep.has(p.id)).map((p) => p.id);
  if (removed.length && plan.status !== 'draft') throw new AppError(409, 'areaplan.project_tracked', { projects: removed });
  if (removed.length) await tx.deleteFrom('area_plan_projects').where('id', 'in', removed).execute();

  let added = 0;
  for (const [position, p] of input.projects.entries()) {
    const values = {
      position,
      title: p.title,
      description: p.description || null,
      need_categories: p.needCategories ?? [],
      target_persons: p.targetPersons,
      budget: p.budget ?? null,
      funding_source: p.fundingSource ?? null,
      organisation_id: p.organisationId ?? null,
      start_on: p.startOn ?? null,
      end_on: p.endOn ?? null,
      updated_by: actor.userId,
    };
    if (p.id)
      await tx
        .updateTable('area_plan_projects')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', p.id)
        .execute();
    else {
      await tx
        .insertInto('area_plan_projects')
        .values({ ...values, plan_id: id, created_by: actor.userId })
        .execute();
      added++;
    }
  }
  const needs = plan.status === 'draft' ? { needs: JSON.stringify(await countNeeds(tx, plan.area_code)) } : {};
  const version = await bump(tx, actor, id, { title: input.title, notes: input.notes || null, ...needs });
  await audit(tx, actor, {
    action: 'areaplan.updated',
    subjectType: 'area_plan',
    subjectId: id,
    areaCode: plan.area_code,
    purpose: PURPOSE,
    details: { version, projects: input.projects.length, added, removed: removed.length },
  });
}

/** A project's progress: a status move (core `canMoveProject`), a note, or both; only in an approved plan. */
export async function recordProgress(tx: Tx, actor: Actor, id: string, projectId: string, input: AreaProjectProgress): Promise<void> {
  const plan = await lockPlan(tx, id, input.version);
  if (plan.status === 'closed') throw new AppError(409, 'areaplan.closed');
  if (plan.status !== 'approved') throw new AppError(409, 'areaplan.not_approved');
  const project = await tx.selectFrom('area_plan_projects').select(['id', 'status']).where('id', '=', projectId).where('plan_id', '=', id).executeTakeFirst();
  if (!project) throw notFound();
  const to = input.status ?? project.status;
  if (to !== project.status && !canMoveProject(project.status, to)) throw new AppError(409, 'areaplan.illegal_transition', { from: project.status, to });
  if (to === project.status && !input.note) throw new AppError(409, 'areaplan.illegal_transition', { from: project.status, to });
  if (to !== project.status)
    await tx.updateTable('area_plan_projects').set({ status: to, updated_by: actor.userId, updated_at: new Date() }).where('id', '=', projectId).execute();
  await tx
    .insertInto('area_plan_project_updates')
    .values({
      plan_id: id,
      project_id: projectId,
      from_status: project.status,
      to_status: to,
      note: input.note || null,
      changed_by: actor.userId,
    })
    .execute();
  const version = await bump(tx, actor, id);
  await audit(tx, actor, {
    action: 'areaplan.project_progress',
    subjectType: 'area_plan',
    subjectId: id,
    areaCode: plan.area_code,
    purpose: PURPOSE,
    details: { version, project: projectId, from: project.status, to, note: !!input.note },
  });
}

/** draft → approved (the projects must be ready: core `approvalIssues`; the needs are counted a last time) and approved → closed. */
export async function changePlanStatus(tx: Tx, actor: Actor, id: string, version: number, to: 'approved' | 'closed'): Promise<void> {
  const plan = await lockPlan(tx, id, version);
  const from = plan.status;
  if ((to === 'approved' && from !== 'draft') || (to === 'closed' && from !== 'approved'))
    throw new AppError(409, from === 'closed' ? 'areaplan.closed' : 'areaplan.illegal_transition', { from, to });
  let set: Record<string, unknown>;
  if (to === 'approved') {
    const projects = await tx
      .selectFrom('area_plan_projects')
      .select(['budget', 'funding_source', 'organisation_id', 'status'])
      .where('plan_id', '=', id)
      .orderBy('position')
      .execute();
    const issues = approvalIssues(
      projects.map((p) => ({ budget: num(p.budget), fundingSource: p.funding_source, organisationId: p.organisation_id, status: p.status })),
    );
    if (issues.length) throw validation(issues);
    set = { status: 'approved', approved_by: actor.userId, approved_at: new Date(), needs: JSON.stringify(await countNeeds(tx, plan.area_code)) };
  } else set = { status: 'closed', closed_by: actor.userId, closed_at: new Date() };
  const v = await bump(tx, actor, id, set);
  await audit(tx, actor, {
    action: to === 'approved' ? 'areaplan.approved' : 'areaplan.closed',
    subjectType: 'area_plan',
    subjectId: id,
    areaCode: plan.area_code,
    purpose: PURPOSE,
    details: { version: v },
  });
}

/** Deletes a draft (an approved plan is a record: it is closed, never deleted). */
export async function deleteDraft(tx: Tx, actor: Actor, id: string, version: number): Promise<void> {
  const plan = await lockPlan(tx, id, version);
  if (plan.status !== 'draft') throw new AppError(409, 'areaplan.not_draft');
  await tx.deleteFrom('area_plans').where('id', '=', id).execute();
  await audit(tx, actor, {
    action: 'areaplan.deleted',
    subjectType: 'area_plan',
    subjectId: id,
    areaCode: plan.area_code,
    purpose: PURPOSE,
    details: { version },
  });
}
