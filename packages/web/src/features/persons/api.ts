import type { Person } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged } from '../../api';

export type PersonSummary = Omit<Person, 'version' | 'createdAt' | 'updatedAt'>;
export type { Person };

export const PERSONS_PAGE_SIZE = 20;

export const personsQuery = (params: { q?: string; area?: string | null; page: number }) =>
  queryOptions({
    queryKey: ['persons', 'list', params],
    queryFn: ({ signal }) =>
      get<Paged<PersonSummary>>('/api/persons', { q: params.q, area: params.area, page: params.page, pageSize: PERSONS_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

export const personQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'one', id],
    queryFn: ({ signal }) => get<Person>(`/api/persons/${encodeURIComponent(id)}`, undefined, signal),
  });

/** 1103702071811 → 1-1037-02071-81-1 (the way it is printed on the card); masked or odd values unchanged. */
export function formatCid(cid: string): string {
  return /^\d{13}$/.test(cid) ? `${cid[0]}-${cid.slice(1, 5)}-${cid.slice(5, 10)}-${cid.slice(10, 12)}-${cid[12]}` : cid;
}

/** "นาง สมศรี ใจดี" */
export function fullName(p: Pick<PersonSummary, 'titleTh' | 'firstNameTh' | 'lastNameTh'>): string {
  return [p.titleTh, p.firstNameTh, p.lastNameTh].filter(Boolean).join(' ');
}
