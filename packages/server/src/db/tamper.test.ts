import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db.js';
import type { Database } from './connection.js';
import { asSystem, asUser, type Tx } from './context.js';

/**
 * Issue 18, item 3: the scope row-level security reads cannot be changed by the app role. Before
 * migration 0026 the policies read session settings, and `set_config('app.scope','TH',true)` from
 * inside asUser read the whole country.
 */
let database: Database;
let sw: { userId: string; username: string; scopes: string[]; organisationId: string; role: 'social_worker' };
let admin: { id: string; username: string; organisation_id: string };

beforeAll(async () => {
  database = await createTestDatabase('demo');
  const u = await database.db
    .selectFrom('users')
    .select(['id', 'username', 'scopes', 'organisation_id'])
    .where('username', '=', 'sw.boyang')
    .executeTakeFirstOrThrow();
  sw = { userId: u.id, username: u.username, scopes: u.scopes, organisationId: u.organisation_id, role: 'social_worker' };
  admin = await database.db.selectFrom('users').select(['id', 'username', 'organisation_id']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  // Something to see and something not to: an audit row in Bo Yang and one in Hat Yai.
  await asSystem(database.db, async (tx) => {
    await tx.insertInto('audit_log').values({ action: 'test.in_scope', area_code: '900101', details: '{}' }).execute();
    await tx.insertInto('audit_log').values({ action: 'test.out_of_scope', area_code: '901101', details: '{}' }).execute();
  });
}, 300_000);
afterAll(() => database?.close());

async function visible(tx: Tx) {
  const { rows } = await sql<{ persons: number; users: number; audit: number; outside: number }>`
    SELECT (SELECT count(*)::int FROM persons) AS persons,
           (SELECT count(*)::int FROM users) AS users,
           (SELECT count(*)::int FROM audit_log) AS audit,
           (SELECT count(*)::int FROM persons WHERE area_code NOT LIKE '900101%')
             + (SELECT count(*)::int FROM users WHERE area_code NOT LIKE '900101%' AND id <> ${sw.userId}::uuid)
             + (SELECT count(*)::int FROM audit_log WHERE area_code NOT LIKE '900101%' AND actor_id IS DISTINCT FROM ${sw.userId}::uuid) AS outside`.execute(
    tx,
  );
  return rows[0]!;
}

describe('the app role cannot widen the scope its policies read', () => {
  it('set_config of app.scope, app.user_id, app.org_id and app.caseload_only reads nothing more', async () => {
    const all = await asSystem(database.db, visible);
    const { before, after } = await asUser(database.db, sw, async (tx) => {
      const before = await visible(tx);
      await sql`SELECT set_config('app.scope', 'TH', true), set_config('app.user_id', ${admin.id}, true),
        set_config('app.org_id', ${admin.organisation_id}, true), set_config('app.caseload_only', 'false', true)`.execute(tx);
      return { before, after: await visible(tx) };
    });
    // The database holds persons, users and audit rows outside Bo Yang; the social worker sees some inside.
    expect(all.outside).toBeGreaterThan(0);
    expect(before.persons).toBeGreaterThan(0);
    expect(before.outside).toBe(0);
    expect(after).toEqual(before);
  });

  it('the same settings as session-wide settings (not transaction-local) change nothing either', async () => {
    const after = await asUser(database.db, sw, async (tx) => {
      await sql`SELECT set_config('app.scope', 'TH', false), set_config('app.user_id', ${admin.id}, false)`.execute(tx);
      return visible(tx);
    });
    expect(after.outside).toBe(0);
  });

  it('the app role can neither read nor write the context table', async () => {
    for (const statement of [
      sql`SELECT * FROM app_context`,
      sql`INSERT INTO app_context (txid, patterns, caseload_only) VALUES (txid_current(), '{%}', false)`,
      sql`UPDATE app_context SET patterns = '{%}'`,
      sql`DELETE FROM app_context`,
    ]) {
      await expect(asUser(database.db, sw, (tx) => statement.execute(tx))).rejects.toThrow(/permission denied/);
    }
  });

  it('a temporary table of the same name does not stand in for the context', async () => {
    const after = await asUser(database.db, sw, async (tx) => {
      await sql`CREATE TEMP TABLE app_context (txid bigint, patterns text[], user_id uuid, org_id uuid, caseload_only boolean) ON COMMIT DROP`.execute(tx);
      await sql`INSERT INTO app_context VALUES (txid_current(), '{%}', ${admin.id}::uuid, ${admin.organisation_id}::uuid, false)`.execute(tx);
      return visible(tx);
    });
    expect(after.outside).toBe(0);
  });

  it('leaves no context row behind, after a commit or a rollback', async () => {
    await asUser(database.db, sw, (tx) => sql`SELECT 1`.execute(tx));
    await expect(asUser(database.db, sw, (tx) => sql`SELECT 1/0`.execute(tx))).rejects.toThrow();
    const left = await asSystem(database.db, (tx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM app_context`.execute(tx));
    expect(left.rows[0]!.n).toBe(0);
  });

  it('outside asUser the functions answer "no scope", as an unset setting did', async () => {
    const r = await asSystem(database.db, (tx) =>
      sql<{
        p: string[];
        u: string | null;
        o: string | null;
        c: boolean;
      }>`SELECT app_scope_patterns() AS p, app_user_id() AS u, app_org_id() AS o, app_caseload_only() AS c`.execute(tx),
    );
    expect(r.rows[0]).toEqual({ p: [], u: null, o: null, c: false });
  });

  it('the open-data reader (no user, whole country) and a caseload role keep their context', async () => {
    const open = await asUser(database.db, { userId: '', scopes: ['TH'] }, (tx) =>
      sql<{ p: string[]; u: string | null; n: number }>`SELECT app_scope_patterns() AS p, app_user_id() AS u, (SELECT count(*)::int FROM persons) AS n`.execute(
        tx,
      ),
    );
    expect(open.rows[0]).toMatchObject({ p: ['%'], u: null });
    const osm = await database.db
      .selectFrom('users')
      .select(['id', 'scopes', 'organisation_id'])
      .where('username', '=', 'osm.boyang')
      .executeTakeFirstOrThrow();
    const ctx = await asUser(database.db, { userId: osm.id, scopes: osm.scopes, organisationId: osm.organisation_id, role: 'volunteer_osm' }, (tx) =>
      sql<{
        p: string[];
        u: string;
        o: string;
        c: boolean;
      }>`SELECT app_scope_patterns() AS p, app_user_id() AS u, app_org_id() AS o, app_caseload_only() AS c`.execute(tx),
    );
    expect(ctx.rows[0]).toEqual({ p: ['900101%'], u: osm.id, o: osm.organisation_id, c: true });
  });
});

describe('an audit row written by the app role names the session user', () => {
  const row = (actorId: string | null, username: string | null) =>
    sql`INSERT INTO audit_log (actor_id, actor_username, action, area_code, details) VALUES (${actorId}::uuid, ${username}, 'test.forged', '900101', '{}')`;

  it("refuses another user's id or another user's name; its own, or no one's (a rule firing in the act), is written", async () => {
    await expect(asUser(database.db, sw, (tx) => row(admin.id, admin.username).execute(tx))).rejects.toThrow(/row-level security/);
    await expect(asUser(database.db, sw, (tx) => row(admin.id, sw.username).execute(tx))).rejects.toThrow(/row-level security/);
    await expect(asUser(database.db, sw, (tx) => row(sw.userId, admin.username).execute(tx))).rejects.toThrow(/row-level security/);
    await expect(asUser(database.db, sw, (tx) => row(null, admin.username).execute(tx))).rejects.toThrow(/row-level security/);
    await asUser(database.db, sw, (tx) => row(sw.userId, sw.username).execute(tx));
    await asUser(database.db, sw, (tx) => row(null, null).execute(tx));
    const written = await database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_username'])
      .where('action', '=', 'test.forged')
      .orderBy('id')
      .execute();
    expect(written).toEqual([
      { actor_id: sw.userId, actor_username: sw.username },
      { actor_id: null, actor_username: null },
    ]);
  });

  it('the owner (asSystem) still writes rows without an actor; no new row lacks an area', async () => {
    await asSystem(database.db, (tx) => row(null, null).execute(tx));
    expect(await database.db.selectFrom('audit_log').select('id').where('action', '=', 'test.forged').execute()).toHaveLength(3);
    await expect(asSystem(database.db, (tx) => sql`INSERT INTO audit_log (action, details) VALUES ('test.no_area', '{}')`.execute(tx))).rejects.toThrow(
      /audit_log_area_required/,
    );
  });
});
