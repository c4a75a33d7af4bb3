import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorResponse } from '@carehub/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { tileUrlFromEnv } from '../dashboard/points.js';
import { PMTILES_HEADER_BYTES, type PmtilesHeader, readPmtilesHeader } from './pmtiles.js';

/** The largest basemap an admin may upload (a province's raster archive is typically well under this). */
export const MAX_BASEMAP_BYTES = 4 * 1024 ** 3;

export const BasemapInfo = z.object({
  /** Same-origin URL of the archive, read by the browser in byte ranges. */
  url: z.string(),
  source: z.enum(['config', 'upload']),
  tileType: z.string(),
  minZoom: z.number().int(),
  maxZoom: z.number().int(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number(), z.number()]),
  bytes: z.number().int(),
});
export const MapSettings = z.object({
  /** The offline basemap, or null: then the map draws boundaries on a plain background. */
  basemap: BasemapInfo.nullable(),
  /** An online XYZ raster template configured by CAREHUB_MAP_TILE_URL, or null: nothing online is fetched. */
  tileUrl: z.string().nullable(),
});
export type MapSettings = z.infer<typeof MapSettings>;

const BASEMAP_URL = '/api/map/basemap.pmtiles';

/** Where an uploaded basemap is kept. */
export function uploadedBasemapPath(config: Config): string {
  return join(config.dataDir, 'map', 'basemap.pmtiles');
}

/** The basemap file in force: CAREHUB_MAP_PMTILES if set, else an uploaded one if present. */
async function basemapFile(config: Config): Promise<{ path: string; source: 'config' | 'upload'; size: number; mtimeMs: number } | null> {
  const candidates: Array<[string, 'config' | 'upload']> = config.mapPmtiles ? [[config.mapPmtiles, 'config']] : [[uploadedBasemapPath(config), 'upload']];
  for (const [path, source] of candidates) {
    try {
      const s = await stat(path);
      if (s.isFile()) return { path, source, size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      // not there
    }
  }
  return null;
}

async function headerOf(path: string): Promise<PmtilesHeader> {
  const f = await open(path, 'r');
  try {
    const buf = Buffer.alloc(PMTILES_HEADER_BYTES);
    const { bytesRead } = await f.read(buf, 0, PMTILES_HEADER_BYTES, 0);
    return readPmtilesHeader(buf.subarray(0, bytesRead));
  } finally {
    await f.close();
  }
}

/** What the map should draw under the boundaries. A configured file that is not a PMTiles v3 archive is reported in the log and ignored. */
export async function mapSettings(config: Config, warn: (msg: string) => void): Promise<MapSettings> {
  const file = await basemapFile(config);
  let basemap: MapSettings['basemap'] = null;
  if (file) {
    try {
      const h = await headerOf(file.path);
      basemap = {
        url: BASEMAP_URL,
        source: file.source,
        tileType: h.tileType,
        minZoom: h.minZoom,
        maxZoom: h.maxZoom,
        bounds: h.bounds,
        center: h.center,
        bytes: file.size,
      };
    } catch (e) {
      warn(`basemap ${file.source === 'config' ? 'CAREHUB_MAP_PMTILES' : 'upload'} ignored: ${(e as Error).message}`);
    }
  }
  return { basemap, tileUrl: tileUrlFromEnv() };
}

/**
 * One byte range of a file of `size` bytes from a Range header (`bytes=a-b`, `bytes=a-`, `bytes=-n`):
 * the inclusive range, 'unsatisfiable', or null to send the whole file (no header, several ranges, or
 * a unit other than bytes, which RFC 9110 lets a server ignore).
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

async function sendBasemap(config: Config, req: FastifyRequest, reply: FastifyReply) {
  requireActor(req);
  const file = await basemapFile(config);
  if (!file) throw new AppError(404, 'not_found');
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  reply.header('accept-ranges', 'bytes').header('etag', etag).header('cache-control', 'private, no-cache').type('application/vnd.pmtiles');
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') {
    reply.code(416).header('content-range', `bytes */${file.size}`);
    return reply.send();
  }
  if (range) {
    reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('content-length', range.end - range.start + 1);
    return reply.send(createReadStream(file.path, { start: range.start, end: range.end }));
  }
  reply.header('content-length', file.size);
  return reply.send(createReadStream(file.path));
}

function fileProblem(th: string, en: string): AppError {
  return new AppError(400, 'validation.failed', { fields: [{ path: 'file', message_th: th, message_en: en }] });
}

/**
 * The offline basemap (issue 17, item 9): `GET /api/map/settings` says what the map draws under the
 * boundaries; `GET /api/map/basemap.pmtiles` serves the configured or uploaded PMTiles archive in byte
 * ranges (206) to any signed-in user, uncompressed; `PUT /api/map/basemap` lets a nationwide admin
 * upload one into DATA_DIR/map/ when none is configured.
 */
export const basemapRoutes: Module = async (app, { config, database }) => {
  // The archive is streamed to disk, never held in memory.
  app.addContentTypeParser(['application/octet-stream', 'application/vnd.pmtiles'], (_req, payload, done) => done(null, payload));

  app.get(
    '/api/map/settings',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['map'],
        summary: 'What the map draws under the boundaries: the offline PMTiles basemap, and an online tile URL only if one is configured',
        response: { 200: MapSettings, 401: ErrorResponse },
      },
    },
    async (req) => {
      requireActor(req);
      return mapSettings(config, (msg) => req.log.warn(msg));
    },
  );

  app.get(
    BASEMAP_URL,
    {
      config: { permission: 'authenticated' },
      compress: false,
      schema: {
        tags: ['map'],
        summary: 'The offline basemap (PMTiles v3), in byte ranges (Range: bytes=a-b → 206)',
        response: { 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    (req, reply) => sendBasemap(config, req, reply),
  );

  app.put(
    '/api/map/basemap',
    {
      config: { permission: 'organisations.manage' },
      bodyLimit: MAX_BASEMAP_BYTES,
      schema: {
        tags: ['map'],
        summary: 'Upload the offline basemap (a PMTiles v3 archive) into the data directory; nationwide admins (organisations.manage with scope TH)',
        response: { 200: MapSettings, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      // One file serves every area of this server, so only a nationwide admin replaces it.
      if (!actor.scopes.includes('TH')) throw new AppError(403, 'forbidden.out_of_scope');
      if (config.mapPmtiles)
        throw new AppError(409, 'conflict.duplicate', {
          reason_th: 'ผู้ดูแลเซิร์ฟเวอร์กำหนดแผนที่ฐานไว้แล้ว (CAREHUB_MAP_PMTILES)',
          reason_en: 'The server is configured with a basemap (CAREHUB_MAP_PMTILES)',
        });
      const body = req.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') throw fileProblem('กรุณาแนบไฟล์ PMTiles', 'Attach a PMTiles file');
      const target = uploadedBasemapPath(config);
      await mkdir(join(config.dataDir, 'map'), { recursive: true });
      const temp = `${target}.${process.pid}.${Date.now()}.part`;
      try {
        let bytes = 0;
        await pipeline(
          body,
          async function* limit(source: AsyncIterable<Buffer | string>) {
            for await (const piece of source) {
              const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
              bytes += chunk.length;
              if (bytes > MAX_BASEMAP_BYTES) throw fileProblem('ไฟล์ใหญ่เกิน 4 GB', 'The file is larger than 4 GB');
              yield chunk;
            }
          },
          createWriteStream(temp),
        );
        let header: PmtilesHeader;
        try {
          header = await headerOf(temp);
        } catch (e) {
          throw fileProblem(`ไฟล์นี้ไม่ใช่ PMTiles รุ่น 3 (${(e as Error).message})`, `This file is not a PMTiles version 3 archive (${(e as Error).message})`);
        }
        if (!['png', 'jpeg', 'webp'].includes(header.tileType))
          throw fileProblem(
            `แผนที่ฐานต้องเป็นภาพ (PNG, JPEG หรือ WebP) ไฟล์นี้เป็น ${header.tileType}`,
            `The basemap must hold raster tiles (PNG, JPEG or WebP); this one holds ${header.tileType}`,
          );
        await rename(temp, target);
        const { size } = await stat(target);
        await asUser(database.db, actor, (tx) =>
          audit(tx, actor, { action: 'map.basemap_uploaded', subjectType: 'map', areaCode: 'TH', details: { bytes: size, tileType: header.tileType } }),
        );
      } finally {
        await rm(temp, { force: true });
      }
      return mapSettings(config, (msg) => req.log.warn(msg));
    },
  );
};
