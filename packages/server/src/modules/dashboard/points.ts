import {
  areaLevel,
  can,
  DashboardPoints,
  ErrorResponse,
  inScope,
  MAP_CENTROID_MIN,
  MAP_KINDS,
  MAP_POINT_LIMIT,
  MAP_VISIT_DAYS,
  type MapFlag,
} from '@carehub/core';
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { type Actor, asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { defaultArea } from './service.js';

type App = Parameters<Module>[0];

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

/** The consent purpose that lets a person's household (or visit) be a point on the map. */
export const MAP_CONSENT_PURPOSE = 'care_coordination';

/** A configured XYZ tile template, if it names {z}, {x} and {y} and is http(s); anything else is ignored. */
export function tileUrlFromEnv(value: string | undefined = process.env.CAREHUB_MAP_TILE_URL): string | null {
  const v = value?.trim();
  if (!v || !/^https?:\/\//.test(v) || !['{z}', '{x}', '{y}'].every((p) => v.includes(p))) return null;
  return v;
}

/**
 * Persons rows (alias p) inside the area, and the child area (next level down) each belongs to; a
 * village is the subdistrict code plus the 2-digit village number (0: not recorded), as in the rollups.
 */
function areaSql(code: string): { where: RawBuilder<boolean>; child: RawBuilder<string> } {
  const village = sql<string>`p.area_code || lpad(coalesce(p.village_no, 0)::text, 2, '0')`;
  switch (areaLevel(code)) {
    case 'country':
      return { where: sql<boolean>`true`, child: sql<string>`left(p.area_code, 2)` };
    case 'province':
      return { where: sql<boolean>`p.area_code LIKE ${`${code}%`}`, child: sql<string>`left(p.area_code, 4)` };
    case 'district':
      return { where: sql<boolean>`p.area_code LIKE ${`${code}%`}`, child: sql<string>`left(p.area_code, 6)` };
    case 'subdistrict':
      return { where: sql<boolean>`p.area_code LIKE ${`${code}%`}`, child: village };
    case 'village':
      return {
        where: sql<boolean>`p.area_code = ${code.slice(0, 6)} AND coalesce(p.village_no, 0) = ${Number(code.slice(6))}`,
        child: village,
      };
    default:
      throw new AppError(400, 'validation.failed');
  }
}

/**
 * Where an area's located persons (alive, with GPS) or visits (with GPS, last MAP_VISIT_DAYS days,
 * returned visits excluded) are, for the dashboard map: coordinates rounded to about 11 m, the child
 * area and the person's vulnerability flags; never a name or an id. Scoped like the dashboard (the
 * area must be in the user's scope, and row-level security limits the rows), capped at
 * MAP_POINT_LIMIT points, and audited as a dashboard read. A user who may read counts but not persons
 * (an analyst) gets only the centroids of child areas with at least MAP_CENTROID_MIN points.
 *
 * Consent (issue 17, item 9): a household is put on the map only for a person with a standing
 * (given, not withdrawn) care-coordination consent, the purpose a map for planning visits serves.
 * Persons without one are left out of the points, the centroids and the totals alike, so no average
 * is pulled towards an unconsenting home either.
 */
export async function readPoints(database: Database, actor: Actor, code: string, kind: (typeof MAP_KINDS)[number]): Promise<DashboardPoints> {
  if (!inScope(code, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  const { where, child } = areaSql(code);
  const withPoints = can(actor.role, 'persons.read');
  const consented = sql<boolean>`EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id AND c.purpose = ${MAP_CONSENT_PURPOSE}
    AND c.withdrawn_at IS NULL AND c.given_at <= (now() AT TIME ZONE 'Asia/Bangkok')::date)`;
  return asUser(database.db, actor, async (tx) => {
    const located =
      kind === 'persons'
        ? sql`SELECT round(p.gps_lng::numeric, 4)::float8 AS lng, round(p.gps_lat::numeric, 4)::float8 AS lat, ${child} AS area, p.id::text AS k,
              p.flags, p.adl_group, p.birth_date
            FROM persons p
            WHERE p.status = 'alive' AND p.gps_lat IS NOT NULL AND p.gps_lng IS NOT NULL AND ${where} AND ${consented}`
        : sql`SELECT round(v.gps_lng::numeric, 4)::float8 AS lng, round(v.gps_lat::numeric, 4)::float8 AS lat, ${child} AS area, v.id::text AS k,
              p.flags, p.adl_group, p.birth_date
            FROM visits v JOIN persons p ON p.id = v.person_id
            WHERE v.gps_lat IS NOT NULL AND v.gps_lng IS NOT NULL AND v.review_status <> 'returned'
              AND v.visited_at >= now() - make_interval(days => ${MAP_VISIT_DAYS}) AND ${where} AND ${consented}`;
    const centroids = await sql<{ code: string; lng: number; lat: number; n: number }>`
      SELECT area AS code, avg(lng)::float8 AS lng, avg(lat)::float8 AS lat, count(*)::int AS n
      FROM (${located}) l GROUP BY area ORDER BY area`.execute(tx);
    const total = centroids.rows.reduce((s, c) => s + c.n, 0);
    const rows = withPoints
      ? (
          await sql<{ lng: number; lat: number; area: string; disability: boolean; elderly: boolean; bedridden: boolean; rehab: boolean }>`
            SELECT lng, lat, area,
              'disability' = ANY (flags) AS disability,
              coalesce(birth_date <= (now() AT TIME ZONE 'UTC' + interval '7 hours')::date - interval '60 years', false) AS elderly,
              coalesce(adl_group = 'bedridden', false) AS bedridden,
              'awaiting_rehabilitation' = ANY (flags) AS rehab
            FROM (${located}) l ORDER BY k LIMIT ${MAP_POINT_LIMIT}`.execute(tx)
        ).rows
      : [];
    const points = rows.map((r) => {
      const flags: MapFlag[] = [];
      if (r.disability) flags.push('disability');
      if (r.elderly) flags.push('elderly');
      if (r.bedridden) flags.push('bedridden');
      if (r.rehab) flags.push('awaiting_rehabilitation');
      return { lng: r.lng, lat: r.lat, area: r.area, flags };
    });
    await audit(tx, actor, {
      action: 'dashboard.read',
      subjectType: 'report',
      areaCode: code,
      details: { map: kind, points: points.length, total },
    });
    return {
      area: code,
      kind,
      total,
      points,
      truncated: points.length < total && withPoints,
      centroids: withPoints ? centroids.rows : centroids.rows.filter((c) => c.n >= MAP_CENTROID_MIN),
      tileUrl: tileUrlFromEnv(),
    };
  });
}

/** GET /api/dashboard/points: registered by the dashboard module's routes. */
export async function pointsRoutes(app: App, database: Database): Promise<void> {
  app.get(
    '/api/dashboard/points',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        summary: 'Where the located persons or recent visits of an area in my scope are (rounded coordinates, flags, no names), for the dashboard map',
        querystring: z.object({
          area: z
            .string()
            .regex(/^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/)
            .optional()
            .describe('TH, a province, district or subdistrict code, or a village (subdistrict + 2-digit village number); default: my area'),
          kind: z.enum(MAP_KINDS).default('persons'),
        }),
        response: { 200: DashboardPoints, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return readPoints(database, actor, req.query.area ?? defaultArea(actor), req.query.kind);
    },
  );
}
