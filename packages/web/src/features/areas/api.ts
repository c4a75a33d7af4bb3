import type { Area } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api';

/** A search hit with its district and province: "ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา" / "Bo Yang, Mueang Songkhla, Songkhla". */
export type AreaWithPath = Area & { path: string; pathEn: string };
export type AreaDetail = Area & { ancestors: Area[] };

/** The geography hardly changes: keep it for the whole visit. */
const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: 60 * 60 * 1000 } as const;

/** Provinces when `parent` is null, else the children of `parent`. */
export const childrenQuery = (parent: string | null) =>
  queryOptions({
    queryKey: ['areas', 'children', parent ?? ''],
    queryFn: ({ signal }) => get<Area[]>('/api/areas', { parent: parent ?? undefined }, signal),
    ...forever,
  });

export const areaDetailQuery = (code: string) =>
  queryOptions({
    queryKey: ['areas', 'detail', code],
    queryFn: ({ signal }) => get<AreaDetail>(`/api/areas/${encodeURIComponent(code)}`, undefined, signal),
    ...forever,
  });

export const areaSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['areas', 'search', q],
    queryFn: ({ signal }) => get<AreaWithPath[]>('/api/areas/search', { q }, signal),
    staleTime: 5 * 60 * 1000,
  });
