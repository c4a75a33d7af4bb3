import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorResponse, errorBody, Health } from '@carehub/core';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { type Config, proxyTrust } from './config.js';
import type { Database } from './db/connection.js';
import type { AppDeps } from './http/context.js';
import { installErrorHandler } from './http/error-handler.js';
import { refuseControlCharacters } from './http/input-guard.js';
import { annotateOpenApi, enforceRoutePermission, installRoutePermissions } from './http/permissions.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { areaPlanRoutes } from './modules/areaplans/routes.js';
import { basemapRoutes } from './modules/areas/basemap.js';
import { boundaryRoutes } from './modules/areas/boundaries.js';
import { areaRoutes } from './modules/areas/routes.js';
import { areaSuccessorRoutes } from './modules/areas/successors.js';
import { assessmentRoutes } from './modules/assessments/routes.js';
import { auditRefusals } from './modules/audit/refusals.js';
import { auditRoutes } from './modules/audit/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { sessionHook } from './modules/auth/service.js';
import { carePlanRoutes } from './modules/careplans/routes.js';
import { caseloadRoutes } from './modules/caseload/routes.js';
import { dashboardRoutes } from './modules/dashboard/routes.js';
import { startEventBus } from './modules/events/bus.js';
import { eventRoutes } from './modules/events/routes.js';
import { reviewRoutes } from './modules/imports/review.js';
import { importRoutes } from './modules/imports/routes.js';
import { indicatorRoutes } from './modules/indicators/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { organisationRoutes } from './modules/organisations/routes.js';
import { personProfileRoutes } from './modules/persons/profile-routes.js';
import { registrationRoutes } from './modules/persons/registrations.js';
import { personRoutes } from './modules/persons/routes.js';
import { referralRoutes } from './modules/referrals/routes.js';
import { stipendRoutes } from './modules/stipends/routes.js';
import { taskRoutes } from './modules/tasks/routes.js';
import { userRoutes } from './modules/users/routes.js';
import { visitRoutes } from './modules/visits/routes.js';
import { registerCompression, registerWeb } from './web.js';

const here = dirname(fileURLToPath(import.meta.url));
export const VERSION: string = JSON.parse(readFileSync(join(here, '../package.json'), 'utf8')).version;

function defaultWebDist(): string {
  return join(here, '../../web/dist');
}

export async function buildApp(database: Database, config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    trustProxy: proxyTrust(config.trustProxy),
    bodyLimit: 1024 * 1024,
    logger: {
      level: config.logLevel,
      // No personal data in logs: drop query strings (they carry names and IDs) and never log cookies.
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // Before any route, so every route (API and web files) is compressed.
  await registerCompression(app);
  // Before any route: CSP, nosniff, frame-ancestors, Referrer-Policy, HSTS behind HTTPS on every answer.
  await registerSecurityHeaders(app, config);
  // Before any route is added, so every /api route is checked for a declared permission.
  const declaredRoutes = installRoutePermissions(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'CareHub API', version: VERSION, description: 'Errors are { code, message_th, message_en, details }.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'carehub_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      annotateOpenApi(
        ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as Record<string, unknown>,
        declaredRoutes,
      ),
  });
  await app.register(fastifyCookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionExpiresAt', null);
  app.decorateRequest('sessionProblem', 'none');
  app.addHook('onRequest', sessionHook(database, config));
  app.addHook('onRequest', enforceRoutePermission);
  // Any NUL or other control character in a body, query or path is a 400 naming the field, never a 500.
  app.addHook('preValidation', refuseControlCharacters);
  app.addHook('onResponse', auditRefusals(database));

  const deps: AppDeps = { database, config, version: VERSION };
  app.get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'Liveness and database check', security: [], response: { 200: Health, 503: ErrorResponse } },
    },
    async (_req, reply) => {
      try {
        await sql`SELECT 1`.execute(database.db);
      } catch {
        return reply.status(503).send(errorBody('internal'));
      }
      return { status: 'ok' as const, database: database.kind, version: VERSION };
    },
  );
  await app.register(authRoutes, deps);
  await app.register(areaRoutes, deps);
  await app.register(areaSuccessorRoutes, deps);
  await app.register(boundaryRoutes, deps);
  await app.register(basemapRoutes, deps);
  await app.register(organisationRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(personRoutes, deps);
  await app.register(personProfileRoutes, deps);
  await app.register(registrationRoutes, deps);
  await app.register(assessmentRoutes, deps);
  await app.register(taskRoutes, deps);
  await app.register(visitRoutes, deps);
  await app.register(caseloadRoutes, deps);
  await app.register(stipendRoutes, deps);
  await app.register(referralRoutes, deps);
  await app.register(carePlanRoutes, deps);
  await app.register(importRoutes, deps);
  await app.register(reviewRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(indicatorRoutes, deps);
  await app.register(areaPlanRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(notificationRoutes, deps);
  const bus = await startEventBus(database, (msg) => app.log.warn(msg));
  app.addHook('onClose', () => bus.close());
  await app.register(eventRoutes(bus), deps);
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const webDist = config.webDist ?? defaultWebDist();
  const serveWeb = await registerWeb(app, webDist);
  // The web app routes on the client: any other GET outside /api gets its index.html.
  app.setNotFoundHandler((req, reply) => {
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send(errorBody('not_found'));
  });
  return app;
}
