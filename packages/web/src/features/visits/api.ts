import type { PublishedInstrument, Visit, VisitIntervals } from '@carehub/core';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { ApiError, get } from '../../api';
import { cacheGet, cachePut, type OutboxItem } from '../../offline/db';
import { outboxEvents, useOutbox } from '../../offline/outbox';

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
  /** Registered on this phone and not (yet) in the registry: `personId` is the phone's id; its outbox state. */
  local?: OutboxItem['status'];
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

/** What the registration form sends: the person as PersonInput takes them, and the consent given at the door. */
export interface RegistrationBody {
  id: string;
  person: {
    cid?: string | null;
    cidMissingReason?: string | null;
    titleTh?: string | null;
    firstNameTh: string;
    lastNameTh: string;
    birthDate?: string | null;
    sex: string;
    areaCode: string;
    address?: { houseNo?: string | null; villageNo?: number | null; text?: string | null };
    phones?: string[];
  };
  consent?: { purpose: 'care_coordination'; givenBy: 'self' | 'guardian'; guardianName?: string | null; method: string; givenAt: string };
}

/**
 * The caseload as the volunteer should see it now: the server's (or the phone's copy of it), with
 * what the outbox already holds laid over it — a visit recorded and not yet reflected shows as the
 * last visit with its next date at once, and a person registered on this phone is listed until the
 * server's caseload has them. Refetched whenever the outbox delivers something.
 */
export function useCaseload(userId: string) {
  const query = useQuery(caseloadQuery(userId));
  const outbox = useOutbox(userId);
  const qc = useQueryClient();
  useEffect(() => {
    const refresh = () => {
      void qc.invalidateQueries({ queryKey: ['caseload', userId] });
      void qc.invalidateQueries({ queryKey: ['visits', 'mine', userId] });
    };
    outboxEvents.addEventListener('sent', refresh);
    return () => outboxEvents.removeEventListener('sent', refresh);
  }, [qc, userId]);
  const entries = useMemo(() => (query.data ? withOutbox(query.data.data, outbox) : undefined), [query.data, outbox]);
  return { query, entries, outbox };
}

export function withOutbox(server: CaseloadEntry[], outbox: OutboxItem[]): CaseloadEntry[] {
  const known = new Set(server.map((e) => e.personId));
  // The phone's id of a registered person stands for the server's once it is known.
  const alias = new Map(outbox.filter((i) => i.kind === 'registration' && i.serverPersonId).map((i) => [i.id, i.serverPersonId as string]));
  const latest = new Map<string, { visitedAt: string; nextVisitOn: string }>();
  for (const i of outbox) {
    if (i.kind !== 'visit' || i.status === 'error') continue;
    const b = i.body as { visitedAt: string; nextVisitOn: string };
    const personId = alias.get(i.personId) ?? i.personId;
    const seen = latest.get(personId);
    if (!seen || Date.parse(seen.visitedAt) < Date.parse(b.visitedAt)) latest.set(personId, { visitedAt: b.visitedAt, nextVisitOn: b.nextVisitOn });
  }
  const local: CaseloadEntry[] = outbox
    .filter((i) => i.kind === 'registration' && i.status !== 'error' && !(i.serverPersonId && known.has(i.serverPersonId)))
    .map((i) => {
      const p = (i.body as RegistrationBody).person;
      return {
        assignmentId: i.id,
        personId: i.serverPersonId ?? i.id,
        name: i.personName,
        age: null,
        sex: p.sex,
        address: [p.address?.houseNo, p.address?.villageNo ? `ม.${p.address.villageNo}` : null, p.address?.text].filter(Boolean).join(' '),
        phones: p.phones ?? [],
        version: 0,
        adlGroup: null,
        flags: [],
        gaps: [],
        lastVisitAt: null,
        nextVisitOn: null,
        openTasks: 0,
        volunteer: '',
        local: i.status,
      };
    });
  return [...local, ...server].map((e) => {
    const v = latest.get(e.personId) ?? latest.get(e.assignmentId);
    if (!v || (e.lastVisitAt && Date.parse(e.lastVisitAt) >= Date.parse(v.visitedAt))) return e;
    return { ...e, lastVisitAt: v.visitedAt, nextVisitOn: v.nextVisitOn };
  });
}
