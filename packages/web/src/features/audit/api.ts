import type { AuditEvent } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged } from '../../api';

export type { AuditEvent };

export interface AuditFilters {
  /** One line for a user's repeated list reads in an hour (the server's default). */
  summarise?: boolean;
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
