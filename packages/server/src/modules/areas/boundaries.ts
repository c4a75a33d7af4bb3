import { areaLevel, ErrorResponse, inScope } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { type Actor, asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';

/**
 * Area boundaries for the map (issue 17, item 9): an admin uploads GeoJSON polygons (e.g. the national
 * administrative boundaries of the subdistricts, or a district's village polygons), picks the property
 * that holds each feature's DOPA geocode, and gets back which features matched an area and why each
 * other one did not; the matched ones are stored (migration 0024). The map reads the shown area's
 * outline and its child areas' polygons, only within the user's scope.
 */

/** Upload size and feature limits: the national subdistrict file (7,400 polygons) fits when simplified. */
export const MAX_BOUNDARY_BYTES = 64 * 1024 * 1024;
export const MAX_BOUNDARY_FEATURES = 20_000;
/** Unmatched features listed one by one in the report; the rest are counted. */
export const MAX_LISTED_UNMATCHED = 500;

export const UNMATCHED_REASONS = ['no_code', 'bad_code', 'unknown_area', 'outside_scope', 'bad_geometry', 'duplicate'] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export const BoundaryReport = z.object({
  uploadId: z.string().nullable(),
  dryRun: z.boolean(),
  property: z.string(),
  features: z.number().int(),
  matched: z.number().int(),
  byLevel: z.object({ province: z.number().int(), district: z.number().int(), subdistrict: z.number().int(), village: z.number().int() }),
  unmatchedCount: z.number().int(),
  /** At most MAX_LISTED_UNMATCHED, in file order: the feature's index (0-based), its value of the property, a name if it has one. */
  unmatched: z.array(z.object({ index: z.number().int(), value: z.string().nullable(), name: z.string().nullable(), reason: z.enum(UNMATCHED_REASONS) })),
});
export type BoundaryReport = z.infer<typeof BoundaryReport>;

export const BoundaryCollection = z.object({
  type: z.literal('FeatureCollection'),
  area: z.string(),
  /** [west, south, east, north] of the features, or null when there are none. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({ code: z.string(), level: z.enum(['province', 'district', 'subdistrict', 'village']), self: z.boolean() }),
      geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
    }),
  ),
});
export type BoundaryCollection = z.infer<typeof BoundaryCollection>;

type Position = [number, number];
type Bbox = [number, number, number, number];

/**
 * A DOPA geocode from a feature's property: digits (Thai digits allowed), with a leading "TH" as in the
 * national p-codes (TH900101), of 2, 4, 6 or 8 digits; else null.
 */
export function normaliseCode(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  let s = String(value)
    .trim()
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/[\s-]/g, '');
  if (/^TH/i.test(s)) s = s.slice(2);
  if (!/^\d+$/.test(s) || ![2, 4, 6, 8].includes(s.length)) return null;
  if (s.length === 8 && s.endsWith('00')) return null;
  return s;
}

function validRing(ring: unknown, box: Bbox): boolean {
  if (!Array.isArray(ring) || ring.length < 4) return false;
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2) return false;
    const [x, y] = p as Position;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (x < -180 || x > 180 || y < -90 || y > 90) return false;
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  return first[0] === last[0] && first[1] === last[1];
}

/**
 * A GeoJSON Polygon or MultiPolygon with closed rings of at least four longitude/latitude positions,
 * reduced to two coordinates a position rounded to 6 decimals (about 0.1 m), and its bounding box; or null.
 */
export function checkGeometry(g: unknown): { geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] }; bbox: Bbox } | null {
  if (!g || typeof g !== 'object') return null;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  const valid = (coords: unknown, box: Bbox) => {
    const polygon = (rings: unknown) => Array.isArray(rings) && rings.length > 0 && rings.every((r) => validRing(r, box));
    if (type === 'Polygon') return polygon(coords);
    return type === 'MultiPolygon' && Array.isArray(coords) && coords.length > 0 && coords.every(polygon);
  };
  if (!valid(coordinates, [Infinity, Infinity, -Infinity, -Infinity])) return null;
  const round = (v: unknown): unknown =>
    Array.isArray(v) && typeof v[0] === 'number'
      ? [Math.round((v[0] as number) * 1e6) / 1e6, Math.round((v[1] as number) * 1e6) / 1e6]
      : (v as unknown[]).map(round);
  const rounded = round(coordinates) as unknown[];
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  // Rounding can close an almost-closed ring or collapse a tiny one: judged again as stored.
  if (!valid(rounded, box)) return null;
  return { geometry: { type: type as 'Polygon' | 'MultiPolygon', coordinates: rounded }, bbox: box };
}

function featureName(props: Record<string, unknown>, property: string): string | null {
  const key = Object.keys(props).find((k) => k !== property && /(^|_)(name|nam|th|en)(_|$)|name/i.test(k) && typeof props[k] === 'string');
  return key ? String(props[key]).slice(0, 120) : null;
}

function fileProblem(path: string, th: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(400, 'validation.failed', { fields: [{ path, message_th: th, message_en: en }], ...extra });
}

interface ParsedFeature {
  properties: Record<string, unknown>;
  geometry: unknown;
}

/** The features of a GeoJSON FeatureCollection in `bytes`, or a 400 saying what is wrong with the file. */
export function parseFeatureCollection(bytes: Buffer): ParsedFeature[] {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw fileProblem('file', 'ไฟล์นี้ไม่ใช่ GeoJSON (อ่านเป็น JSON ไม่ได้)', 'This file is not GeoJSON (it is not valid JSON)');
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw fileProblem('file', 'ไฟล์ต้องเป็น GeoJSON แบบ FeatureCollection', 'The file must be a GeoJSON FeatureCollection');
  if (fc.features.length === 0) throw fileProblem('file', 'ไฟล์ไม่มีขอบเขตพื้นที่ใดเลย', 'The file holds no features');
  if (fc.features.length > MAX_BOUNDARY_FEATURES)
    throw fileProblem(
      'file',
      `ไฟล์มีขอบเขตมากเกิน ${MAX_BOUNDARY_FEATURES.toLocaleString('th-TH')} รายการ กรุณาแบ่งไฟล์`,
      `The file holds more than ${MAX_BOUNDARY_FEATURES.toLocaleString('en')} features; split it`,
    );
  return fc.features.map((f) => {
    const o = (f && typeof f === 'object' ? f : {}) as { properties?: unknown; geometry?: unknown };
    const properties = o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties) ? (o.properties as Record<string, unknown>) : {};
    return { properties, geometry: o.geometry };
  });
}

/** Property names found on the features, most frequent first (for the admin to choose from). */
export function propertyNames(features: ParsedFeature[]): string[] {
  const n = new Map<string, number>();
  for (const f of features) for (const k of Object.keys(f.properties)) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

/** Checks, matches and (unless a dry run) stores an upload, as the actor, in one transaction; audited. */
export async function uploadBoundaries(
  database: Database,
  actor: Actor,
  bytes: Buffer,
  opts: { property: string; fileName?: string; dryRun: boolean },
): Promise<BoundaryReport> {
  const features = parseFeatureCollection(bytes);
  const names = propertyNames(features);
  if (!names.includes(opts.property))
    throw fileProblem(
      'property',
      `ไม่พบคุณสมบัติ "${opts.property}" ในไฟล์ กรุณาเลือกคุณสมบัติที่เก็บรหัสพื้นที่`,
      `No feature has the property "${opts.property}"; choose the property that holds the area code`,
      { properties: names.slice(0, 50) },
    );
  return asUser(database.db, actor, async (tx) => {
    const candidates = features.map((f) => normaliseCode(f.properties[opts.property]));
    const wanted = [...new Set(candidates.filter((c): c is string => c !== null).map((c) => c.slice(0, 6)))];
    const known = new Set<string>();
    for (let i = 0; i < wanted.length; i += 5000) {
      const rows = await tx
        .selectFrom('areas')
        .select('code')
        .where('code', 'in', wanted.slice(i, i + 5000))
        .execute();
      for (const r of rows) known.add(r.code);
    }
    const seen = new Set<string>();
    const unmatched: BoundaryReport['unmatched'] = [];
    let unmatchedCount = 0;
    const matched: Array<{ code: string; geometry: unknown; bbox: Bbox; name: string | null }> = [];
    features.forEach((f, index) => {
      const raw = f.properties[opts.property];
      const value = raw === undefined || raw === null ? null : String(raw).slice(0, 60);
      const code = candidates[index] ?? null;
      let reason: UnmatchedReason | null = null;
      const geom = checkGeometry(f.geometry);
      if (value === null || value === '') reason = 'no_code';
      else if (!code) reason = 'bad_code';
      else if (!known.has(code.slice(0, 6))) reason = 'unknown_area';
      else if (!inScope(code, actor.scopes)) reason = 'outside_scope';
      else if (!geom) reason = 'bad_geometry';
      else if (seen.has(code)) reason = 'duplicate';
      if (reason || !code || !geom) {
        unmatchedCount++;
        if (unmatched.length < MAX_LISTED_UNMATCHED)
          unmatched.push({ index, value, name: featureName(f.properties, opts.property), reason: reason ?? 'bad_geometry' });
        return;
      }
      seen.add(code);
      matched.push({ code, geometry: geom.geometry, bbox: geom.bbox, name: featureName(f.properties, opts.property) });
    });
    const byLevel = { province: 0, district: 0, subdistrict: 0, village: 0 };
    for (const m of matched) byLevel[areaLevel(m.code) as keyof typeof byLevel]++;
    let uploadId: string | null = null;
    if (!opts.dryRun && matched.length) {
      const up = await sql<{ id: string }>`
        INSERT INTO boundary_uploads (file_name, property, features, matched, unmatched, area_code, uploaded_by)
        VALUES (${opts.fileName?.slice(0, 200) ?? null}, ${opts.property}, ${features.length}, ${matched.length},
                ${JSON.stringify(unmatched)}::jsonb, ${actor.areaCode}, ${actor.userId})
        RETURNING id`.execute(tx);
      uploadId = up.rows[0]!.id;
      for (let i = 0; i < matched.length; i += 200) {
        const chunk = matched.slice(i, i + 200);
        const values = chunk.map(
          (m) =>
            sql`(${m.code}, ${areaLevel(m.code)}, ${m.name}, ${JSON.stringify(m.geometry)}::jsonb, ${m.bbox[0]}, ${m.bbox[1]}, ${m.bbox[2]}, ${m.bbox[3]}, ${uploadId}::uuid)`,
        );
        await sql`
          INSERT INTO area_boundaries (code, level, name, geometry, min_lng, min_lat, max_lng, max_lat, upload_id)
          VALUES ${sql.join(values)}
          ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name, geometry = excluded.geometry,
            min_lng = excluded.min_lng, min_lat = excluded.min_lat, max_lng = excluded.max_lng, max_lat = excluded.max_lat,
            upload_id = excluded.upload_id, updated_at = now()`.execute(tx);
      }
    }
    if (!opts.dryRun)
      await audit(tx, actor, {
        action: 'map.boundaries_uploaded',
        subjectType: 'map',
        subjectId: uploadId ?? undefined,
        areaCode: actor.areaCode,
        details: { property: opts.property, features: features.length, matched: matched.length, unmatched: unmatchedCount, byLevel },
      });
    return { uploadId, dryRun: opts.dryRun, property: opts.property, features: features.length, matched: matched.length, byLevel, unmatchedCount, unmatched };
  });
}

/** The next level's code length below an area (TH → provinces); a village has none. */
function childLength(area: string): number | null {
  if (area === 'TH') return 2;
  return area.length < 8 ? area.length + 2 : null;
}

/**
 * The outline of `area` and the polygons of its child areas (TH: the provinces), as far as they were
 * uploaded, limited to the user's scope in the service and by row-level security.
 */
export async function readBoundaries(database: Database, actor: Actor, area: string): Promise<BoundaryCollection> {
  if (!inScope(area, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  const child = childLength(area);
  const prefix = area === 'TH' ? '' : area;
  return asUser(database.db, actor, async (tx) => {
    const rows = await sql<{ code: string; level: string; geometry: unknown; min_lng: number; min_lat: number; max_lng: number; max_lat: number }>`
      SELECT code, level, geometry, min_lng, min_lat, max_lng, max_lat FROM area_boundaries
      WHERE (code = ${area} OR (code LIKE ${`${prefix}%`} AND length(code) = ${child ?? -1}))
      ORDER BY code`.execute(tx);
    const visible = rows.rows.filter((r) => inScope(r.code, actor.scopes));
    const bbox: Bbox | null = visible.length
      ? [
          Math.min(...visible.map((r) => r.min_lng)),
          Math.min(...visible.map((r) => r.min_lat)),
          Math.max(...visible.map((r) => r.max_lng)),
          Math.max(...visible.map((r) => r.max_lat)),
        ]
      : null;
    return {
      type: 'FeatureCollection' as const,
      area,
      bbox,
      features: visible.map((r) => ({
        type: 'Feature' as const,
        properties: { code: r.code, level: r.level as BoundaryCollection['features'][number]['properties']['level'], self: r.code === area },
        geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as BoundaryCollection['features'][number]['geometry'],
      })),
    };
  });
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

/** `POST /api/map/boundaries` (admins of the areas: organisations.manage) and `GET /api/map/boundaries?area=`. */
export const boundaryRoutes: Module = async (app, { database }) => {
  app.addContentTypeParser(['application/octet-stream', 'application/geo+json'], { parseAs: 'buffer', bodyLimit: MAX_BOUNDARY_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/map/boundaries',
    {
      config: { permission: 'organisations.manage' },
      bodyLimit: MAX_BOUNDARY_BYTES,
      schema: {
        tags: ['map'],
        summary:
          'Upload area boundaries (GeoJSON FeatureCollection of Polygon/MultiPolygon) as the raw body; each feature is matched to a DOPA geocode by `property`. Admins of the areas (organisations.manage); features outside my scope are reported, not stored',
        querystring: z.object({
          property: z.string().trim().min(1).max(100),
          fileName: z.string().max(200).optional(),
          dryRun: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: BoundaryReport, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw fileProblem('file', 'กรุณาแนบไฟล์ GeoJSON', 'Attach a GeoJSON file');
      return uploadBoundaries(database, actor, req.body, { property: req.query.property, fileName: req.query.fileName, dryRun: req.query.dryRun === 'true' });
    },
  );

  app.get(
    '/api/map/boundaries',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['map'],
        summary: 'The outline of an area in my scope and the uploaded polygons of its child areas (GeoJSON, no personal data)',
        querystring: z.object({ area: z.string().regex(/^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/) }),
        response: { 200: BoundaryCollection, ...errors },
      },
    },
    async (req) => readBoundaries(database, requireActor(req), req.query.area),
  );
};
