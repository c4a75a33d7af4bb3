import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * A volunteer's phone on a slow network (issue 17 item 7): answers are compressed and the build's
 * hashed files are cached for good.
 *
 * Compression is brotli or gzip, whichever the browser asks for, on every answer of a text type
 * (the app's JS, CSS and HTML, JSON, CSV) of 1 KB or more. Not compressed: images, fonts, PDF and
 * XLSX (already compressed; their types are not text) and /api/events, which writes to the socket
 * itself so each event leaves at once. Brotli runs at quality 4: the vendor chunk (779 KB) takes
 * about 20 ms and comes out as small as gzip's best (238 KB); quality 11 would save another 16 %
 * but costs two seconds of CPU, which only a build-time step can afford: a web build holding
 * `name.br` / `name.gz` beside a file has those sent as they are (see `registerWeb`).
 * Bodies sent to the server are not decompressed (no client sends them; no zip bombs).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

/** Vite's output folder for content-hashed files: a changed file gets a new name. */
export const HASHED_ASSETS = 'assets';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Stored, but asked again (a cheap 304) before each use: how a new version reaches the browser. */
export const REVALIDATE = 'no-cache';

function cacheHeaders(root: string) {
  return (reply: FastifyReply, path: string) => {
    const inside = relative(root, path);
    // index.html, sw.js, registerSW.js, manifest.webmanifest, icons: fixed names, so always revalidated.
    reply.header('cache-control', inside.startsWith(HASHED_ASSETS + sep) ? IMMUTABLE : REVALIDATE);
  };
}

/**
 * Serves the built web app from `webDist` when it holds an index.html; returns whether it does.
 * Must be registered after `registerCompression` so its files are compressed too: on the fly, or
 * from a precompressed copy (`file.js.br`, `file.js.gz`) when the build left one beside the file.
 */
export async function registerWeb(app: FastifyInstance, webDist: string): Promise<boolean> {
  if (!existsSync(join(webDist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: 'index.html',
    preCompressed: true,
    setHeaders: cacheHeaders(webDist),
  });
  return true;
}
