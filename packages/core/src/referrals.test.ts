import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedReferralActions,
  isOpenReferral,
  isReferralOverdue,
  nextReferralState,
  REFERRAL_ACTIONS,
  REFERRAL_STATES,
  type ReferralAction,
  type ReferralSide,
  type ReferralState,
  referralResponseDue,
} from './referrals.js';

const TEXT = { reason: 'ไม่มีนักกายภาพว่าง', outcome: 'ฟื้นฟูครบ 10 ครั้ง เดินได้ด้วยไม้เท้า' };

// The legal moves, written out by hand from the issue: sent → accepted | declined → in progress →
// completed | cancelled. Everything else is refused.
const LEGAL: Array<[ReferralState, ReferralAction, ReferralSide, ReferralState]> = [
  ['sent', 'accept', 'receiver', 'accepted'],
  ['sent', 'decline', 'receiver', 'declined'],
  ['sent', 'cancel', 'sender', 'cancelled'],
  ['accepted', 'start', 'receiver', 'in_progress'],
  ['accepted', 'complete', 'receiver', 'completed'],
  ['accepted', 'cancel', 'sender', 'cancelled'],
  ['in_progress', 'complete', 'receiver', 'completed'],
  ['in_progress', 'cancel', 'sender', 'cancelled'],
];

describe('the referral state machine', () => {
  it.each(LEGAL)('%s --%s by the %s--> %s', (from, action, side, to) => {
    expect(nextReferralState(from, action, side, TEXT)).toEqual({ ok: true, state: to });
  });

  it('refuses every other move: from the wrong state, or by the wrong side', () => {
    const sides: ReferralSide[] = ['sender', 'receiver'];
    let refused = 0;
    for (const from of REFERRAL_STATES)
      for (const action of REFERRAL_ACTIONS)
        for (const side of sides) {
          if (LEGAL.some(([f, a, s]) => f === from && a === action && s === side)) continue;
          const r = nextReferralState(from, action, side, TEXT);
          expect(r.ok, `${from} ${action} ${side}`).toBe(false);
          const legalForOtherSide = LEGAL.some(([f, a]) => f === from && a === action);
          expect(r).toEqual({ ok: false, error: legalForOtherSide ? 'referral.wrong_side' : 'referral.illegal_transition' });
          refused++;
        }
    expect(refused).toBe(REFERRAL_STATES.length * REFERRAL_ACTIONS.length * 2 - LEGAL.length);
  });

  it('asks a reason to decline or cancel and an outcome to complete', () => {
    expect(nextReferralState('sent', 'decline', 'receiver', { reason: '  ' })).toEqual({ ok: false, error: 'referral.reason_required' });
    expect(nextReferralState('sent', 'cancel', 'sender')).toEqual({ ok: false, error: 'referral.reason_required' });
    expect(nextReferralState('in_progress', 'complete', 'receiver', { reason: 'x' })).toEqual({ ok: false, error: 'referral.outcome_required' });
  });

  it('offers each side exactly its legal moves, and none once closed', () => {
    expect(allowedReferralActions('sent', 'receiver')).toEqual(['accept', 'decline']);
    expect(allowedReferralActions('sent', 'sender')).toEqual(['cancel']);
    expect(allowedReferralActions('accepted', 'receiver')).toEqual(['start', 'complete']);
    for (const closed of ['declined', 'completed', 'cancelled'] as const) {
      expect(isOpenReferral(closed)).toBe(false);
      expect([...allowedReferralActions(closed, 'sender'), ...allowedReferralActions(closed, 'receiver')]).toEqual([]);
    }
    for (const open of ['sent', 'accepted', 'in_progress'] as const) expect(isOpenReferral(open)).toBe(true);
  });

  it('never leaves a closed state, whatever the sequence of moves', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...REFERRAL_ACTIONS), fc.constantFrom<ReferralSide>('sender', 'receiver')), { maxLength: 12 }), (moves) => {
        let state: ReferralState = 'sent';
        let closedAt: ReferralState | null = null;
        for (const [action, side] of moves) {
          const r = nextReferralState(state, action, side, TEXT);
          if (closedAt) expect(r.ok).toBe(false);
          if (r.ok) state = r.state;
          if (!isOpenReferral(state)) closedAt ??= state;
        }
        if (closedAt) expect(state).toBe(closedAt);
      }),
    );
  });
});

describe('response deadline by urgency', () => {
  const sentAt = '2026-11-23T08:00:00.000Z';
  it.each([
    ['emergency', '2026-11-23T09:00:00.000Z'],
    ['urgent', '2026-11-24T08:00:00.000Z'],
    ['routine', '2026-11-30T08:00:00.000Z'],
  ] as const)('%s is due at %s, overdue a moment after and not at it', (urgency, due) => {
    expect(referralResponseDue(sentAt, urgency)).toBe(due);
    expect(isReferralOverdue({ state: 'sent', sentAt, urgency }, new Date(due))).toBe(false);
    expect(isReferralOverdue({ state: 'sent', sentAt, urgency }, new Date(Date.parse(due) + 1000))).toBe(true);
    // Answered referrals are never overdue for an answer.
    expect(isReferralOverdue({ state: 'accepted', sentAt, urgency }, new Date(Date.parse(due) + 864e5))).toBe(false);
  });
});
