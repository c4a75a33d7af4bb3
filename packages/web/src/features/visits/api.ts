import type { PublishedInstrument, Visit, VisitIntervals } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, get } from '../../api';
import { cacheGet, cachePut } from '../../offline/db';

export type { Visit };

export interface CaseloadEntry {
  assignmentId: string;
  personId: string;
  name: string;
  age: number | null;
  sex: string;
  address: string;
  phones: string[];
  version: number;
  adlGroup: string | null;
  flags: string[];
  gaps: string[];
  lastVisitAt: string | null;
  nextVisitOn: string | null;
  openTasks: number;
  volunteer: string;
}

/** The server's answer when there is one, kept on the device; the device's copy when there is none. */
async function withOfflineCopy<T>(key: string, userId: string, load: () => Promise<T>): Promise<{ data: T; savedAt: number; offline: boolean }> {
  try {
    const data = await load();
    await cachePut(key, userId, data);
    return { data, savedAt: Date.now(), offline: false };
  } catch (e) {
    const copy = e instanceof ApiError && e.status === 0 ? await cacheGet<T>(key, userId) : undefined;
    if (copy) return { data: copy.data, savedAt: copy.savedAt, offline: true };
    throw e;
  }
}

export const caseloadQuery = (userId: string) =>
  queryOptions({
    queryKey: ['caseload', userId],
    queryFn: ({ signal }) => withOfflineCopy('caseload', userId, () => get<CaseloadEntry[]>('/api/caseload', undefined, signal)),
    networkMode: 'always',
  });

export const offlineInstrumentsQuery = (userId: string) =>
  queryOptions({
    queryKey: ['instruments', 'offline', userId],
    queryFn: ({ signal }) => withOfflineCopy('instruments', userId, () => get<PublishedInstrument[]>('/api/instruments', undefined, signal)),
    networkMode: 'always',
    staleTime: 10 * 60_000,
  });

/** The installation's visit intervals by ADL group, kept on the device for offline suggestions. */
export const visitSettingsQuery = (userId: string) =>
  queryOptions({
    queryKey: ['visits', 'settings', userId],
    queryFn: ({ signal }) => withOfflineCopy('visit-settings', userId, () => get<{ intervals: VisitIntervals }>('/api/visits/settings', undefined, signal)),
    networkMode: 'always',
    staleTime: 60 * 60_000,
  });

export const myVisitsQuery = (userId: string, status?: 'pending' | 'approved' | 'returned') =>
  queryOptions({
    queryKey: ['visits', 'mine', userId, status ?? 'all'],
    queryFn: ({ signal }) => get<Visit[]>('/api/visits', { recordedBy: userId, status, limit: 50 }, signal),
    retry: false,
  });

export const pendingVisitsQuery = queryOptions({
  queryKey: ['visits', 'pending'],
  queryFn: ({ signal }) => get<Visit[]>('/api/visits', { status: 'pending', limit: 200 }, signal),
});
