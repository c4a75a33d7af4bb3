import { createHash, randomBytes } from 'node:crypto';
import { ROLE_PERMISSIONS, type Role } from '@carehub/core';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import { type Actor, asSystem } from '../../db/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { verifyPassword } from './passwords.js';

export const SESSION_COOKIE = 'carehub_session';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

/**
 * Signs a user in. Lockout per account (too many recent failures since the last success) and per
 * address are counted in the database, so they hold across restarts and across server copies.
 * The attempt and its audit event are written even when sign-in fails.
 */
export async function signIn(
  database: Database,
  config: Config,
  input: { username: string; password: string; ip: string; userAgent: string | null },
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const windowStart = sql<Date>`now() - make_interval(mins => ${config.lockoutWindowMinutes})`;
  const outcome = await asSystem(database.db, async (tx) => {
    const lastSuccess = tx.selectFrom('login_attempts').select(sql<Date>`max(at)`.as('at')).where('username', '=', username).where('success', '=', true);
    const { n: accountFailures } = await tx
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('username', '=', username)
      .where('success', '=', false)
      .where('at', '>', windowStart)
      .where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
      .executeTakeFirstOrThrow();
    const { n: ipFailures } = await tx
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', input.ip)
      .where('success', '=', false)
      .where('at', '>', windowStart)
      .executeTakeFirstOrThrow();

    const user = await tx
      .selectFrom('users')
      .select(['id', 'username', 'password_hash', 'active', 'area_code'])
      .where('username', '=', username)
      .executeTakeFirst();
    const who = user ? { userId: user.id, username: user.username, ip: input.ip } : null;
    const details = user ? {} : { username_attempted: username.slice(0, 64) };

    if (ipFailures >= config.ipAttemptLimit) {
      await audit(tx, who, { action: 'auth.login_refused', areaCode: user?.area_code, ip: input.ip, details: { ...details, reason: 'address' } });
      return { error: new AppError(429, 'auth.too_many_attempts') };
    }
    if (accountFailures >= config.lockoutThreshold) {
      await audit(tx, who, { action: 'auth.login_refused', areaCode: user?.area_code, ip: input.ip, details: { ...details, reason: 'locked' } });
      return { error: new AppError(423, 'auth.account_locked') };
    }

    const ok = await verifyPassword(user?.password_hash, input.password);
    await tx.insertInto('login_attempts').values({ username, ip: input.ip, success: ok }).execute();
    if (!ok || !user) {
      await audit(tx, who, { action: 'auth.login_failed', areaCode: user?.area_code, ip: input.ip, details });
      return { error: new AppError(401, 'auth.invalid_credentials') };
    }
    if (!user.active) {
      await audit(tx, who, { action: 'auth.login_refused', areaCode: user.area_code, ip: input.ip, details: { reason: 'disabled' } });
      return { error: new AppError(403, 'auth.account_disabled') };
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + config.sessionTtlMinutes * 60_000);
    const session = await tx
      .insertInto('sessions')
      .values({ token_hash: tokenHash(token), user_id: user.id, expires_at: expiresAt, ip: input.ip, user_agent: input.userAgent?.slice(0, 300) ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('users').set({ last_sign_in_at: new Date() }).where('id', '=', user.id).execute();
    await audit(tx, who, { action: 'auth.login', subjectType: 'session', subjectId: session.id, areaCode: user.area_code, ip: input.ip });
    return { token, expiresAt, userId: user.id };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome;
}

export type SessionLookup = { actor: Actor; expiresAt: Date } | { problem: 'expired' | 'none' };

/** Resolves a session cookie to the acting user; slides the idle timer at most once a minute. */
export async function resolveSession(database: Database, config: Config, token: string, ip: string | null): Promise<SessionLookup> {
  const row = await database.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId',
      's.expires_at',
      's.revoked_at',
      's.last_seen_at',
      'u.id as userId',
      'u.username',
      'u.display_name',
      'u.role',
      'u.organisation_id',
      'u.area_code',
      'u.scopes',
      'u.active',
    ])
    .where('s.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row) return { problem: 'none' };
  const now = Date.now();
  const idleLimit = row.last_seen_at.getTime() + config.sessionIdleMinutes * 60_000;
  if (row.revoked_at || !row.active || row.expires_at.getTime() <= now || idleLimit <= now) return { problem: 'expired' };
  if (now - row.last_seen_at.getTime() > 60_000) {
    await database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('id', '=', row.sessionId)
      .execute();
  }
  return {
    expiresAt: new Date(Math.min(row.expires_at.getTime(), now + config.sessionIdleMinutes * 60_000)),
    actor: {
      userId: row.userId,
      username: row.username,
      displayName: row.display_name,
      role: row.role as Role,
      organisationId: row.organisation_id,
      areaCode: row.area_code,
      scopes: row.scopes,
      sessionId: row.sessionId,
      ip,
    },
  };
}

/** The onRequest hook that turns the session cookie into `req.actor`, for every route. */
export function sessionHook(database: Database, config: Config) {
  return async (req: FastifyRequest) => {
    req.actor = null;
    req.sessionExpiresAt = null;
    req.sessionProblem = 'none';
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await resolveSession(database, config, token, req.ip);
    if ('actor' in found) {
      req.actor = found.actor;
      req.sessionExpiresAt = found.expiresAt;
    } else req.sessionProblem = found.problem;
  };
}

export function permissionsOf(role: Role): string[] {
  return [...ROLE_PERMISSIONS[role]];
}
