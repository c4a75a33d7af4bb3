import type { Dashboard, DashboardPoints, MapKind } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api';

/** The area dashboard (counts, no names); `area` undefined: the server picks the user's own area. */
export const dashboardQuery = (area: string | undefined) =>
  queryOptions({
    queryKey: ['dashboard', area ?? ''],
    queryFn: ({ signal }) => get<Dashboard>('/api/dashboard', { area }, signal),
    // Live events say when the figures change; no need to poll or refetch on focus.
    staleTime: 5 * 60 * 1000,
    placeholderData: (previous) => previous,
  });

/** Where the area's located persons or recent visits are, for the map (coordinates and flags only). */
export const pointsQuery = (area: string, kind: MapKind) =>
  queryOptions({
    queryKey: ['dashboard', area, 'points', kind],
    queryFn: ({ signal }) => get<DashboardPoints>('/api/dashboard/points', { area, kind }, signal),
    staleTime: 5 * 60 * 1000,
  });
