import { canManageRole, ErrorResponse, errorBody, Page, paged, type Role, scopesOutside, scopeWithin, User, UserCreate, UserUpdate } from '@carehub/core';
import { z } from 'zod';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import { containsPattern } from '../../db/like.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { areaPaths } from '../areas/names.js';
import { audit } from '../audit/service.js';
import { hashPassword } from '../auth/passwords.js';
import { sendWait } from '../auth/routes.js';
import { verifyCurrentPassword, WaitError } from '../auth/service.js';
import { assertStrongPassword } from '../auth/strength.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };

function userQuery(tx: Tx) {
  return tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.organisation_id',
      'o.name as org_name',
      'u.scopes',
      'u.active',
      'u.created_at',
      'u.last_sign_in_at',
    ]);
}
type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  organisationId: r.organisation_id,
  organisationName: r.org_name,
  scopes: r.scopes,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
});

/** An admin may grant only roles below their own and only areas inside their own scope. */
function checkGrant(actor: Actor, role: Role | undefined, scopes: string[] | undefined) {
  if (role && !canManageRole(actor.role, role)) throw new AppError(403, 'forbidden.role_too_high');
  if (scopes && !scopeWithin(scopes, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
}

/**
 * A user's scopes must lie within their organisation's area, unless the admin confirms an exception with a
 * reason. System administrators work across the country whatever their organisation. Returns what the audit
 * log keeps of a confirmed exception; throws a 400 naming the areas outside otherwise.
 */
async function checkOrganisationScopes(
  tx: Tx,
  role: Role,
  scopes: readonly string[],
  organisationArea: string,
  exception: { reason: string } | undefined,
): Promise<{ reason: string; outside: string[]; organisationArea: string } | undefined> {
  if (role === 'system_admin') return undefined;
  const outside = scopesOutside(scopes, organisationArea);
  if (!outside.length) return undefined;
  if (exception) return { reason: exception.reason, outside, organisationArea };
  const names = await areaPaths(tx, [...outside, organisationArea]);
  const th = outside.map((c) => names.get(c)?.th ?? c).join(', ');
  const en = outside.map((c) => names.get(c)?.en ?? c).join('; ');
  const org = names.get(organisationArea);
  throw new AppError(400, 'user.scope_outside_organisation', {
    fields: [
      {
        path: 'scopes',
        message_th: `${th} อยู่นอกพื้นที่ของหน่วยงาน (${org?.th ?? organisationArea}) เลือกพื้นที่ภายในหน่วยงาน หรือยืนยันข้อยกเว้นพร้อมเหตุผล`,
        message_en: `${en} ${outside.length > 1 ? 'lie' : 'lies'} outside the organisation's area (${org?.en ?? organisationArea}); choose areas inside it, or confirm an exception with a reason`,
      },
    ],
    outside,
    organisationArea,
  });
}

async function organisationArea(tx: Tx, actor: Actor, organisationId: string): Promise<string> {
  const org = await tx.selectFrom('organisations').select(['area_code', 'active']).where('id', '=', organisationId).executeTakeFirst();
  if (!org?.active) throw new AppError(400, 'organisation.unknown');
  if (!scopeWithin([org.area_code], actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  return org.area_code;
}

export const userRoutes: Module = async (app, { database, config }) => {
  const db = database.db;

  app.get(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Users in my scope',
        querystring: Page.extend({ q: z.string().trim().max(100).optional(), organisationId: z.string().uuid().optional() }),
        response: { 200: paged(User), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { q, organisationId, page, pageSize } = req.query;
      return asUser(db, actor, async (tx) => {
        // Row-level security limits the rows to the actor's areas.
        let query = userQuery(tx);
        if (q) {
          const term = containsPattern(q);
          query = query.where((eb) => eb.or([eb('u.username', 'ilike', term), eb('u.display_name', 'ilike', term)]));
        }
        if (organisationId) query = query.where('u.organisation_id', '=', organisationId);
        const { total } = await query
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow();
        const rows = await query
          .orderBy('u.username')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        return { items: rows.map(toUser), total, page, pageSize };
      });
    },
  );

  app.post(
    '/api/users',
    { config: { permission: 'users.manage' }, schema: { tags: ['users'], summary: 'Create a user', body: UserCreate, response: { 201: User, ...errors } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const body = req.body;
      checkGrant(actor, body.role, body.scopes);
      assertStrongPassword(body.password, [body.username, body.displayName]);
      const passwordHash = await hashPassword(body.password);
      const user = await asUser(db, actor, async (tx) => {
        const areaCode = await organisationArea(tx, actor, body.organisationId);
        const scopeException = await checkOrganisationScopes(tx, body.role, body.scopes, areaCode, body.scopeException);
        const { id } = await tx
          .insertInto('users')
          .values({
            username: body.username,
            display_name: body.displayName,
            password_hash: passwordHash,
            role: body.role,
            organisation_id: body.organisationId,
            area_code: areaCode,
            scopes: body.scopes,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, actor, {
          action: 'user.create',
          subjectType: 'user',
          subjectId: id,
          areaCode,
          details: { username: body.username, role: body.role, scopes: body.scopes, ...(scopeException && { scopeException }) },
        });
        return userQuery(tx).where('u.id', '=', id).executeTakeFirstOrThrow();
      });
      return reply.status(201).send(toUser(user));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: { tags: ['users'], summary: 'Change a user', params: z.object({ id: z.string().uuid() }), body: UserUpdate, response: { 200: User, ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const body = req.body;
      const { id } = req.params;
      if (id === actor.userId && (body.role || body.scopes || body.active === false)) throw new AppError(403, 'forbidden');
      checkGrant(actor, body.role, body.scopes);
      // One's own password only with the current one (issue 18, item 5); a wrong one counts as a failed sign-in.
      if (body.password && id === actor.userId) {
        if (!body.currentPassword) {
          const m = errorBody('auth.current_password_required');
          throw new AppError(400, 'auth.current_password_required', {
            fields: [{ path: 'currentPassword', message_th: m.message_th, message_en: m.message_en }],
          });
        }
        try {
          await verifyCurrentPassword(database, config, actor, body.currentPassword);
        } catch (err) {
          if (err instanceof WaitError) return sendWait(reply, err);
          throw err;
        }
      }
      let passwordHash: string | undefined;
      const user = await asUser(db, actor, async (tx) => {
        const current = await tx
          .selectFrom('users as u')
          .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
          .select(['u.role', 'u.area_code', 'u.scopes', 'o.area_code as org_area', 'u.username', 'u.display_name'])
          .where('u.id', '=', id)
          .executeTakeFirst();
        if (!current) throw notFound();
        // Only over a user whose every area lies inside the admin's, or a district admin could take over a
        // province-wide user of a lower role (issue 18, H1).
        if (id !== actor.userId) checkGrant(actor, current.role as Role, current.scopes);
        if (body.password) {
          assertStrongPassword(body.password, [current.username, current.display_name, body.displayName]);
          passwordHash = await hashPassword(body.password);
        }
        const areaCode = body.organisationId ? await organisationArea(tx, actor, body.organisationId) : undefined;
        // Only a change of areas or organisation is held to the organisation's area: users already outside it keep working.
        const scopeException =
          body.scopes !== undefined || body.organisationId !== undefined
            ? await checkOrganisationScopes(
                tx,
                body.role ?? (current.role as Role),
                body.scopes ?? current.scopes,
                areaCode ?? current.org_area,
                body.scopeException,
              )
            : undefined;
        await tx
          .updateTable('users')
          .set({
            ...(body.displayName !== undefined && { display_name: body.displayName }),
            ...(body.role !== undefined && { role: body.role }),
            ...(body.organisationId !== undefined && { organisation_id: body.organisationId, area_code: areaCode }),
            ...(body.scopes !== undefined && { scopes: body.scopes }),
            ...(body.active !== undefined && { active: body.active }),
            ...(passwordHash !== undefined && { password_hash: passwordHash }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        const changes = Object.keys(body).filter((k) => k !== 'scopeException' && k !== 'currentPassword');
        // A new password, lost access or a narrower grant ends every open session of that user.
        if (body.password || body.active === false || body.role || body.scopes || body.organisationId) {
          await tx.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
        }
        await audit(tx, actor, {
          action: changes.some((c) => ['role', 'scopes', 'active', 'organisationId'].includes(c)) ? 'user.permissions_changed' : 'user.update',
          subjectType: 'user',
          subjectId: id,
          areaCode: areaCode ?? current.area_code,
          details: {
            fields: changes,
            ...(body.role && { role: body.role }),
            ...(body.scopes && { scopes: body.scopes }),
            ...(body.active !== undefined && { active: body.active }),
            ...(scopeException && { scopeException }),
          },
        });
        return userQuery(tx).where('u.id', '=', id).executeTakeFirstOrThrow();
      });
      return toUser(user);
    },
  );

  app.post(
    '/api/users/:id/revoke-sessions',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: "End all of a user's sessions",
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.object({ revoked: z.number() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const target = await tx.selectFrom('users').select(['id', 'role', 'area_code', 'scopes']).where('id', '=', req.params.id).executeTakeFirst();
        if (!target) throw notFound();
        if (target.id !== actor.userId) checkGrant(actor, target.role as Role, target.scopes);
        const rows = await tx
          .updateTable('sessions')
          .set({ revoked_at: new Date() })
          .where('user_id', '=', target.id)
          .where('revoked_at', 'is', null)
          .returning('id')
          .execute();
        await audit(tx, actor, {
          action: 'user.revoke_sessions',
          subjectType: 'user',
          subjectId: target.id,
          areaCode: target.area_code,
          details: { revoked: rows.length },
        });
        return { revoked: rows.length };
      });
    },
  );
};
