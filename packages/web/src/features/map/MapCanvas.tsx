import 'maplibre-gl/dist/maplibre-gl.css';
import { Alert, Box } from '@mantine/core';
import { addProtocol, type GeoJSONSource, Map as MapLibreMap, NavigationControl, Popup, type StyleSpecification, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Protocol } from 'pmtiles';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoundaryCollection, MapSettings } from './api';
import { NO_DATA } from './choropleth';

// The worker ships as a file of the build (same origin), not found next to a bundled chunk by MapLibre itself.
setWorkerUrl(workerUrl);
// PMTiles archives are read in byte ranges from the server: pmtiles://<same-origin URL>.
let protocolAdded = false;
function ensureProtocol() {
  if (protocolAdded) return;
  addProtocol('pmtiles', new Protocol().tile);
  protocolAdded = true;
}

export interface MapPoint {
  lng: number;
  lat: number;
  colour: string;
  /** Plain text shown when the point is chosen (never HTML). */
  label?: string;
}

export interface MapCanvasProps {
  settings: MapSettings;
  boundaries: BoundaryCollection | null;
  /** Fill colour and a value text per child-area code; areas not listed are drawn in NO_DATA. */
  fills: Record<string, { colour: string; text: string; name: string }>;
  points: MapPoint[];
  /** Where to look when there are no boundaries or points. */
  fallbackBounds: [number, number, number, number] | null;
  /** Accessible name of the map (the figures are also in the legend and the table beside it). */
  label: string;
  height?: number;
}

export const LAYERS = { fill: 'carehub-areas-fill', line: 'carehub-areas-line', outline: 'carehub-area-outline', points: 'carehub-points' } as const;

type FeatureCollection = { type: 'FeatureCollection'; features: unknown[] };

function areaData(boundaries: BoundaryCollection | null, fills: MapCanvasProps['fills']): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: (boundaries?.features ?? []).map((f) => ({
      ...f,
      properties: {
        ...f.properties,
        fill: fills[f.properties.code]?.colour ?? NO_DATA,
        text: fills[f.properties.code]?.text ?? '—',
        name: fills[f.properties.code]?.name ?? f.properties.code,
      },
    })),
  };
}

function pointData(points: MapPoint[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      properties: { colour: p.colour, label: p.label ?? '' },
      geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
    })),
  };
}

/**
 * MapLibre GL on this server's data only: a plain background, the offline PMTiles basemap when the
 * server has one (or an online XYZ template only when configured), child areas filled by the chosen
 * indicator, the area's outline, and points. No glyphs or sprites are loaded (no text layers), so
 * nothing is fetched from anywhere else. The MapLibre instance is kept on the container element as
 * `carehubMap` so a browser test can query what was rendered.
 */
export default function MapCanvas({ settings, boundaries, fills, points, fallbackBounds, label, height = 420 }: MapCanvasProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef({ boundaries, fills, points });
  latest.current = { boundaries, fills, points };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is made once per basemap; data changes go through setData below.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const raster = settings.basemap && ['png', 'jpeg', 'webp'].includes(settings.basemap.tileType);
    if (raster) ensureProtocol();
    const style: StyleSpecification = {
      version: 8,
      sources: {
        ...(raster && settings.basemap
          ? {
              basemap: {
                type: 'raster',
                url: `pmtiles://${window.location.origin}${settings.basemap.url}`,
                tileSize: 256,
              },
            }
          : settings.tileUrl
            ? { basemap: { type: 'raster', tiles: [settings.tileUrl], tileSize: 256 } }
            : {}),
        areas: { type: 'geojson', data: areaData(latest.current.boundaries, latest.current.fills) as never },
        points: { type: 'geojson', data: pointData(latest.current.points) as never },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#f1f3f5' } },
        ...(raster || settings.tileUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
        {
          id: LAYERS.fill,
          type: 'fill',
          source: 'areas',
          filter: ['!', ['get', 'self']],
          paint: { 'fill-color': ['get', 'fill'], 'fill-opacity': 0.75 },
        },
        { id: LAYERS.line, type: 'line', source: 'areas', filter: ['!', ['get', 'self']], paint: { 'line-color': '#495057', 'line-width': 1 } },
        { id: LAYERS.outline, type: 'line', source: 'areas', filter: ['get', 'self'], paint: { 'line-color': '#212529', 'line-width': 2.5 } },
        {
          id: LAYERS.points,
          type: 'circle',
          source: 'points',
          paint: { 'circle-radius': 5, 'circle-color': ['get', 'colour'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
        },
      ],
    };
    let m: MapLibreMap;
    try {
      m = new MapLibreMap({ container: el, style, attributionControl: false, maxZoom: 18, fadeDuration: 0 });
    } catch (e) {
      setFailed((e as Error).message);
      return;
    }
    map.current = m;
    (el as HTMLDivElement & { carehubMap?: MapLibreMap }).carehubMap = m;
    m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    m.on('load', () => setLoaded(true));
    m.on('error', (e) => {
      // A missing basemap tile is not worth a banner; anything else is said.
      if (!/tile/i.test(String(e.error?.message ?? ''))) setFailed(String(e.error?.message ?? 'error'));
    });
    m.on('click', LAYERS.fill, (e) => {
      const f = e.features?.[0];
      if (!f) return;
      const node = document.createElement('div');
      node.textContent = `${f.properties.name}: ${f.properties.text}`;
      new Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(node).addTo(m);
    });
    m.on('click', LAYERS.points, (e) => {
      const f = e.features?.[0];
      if (!f?.properties.label) return;
      const node = document.createElement('div');
      node.textContent = String(f.properties.label);
      new Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(node).addTo(m);
    });
    return () => {
      m.remove();
      map.current = null;
      setLoaded(false);
    };
  }, [settings.basemap?.url, settings.basemap?.bytes, settings.tileUrl]);

  // Data and view follow the props once the style is loaded.
  useEffect(() => {
    const m = map.current;
    if (!m || !loaded) return;
    (m.getSource('areas') as GeoJSONSource | undefined)?.setData(areaData(boundaries, fills) as never);
    (m.getSource('points') as GeoJSONSource | undefined)?.setData(pointData(points) as never);
  }, [loaded, boundaries, fills, points]);

  const boundsKey = JSON.stringify(boundaries?.bbox ?? fallbackBounds);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the area's box changes, not on every indicator.
  useEffect(() => {
    const m = map.current;
    const box = boundaries?.bbox ?? fallbackBounds;
    if (!m || !loaded || !box) return;
    const pad = Math.max(0.002, (box[2] - box[0]) * 0.05);
    m.fitBounds(
      [
        [box[0] - pad, box[1] - pad],
        [box[2] + pad, box[3] + pad],
      ],
      { animate: false, padding: 16 },
    );
  }, [loaded, boundsKey]);

  if (failed)
    return (
      <Alert color="orange" role="alert" data-map-failed>
        {t('mapView.failed', { reason: failed })}
      </Alert>
    );
  return (
    <Box
      ref={container}
      role="region"
      aria-label={label}
      data-map-canvas
      data-map-loaded={loaded ? 'true' : 'false'}
      style={{ height, width: '100%', borderRadius: 8, overflow: 'hidden' }}
    />
  );
}
