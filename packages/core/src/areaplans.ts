/**
 * The subdistrict quality-of-life plan, แผนพัฒนาคุณภาพชีวิตตำบล (issue 8), the pure part: the Thai
 * fiscal year, the plan's and its projects' states, the funds a project may draw on, the draft proposed
 * from the needs of the subdistrict's people, what the projects cover of those needs, budget totals by
 * fund, and the API shapes. Counts only: a plan never names a person.
 */
import { z } from 'zod';
import { BE_OFFSET } from './dates.js';
import type { FieldIssue } from './errors.js';
import { isIsoDate, type Label, NEED_CATEGORIES, type NeedCategory } from './visits.js';

const l = (th: string, en: string): Label => ({ th, en });

// ---------------------------------------------------------------------------------------------
// Fiscal year
// ---------------------------------------------------------------------------------------------

/**
 * The Thai government fiscal year (ปีงบประมาณ) of a day, in the Buddhist era: it runs from 1 October
 * to 30 September and is named after the year it ends in, so 1 Oct 2026 (CE) is in ปีงบประมาณ 2570.
 */
export function fiscalYearOf(iso: string): number {
  if (!isIsoDate(iso)) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return (month >= 10 ? year + 1 : year) + BE_OFFSET;
}

/** The first and last day (ISO) of a fiscal year given in the Buddhist era. */
export function fiscalYearRange(beYear: number): { start: string; end: string } {
  const ce = beYear - BE_OFFSET;
  return { start: `${ce - 1}-10-01`, end: `${ce}-09-30` };
}

/** Fiscal years a plan may be made for (Buddhist era); a check, not a policy. */
export const FISCAL_YEAR_MIN = 2560;
export const FISCAL_YEAR_MAX = 2700;

// ---------------------------------------------------------------------------------------------
// States and codes
// ---------------------------------------------------------------------------------------------

/** A plan is drafted, approved by the subdistrict (then its projects are tracked), and closed at the year's end. */
export const AREA_PLAN_STATUSES = ['draft', 'approved', 'closed'] as const;
export type AreaPlanStatus = (typeof AREA_PLAN_STATUSES)[number];
export const AREA_PLAN_STATUS_LABELS: Record<AreaPlanStatus, Label> = {
  draft: l('ฉบับร่าง', 'Draft'),
  approved: l('อนุมัติแล้ว', 'Approved'),
  closed: l('ปิดแผนแล้ว', 'Closed'),
};

export const AREA_PROJECT_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type AreaProjectStatus = (typeof AREA_PROJECT_STATUSES)[number];
export const AREA_PROJECT_STATUS_LABELS: Record<AreaProjectStatus, Label> = {
  planned: l('ยังไม่เริ่ม', 'Planned'),
  in_progress: l('กำลังดำเนินการ', 'In progress'),
  done: l('เสร็จสิ้น', 'Done'),
  cancelled: l('ยกเลิก', 'Cancelled'),
};

/** planned → in_progress → done; planned or in_progress → cancelled. Done and cancelled are final. */
const PROJECT_MOVES: Record<AreaProjectStatus, readonly AreaProjectStatus[]> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};
export const canMoveProject = (from: AreaProjectStatus, to: AreaProjectStatus): boolean => PROJECT_MOVES[from].includes(to);
/** The states a project may move to next. */
export const nextProjectStatuses = (from: AreaProjectStatus): readonly AreaProjectStatus[] => PROJECT_MOVES[from];

/**
 * Where a project's money comes from. The list is CareHub's; a code, once saved, keeps its meaning.
 * (The individual care plan has its own, finer list in careplans.ts: these are the funds a subdistrict plans with.)
 */
export const AREA_FUNDING_SOURCES = ['local_health_fund', 'local_government', 'social_development', 'nhso_ltc', 'disability_fund', 'donation_other'] as const;
export type AreaFundingSource = (typeof AREA_FUNDING_SOURCES)[number];
export const AREA_FUNDING_SOURCE_LABELS: Record<AreaFundingSource, Label> = {
  local_health_fund: l('กองทุนหลักประกันสุขภาพระดับท้องถิ่น (กองทุนตำบล)', 'Local health security fund (subdistrict fund)'),
  local_government: l('งบประมาณ อปท.', 'Local government (อปท.) budget'),
  social_development: l('งบ พมจ.', 'Provincial social development office (พมจ.)'),
  nhso_ltc: l('กองทุนดูแลระยะยาว (LTC) สปสช.', 'NHSO long-term care (LTC) fund'),
  disability_fund: l('กองทุนส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ', 'Disability quality-of-life fund'),
  donation_other: l('เงินบริจาค / แหล่งอื่น', 'Donations or other'),
};

/** The groups of persons counted beside the needs (the same rules as the area dashboard). */
export const AREA_VULNERABILITIES = ['disability', 'elderly', 'bedridden', 'awaiting_rehabilitation'] as const;
export type AreaVulnerability = (typeof AREA_VULNERABILITIES)[number];
export const AREA_VULNERABILITY_LABELS: Record<AreaVulnerability, Label> = {
  disability: l('คนพิการ', 'Persons with disabilities'),
  elderly: l('ผู้สูงอายุ (60 ปีขึ้นไป)', 'Elders (60 and over)'),
  bedridden: l('ผู้ป่วยติดเตียง', 'Bedridden'),
  awaiting_rehabilitation: l('ผู้รอการฟื้นฟูสมรรถภาพ', 'Awaiting rehabilitation'),
};

const NEED_CATEGORY_CODES = NEED_CATEGORIES.map((c) => c.code) as [NeedCategory, ...NeedCategory[]];
export const needCategoryLabel = (code: string): Label | undefined => NEED_CATEGORIES.find((c) => c.code === code)?.label;

// ---------------------------------------------------------------------------------------------
// The needs of the subdistrict (counts)
// ---------------------------------------------------------------------------------------------

/**
 * How many distinct persons of the subdistrict have each open need: a need recorded at the person's
 * latest home visit (a returned visit does not count) that the help given at that visit does not answer.
 */
export const AreaNeedsSummary = z.object({
  /** When the counts were made (ISO instant). */
  asOf: z.string(),
  /** Living persons in the registry in the subdistrict. */
  persons: z.number().int(),
  /** Of them, those ever visited (a need can only be known for them). */
  personsVisited: z.number().int(),
  /** Of them, those with at least one open need. */
  personsWithNeeds: z.number().int(),
  categories: z.array(
    z.object({
      category: z.string(),
      /** Distinct persons with at least one open need of the category. */
      persons: z.number().int(),
      needs: z.array(z.object({ code: z.string(), persons: z.number().int() })),
    }),
  ),
  vulnerability: z.array(z.object({ key: z.enum(AREA_VULNERABILITIES), persons: z.number().int() })),
});
export type AreaNeedsSummary = z.infer<typeof AreaNeedsSummary>;

// ---------------------------------------------------------------------------------------------
// Input shapes
// ---------------------------------------------------------------------------------------------

const isoDate = z.string().refine(isIsoDate, { message: 'Not a valid date', params: { message_th: 'วันที่ไม่ถูกต้อง' } });
export const AREA_PLAN_MAX_PROJECTS = 100;
export const AREA_PROJECT_MAX_BUDGET = 1_000_000_000;

export const AreaProjectInput = z
  .object({
    /** An existing project's id; none for a new one. */
    id: z.string().uuid().optional(),
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(2000).nullish(),
    needCategories: z.array(z.enum(NEED_CATEGORY_CODES)).max(NEED_CATEGORY_CODES.length).default([]),
    targetPersons: z.number().int().min(0).max(1_000_000),
    /** Baht, to the satang. */
    budget: z.number().nonnegative().max(AREA_PROJECT_MAX_BUDGET).nullish(),
    fundingSource: z.enum(AREA_FUNDING_SOURCES).nullish(),
    organisationId: z.string().uuid().nullish(),
    startOn: isoDate.nullish(),
    endOn: isoDate.nullish(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, th: string, en: string) => ctx.addIssue({ code: 'custom', path: [path], message: en, params: { message_th: th } });
    if (p.startOn && p.endOn && p.endOn < p.startOn) issue('endOn', 'วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น', 'The end date cannot be before the start date');
    if (p.budget && !p.fundingSource) issue('fundingSource', 'ระบุแหล่งงบประมาณเมื่อมีงบประมาณ', 'Give the funding source of a budget');
    if (p.budget !== null && p.budget !== undefined && Math.round(p.budget * 100) !== p.budget * 100)
      issue('budget', 'งบประมาณละเอียดได้ถึงสตางค์ (ทศนิยม 2 ตำแหน่ง)', 'A budget has at most 2 decimals (satang)');
    if (new Set(p.needCategories).size !== p.needCategories.length) issue('needCategories', 'เลือกหมวดซ้ำ', 'A category is listed twice');
  });
export type AreaProjectInput = z.input<typeof AreaProjectInput>;

/** A new draft: the subdistrict and the fiscal year (Buddhist era). Its projects are proposed from the needs. */
export const AreaPlanCreate = z.object({
  // The message is an error code: describeIssue gives its Thai and English sentence.
  areaCode: z.string().regex(/^\d{6}$/, { message: 'areaplan.subdistrict_only' }),
  fiscalYear: z.number().int().min(FISCAL_YEAR_MIN).max(FISCAL_YEAR_MAX),
});
export type AreaPlanCreate = z.infer<typeof AreaPlanCreate>;

/**
 * A save of the plan and its projects, whole, made from `version`: if anyone changed the plan since
 * (an edit, a project's progress, the approval), the save is refused (409) and nothing is overwritten.
 */
export const AreaPlanSave = z
  .object({
    version: z.number().int().positive(),
    title: z.string().trim().min(1).max(300),
    notes: z.string().trim().max(4000).nullish(),
    projects: z.array(AreaProjectInput).max(AREA_PLAN_MAX_PROJECTS),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.projects.forEach((p, i) => {
      if (!p.id) return;
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['projects', i, 'id'], message: 'Listed twice', params: { message_th: 'รายการซ้ำ' } });
      seen.add(p.id);
    });
  });
export type AreaPlanSave = z.input<typeof AreaPlanSave>;

/** A project's progress: a move to another status, a note, or both. */
export const AreaProjectProgress = z
  .object({
    version: z.number().int().positive(),
    status: z.enum(AREA_PROJECT_STATUSES).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((p) => p.status || p.note, {
    path: ['note'],
    message: 'Give a new status or a progress note',
    params: { message_th: 'ระบุสถานะใหม่หรือบันทึกความคืบหน้า' },
  });
export type AreaProjectProgress = z.infer<typeof AreaProjectProgress>;

/** Approve, close: the version the user saw. */
export const AreaPlanVersionInput = z.object({ version: z.number().int().positive() });

// ---------------------------------------------------------------------------------------------
// What the API returns
// ---------------------------------------------------------------------------------------------

export const AreaProjectUpdate = z.object({
  at: z.string(),
  by: z.string(),
  fromStatus: z.enum(AREA_PROJECT_STATUSES).nullable(),
  toStatus: z.enum(AREA_PROJECT_STATUSES),
  note: z.string().nullable(),
});

export const AreaProject = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  needCategories: z.array(z.string()),
  targetPersons: z.number().int(),
  budget: z.number().nullable(),
  fundingSource: z.enum(AREA_FUNDING_SOURCES).nullable(),
  organisationId: z.string().nullable(),
  organisation: z.string().nullable(),
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  status: z.enum(AREA_PROJECT_STATUSES),
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** Status changes and progress notes, oldest first. */
  updates: z.array(AreaProjectUpdate),
});
export type AreaProject = z.infer<typeof AreaProject>;

const Who = z.object({ by: z.string(), at: z.string() });

export const AreaPlan = z.object({
  id: z.string(),
  areaCode: z.string(),
  area: z.object({ subdistrict: z.string(), district: z.string(), province: z.string() }),
  fiscalYear: z.number().int(),
  title: z.string(),
  notes: z.string().nullable(),
  status: z.enum(AREA_PLAN_STATUSES),
  version: z.number().int(),
  /** The needs the plan was made from: counted at each save of the draft, kept as they were at approval. */
  needs: AreaNeedsSummary,
  /** The needs counted now, to see what the plan does not cover yet. */
  needsNow: AreaNeedsSummary,
  projects: z.array(AreaProject),
  created: Who,
  updated: Who,
  approved: Who.nullable(),
  closed: Who.nullable(),
  /** Whether the user may change it (their role and the plan's status). */
  canEdit: z.boolean(),
});
export type AreaPlan = z.infer<typeof AreaPlan>;

export const AreaPlanListItem = z.object({
  id: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  fiscalYear: z.number().int(),
  title: z.string(),
  status: z.enum(AREA_PLAN_STATUSES),
  version: z.number().int(),
  projects: z.number().int(),
  projectsDone: z.number().int(),
  budget: z.number(),
  updatedAt: z.string(),
});
export type AreaPlanListItem = z.infer<typeof AreaPlanListItem>;

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

export interface ProposedProject {
  title: string;
  description: string;
  needCategories: NeedCategory[];
  targetPersons: number;
}

/**
 * The draft's projects: one per need category that anyone has, in the taxonomy's order, for as many
 * persons as have a need of it; the description names the needs with their counts, most first
 * (in Thai: the plan is a Thai document). The admin then edits them.
 */
export function proposeProjects(needs: AreaNeedsSummary, needLabel: (code: string) => Label | undefined): ProposedProject[] {
  const byCategory = new Map(needs.categories.map((c) => [c.category, c]));
  return NEED_CATEGORIES.flatMap((cat) => {
    const c = byCategory.get(cat.code);
    if (!c || c.persons <= 0) return [];
    const detail = [...c.needs]
      .filter((n) => n.persons > 0)
      .sort((a, b) => b.persons - a.persons || a.code.localeCompare(b.code))
      .map((n) => `${needLabel(n.code)?.th ?? n.code} ${n.persons} คน`)
      .join(', ');
    return [
      {
        title: `${cat.label.th} (${c.persons} คน)`,
        description: `ความต้องการจากการเยี่ยมบ้าน: ${detail}`,
        needCategories: [cat.code],
        targetPersons: c.persons,
      },
    ];
  });
}

/**
 * For each need category that someone has or a project answers: persons in need, persons the
 * projects (not cancelled) plan to reach, and how many are not covered yet. A project answering two
 * categories counts its target for each, since its persons are not known (counts only).
 */
export function needCoverage(
  needs: AreaNeedsSummary,
  projects: ReadonlyArray<{ needCategories: readonly string[]; targetPersons: number; status?: AreaProjectStatus }>,
): Array<{ category: string; persons: number; planned: number; uncovered: number }> {
  const planned = new Map<string, number>();
  for (const p of projects) {
    if (p.status === 'cancelled') continue;
    for (const c of new Set(p.needCategories)) planned.set(c, (planned.get(c) ?? 0) + p.targetPersons);
  }
  const persons = new Map(needs.categories.map((c) => [c.category, c.persons]));
  const order = NEED_CATEGORIES.map((c) => c.code as string);
  const keys = [...new Set([...persons.keys(), ...planned.keys()])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return keys
    .map((category) => {
      const n = persons.get(category) ?? 0;
      const p = planned.get(category) ?? 0;
      return { category, persons: n, planned: p, uncovered: Math.max(0, n - p) };
    })
    .filter((r) => r.persons > 0 || r.planned > 0);
}

const satang = (n: number) => Math.round(n * 100);

/** The budget by funding source (projects not cancelled), in the list's order, and the total; baht to the satang. */
export function budgetByFunding(projects: ReadonlyArray<{ budget?: number | null; fundingSource?: AreaFundingSource | null; status?: AreaProjectStatus }>): {
  rows: Array<{ fundingSource: AreaFundingSource | null; total: number }>;
  total: number;
} {
  const totals = new Map<AreaFundingSource | null, number>();
  let total = 0;
  for (const p of projects) {
    if (p.status === 'cancelled' || !p.budget) continue;
    const key = p.fundingSource ?? null;
    totals.set(key, (totals.get(key) ?? 0) + satang(p.budget));
    total += satang(p.budget);
  }
  const keys: Array<AreaFundingSource | null> = [...AREA_FUNDING_SOURCES, null];
  return { rows: keys.filter((k) => totals.has(k)).map((k) => ({ fundingSource: k, total: (totals.get(k) as number) / 100 })), total: total / 100 };
}

/**
 * What keeps a plan from approval: each project not cancelled needs a budget (0 is a budget), a
 * funding source when the budget is not 0, and a responsible organisation; and the plan needs a project.
 */
export function approvalIssues(
  projects: ReadonlyArray<{
    budget?: number | null;
    fundingSource?: string | null;
    organisationId?: string | null;
    status?: AreaProjectStatus;
  }>,
): FieldIssue[] {
  const out: FieldIssue[] = [];
  const live = projects.filter((p) => p.status !== 'cancelled');
  if (live.length === 0) out.push({ path: 'projects', message_th: 'แผนต้องมีอย่างน้อย 1 โครงการ', message_en: 'The plan needs at least one project' });
  projects.forEach((p, i) => {
    if (p.status === 'cancelled') return;
    if (p.budget === null || p.budget === undefined)
      out.push({ path: `projects.${i}.budget`, message_th: `โครงการที่ ${i + 1}: ระบุงบประมาณ`, message_en: `Project ${i + 1}: give a budget` });
    else if (p.budget > 0 && !p.fundingSource)
      out.push({
        path: `projects.${i}.fundingSource`,
        message_th: `โครงการที่ ${i + 1}: ระบุแหล่งงบประมาณ`,
        message_en: `Project ${i + 1}: give a funding source`,
      });
    if (!p.organisationId)
      out.push({
        path: `projects.${i}.organisationId`,
        message_th: `โครงการที่ ${i + 1}: ระบุหน่วยงานที่รับผิดชอบ`,
        message_en: `Project ${i + 1}: give the responsible organisation`,
      });
  });
  return out;
}
