import type { LiveEvent, Organisation, ReferralAction, ReferralInput, ReferralMove, ReferralSide, ReferralState, ReferralUrgency } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get, type Paged, post } from '../../api';

export type ReferralBox = 'inbox' | 'outbox';

/** One move in a referral's history. */
export interface ReferralEvent {
  at: string;
  action: 'send' | ReferralAction;
  toState: ReferralState;
  /** Who made the move (null only if the account is gone). */
  actor: string | null;
  organisation: string;
  note: string | null;
}

/** An assessment sent with a referral, for the receiving team to read. */
export interface ReferralAssessment {
  id: string;
  instrumentCode: string;
  name: { th: string; en: string };
  performedAt: string;
  /** Band codes. */
  bands: string[];
}

/** A referral as the server answers it (`Referral` in the server's referrals routes). */
export interface Referral {
  id: string;
  personId: string;
  /** Null for a receiver once the referral has closed: the record stays, the person's identity does not. */
  personName: string | null;
  fromOrganisation: string;
  toOrganisation: string;
  urgency: ReferralUrgency;
  reason: string;
  note: string | null;
  state: ReferralState;
  sentAt: string;
  responseDue: string;
  overdue: boolean;
  outcome: string | null;
  closeReason: string | null;
  /** Sent on consent, or without it to prevent a danger to life, with the reason stated. */
  legalBasis: 'consent' | 'vital_interest';
  basisReason: string | null;
  /** Which side the signed-in user's organisation is on. */
  side: ReferralSide;
  /** Empty in lists; the history of one referral. */
  events: ReferralEvent[];
  /** Empty in lists; the assessments sent with one referral. */
  assessments: ReferralAssessment[];
}

export const referralsQuery = (box: ReferralBox) =>
  queryOptions({
    queryKey: ['referrals', 'list', box],
    queryFn: ({ signal }) => get<Referral[]>('/api/referrals', { box }, signal),
  });

/** The referrals about one person the user may see (the person's record). */
export const personReferralsQuery = (personId: string) =>
  queryOptions({
    queryKey: ['referrals', 'person', personId],
    queryFn: ({ signal }) => get<Referral[]>('/api/referrals', { box: 'person', personId }, signal),
  });

export const referralQuery = (id: string) =>
  queryOptions({
    queryKey: ['referrals', 'one', id],
    queryFn: ({ signal }) => get<Referral>(`/api/referrals/${encodeURIComponent(id)}`, undefined, signal),
  });

/** Every active organisation whose name contains `q`: the ones a referral may go to. */
export const referralTargetsQuery = (q: string) =>
  queryOptions({
    queryKey: ['organisations', 'all', q],
    queryFn: ({ signal }) => get<Paged<Organisation>>('/api/organisations', { all: true, q, pageSize: 50 }, signal),
    staleTime: 5 * 60_000,
  });

/**
 * Changes this browser made itself: the live `referral.changed` event they cause refreshes the lists
 * like any other, but is not announced to the person who made the change. A send is recognised by
 * its person (its id is not known yet), a move by the referral's id.
 */
const own = new Map<string, number>();
const OWN_FOR_MS = 60_000;

async function asOwnChange<T>(key: string, run: () => Promise<T>): Promise<T> {
  const now = Date.now();
  for (const [k, until] of own) if (until < now) own.delete(k);
  own.set(key, now + OWN_FOR_MS);
  try {
    return await run();
  } catch (e) {
    own.delete(key);
    throw e;
  }
}

/** True (once) for the live event of a change this browser made. */
export function isOwnReferralChange(e: LiveEvent): boolean {
  const now = Date.now();
  for (const key of [e.id, e.personId && `person:${e.personId}`]) {
    if (!key) continue;
    const until = own.get(key);
    if (until === undefined) continue;
    own.delete(key);
    if (until >= now) return true;
  }
  return false;
}

export const sendReferral = (body: ReferralInput) => asOwnChange(`person:${body.personId}`, () => post<Referral>('/api/referrals', body));
export const moveReferral = (id: string, body: ReferralMove) => asOwnChange(id, () => post<Referral>(`/api/referrals/${encodeURIComponent(id)}/move`, body));
