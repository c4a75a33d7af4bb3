import { PERMISSIONS, type Permission } from '@carehub/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor, requirePermission } from './context.js';

/**
 * What a route requires, declared in its options (`config: { permission }`), never in its handler:
 * a permission from the role table, `authenticated` (any signed-in user; the handler narrows by
 * scope), or `public` (no session: health, sign-in, the open-data aggregates).
 */
export type RoutePermission = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyInstance {
    /** Every /api route and its declared permission (read by the authorization matrix test). */
    declaredRoutes: DeclaredRoute[];
  }
}

const DECLARABLE = new Set<string>([...PERMISSIONS, 'authenticated', 'public']);

/** The API's routes and what each declares, in registration order (the authorization matrix reads it). */
export interface DeclaredRoute {
  method: string;
  url: string;
  permission: RoutePermission;
}

/**
 * Every route under /api must declare its permission: one that declares none (or an unknown one)
 * stops the server from starting. One hook (enforceRoutePermission) enforces the declarations in
 * onRequest, right after the session is resolved and before any body is read, so an anonymous or
 * unauthorised request costs no parsing of what it sent.
 */
export function installRoutePermissions(app: FastifyInstance): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!permission || !DECLARABLE.has(permission)) {
      throw new Error(`${methods.join(',')} ${route.url} declares no permission: add config: { permission } to its options`);
    }
    for (const method of methods) if (method !== 'HEAD') declared.push({ method, url: route.url, permission });
  });
  return declared;
}

/** The onRequest hook that enforces the declarations; added right after the session hook. */
export async function enforceRoutePermission(req: FastifyRequest): Promise<void> {
  const permission = req.routeOptions.config.permission;
  if (!permission || permission === 'public') return;
  if (permission === 'authenticated') requireActor(req);
  else requirePermission(req, permission);
}

/** Fastify's `/a/:id` is OpenAPI's `/a/{id}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Publishes each route's declaration in the OpenAPI document as `x-carehub-permission`. */
export function annotateOpenApi(document: Record<string, unknown>, declared: DeclaredRoute[]): Record<string, unknown> {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const route of declared) {
    const operation = paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
    if (!operation) continue;
    operation['x-carehub-permission'] = route.permission;
    if (route.permission === 'public') operation.security = [];
  }
  return document;
}
