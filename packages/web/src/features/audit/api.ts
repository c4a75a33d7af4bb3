import type { AuditEvent } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged } from '../../api';

export type { AuditEvent };

/** Actions the server records (packages/server/src/modules/*); unknown ones are shown by their code. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_refused',
  'auth.logout',
  'auth.session_revoked',
  'person.read',
  'person.search',
  'person.create',
  'person.update',
  'user.create',
  'user.update',
  'user.permissions_changed',
  'user.revoke_sessions',
  'organisation.create',
  'organisation.update',
  'export',
] as const;

export interface AuditFilters {
  action?: string;
  actor?: string;
  subjectId?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditQuery = (filters: AuditFilters, page: number) =>
  queryOptions({
    queryKey: ['audit', filters, page],
    queryFn: ({ signal }) => get<Paged<AuditEvent>>('/api/audit', { ...filters, page, pageSize: AUDIT_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
