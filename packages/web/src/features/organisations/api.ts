import type { Organisation, OrganisationType } from '@carehub/core';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get, type Paged, patch, post } from '../../api';

export type { Organisation };

export interface OrganisationBody {
  name: string;
  type: OrganisationType;
  areaCode: string;
  active: boolean;
}

export const ORGANISATIONS_PAGE_SIZE = 50;

export const organisationsQuery = (params: { q?: string; type?: string | null; page: number; pageSize?: number }) =>
  queryOptions({
    queryKey: ['organisations', 'list', params],
    queryFn: ({ signal }) =>
      get<Paged<Organisation>>(
        '/api/organisations',
        { q: params.q, type: params.type, page: params.page, pageSize: params.pageSize ?? ORGANISATIONS_PAGE_SIZE },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

export const createOrganisation = (body: OrganisationBody) => post<Organisation>('/api/organisations', body);
export const updateOrganisation = (id: string, body: Partial<OrganisationBody>) => patch<Organisation>(`/api/organisations/${encodeURIComponent(id)}`, body);
