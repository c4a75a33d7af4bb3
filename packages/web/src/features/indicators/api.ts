import type { IndicatorListItem, IndicatorValues } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get, patch } from '../../api';

/** Every indicator for an area (counts only) by month, and per child area for the last month; `area` undefined: my own area. */
export const indicatorValuesQuery = (area: string | undefined) =>
  queryOptions({
    queryKey: ['indicators', 'values', area ?? ''],
    queryFn: ({ signal }) => get<IndicatorValues>('/api/indicators/values', { area }, signal),
    staleTime: 5 * 60 * 1000,
    placeholderData: (previous) => previous,
  });

export const indicatorListQuery = queryOptions({
  queryKey: ['indicators', 'list'],
  queryFn: ({ signal }) => get<{ indicators: IndicatorListItem[]; invalid: Array<{ code: string; problems: string[] }> }>('/api/indicators', undefined, signal),
});

export const setTarget = (code: string, target: number | null) => patch<IndicatorListItem>(`/api/indicators/${encodeURIComponent(code)}`, { target });
