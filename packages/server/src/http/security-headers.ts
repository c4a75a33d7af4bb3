import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { tileUrlFromEnv } from '../modules/dashboard/points.js';

/**
 * Security headers on every answer (issue 18, item 4): the web app's pages and files, every /api JSON
 * answer, errors, the SPA fallback and file downloads, set by @fastify/helmet in an onRequest hook.
 *
 * The Content-Security-Policy is what the built web app needs and no more (checked in Chromium by
 * e2e/security-headers.test.ts, which collects every `securitypolicyviolation`):
 * - `script-src 'self'`: the build has no inline script (Vite's entry and vite-plugin-pwa's
 *   registerSW.js are files) and nothing evaluates strings (zod's JIT is off in the web app, see
 *   packages/web/src/main.tsx); `script-src-attr 'none'` refuses inline event handlers, so a name
 *   such as `<img onerror=…>` that ever reached the DOM as HTML still runs nothing.
 * - `style-src 'self' 'unsafe-inline'`: Mantine writes its CSS variables in a <style> element and sets
 *   style attributes on its components, as does MapLibre on the map's canvas and controls. Inline
 *   styles cannot run script; the cost is only that injected CSS could restyle a page.
 * - `img-src 'self' data: blob:`: visit photos are data: URLs, MapLibre decodes basemap tiles
 *   through blob: URLs, and Mantine's and MapLibre's CSS draw small icons as data: SVG.
 * - `worker-src 'self' blob:`: the MapLibre worker is a same-origin build file and the offline
 *   service worker is /sw.js; MapLibre can fall back to a blob: worker.
 * - `connect-src 'self'`: the API, /api/events and the PMTiles basemap in byte ranges. An online tile
 *   server is used only when CAREHUB_MAP_TILE_URL names one; its origin is then added to connect-src
 *   and img-src, as MapLibre fetches tiles and draws them as images.
 * - `font-src 'self'`: the Sarabun (Thai) fonts are bundled.
 * - `frame-ancestors 'none'` (and X-Frame-Options DENY for old browsers): no page can frame CareHub.
 * - `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`.
 * - `upgrade-insecure-requests` only behind HTTPS (COOKIE_SECURE): on plain http (a laptop, a LAN
 *   address) it would send the app's own requests to an https port that does not answer.
 *
 * Other headers:
 * - Referrer-Policy `no-referrer`: CareHub's addresses carry person ids and list filters, and the app
 *   needs no Referer (nothing on the server reads it; fetch() still sends Origin), so none is sent,
 *   not even to the same origin.
 * - Strict-Transport-Security only when COOKIE_SECURE is true (served behind HTTPS): one year, without
 *   includeSubDomains (CareHub usually runs on one name of an office's domain it does not own) or
 *   preload. Never on plain http, where a browser on the same name would then refuse the app.
 * - Cross-Origin-Embedder-Policy is left off: `require-corp` would refuse the tiles of an online tile
 *   server that sends no Cross-Origin-Resource-Policy, and nothing in the app needs cross-origin
 *   isolation (no SharedArrayBuffer). Cross-Origin-Opener-Policy and Cross-Origin-Resource-Policy are
 *   `same-origin` (helmet's defaults): the app opens no window elsewhere and nothing else embeds its files.
 * - X-Content-Type-Options `nosniff`, and helmet's other defaults (Origin-Agent-Cluster,
 *   X-DNS-Prefetch-Control off, X-Download-Options noopen, X-Permitted-Cross-Domain-Policies none,
 *   X-XSS-Protection 0).
 */
export function contentSecurityPolicy(config: Pick<Config, 'cookieSecure'>, tileUrl: string | null = tileUrlFromEnv()): Record<string, string[]> {
  const tiles = tileOrigin(tileUrl);
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...tiles],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...tiles],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    ...(config.cookieSecure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** The origin of a configured XYZ tile template (`https://tiles.example/{z}/{x}/{y}.png`), or nothing. */
function tileOrigin(template: string | null): string[] {
  if (!template) return [];
  try {
    const origin = new URL(template.replace(/\{[a-z]+\}/gi, '0')).origin;
    return origin.startsWith('http') ? [origin] : [];
  } catch {
    return [];
  }
}

/** Registers the headers for every route; call before any route is added. */
export async function registerSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false, preload: false } : false,
    xFrameOptions: { action: 'deny' },
  });
}
