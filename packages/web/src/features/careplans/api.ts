import type { CarePlanAgreementInput, CarePlanBody, CarePlanSave, CaseConferenceInput, CaseTeamMemberInput, Label, Organisation, User } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged, post, put } from '../../api';

export interface PlanAgreement {
  agreedBy: string;
  agreedByName: string;
  method: string;
  agreedOn: string;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface PlanChangeRow {
  part: string;
  id: string;
  change: string;
}

export interface PlanHistoryEntry {
  version: number;
  createdAt: string;
  createdBy: string;
  changeNote: string | null;
  agreed: boolean;
  changes: PlanChangeRow[];
}

export interface UnplannedNeed {
  need: string;
  label: Label;
  source: { kind: 'visit' | 'assessment'; id: string };
  foundAt: string;
  note: string | null;
}

/** GET /api/persons/:id/care-plan: one version (0 while there is no plan), with the history and the needs not yet planned for. */
export interface CarePlanView {
  version: number;
  body: CarePlanBody;
  changeNote: string | null;
  createdAt: string | null;
  createdBy: string | null;
  agreement: PlanAgreement | null;
  organisations: Record<string, string>;
  history: PlanHistoryEntry[];
  unplannedNeeds: UnplannedNeed[];
}

export interface TeamMember {
  id: string;
  role: string;
  userId: string | null;
  name: string;
  organisationId: string | null;
  organisation: string | null;
  phone: string | null;
  addedAt: string;
}

export interface Conference {
  id: string;
  heldOn: string;
  place: string | null;
  attendees: Array<{ name: string; role: string; organisation?: string }>;
  summary: string | null;
  decisions: Array<{ text: string; activityId?: string }>;
  planVersion: number | null;
  recordedBy: string;
  recordedAt: string;
}

/** Every query of one person's plan starts with this key, so one invalidation refreshes them all. */
export const carePlanKey = (personId: string) => ['careplan', personId] as const;

/** The latest version (no `version`) or a given one. */
export const carePlanQuery = (personId: string, version?: number) =>
  queryOptions({
    queryKey: [...carePlanKey(personId), version ?? 'latest'],
    queryFn: ({ signal }) => get<CarePlanView>(`/api/persons/${personId}/care-plan`, { version }, signal),
  });

export const teamQuery = (personId: string) =>
  queryOptions({
    queryKey: ['careteam', personId],
    queryFn: ({ signal }) => get<TeamMember[]>(`/api/persons/${personId}/team`, undefined, signal),
  });

export const conferencesQuery = (personId: string) =>
  queryOptions({
    queryKey: ['conferences', personId],
    queryFn: ({ signal }) => get<Conference[]>(`/api/persons/${personId}/conferences`, undefined, signal),
  });

/** Active organisations anywhere (a plan may name a hospital in another district), by name. */
export const organisationChoicesQuery = (q: string) =>
  queryOptions({
    queryKey: ['organisations', 'choose', q],
    queryFn: ({ signal }) => get<Paged<Organisation>>('/api/organisations', { all: true, q, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

/** CareHub users by name, for those allowed to list them (users.manage). */
export const userChoicesQuery = (q: string) =>
  queryOptions({
    queryKey: ['users', 'choose', q],
    queryFn: ({ signal }) => get<Paged<User>>('/api/users', { q, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const pdfUrl = (personId: string, version?: number) => `/api/persons/${personId}/care-plan.pdf${version ? `?version=${version}` : ''}`;

export const saveCarePlan = (personId: string, body: CarePlanSave) => put<CarePlanView>(`/api/persons/${personId}/care-plan`, body);
export const recordAgreement = (personId: string, body: CarePlanAgreementInput) => post<CarePlanView>(`/api/persons/${personId}/care-plan/agreement`, body);
export const addTeamMember = (personId: string, body: CaseTeamMemberInput) => post<TeamMember[]>(`/api/persons/${personId}/team`, body);
export const removeTeamMember = (personId: string, memberId: string) => post<TeamMember[]>(`/api/persons/${personId}/team/${memberId}/remove`, {});
export const recordConference = (personId: string, body: CaseConferenceInput) => post<Conference>(`/api/persons/${personId}/conferences`, body);
