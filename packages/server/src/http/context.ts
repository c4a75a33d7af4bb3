import { can, type Permission } from '@carehub/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import type { Actor } from '../db/context.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionExpiresAt: Date | null;
    sessionProblem: 'expired' | 'none';
  }
}

/** What every module's routes receive. */
export interface AppDeps {
  database: Database;
  config: Config;
  version: string;
}

export type Module = FastifyPluginAsyncZod<AppDeps>;

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError(401, req.sessionProblem === 'expired' ? 'auth.session_expired' : 'auth.required');
  return req.actor;
}

export function requirePermission(req: FastifyRequest, permission: Permission): Actor {
  const actor = requireActor(req);
  if (!can(actor.role, permission)) throw new AppError(403, 'forbidden');
  return actor;
}

export type { FastifyInstance, FastifyReply };
