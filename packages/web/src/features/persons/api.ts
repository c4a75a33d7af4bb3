import type { Person, PersonSummary, TimelineEntry } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged } from '../../api';

export type { Person, PersonSummary, TimelineEntry };

export const PERSONS_PAGE_SIZE = 20;

export interface PersonFilters {
  q?: string;
  area?: string | null;
  vulnerability?: string;
  disabilityType?: number;
  adlGroup?: string;
  gap?: string;
  status?: string;
  page: number;
}

export const personsQuery = (params: PersonFilters) =>
  queryOptions({
    queryKey: ['persons', 'list', params],
    queryFn: ({ signal }) => get<Paged<PersonSummary>>('/api/persons', { ...params, pageSize: PERSONS_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

export const personQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'one', id],
    queryFn: ({ signal }) => get<Person>(`/api/persons/${encodeURIComponent(id)}`, undefined, signal),
  });

export interface ProvenanceEntry {
  field: string;
  value: unknown;
  source: 'user' | 'import' | 'visit';
  sourceRef: string | null;
  recordedAt: string;
  recordedBy: string | null;
}
export interface Share {
  id: string;
  organisationId: string;
  organisationName: string;
  createdAt: string;
  revokedAt: string | null;
}

export const provenanceQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'one', id, 'provenance'],
    queryFn: ({ signal }) => get<ProvenanceEntry[]>(`/api/persons/${id}/provenance`, undefined, signal),
  });
export const timelineQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'one', id, 'timeline'],
    queryFn: ({ signal }) => get<TimelineEntry[]>(`/api/persons/${id}/timeline`, undefined, signal),
  });
export const sharesQuery = (id: string) =>
  queryOptions({ queryKey: ['persons', 'one', id, 'shares'], queryFn: ({ signal }) => get<Share[]>(`/api/persons/${id}/shares`, undefined, signal) });

/** 1103702071811 → 1-1037-02071-81-1 (the way it is printed on the card); masked or odd values unchanged. */
export function formatCid(cid: string): string {
  return /^\d{13}$/.test(cid) ? `${cid[0]}-${cid.slice(1, 5)}-${cid.slice(5, 10)}-${cid.slice(10, 12)}-${cid[12]}` : cid;
}

/** "นาง สมศรี ใจดี" */
export function fullName(p: Pick<PersonSummary, 'titleTh' | 'firstNameTh' | 'lastNameTh'>): string {
  return [p.titleTh, p.firstNameTh, p.lastNameTh].filter(Boolean).join(' ');
}
