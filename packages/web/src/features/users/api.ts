import type { Role, User } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged, patch, post } from '../../api';

export type { User };

export interface UserCreateBody {
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  scopes: string[];
  password: string;
  /** Confirms scopes outside the organisation's area, with the reason (audited). */
  scopeException?: { reason: string };
}

/** `currentPassword` goes with `password` when admins change their own. */
export type UserUpdateBody = Partial<Omit<UserCreateBody, 'username'> & { active: boolean; currentPassword: string }>;

export const USERS_PAGE_SIZE = 50;

export const usersQuery = (params: { q?: string; page: number }) =>
  queryOptions({
    queryKey: ['users', 'list', params],
    queryFn: ({ signal }) => get<Paged<User>>('/api/users', { q: params.q, page: params.page, pageSize: USERS_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

export const createUser = (body: UserCreateBody) => post<User>('/api/users', body);
export const updateUser = (id: string, body: UserUpdateBody) => patch<User>(`/api/users/${encodeURIComponent(id)}`, body);
export const revokeUserSessions = (id: string) => post<{ revoked: number }>(`/api/users/${encodeURIComponent(id)}/revoke-sessions`);
