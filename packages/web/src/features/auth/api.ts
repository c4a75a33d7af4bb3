import type { Me, Permission } from '@carehub/core';
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { api, get } from '../../api';

export type { Me };

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** GET /api/me. A 401 here only throws: the route guard turns it into a redirect to /login. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: ({ signal }) => api<Me>('/api/me', { signal, on401: 'throw' }),
  staleTime: 5 * 60 * 1000,
  retry: false,
});

/** The signed-in user (the authenticated layout has loaded it before any page renders). */
export function useMe(): Me {
  return useSuspenseQuery(meQuery).data;
}

export function hasPermission(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

export const login = (body: { username: string; password: string }) => api<Me>('/api/auth/login', { method: 'POST', body, on401: 'throw' });

export const logout = () => api<void>('/api/auth/logout', { method: 'POST', on401: 'throw' });

export const sessionsQuery = queryOptions({
  queryKey: ['me', 'sessions'],
  queryFn: ({ signal }) => get<Session[]>('/api/me/sessions', undefined, signal),
});

export const revokeSession = (id: string) => api<void>(`/api/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
