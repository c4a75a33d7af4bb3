import { z } from 'zod';
import { Task } from './assessments.js';
import { Text } from './instruments/schema.js';
import { addDays, URGENT_REVISIT_DAYS } from './visits.js';

/**
 * Tasks with owners (issue 17, item 4): who holds a task, by when, what raised it, and why it closed.
 *
 * Due dates follow severity, counted in Thai calendar days from the day the task was raised (or last
 * raised more severely):
 * - urgent: the same day. An urgent task is a self-harm answer (DMH 2Q plus / 9Q item 9 / 8Q: the
 *   person must not be left alone and is referred at once), a red 7-colour reading (BP ≥ 180/110,
 *   fasting glucose ≥ 183) or a visit more than a week late; none of these can wait for tomorrow, and
 *   an emergency referral's own answer is due within the hour (REFERRAL_RESPONSE_HOURS).
 * - warning: within URGENT_REVISIT_DAYS (3) days: the same allowance CareHub already gives an
 *   alarm or an urgent need for the next home visit, so the task falls due when the visit it calls
 *   for would.
 * A task whose own deadline comes sooner (a visit due tomorrow) is due then. These are CareHub
 * defaults, not a national standard.
 */
export const TASK_DUE_DAYS = { urgent: 0, warning: URGENT_REVISIT_DAYS } as const;
export type TaskSeverity = keyof typeof TASK_DUE_DAYS;

/** The due day of a task raised on `raisedOn` (ISO day, Thai time); `ownDeadline` wins when it is sooner but not past. */
export function taskDueOn(severity: TaskSeverity, raisedOn: string, ownDeadline?: string | null): string {
  const bySeverity = addDays(raisedOn, TASK_DUE_DAYS[severity]);
  if (ownDeadline && ownDeadline >= raisedOn && ownDeadline < bySeverity) return ownDeadline;
  return bySeverity;
}

/** Overdue: still open after its due day (a task due today is not overdue until tomorrow, Thai time). */
export function isTaskOverdue(t: { status: string; dueOn: string | null }, today: string): boolean {
  return t.status === 'open' && t.dueOn !== null && t.dueOn < today;
}

/** The calendar day in Thailand (UTC+7, no daylight saving) of an instant. */
export const thaiToday = (at: Date = new Date()): string => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** Why a task closed. The first two are people's decisions; the rest close a task by themselves. */
export const TASK_CLOSE_REASONS = ['done', 'dismissed', 'referral_accepted', 'referral_completed', 'superseded', 'need_met', 'visited'] as const;
export type TaskCloseReason = (typeof TASK_CLOSE_REASONS)[number];

export const TASK_QUEUES = ['all', 'mine', 'team'] as const;
export type TaskQueue = (typeof TASK_QUEUES)[number];

/** What raised a task, for its link: an assessment response, a home visit (its need or reading), a referral. */
export const TaskSource = z.object({
  type: z.enum(['assessment', 'visit', 'referral']),
  id: z.string(),
  /** When the source happened (the assessment's or visit's time). */
  at: z.string().nullable(),
  /** The instrument's short name for an assessment; the need's code for a visit. */
  label: Text.nullable(),
});
export type TaskSource = z.infer<typeof TaskSource>;

export const TaskUser = z.object({ id: z.string(), name: z.string() });

/** Owner, due day, repeats and escalation of a task (added to the task the list returns). */
export const TaskOwnership = z.object({
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  assignee: TaskUser.nullable(),
  /** The organisation whose team works the task while nobody holds it (null: the team in the person's area). */
  teamOrganisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  source: TaskSource.nullable(),
  /** How many times the same rule raised it for the person while it was open, and when last. */
  seenCount: z.number().int(),
  lastSeenAt: z.string(),
  closeReason: z.enum(TASK_CLOSE_REASONS).nullable(),
  escalatedAt: z.string().nullable(),
  escalatedTo: TaskUser.nullable(),
  /** Whether the signed-in user may claim it (on its team, nobody holds it). */
  canClaim: z.boolean(),
});

export const TaskAssign = z.object({
  /** The user to hold the task; null puts it back in the team's queue. */
  userId: z.string().uuid().nullable(),
});

/** Users a task may be handed to: on the task's team, active, seeing the person. */
export const TaskCandidate = z.object({ id: z.string(), name: z.string(), role: z.string(), organisation: z.string() });

/** A task as the task lists return it: the alert, and who holds it by when. */
export const TaskItem = Task.merge(TaskOwnership);
export type TaskItem = z.infer<typeof TaskItem>;
