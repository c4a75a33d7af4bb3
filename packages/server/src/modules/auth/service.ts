import { createHash, randomBytes } from 'node:crypto';
import { errorBody, ROLE_PERMISSIONS, type Role } from '@carehub/core';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import { type Actor, asSystem, type Tx } from '../../db/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { assertStrongPassword } from './strength.js';

export const SESSION_COOKIE = 'carehub_session';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

/** Serialises the attempts of one username from one address (the second key is a hash of both). */
const LOGIN_LOCK = 74218;

/**
 * A refusal to try yet: 429 with the wait in the message and in `Retry-After` (the route sets the
 * header from `retryAfterSeconds`).
 */
export class WaitError extends AppError {
  constructor(
    code: 'auth.slow_down' | 'auth.address_slowed',
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, { retryAfterSeconds });
  }

  override body() {
    const b = super.body();
    const s = String(this.retryAfterSeconds);
    return { ...b, message_th: b.message_th.replace('{seconds}', s), message_en: b.message_en.replace('{seconds}', s) };
  }
}

/** The wait after the n-th consecutive failure of one username from one address, in milliseconds. */
export function pairDelayMs(config: Pick<Config, 'loginFreeFailures' | 'loginDelayBaseMs' | 'loginDelayMaxMs'>, failures: number): number {
  if (failures < config.loginFreeFailures) return 0;
  const exponent = Math.min(failures - config.loginFreeFailures, 30);
  return Math.min(config.loginDelayBaseMs * 2 ** exponent, config.loginDelayMaxMs);
}

interface AttemptState {
  pairFailures: number;
  pairSinceMs: number | null;
  ipFailures: number;
  ipSinceMs: number | null;
  known: boolean;
}

/**
 * What the database knows about this username from this address (docs/ARCHITECTURE.md, "Lockout"):
 * the pair's failures since its last success within the window, the address's failures within the
 * window (any username), how long ago the last of each was (database time, so every server copy
 * agrees), and whether this username has signed in from this address within LOGIN_KNOWN_DAYS.
 */
async function attemptState(tx: Tx, config: Config, username: string, ip: string): Promise<AttemptState> {
  const { rows } = await sql<{
    pair_failures: number;
    pair_since_ms: number | null;
    ip_failures: number;
    ip_since_ms: number | null;
    known: boolean;
  }>`
    WITH pair AS (
      SELECT count(*)::int AS n, max(at) AS last FROM login_attempts
      WHERE username = ${username} AND ip = ${ip} AND NOT success
        AND at > now() - make_interval(mins => ${config.lockoutWindowMinutes})
        AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username = ${username} AND ip = ${ip} AND success), '-infinity')
    ), addr AS (
      SELECT count(*)::int AS n, max(at) AS last FROM login_attempts
      WHERE ip = ${ip} AND NOT success AND at > now() - make_interval(mins => ${config.lockoutWindowMinutes})
    )
    SELECT pair.n AS pair_failures,
      (extract(epoch FROM now() - pair.last) * 1000)::float8 AS pair_since_ms,
      addr.n AS ip_failures,
      (extract(epoch FROM now() - addr.last) * 1000)::float8 AS ip_since_ms,
      EXISTS (
        SELECT 1 FROM login_attempts WHERE username = ${username} AND ip = ${ip} AND success
          AND at > now() - make_interval(days => ${config.loginKnownDays})
      ) AS known
    FROM pair, addr`.execute(tx);
  const r = rows[0]!;
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    pairFailures: Number(r.pair_failures),
    pairSinceMs: num(r.pair_since_ms),
    ipFailures: Number(r.ip_failures),
    ipSinceMs: num(r.ip_since_ms),
    known: r.known,
  };
}

/**
 * Whether this username may try a password from this address now; a WaitError if not. Two rules, neither
 * of which locks anyone out:
 * - the pair: after its n-th consecutive failure (n ≥ LOGIN_FREE_FAILURES) the next attempt of the same
 *   username from the same address waits pairDelayMs(n); other addresses are not affected, so the real
 *   user at another machine signs in whatever someone else tries;
 * - the address: once it has IP_ATTEMPT_LIMIT failures within the window (across all usernames), a
 *   username that has not signed in from it within LOGIN_KNOWN_DAYS gets one attempt per
 *   LOGIN_DELAY_MAX_MS from it; usernames that have (the staff behind a hospital's NAT) are untouched.
 */
export async function checkAttempt(tx: Tx, config: Config, username: string, ip: string): Promise<WaitError | null> {
  // Parallel guesses for one pair queue here, so each sees the failures before it.
  await sql`SELECT pg_advisory_xact_lock(${LOGIN_LOCK}, hashtext(${`${username}\n${ip}`}))`.execute(tx);
  const state = await attemptState(tx, config, username, ip);
  const wait = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  const pairLeft = pairDelayMs(config, state.pairFailures) - (state.pairSinceMs ?? Number.POSITIVE_INFINITY);
  if (pairLeft > 0) return new WaitError('auth.slow_down', wait(pairLeft));
  if (state.ipFailures >= config.ipAttemptLimit && !state.known) {
    const ipLeft = config.loginDelayMaxMs - (state.ipSinceMs ?? Number.POSITIVE_INFINITY);
    if (ipLeft > 0) return new WaitError('auth.address_slowed', wait(ipLeft));
  }
  return null;
}

export async function recordAttempt(tx: Tx, username: string, ip: string, success: boolean): Promise<void> {
  await tx.insertInto('login_attempts').values({ username, ip, success }).execute();
}

/**
 * Signs a user in, under the two rules of checkAttempt, counted in the database so they hold across
 * restarts and server copies. The attempt and its audit event are written even when sign-in fails.
 */
export async function signIn(
  database: Database,
  config: Config,
  input: { username: string; password: string; ip: string; userAgent: string | null },
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const outcome = await asSystem(database.db, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'username', 'password_hash', 'active', 'area_code'])
      .where('username', '=', username)
      .executeTakeFirst();
    const who = user ? { userId: user.id, username: user.username, ip: input.ip } : null;
    const details = user ? {} : { username_attempted: username.slice(0, 64) };

    const wait = await checkAttempt(tx, config, username, input.ip);
    if (wait) {
      const reason = wait.code === 'auth.slow_down' ? 'delay' : 'address';
      await audit(tx, who, {
        action: 'auth.login_refused',
        areaCode: user?.area_code,
        ip: input.ip,
        details: { ...details, reason, retryAfterSeconds: wait.retryAfterSeconds },
      });
      return { error: wait };
    }

    const ok = await verifyPassword(user?.password_hash, input.password);
    await recordAttempt(tx, username, input.ip, ok);
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

/**
 * Checks the current password of a signed-in user who changes their own (issue 18, item 5). It is a
 * sign-in attempt for the rules of checkAttempt: it waits like one, a wrong one counts as a failure of
 * this username from this address and is audited, a right one resets the pair. Throws (after the attempt
 * and its audit event are committed) 429 while waiting and 400 `auth.current_password_wrong`, naming
 * the `currentPassword` field, when wrong.
 */
export async function verifyCurrentPassword(
  database: Database,
  config: Config,
  actor: Actor,
  currentPassword: string,
): Promise<{ username: string; displayName: string; areaCode: string }> {
  const ip = actor.ip ?? 'unknown';
  const outcome = await asSystem(database.db, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['username', 'display_name', 'password_hash', 'area_code'])
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const who = { userId: actor.userId, username: user.username, ip };
    const wait = await checkAttempt(tx, config, user.username, ip);
    if (wait) {
      await audit(tx, who, {
        action: 'auth.password_change_failed',
        subjectType: 'user',
        subjectId: actor.userId,
        areaCode: user.area_code,
        ip,
        details: { reason: 'delay', retryAfterSeconds: wait.retryAfterSeconds },
      });
      return { error: wait };
    }
    const ok = await verifyPassword(user.password_hash, currentPassword);
    await recordAttempt(tx, user.username, ip, ok);
    if (!ok) {
      await audit(tx, who, {
        action: 'auth.password_change_failed',
        subjectType: 'user',
        subjectId: actor.userId,
        areaCode: user.area_code,
        ip,
        details: { reason: 'wrong_current_password' },
      });
      const m = errorBody('auth.current_password_wrong');
      return {
        error: new AppError(400, 'auth.current_password_wrong', { fields: [{ path: 'currentPassword', message_th: m.message_th, message_en: m.message_en }] }),
      };
    }
    return { username: user.username, displayName: user.display_name, areaCode: user.area_code };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome;
}

/**
 * Changes the signed-in user's own password: the current one checked first (verifyCurrentPassword),
 * then the new one's strength; every other session of the user ends, this one stays.
 */
export async function changeOwnPassword(database: Database, config: Config, actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
  const user = await verifyCurrentPassword(database, config, actor, currentPassword);
  assertStrongPassword(newPassword, [user.username, user.displayName], 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  await asSystem(database.db, async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', actor.userId).execute();
    const revoked = await tx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', actor.userId)
      .where('id', '!=', actor.sessionId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    await audit(tx, actor, {
      action: 'auth.password_changed',
      subjectType: 'user',
      subjectId: actor.userId,
      areaCode: user.areaCode,
      details: { otherSessionsEnded: revoked.length },
    });
  });
}

export type SessionLookup = { actor: Actor; expiresAt: Date } | { problem: 'expired' | 'none' };

/** A session still counts: not revoked, its user active, before its absolute and its idle expiry. */
export function sessionOpen(
  row: { revoked_at: Date | null; active: boolean; expires_at: Date; last_seen_at: Date },
  idleMinutes: number,
  now: number,
): boolean {
  return !row.revoked_at && row.active && row.expires_at.getTime() > now && row.last_seen_at.getTime() + idleMinutes * 60_000 > now;
}

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
  if (!sessionOpen(row, config.sessionIdleMinutes, now)) return { problem: 'expired' };
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
