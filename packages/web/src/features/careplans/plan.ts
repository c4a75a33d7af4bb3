import type { CarePlanBody, FieldIssue, PlanActivity } from '@carehub/core';

export type PlanPart = 'problems' | 'goals' | 'activities' | 'reviews';
export const PLAN_PARTS: readonly PlanPart[] = ['problems', 'goals', 'activities', 'reviews'];
export type ChangeKind = 'added' | 'changed' | 'removed';
const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'changed', 'removed'];

/** Today's calendar day in Thailand, as ISO (the server's "not in the future" uses the same day). */
export function todayInThailand(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A short id for a new item of the plan, unique within `taken`: ids are made on the device, and
 * crypto.getRandomValues also works where randomUUID does not (a plain-http address on a LAN).
 */
export function newId(prefix: string, taken: Iterable<string> = []): string {
  const used = new Set(taken);
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(4));
    const id = `${prefix}${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    if (!used.has(id)) return id;
  }
}

/** Every id in a plan, whatever its part. */
export const planIds = (b: CarePlanBody): string[] => PLAN_PARTS.flatMap((p) => b[p].map((x) => x.id));

/** How many items of each part a version added, changed and removed, in a fixed order, parts with none left out. */
export function countChanges(
  changes: ReadonlyArray<{ part: string; id?: string; change: string }>,
): Array<{ part: PlanPart; counts: Array<[ChangeKind, number]> }> {
  return PLAN_PARTS.flatMap((part) => {
    const counts = CHANGE_KINDS.map((kind) => [kind, changes.filter((c) => c.part === part && c.change === kind).length] as [ChangeKind, number]).filter(
      ([, n]) => n > 0,
    );
    return counts.length ? [{ part, counts }] : [];
  });
}

const blank = (s: string | undefined | null) => s === undefined || s === null || s.trim() === '';

/** The edited plan as it is sent: empty optional fields left out (a blank "responsible" is no answer, not an answer ''). */
export function cleanBody(b: CarePlanBody): CarePlanBody {
  return {
    problems: b.problems.map((p) => ({ ...p, text: p.text.trim() })),
    goals: b.goals.map((g) => ({ ...g, text: g.text.trim(), measure: g.measure.trim() })),
    activities: b.activities.map((a) => {
      const out: PlanActivity = { id: a.id, text: a.text.trim(), target: a.target, status: a.status };
      if (!blank(a.goalId)) out.goalId = a.goalId;
      if (!blank(a.organisationId)) out.organisationId = a.organisationId;
      if (!blank(a.responsible)) out.responsible = a.responsible!.trim();
      if (!blank(a.dueOn)) out.dueOn = a.dueOn;
      if (typeof a.cost === 'number' && Number.isFinite(a.cost)) out.cost = a.cost;
      if (a.funding) out.funding = a.funding;
      if (a.conferenceId) out.conferenceId = a.conferenceId;
      return out;
    }),
    reviews: b.reviews.map((r) => {
      const out: CarePlanBody['reviews'][number] = { id: r.id, on: r.on, outcome: r.outcome.trim() };
      if (!blank(r.by)) out.by = r.by!.trim();
      return out;
    }),
  };
}

/** A problem of the plan, placed: the item it is about (by id, which survives reordering) and the field. */
export interface PlacedIssue extends FieldIssue {
  part?: PlanPart;
  index?: number;
  itemId?: string;
  field?: string;
}

/**
 * Puts validation problems (the core schema's, or the server's `body.activities.0.funding`) on the
 * item they are about, by its id (which survives removing an item above it) and field. Ones that name no item keep only their path.
 */
export function placeIssues(body: CarePlanBody, issues: readonly FieldIssue[]): PlacedIssue[] {
  return issues.map((i) => {
    const parts = i.path.replace(/^body\./, '').split('.');
    const [part, index, field] = parts;
    if (!PLAN_PARTS.includes(part as PlanPart) || index === undefined || !/^\d+$/.test(index)) return { ...i };
    const item = body[part as PlanPart][Number(index)];
    return { ...i, part: part as PlanPart, index: Number(index), itemId: item?.id, field: field ?? 'id' };
  });
}

/** Whether two plans say the same (the editor asks before throwing edits away). */
export const samePlan = (a: CarePlanBody, b: CarePlanBody) => JSON.stringify(cleanBody(a)) === JSON.stringify(cleanBody(b));
