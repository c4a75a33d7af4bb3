/**
 * Referrals between organisations about a person (DESIGN.md §4), the pure part: the state machine,
 * who may make each move, the response deadline by urgency, and the API shapes. No I/O: the server
 * enforces these rules and the web app uses them to offer only the moves that are allowed.
 */
import { z } from 'zod';

export const REFERRAL_STATES = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const REFERRAL_ACTIONS = ['accept', 'decline', 'start', 'complete', 'cancel'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** Which side of a referral a user acts for: the organisation that sent it, or the one it was sent to. */
export type ReferralSide = 'sender' | 'receiver';

const MOVES: Record<ReferralAction, { from: readonly ReferralState[]; to: ReferralState; by: ReferralSide; needs?: 'reason' | 'outcome' }> = {
  accept: { from: ['sent'], to: 'accepted', by: 'receiver' },
  decline: { from: ['sent'], to: 'declined', by: 'receiver', needs: 'reason' },
  start: { from: ['accepted'], to: 'in_progress', by: 'receiver' },
  complete: { from: ['accepted', 'in_progress'], to: 'completed', by: 'receiver', needs: 'outcome' },
  cancel: { from: ['sent', 'accepted', 'in_progress'], to: 'cancelled', by: 'sender', needs: 'reason' },
};

/** While a referral is open, the receiving organisation may see the person's case (with the sharing consent). */
export const OPEN_REFERRAL_STATES: readonly ReferralState[] = ['sent', 'accepted', 'in_progress'];
export const isOpenReferral = (state: ReferralState): boolean => OPEN_REFERRAL_STATES.includes(state);

export type MoveRefusal = 'referral.illegal_transition' | 'referral.wrong_side' | 'referral.reason_required' | 'referral.outcome_required';

/**
 * The state a move leads to, or why it is refused: a move that is not allowed from this state, a
 * move the other side must make, or a decline/cancel without a reason or a completion without an outcome.
 */
export function nextReferralState(
  state: ReferralState,
  action: ReferralAction,
  side: ReferralSide,
  text: { reason?: string; outcome?: string } = {},
): { ok: true; state: ReferralState } | { ok: false; error: MoveRefusal } {
  const move = MOVES[action];
  if (!move.from.includes(state)) return { ok: false, error: 'referral.illegal_transition' };
  if (move.by !== side) return { ok: false, error: 'referral.wrong_side' };
  if (move.needs === 'reason' && !text.reason?.trim()) return { ok: false, error: 'referral.reason_required' };
  if (move.needs === 'outcome' && !text.outcome?.trim()) return { ok: false, error: 'referral.outcome_required' };
  return { ok: true, state: move.to };
}

/** The moves one side may make now, for the buttons a screen offers. */
export function allowedReferralActions(state: ReferralState, side: ReferralSide): ReferralAction[] {
  return REFERRAL_ACTIONS.filter((a) => MOVES[a].from.includes(state) && MOVES[a].by === side);
}

export const REFERRAL_URGENCIES = ['emergency', 'urgent', 'routine'] as const;
export type ReferralUrgency = (typeof REFERRAL_URGENCIES)[number];

/**
 * How long the receiving organisation has to answer (accept or decline), by urgency. These are
 * CareHub's defaults, not a national standard: an emergency within the hour, an urgent case within a
 * day, a routine one within a week.
 */
export const REFERRAL_RESPONSE_HOURS: Record<ReferralUrgency, number> = { emergency: 1, urgent: 24, routine: 7 * 24 };

/** When the answer is due. */
export function referralResponseDue(sentAt: string, urgency: ReferralUrgency, hours: Record<ReferralUrgency, number> = REFERRAL_RESPONSE_HOURS): string {
  return new Date(Date.parse(sentAt) + hours[urgency] * 3600_000).toISOString();
}

/** A referral still waiting for its answer after the deadline. */
export function isReferralOverdue(r: { state: ReferralState; sentAt: string; urgency: ReferralUrgency }, now: Date, hours = REFERRAL_RESPONSE_HOURS): boolean {
  return r.state === 'sent' && now.getTime() > Date.parse(referralResponseDue(r.sentAt, r.urgency, hours));
}

export const REFERRAL_STATE_LABELS: Record<ReferralState, { th: string; en: string }> = {
  sent: { th: 'ส่งแล้ว รอตอบรับ', en: 'Sent' },
  accepted: { th: 'รับแล้ว', en: 'Accepted' },
  declined: { th: 'ปฏิเสธ', en: 'Declined' },
  in_progress: { th: 'กำลังดำเนินการ', en: 'In progress' },
  completed: { th: 'เสร็จสิ้น', en: 'Completed' },
  cancelled: { th: 'ยกเลิก', en: 'Cancelled' },
};

export const REFERRAL_URGENCY_LABELS: Record<ReferralUrgency, { th: string; en: string }> = {
  emergency: { th: 'ฉุกเฉิน', en: 'Emergency' },
  urgent: { th: 'เร่งด่วน', en: 'Urgent' },
  routine: { th: 'ปกติ', en: 'Routine' },
};

export const ReferralInput = z.object({
  personId: z.string().uuid(),
  toOrganisationId: z.string().uuid(),
  urgency: z.enum(REFERRAL_URGENCIES),
  reason: z.string().trim().min(1).max(2000),
  note: z.string().max(4000).optional(),
  /** Assessments the receiving team should see. */
  assessmentIds: z.array(z.string().uuid()).max(20).default([]),
  /** The alert's task this referral answers: it closes when the referral is accepted. */
  taskId: z.string().uuid().optional(),
  /**
   * Without the person's consent to sharing, an urgent or emergency referral may still go to prevent a
   * danger to life (PDPA B.E. 2562 s. 24(2) and s. 26(1)(a)), with the reason stated; it is audited and
   * shown on the person's record. With consent this is not needed and not recorded.
   */
  vitalInterest: z.object({ reason: z.string().trim().min(10).max(2000) }).optional(),
});
export type ReferralInput = z.input<typeof ReferralInput>;

export const ReferralMove = z.object({
  action: z.enum(REFERRAL_ACTIONS),
  reason: z.string().trim().max(2000).optional(),
  outcome: z.string().trim().max(4000).optional(),
  note: z.string().trim().max(4000).optional(),
});
export type ReferralMove = z.infer<typeof ReferralMove>;
