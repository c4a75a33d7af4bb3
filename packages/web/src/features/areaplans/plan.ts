import {
  type AreaFundingSource,
  type AreaPlan,
  type AreaPlanSave,
  type AreaProjectStatus,
  FISCAL_YEAR_MAX,
  FISCAL_YEAR_MIN,
  type FieldIssue,
  fiscalYearOf,
} from '@carehub/core';

/** A project as the editor holds it: `key` names it on this screen (a new project has no id yet). */
export interface ProjectDraft {
  key: string;
  id?: string;
  title: string;
  description: string;
  needCategories: string[];
  targetPersons: number | '';
  budget: number | '';
  fundingSource: AreaFundingSource | null;
  organisation: { id: string; name: string } | null;
  startOn?: string;
  endOn?: string;
  /** Existing projects only: its status (an approved plan's project is cancelled, not removed). */
  status?: AreaProjectStatus;
}

export interface PlanDraft {
  title: string;
  notes: string;
  projects: ProjectDraft[];
}

let counter = 0;
export const newProjectKey = () => `new-${++counter}`;

export function toDraft(plan: AreaPlan): PlanDraft {
  return {
    title: plan.title,
    notes: plan.notes ?? '',
    projects: plan.projects.map((p) => ({
      key: p.id,
      id: p.id,
      title: p.title,
      description: p.description ?? '',
      needCategories: p.needCategories,
      targetPersons: p.targetPersons,
      budget: p.budget ?? '',
      fundingSource: p.fundingSource,
      organisation: p.organisationId ? { id: p.organisationId, name: p.organisation ?? '' } : null,
      startOn: p.startOn ?? undefined,
      endOn: p.endOn ?? undefined,
      status: p.status,
    })),
  };
}

export const emptyProject = (needCategories: string[] = [], targetPersons: number | '' = ''): ProjectDraft => ({
  key: newProjectKey(),
  title: '',
  description: '',
  needCategories,
  targetPersons,
  budget: '',
  fundingSource: null,
  organisation: null,
});

/** What is sent: blanks left out, text trimmed; a blank target is sent as is, for the schema to name it. */
export function toSave(draft: PlanDraft, version: number): AreaPlanSave {
  return {
    version,
    title: draft.title.trim(),
    notes: draft.notes.trim() || null,
    projects: draft.projects.map((p) => ({
      ...(p.id ? { id: p.id } : {}),
      title: p.title.trim(),
      description: p.description.trim() || null,
      needCategories: p.needCategories as AreaPlanSave['projects'][number]['needCategories'],
      targetPersons: p.targetPersons === '' ? (undefined as unknown as number) : p.targetPersons,
      budget: p.budget === '' ? null : p.budget,
      fundingSource: p.fundingSource,
      organisationId: p.organisation?.id ?? null,
      startOn: p.startOn || null,
      endOn: p.endOn || null,
    })),
  };
}

/** Whether two drafts say the same (the editor asks before throwing edits away). */
export const sameDraft = (a: PlanDraft, b: PlanDraft) => JSON.stringify(toSave(a, 1)) === JSON.stringify(toSave(b, 1));

export interface PlacedIssue extends FieldIssue {
  /** The project it is about (its key on this screen), and the field. */
  projectKey?: string;
  projectIndex?: number;
  field?: string;
}

/** Puts validation problems (`projects.2.fundingSource`, `title`) on the project they are about, by its key, which survives removing one above it. */
export function placeIssues(draft: PlanDraft, issues: readonly FieldIssue[]): PlacedIssue[] {
  return issues.map((i) => {
    const [part, index, field] = i.path.split('.');
    if (part !== 'projects' || index === undefined || !/^\d+$/.test(index)) return { ...i, field: part };
    const p = draft.projects[Number(index)];
    return { ...i, projectKey: p?.key, projectIndex: Number(index), field: field ?? 'title' };
  });
}

/** The fiscal years offered for a new plan (Buddhist era): last year, this year and the next two. */
export function fiscalYearChoices(today: string): number[] {
  const now = fiscalYearOf(today);
  return [now - 1, now, now + 1, now + 2].filter((y) => y >= FISCAL_YEAR_MIN && y <= FISCAL_YEAR_MAX);
}
