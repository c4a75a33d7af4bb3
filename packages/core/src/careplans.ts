/**
 * Individual care / quality-of-life plans, case teams and case conferences (DESIGN.md §4), the pure
 * part: the plan's shape and its rules, the difference between two versions, costs by funding source,
 * and the API shapes. A plan is saved whole as a new version; nothing in an old version changes.
 */
import { z } from 'zod';
import { anyDayProblem, EARLIEST_EVENT_DATE } from './plausible.js';
import { isIsoDate, type Label } from './visits.js';

const l = (th: string, en: string): Label => ({ th, en });

/** Whom an activity serves: Social Telecare plans for the person, the family and the community. */
export const PLAN_TARGETS = ['person', 'family', 'community'] as const;
export type PlanTarget = (typeof PLAN_TARGETS)[number];
export const PLAN_TARGET_LABELS: Record<PlanTarget, Label> = {
  person: l('ผู้รับบริการ', 'Person'),
  family: l('ครอบครัว', 'Family'),
  community: l('ชุมชน', 'Community'),
};

export const GOAL_STATUSES = ['open', 'achieved', 'partly_achieved', 'not_achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, Label> = {
  open: l('อยู่ระหว่างดำเนินการ', 'Open'),
  achieved: l('บรรลุ', 'Achieved'),
  partly_achieved: l('บรรลุบางส่วน', 'Partly achieved'),
  not_achieved: l('ไม่บรรลุ', 'Not achieved'),
  dropped: l('ยกเลิกเป้าหมาย', 'Dropped'),
};

export const ACTIVITY_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, Label> = {
  planned: l('วางแผนแล้ว', 'Planned'),
  in_progress: l('กำลังดำเนินการ', 'In progress'),
  done: l('เสร็จแล้ว', 'Done'),
  cancelled: l('ยกเลิก', 'Cancelled'),
};

/**
 * Who pays for an activity. The funds are the ones Thai local care draws on; the list is CareHub's
 * and may grow, but a code, once used in a saved plan, keeps its meaning.
 */
export const FUNDING_SOURCES = [
  'provincial_rehabilitation_fund',
  'local_health_security_fund',
  'ltc_fund',
  'disability_fund',
  'local_government_budget',
  'social_development_budget',
  'hospital_budget',
  'family',
  'donation',
  'other',
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, Label> = {
  provincial_rehabilitation_fund: l('กองทุนฟื้นฟูสมรรถภาพจังหวัด', 'Provincial rehabilitation fund'),
  local_health_security_fund: l('กองทุนหลักประกันสุขภาพระดับท้องถิ่น', 'Local health security fund'),
  ltc_fund: l('กองทุนดูแลระยะยาว (LTC)', 'Long-term care (LTC) fund'),
  disability_fund: l('กองทุนส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ', 'Disability quality-of-life fund'),
  local_government_budget: l('งบประมาณ อปท.', 'Local government budget'),
  social_development_budget: l('งบ พม. / พมจ.', 'Social development (พม.) budget'),
  hospital_budget: l('งบโรงพยาบาล / รพ.สต.', 'Hospital budget'),
  family: l('ครอบครัวออกเอง', 'Family'),
  donation: l('บริจาค / มูลนิธิ', 'Donation or foundation'),
  other: l('อื่น ๆ', 'Other'),
};

/** The professionals and helpers around a person. */
export const CASE_TEAM_ROLES = [
  'social_worker',
  'nurse',
  'doctor',
  'physiotherapist',
  'volunteer_osm',
  'volunteer_opm',
  'caregiver',
  'local_officer',
  'other',
] as const;
export type CaseTeamRole = (typeof CASE_TEAM_ROLES)[number];
export const CASE_TEAM_ROLE_LABELS: Record<CaseTeamRole, Label> = {
  social_worker: l('นักสังคมสงเคราะห์', 'Social worker'),
  nurse: l('พยาบาล', 'Nurse'),
  doctor: l('แพทย์', 'Doctor'),
  physiotherapist: l('นักกายภาพบำบัด', 'Physiotherapist'),
  volunteer_osm: l('อสม.', 'Village health volunteer (อสม.)'),
  volunteer_opm: l('อพม.', 'Social development volunteer (อพม.)'),
  caregiver: l('ผู้ดูแล (CG)', 'Caregiver (CG)'),
  local_officer: l('เจ้าหน้าที่ อปท.', 'Local government officer'),
  other: l('อื่น ๆ', 'Other'),
};

export const AGREEMENT_BY = ['self', 'guardian', 'caregiver', 'relative'] as const;
export const AGREEMENT_BY_LABELS: Record<(typeof AGREEMENT_BY)[number], Label> = {
  self: l('ผู้รับบริการเอง', 'The person'),
  guardian: l('ผู้อนุบาล / ผู้ปกครอง', 'Guardian'),
  caregiver: l('ผู้ดูแล', 'Caregiver'),
  relative: l('ญาติ', 'Relative'),
};
export const AGREEMENT_METHODS = ['signature', 'thumbprint', 'verbal'] as const;
export const AGREEMENT_METHOD_LABELS: Record<(typeof AGREEMENT_METHODS)[number], Label> = {
  signature: l('ลงลายมือชื่อ', 'Signature'),
  thumbprint: l('พิมพ์ลายนิ้วมือ', 'Thumbprint'),
  verbal: l('ยินยอมด้วยวาจา (มีพยาน)', 'Verbal, witnessed'),
};

const id = z.string().trim().min(1).max(40);
const text = (max: number) => z.string().trim().min(1).max(max);
/** A real day within 2000–2199: a plan's targets, reviews, agreements and conferences (plausible.ts). */
const isoDate = z
  .string()
  .refine(isIsoDate, { message: 'Not a valid date', params: { message_th: 'วันที่ไม่ถูกต้อง' } })
  .superRefine((d, ctx) => {
    const problem = isIsoDate(d) && anyDayProblem(d, EARLIEST_EVENT_DATE);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Where a problem came from: a need recorded at a visit or found by an assessment. */
export const ProblemSource = z.object({ kind: z.enum(['visit', 'assessment']), id: z.string().uuid(), need: z.string().max(80).optional() });
export type ProblemSource = z.infer<typeof ProblemSource>;

export const PlanProblem = z.object({
  id,
  text: text(1000),
  target: z.enum(PLAN_TARGETS).default('person'),
  sources: z.array(ProblemSource).max(20).default([]),
});
export const PlanGoal = z.object({
  id,
  problemIds: z.array(id).max(20).default([]),
  text: text(1000),
  /** How the team will know the goal is met, e.g. "Barthel ≥ 12" or "walks 50 m with a cane". */
  measure: text(500),
  targetDate: isoDate,
  status: z.enum(GOAL_STATUSES).default('open'),
});
export const PlanActivity = z.object({
  id,
  goalId: id.optional(),
  text: text(1000),
  target: z.enum(PLAN_TARGETS).default('person'),
  organisationId: z.string().uuid().optional(),
  /** The responsible person, by name or role, when not (only) an organisation. */
  responsible: z.string().trim().max(200).optional(),
  dueOn: isoDate.optional(),
  status: z.enum(ACTIVITY_STATUSES).default('planned'),
  /** Baht. */
  cost: z.number().nonnegative().max(10_000_000).optional(),
  funding: z.enum(FUNDING_SOURCES).optional(),
  /** The case conference whose decision created it. */
  conferenceId: z.string().uuid().optional(),
});
export const PlanReview = z.object({ id, on: isoDate, outcome: text(4000), by: z.string().trim().max(200).optional() });

export const CarePlanBody = z
  .object({
    problems: z.array(PlanProblem).max(50).default([]),
    goals: z.array(PlanGoal).max(50).default([]),
    activities: z.array(PlanActivity).max(200).default([]),
    reviews: z.array(PlanReview).max(100).default([]),
  })
  .superRefine((b, ctx) => {
    const issue = (path: Array<string | number>, th: string, en: string) => ctx.addIssue({ code: 'custom', path, message: en, params: { message_th: th } });
    for (const key of ['problems', 'goals', 'activities', 'reviews'] as const) {
      const seen = new Set<string>();
      for (const [i, x] of b[key].entries()) {
        if (seen.has(x.id)) issue([key, i, 'id'], 'รหัสซ้ำ', 'Duplicate id');
        seen.add(x.id);
      }
    }
    const problems = new Set(b.problems.map((p) => p.id));
    const goals = new Set(b.goals.map((g) => g.id));
    for (const [i, g] of b.goals.entries())
      for (const [j, p] of g.problemIds.entries()) if (!problems.has(p)) issue(['goals', i, 'problemIds', j], 'ไม่พบปัญหาที่อ้างถึง', 'Unknown problem');
    b.activities.forEach((a, i) => {
      if (a.goalId && !goals.has(a.goalId)) issue(['activities', i, 'goalId'], 'ไม่พบเป้าหมายที่อ้างถึง', 'Unknown goal');
      if (a.cost && !a.funding) issue(['activities', i, 'funding'], 'ระบุแหล่งงบประมาณเมื่อมีค่าใช้จ่าย', 'Give the funding source of a cost');
      if (!a.organisationId && !a.responsible?.trim())
        issue(['activities', i, 'responsible'], 'ระบุหน่วยงานหรือผู้รับผิดชอบ', 'Give the responsible organisation or person');
    });
  });
export type CarePlanBody = z.infer<typeof CarePlanBody>;
export type CarePlanBodyInput = z.input<typeof CarePlanBody>;
export type PlanActivity = z.infer<typeof PlanActivity>;

/** A save: the whole plan, and the version it was edited from, so a concurrent edit is not overwritten. */
export const CarePlanSave = z.object({
  baseVersion: z.number().int().nonnegative(),
  body: CarePlanBody,
  changeNote: z.string().trim().max(1000).optional(),
});
export type CarePlanSave = z.input<typeof CarePlanSave>;

export const CarePlanAgreementInput = z.object({
  version: z.number().int().positive(),
  agreedBy: z.enum(AGREEMENT_BY),
  agreedByName: text(200),
  method: z.enum(AGREEMENT_METHODS),
  agreedOn: isoDate,
  note: z.string().trim().max(1000).optional(),
});
export type CarePlanAgreementInput = z.infer<typeof CarePlanAgreementInput>;

export const CaseTeamMemberInput = z
  .object({
    role: z.enum(CASE_TEAM_ROLES),
    /** A CareHub user, or a name for someone without an account. */
    userId: z.string().uuid().optional(),
    name: z.string().trim().max(200).optional(),
    organisationId: z.string().uuid().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\- ]{6,20}$/)
      .optional(),
  })
  .refine((m) => m.userId || m.name, { path: ['name'], message: 'Choose a user or give a name', params: { message_th: 'ระบุผู้ใช้หรือชื่อ' } });
export type CaseTeamMemberInput = z.infer<typeof CaseTeamMemberInput>;

/** A decision of a case conference; one that names an activity adds it to the plan. */
export const ConferenceDecision = z.object({
  text: text(1000),
  activity: PlanActivity.omit({ id: true, conferenceId: true, status: true }).optional(),
});
export const CaseConferenceInput = z.object({
  heldOn: isoDate,
  place: z.string().trim().max(200).optional(),
  attendees: z
    .array(z.object({ name: text(200), role: z.enum(CASE_TEAM_ROLES), organisation: z.string().trim().max(200).optional() }))
    .min(1)
    .max(40),
  summary: z.string().trim().max(8000).optional(),
  decisions: z.array(ConferenceDecision).min(1).max(40),
  /** The plan version the decisions were made against (0: no plan yet). */
  baseVersion: z.number().int().nonnegative(),
});
export type CaseConferenceInput = z.input<typeof CaseConferenceInput>;

/** The id of the activity a conference's decision (by its position) adds: recognisable in every later version. */
export const conferenceActivityId = (conferenceId: string, index: number): string => `c${conferenceId.slice(0, 8)}-${index + 1}`;

/** The plan with a conference's decisions that name an activity added as planned activities. */
export function withConferenceDecisions(body: CarePlanBody, conferenceId: string, decisions: z.infer<typeof ConferenceDecision>[]): CarePlanBody {
  const activities = decisions.flatMap((d, i) =>
    d.activity ? [{ ...d.activity, id: conferenceActivityId(conferenceId, i), conferenceId, status: 'planned' as const }] : [],
  );
  return { ...body, activities: [...body.activities, ...activities] };
}

export interface PlanChange {
  part: 'problems' | 'goals' | 'activities' | 'reviews';
  id: string;
  change: 'added' | 'removed' | 'changed';
}

/** What changed from one version to the next, item by item. */
export function carePlanChanges(before: CarePlanBody | null, after: CarePlanBody): PlanChange[] {
  const out: PlanChange[] = [];
  for (const part of ['problems', 'goals', 'activities', 'reviews'] as const) {
    const old = new Map<string, unknown>((before?.[part] ?? []).map((x) => [x.id, x]));
    const now = new Map<string, unknown>(after[part].map((x) => [x.id, x]));
    for (const [k, v] of now) {
      if (!old.has(k)) out.push({ part, id: k, change: 'added' });
      else if (JSON.stringify(old.get(k)) !== JSON.stringify(v)) out.push({ part, id: k, change: 'changed' });
    }
    for (const k of old.keys()) if (!now.has(k)) out.push({ part, id: k, change: 'removed' });
  }
  return out;
}

/** Planned cost by funding source, counting activities not cancelled; unfunded costs cannot occur (validation). */
export function carePlanCosts(body: CarePlanBody): Array<{ funding: FundingSource; total: number }> {
  const totals = new Map<FundingSource, number>();
  for (const a of body.activities) {
    if (a.status === 'cancelled' || !a.cost || !a.funding) continue;
    totals.set(a.funding, Math.round(((totals.get(a.funding) ?? 0) + a.cost) * 100) / 100);
  }
  return FUNDING_SOURCES.filter((f) => totals.has(f)).map((f) => ({ funding: f, total: totals.get(f) as number }));
}

/** Activities past their due date and not finished, for highlighting. */
export function overdueActivities(body: CarePlanBody, today: string): PlanActivity[] {
  return body.activities.filter((a) => a.dueOn && a.dueOn < today && (a.status === 'planned' || a.status === 'in_progress'));
}
