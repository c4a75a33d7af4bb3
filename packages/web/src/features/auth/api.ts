import type { Me, Permission } from '@carehub/core';
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { ApiError, api, get } from '../../api';

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

const ME_KEY = 'carehub.me';

/**
 * GET /api/me. A 401 here only throws: the route guard turns it into a redirect to /login. With no
 * connection at all, the user last seen on this device is used, so a volunteer can open the app
 * offline; the server still checks the session on everything that is sent later.
 */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }) => {
    try {
      const me = await api<Me>('/api/me', { signal, on401: 'throw' });
      localStorage.setItem(ME_KEY, JSON.stringify(me));
      return me;
    } catch (e) {
      const cached = e instanceof ApiError && e.status === 0 ? localStorage.getItem(ME_KEY) : null;
      if (cached) return JSON.parse(cached) as Me;
      if (e instanceof ApiError && e.status === 401) localStorage.removeItem(ME_KEY);
      throw e;
    }
  },
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

export const logout = () => {
  localStorage.removeItem(ME_KEY);
  return api<void>('/api/auth/logout', { method: 'POST', on401: 'throw' });
};

export const sessionsQuery = queryOptions({
  queryKey: ['me', 'sessions'],
  queryFn: ({ signal }) => get<Session[]>('/api/me/sessions', undefined, signal),
});

/** POST /api/me/password: the current password and the new one; other sessions end. */
export const changeOwnPassword = (body: { currentPassword: string; newPassword: string }) => api<void>('/api/me/password', { method: 'POST', body });

export const revokeSession = (id: string) => api<void>(`/api/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
