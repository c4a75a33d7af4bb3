import type { AreaPlan, AreaPlanCreate, AreaPlanListItem, AreaPlanSave, AreaProjectProgress } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { del, get, post, put } from '../../api';

/** Every query of area plans starts with this key, so one invalidation refreshes lists and plans. */
export const areaPlansKey = ['areaplans'] as const;

export const areaPlansQuery = (filter: { area?: string | null; year?: number | null }) =>
  queryOptions({
    queryKey: [...areaPlansKey, 'list', filter.area ?? '', filter.year ?? ''],
    queryFn: ({ signal }) => get<AreaPlanListItem[]>('/api/area-plans', { area: filter.area ?? undefined, year: filter.year ?? undefined }, signal),
  });

export const areaPlanQuery = (id: string) =>
  queryOptions({
    queryKey: [...areaPlansKey, 'plan', id],
    queryFn: ({ signal }) => get<AreaPlan>(`/api/area-plans/${id}`, undefined, signal),
  });

export const areaPlanPdfUrl = (id: string) => `/api/area-plans/${id}/pdf`;

export const createAreaPlan = (body: AreaPlanCreate) => post<AreaPlan>('/api/area-plans', body);
export const saveAreaPlan = (id: string, body: AreaPlanSave) => put<AreaPlan>(`/api/area-plans/${id}`, body);
export const recordProjectProgress = (id: string, projectId: string, body: AreaProjectProgress) =>
  post<AreaPlan>(`/api/area-plans/${id}/projects/${projectId}/progress`, body);
export const approveAreaPlan = (id: string, version: number) => post<AreaPlan>(`/api/area-plans/${id}/approve`, { version });
export const closeAreaPlan = (id: string, version: number) => post<AreaPlan>(`/api/area-plans/${id}/close`, { version });
export const deleteAreaPlan = (id: string, version: number) => del<void>(`/api/area-plans/${id}?version=${version}&confirm=true`);
