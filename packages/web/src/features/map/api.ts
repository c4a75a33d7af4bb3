import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api';

/** What the map draws under the boundaries (server `modules/areas/basemap.ts`). */
export interface MapSettings {
  basemap: {
    url: string;
    source: 'config' | 'upload';
    tileType: string;
    minZoom: number;
    maxZoom: number;
    bounds: [number, number, number, number];
    center: [number, number, number];
    bytes: number;
  } | null;
  tileUrl: string | null;
}

export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; level: 'province' | 'district' | 'subdistrict' | 'village'; self: boolean };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
}

/** An area's outline and its child areas' polygons, within the user's scope (server `modules/areas/boundaries.ts`). */
export interface BoundaryCollection {
  type: 'FeatureCollection';
  area: string;
  bbox: [number, number, number, number] | null;
  features: BoundaryFeature[];
}

export const UNMATCHED_REASONS = ['no_code', 'bad_code', 'unknown_area', 'outside_scope', 'bad_geometry', 'duplicate'] as const;

export interface BoundaryReport {
  uploadId: string | null;
  dryRun: boolean;
  property: string;
  features: number;
  matched: number;
  byLevel: { province: number; district: number; subdistrict: number; village: number };
  unmatchedCount: number;
  unmatched: Array<{ index: number; value: string | null; name: string | null; reason: (typeof UNMATCHED_REASONS)[number] }>;
}

export const mapSettingsQuery = () =>
  queryOptions({
    queryKey: ['map', 'settings'],
    queryFn: ({ signal }) => get<MapSettings>('/api/map/settings', undefined, signal),
    staleTime: 30 * 60 * 1000,
  });

export const boundariesQuery = (area: string) =>
  queryOptions({
    queryKey: ['map', 'boundaries', area],
    queryFn: ({ signal }) => get<BoundaryCollection>('/api/map/boundaries', { area }, signal),
    staleTime: 30 * 60 * 1000,
  });
