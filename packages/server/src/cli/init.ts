import { randomBytes } from 'node:crypto';
import { ORGANISATION_TYPES, type OrganisationType, Password, Username } from '@carehub/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { hashPassword } from '../modules/auth/passwords.js';
import { passwordStrength } from '../modules/auth/strength.js';

export interface InitOptions {
  organisation: string;
  type?: string;
  /** The organisation's area, and the administrator's scope. */
  area: string;
  admin: string;
  displayName?: string;
  /** CAREHUB_ADMIN_PASSWORD, or none: one is made and returned, to be printed once. */
  password?: string;
}

/**
 * A province's first day on an empty database: the first organisation and its system administrator,
 * everything else then made by them in the web app (or `carehub organisations add`, `users add`).
 * Refuses a database that has users already, so it can never reset an administrator.
 */
export async function initProvince(db: Kysely<DB>, o: InitOptions): Promise<{ organisationId: string; username: string; generatedPassword?: string }> {
  const username = Username.parse(o.admin);
  const type = organisationType(o.type ?? 'provincial_social_development_office');
  const generatedPassword = o.password ? undefined : randomBytes(15).toString('base64url');
  const password = Password.parse(o.password ?? generatedPassword);
  const strength = passwordStrength(password, [username, o.displayName ?? '']);
  if (!strength.ok)
    throw new Error(`CAREHUB_ADMIN_PASSWORD is too easy to guess: ${[strength.warning, ...strength.suggestions].map((i) => i?.en ?? '').join(' ')}`.trim());
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    // Two `init`s at once: the second waits here and then finds the first one's user.
    await sql`LOCK TABLE users IN EXCLUSIVE MODE`.execute(tx);
    const existing = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (existing) throw new Error('this database has users already: `init` runs once, on an empty database (add more with `carehub users add`)');
    const area = await tx.selectFrom('areas').select('code').where('code', '=', o.area).executeTakeFirst();
    if (!area) throw new Error(`no area "${o.area}" (a DOPA code: 2 digits for a province, 4 for a district, 6 for a subdistrict)`);
    const org = await tx.insertInto('organisations').values({ name: o.organisation, type, area_code: area.code }).returning('id').executeTakeFirstOrThrow();
    const user = await tx
      .insertInto('users')
      .values({
        username,
        display_name: o.displayName ?? username,
        password_hash: passwordHash,
        role: 'system_admin',
        organisation_id: org.id,
        area_code: area.code,
        scopes: [area.code],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('audit_log')
      .values([
        {
          action: 'organisation.create',
          subject_type: 'organisation',
          subject_id: org.id,
          area_code: area.code,
          details: JSON.stringify({ name: o.organisation, type, via: 'cli init' }),
        },
        {
          action: 'user.create',
          subject_type: 'user',
          subject_id: user.id,
          area_code: area.code,
          details: JSON.stringify({ username, role: 'system_admin', scopes: [area.code], via: 'cli init' }),
        },
      ])
      .execute();
    return { organisationId: org.id, username, generatedPassword };
  });
}

export function organisationType(type: string): OrganisationType {
  if (!(ORGANISATION_TYPES as readonly string[]).includes(type))
    throw new Error(`unknown organisation type "${type}"; one of ${ORGANISATION_TYPES.join(', ')}`);
  return type as OrganisationType;
}

/** `carehub organisations add`: an organisation in an existing area, audited as the operator's. */
export async function addOrganisation(db: Kysely<DB>, o: { name: string; type: string; area: string }): Promise<string> {
  const type = organisationType(o.type);
  return db.transaction().execute(async (tx) => {
    const area = await tx.selectFrom('areas').select('code').where('code', '=', o.area).executeTakeFirst();
    if (!area) throw new Error(`no area "${o.area}"`);
    const dup = await tx.selectFrom('organisations').select('id').where('name', '=', o.name).where('area_code', '=', area.code).executeTakeFirst();
    if (dup) throw new Error(`an organisation "${o.name}" exists in ${area.code} already`);
    const { id } = await tx.insertInto('organisations').values({ name: o.name, type, area_code: area.code }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('audit_log')
      .values({
        action: 'organisation.create',
        subject_type: 'organisation',
        subject_id: id,
        area_code: area.code,
        details: JSON.stringify({ name: o.name, type, via: 'cli' }),
      })
      .execute();
    return id;
  });
}
