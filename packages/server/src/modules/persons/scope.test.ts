import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * The area-scope proof (DESIGN.md §5): a user of subdistrict 900101 (Bo Yang, Mueang Songkhla) cannot
 * read, list, search, count or change a person of 901101 (Hat Yai), through the API or through a
 * query that forgets the service check, because row-level security stops it in PostgreSQL.
 */
let f: Fixture;
let boyang: ApiClient;
let hatyai: ApiClient;
let hatyaiPerson: { id: string; version: number };
let boyangUser: { userId: string; scopes: string[] };

beforeAll(async () => {
  f = await createFixture({}, 0);
  boyang = await f.as('sw.boyang');
  hatyai = await f.as('sw.hatyai');
  const created = await hatyai.post('/api/persons', {
    cid: '1-1037-02071-81-1',
    titleTh: 'นาง',
    firstNameTh: 'สมศรี',
    lastNameTh: 'ใจดีมาก',
    birthDate: '1950-03-01',
    sex: 'female',
    areaCode: '901101',
  });
  expect(created.status).toBe(201);
  hatyaiPerson = created.body;
  const u = await f.database.db.selectFrom('users').select(['id', 'scopes']).where('username', '=', 'sw.boyang').executeTakeFirstOrThrow();
  boyangUser = { userId: u.id, scopes: u.scopes };
});
afterAll(() => f?.close());

describe('through the API', () => {
  it('the owner of the area sees the person', async () => {
    const r = await hatyai.get(`/api/persons/${hatyaiPerson.id}`);
    expect(r.status).toBe(200);
    expect(r.body.cid).toBe('1103702071811');
  });

  it('another subdistrict cannot read it', async () => {
    const r = await boyang.get(`/api/persons/${hatyaiPerson.id}`);
    expect(r.status).toBe(404);
  });

  it('another subdistrict cannot list, search or count it', async () => {
    const all = await boyang.get('/api/persons?pageSize=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(0);
    expect((await boyang.get('/api/persons?q=สมศรี')).body.total).toBe(0);
    expect((await boyang.get('/api/persons?q=1103702071811')).body.total).toBe(0);
    expect((await boyang.get('/api/persons?area=901101')).status).toBe(403);
    expect((await hatyai.get('/api/persons?q=สมศรี')).body.total).toBe(1);
  });

  it('another subdistrict cannot change it or move a person into it', async () => {
    const r = await boyang.patch(`/api/persons/${hatyaiPerson.id}`, { version: 1, firstNameTh: 'แก้ไข' });
    expect(r.status).toBe(404);
    const created = await boyang.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'ก', lastNameTh: 'ข', sex: 'male', areaCode: '901101' });
    expect(created.status).toBe(403);
    expect(created.body.code).toBe('forbidden.out_of_scope');
    const after = await hatyai.get(`/api/persons/${hatyaiPerson.id}`);
    expect(after.body.firstNameTh).toBe('สมศรี');
  });

  it('the district and province admins above both see it', async () => {
    for (const who of ['hatyai', 'songkhla']) {
      const c = await f.as(who);
      expect((await c.get(`/api/persons/${hatyaiPerson.id}`)).status).toBe(200);
    }
  });
});

describe('row-level security alone, with the service check forgotten', () => {
  it('hides the row from a plain select and a count', async () => {
    const rows = await asUser(f.database.db, boyangUser, (tx) => tx.selectFrom('persons').selectAll().execute());
    expect(rows).toHaveLength(0);
    const count = await asUser(f.database.db, boyangUser, (tx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM persons`.execute(tx));
    expect(count.rows[0]!.n).toBe(0);
    const search = await asUser(f.database.db, boyangUser, (tx) => tx.selectFrom('persons').select('id').where('first_name_th', 'like', '%สมศรี%').execute());
    expect(search).toHaveLength(0);
  });

  it('makes an update and a delete touch nothing', async () => {
    const updated = await asUser(f.database.db, boyangUser, (tx) =>
      tx.updateTable('persons').set({ first_name_th: 'X' }).where('id', '=', hatyaiPerson.id).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    await expect(asUser(f.database.db, boyangUser, (tx) => sql`DELETE FROM persons WHERE id = ${hatyaiPerson.id}`.execute(tx))).rejects.toThrow();
    const row = await f.database.db.selectFrom('persons').select('first_name_th').where('id', '=', hatyaiPerson.id).executeTakeFirstOrThrow();
    expect(row.first_name_th).toBe('สมศรี');
  });

  it('refuses an insert into another area', async () => {
    await expect(
      asUser(f.database.db, boyangUser, (tx) =>
        tx.insertInto('persons').values({ first_name_th: 'ก', last_name_th: 'ข', sex: 'male', area_code: '901101' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses to move an own person out of scope', async () => {
    const mine = await boyang.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'มานี', lastNameTh: 'มีนา', sex: 'female', areaCode: '900101' });
    expect(mine.status).toBe(201);
    await expect(
      asUser(f.database.db, boyangUser, (tx) => tx.updateTable('persons').set({ area_code: '901101' }).where('id', '=', mine.body.id).execute()),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows nothing when no scope is set at all', async () => {
    const rows = await asUser(f.database.db, { userId: boyangUser.userId, scopes: [] }, (tx) => tx.selectFrom('persons').select('id').execute());
    expect(rows).toHaveLength(0);
  });

  it('runs user queries as a role that is not a superuser and cannot bypass RLS', async () => {
    const r = await asUser(f.database.db, boyangUser, (tx) =>
      sql<{
        rolsuper: boolean;
        rolbypassrls: boolean;
        u: string;
      }>`SELECT rolsuper, rolbypassrls, current_user AS u FROM pg_roles WHERE rolname = current_user`.execute(tx),
    );
    expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, u: 'carehub_app' });
  });

  it('hides users and audit events of other areas', async () => {
    const users = await asUser(f.database.db, boyangUser, (tx) => tx.selectFrom('users').select('username').execute());
    expect(users.map((u) => u.username).sort()).toEqual(['boyang', 'osm.boyang', 'sw.boyang']);
    const events = await asUser(f.database.db, boyangUser, (tx) => tx.selectFrom('audit_log').select(['area_code', 'actor_id']).execute());
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.area_code?.startsWith('900101') || e.actor_id === boyangUser.userId)).toBe(true);
  });
});
