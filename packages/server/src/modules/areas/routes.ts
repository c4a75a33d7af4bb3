import { Area, ErrorResponse } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { containsPattern } from '../../db/like.js';
import { type Module, requireActor } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { HEALTH_REGIONS } from './geodata.js';
import { thaiLabel as label } from './names.js';

const AreaWithPath = Area.extend({ path: z.string(), pathEn: z.string() });

type AreaRow = { code: string; level: Area['level']; name_th: string; name_en: string; parent_code: string | null; health_region: number | null };

// Thai dictionary order (leading vowels such as เ and โ sort by the consonant after them), which
// PostgreSQL's default C collation does not give.
const thaiOrder = new Intl.Collator('th');

function toArea(r: AreaRow): Area {
  return { code: r.code, level: r.level, nameTh: r.name_th, nameEn: r.name_en, parentCode: r.parent_code, healthRegion: r.health_region };
}

export const areaRoutes: Module = async (app, { database }) => {
  const db = database.db;
  const columns = ['code', 'level', 'name_th', 'name_en', 'parent_code', 'health_region'] as const;

  app.get(
    '/api/areas',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['areas'],
        summary: 'Children of an area (provinces when no parent is given)',
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{2,6}$/)
            .optional(),
        }),
        response: { 200: z.array(Area), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => {
      requireActor(req);
      const q = db.selectFrom('areas').select(columns);
      const rows = req.query.parent ? await q.where('parent_code', '=', req.query.parent).execute() : await q.where('level', '=', 'province').execute();
      return rows.sort((a, b) => thaiOrder.compare(a.name_th, b.name_th)).map(toArea);
    },
  );

  app.get(
    '/api/areas/search',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['areas'],
        summary: 'Find areas by Thai or English name',
        querystring: z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: { 200: z.array(AreaWithPath), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const term = containsPattern(req.query.q);
      const rows = await db
        .selectFrom('areas as a')
        .leftJoin('areas as p', 'p.code', 'a.parent_code')
        .leftJoin('areas as g', 'g.code', 'p.parent_code')
        .select([
          ...columns.map((c) => `a.${c}` as const),
          'p.name_th as p_name',
          'p.name_en as p_name_en',
          'p.level as p_level',
          'g.name_th as g_name',
          'g.name_en as g_name_en',
          'g.level as g_level',
        ])
        .where((eb) => eb.or([eb('a.name_th', 'like', term), eb(sql`lower(a.name_en)`, 'like', term.toLowerCase())]))
        // Exact names first, then areas inside the user's own scope, then larger areas first.
        .orderBy(sql`a.name_th = ${req.query.q} OR lower(a.name_en) = ${req.query.q.toLowerCase()}`, 'desc')
        .orderBy(sql`a.code LIKE ANY (${actor.scopes.map((s) => (s === 'TH' ? '%' : `${s}%`))})`, 'desc')
        .orderBy(sql`length(a.code)`)
        .orderBy('a.name_th')
        .limit(req.query.limit)
        .execute();
      return rows.map((r) => {
        const th = [label(r.level, r.code, r.name_th)];
        const en = [r.name_en];
        if (r.p_name && r.p_level) th.push(label(r.p_level, r.code, r.p_name));
        if (r.g_name && r.g_level) th.push(label(r.g_level, r.code, r.g_name));
        if (r.p_name_en) en.push(r.p_name_en);
        if (r.g_name_en) en.push(r.g_name_en);
        return { ...toArea(r), path: th.join(' '), pathEn: en.join(', ') };
      });
    },
  );

  app.get(
    '/api/areas/:code',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['areas'],
        summary: 'One area with its ancestors',
        params: z.object({ code: z.string().regex(/^\d{2,8}$/) }),
        response: { 200: Area.extend({ ancestors: z.array(Area) }), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      requireActor(req);
      const code = req.params.code;
      const prefixes = [2, 4, 6, 8].filter((n) => n <= code.length).map((n) => code.slice(0, n));
      const rows = await db.selectFrom('areas').select(columns).where('code', 'in', prefixes).orderBy(sql`length(code)`).execute();
      const self = rows.find((r) => r.code === code);
      if (!self) throw notFound();
      return { ...toArea(self), ancestors: rows.filter((r) => r.code !== code).map(toArea) };
    },
  );

  app.get(
    '/api/regions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['areas'],
        summary: 'The 13 health regions (เขตสุขภาพ) and their provinces',
        response: {
          200: z.array(z.object({ region: z.number(), nameTh: z.string(), nameEn: z.string(), provinces: z.array(z.string()) })),
          401: ErrorResponse,
        },
      },
    },
    async (req) => {
      requireActor(req);
      return HEALTH_REGIONS.map((r) => ({ ...r, provinces: [...r.provinces] }));
    },
  );
};
