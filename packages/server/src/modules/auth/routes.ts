import { ErrorResponse, LoginRequest, Me, PasswordChange, Session } from '@carehub/core';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { trustProxyWarning } from '../../config.js';
import { asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { changeOwnPassword, permissionsOf, SESSION_COOKIE, signIn, WaitError } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

/** A 429 that says how long to wait, in its message and in Retry-After. */
export function sendWait(reply: FastifyReply, err: WaitError) {
  return reply.status(429).header('retry-after', String(err.retryAfterSeconds)).send(err.body());
}

export const authRoutes: Module = async (app, { database, config }) => {
  const warning = trustProxyWarning(config);
  if (warning) app.log.warn(warning);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure };

  async function loadMe(userId: string, scopes: string[]) {
    return asUser(database.db, { userId, scopes }, (tx) =>
      tx
        .selectFrom('users as u')
        .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
        .select([
          'u.id',
          'u.username',
          'u.display_name',
          'u.role',
          'u.scopes',
          'o.id as org_id',
          'o.name as org_name',
          'o.type as org_type',
          'o.area_code as org_area',
          'o.active as org_active',
        ])
        .where('u.id', '=', userId)
        .executeTakeFirstOrThrow(),
    );
  }

  function toMe(u: Awaited<ReturnType<typeof loadMe>>, expiresAt: Date): z.infer<typeof Me> {
    const role = u.role as z.infer<typeof Me>['role'];
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role,
      organisation: { id: u.org_id, name: u.org_name, type: u.org_type as never, areaCode: u.org_area, active: u.org_active },
      scopes: u.scopes,
      permissions: permissionsOf(role),
      sessionExpiresAt: expiresAt.toISOString(),
    };
  }

  app.post(
    '/api/auth/login',
    { config: { permission: 'public' }, schema: { tags: ['auth'], summary: 'Sign in', body: LoginRequest, response: { 200: Me, ...errors } } },
    async (req, reply) => {
      let result: Awaited<ReturnType<typeof signIn>>;
      try {
        result = await signIn(database, config, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      } catch (err) {
        if (err instanceof WaitError) return sendWait(reply, err);
        throw err;
      }
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, expires: result.expiresAt });
      const user = await database.db.selectFrom('users').select('scopes').where('id', '=', result.userId).executeTakeFirstOrThrow();
      return toMe(await loadMe(result.userId, user.scopes), result.expiresAt);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { permission: 'public' }, schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      const actor = req.actor;
      if (actor) {
        await asUser(database.db, actor, async (tx) => {
          await tx.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', actor.sessionId).execute();
          await audit(tx, actor, { action: 'auth.logout', subjectType: 'session', subjectId: actor.sessionId, areaCode: actor.areaCode });
        });
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { config: { permission: 'authenticated' }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Me, 401: ErrorResponse } } },
    async (req) => {
      const actor = requireActor(req);
      return toMe(await loadMe(actor.userId, actor.scopes), req.sessionExpiresAt ?? new Date());
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change my own password (the current one is required; other sessions end)',
        body: PasswordChange,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      try {
        await changeOwnPassword(database, config, actor, req.body.currentPassword, req.body.newPassword);
      } catch (err) {
        if (err instanceof WaitError) return sendWait(reply, err);
        throw err;
      }
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/sessions',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['auth'], summary: 'My open sessions', response: { 200: z.array(Session), 401: ErrorResponse } },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await database.db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date())
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map((s) => ({
        id: s.id,
        createdAt: s.created_at.toISOString(),
        lastSeenAt: s.last_seen_at.toISOString(),
        expiresAt: s.expires_at.toISOString(),
        ip: s.ip,
        userAgent: s.user_agent,
        current: s.id === actor.sessionId,
      }));
    },
  );

  app.delete(
    '/api/me/sessions/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of my sessions',
        params: z.object({ id: z.string().uuid() }),
        response: { 204: z.null(), 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const revoked = await asUser(database.db, actor, async (tx) => {
        const r = await tx
          .updateTable('sessions')
          .set({ revoked_at: new Date() })
          .where('id', '=', req.params.id)
          .where('user_id', '=', actor.userId)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (r) await audit(tx, actor, { action: 'auth.session_revoked', subjectType: 'session', subjectId: r.id, areaCode: actor.areaCode });
        return r;
      });
      if (!revoked) throw notFound();
      if (req.params.id === actor.sessionId) reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );
};
