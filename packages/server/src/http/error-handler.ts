import { describeIssue, errorBody, type IssueLike } from '@carehub/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';

/** Every error leaves as `{ code, message_th, message_en, details }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.body());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) =>
        describeIssue({ ...(v.params as object), code: v.keyword, message: v.message, path: v.instancePath.split('/').filter(Boolean) } as IssueLike),
      );
      return reply.status(400).send(errorBody('validation.failed', { in: err.validationContext, fields }));
    }
    const pgCode = (err as { code?: string }).code;
    if (pgCode === '23505') return reply.status(409).send(errorBody('conflict.duplicate'));
    if (pgCode === '42501') return reply.status(403).send(errorBody('forbidden.out_of_scope'));
    if (pgCode === '23503') return reply.status(400).send(errorBody('validation.failed', { reference: true }));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(errorBody(err.statusCode === 429 ? 'rate_limited' : 'request.malformed', { reason: err.code }));
    }
    req.log.error({ err: { message: err.message, code: pgCode ?? err.code, stack: err.stack } }, 'unhandled error');
    return reply.status(500).send(errorBody('internal'));
  });
}
