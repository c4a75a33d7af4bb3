import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { verifyPassword } from '../modules/auth/passwords.js';
import { createTestDatabase } from '../testing/db.js';
import { ApiClient, startTestServer } from '../testing/server.js';
import { addOrganisation, initProvince } from './init.js';

/** A province's first day: an empty database (no demo data), `carehub init`, and the first admin's sign-in. */
let database: Database;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.close());

const first = { organisation: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา', area: '90', admin: 'pmj.admin' };

describe('carehub init', () => {
  it('creates the first organisation and a system administrator scoped to its area, who can sign in and create the rest', async () => {
    const r = await initProvince(database.db, { ...first, password: 'ดูแลคนสงขลา-2569-ทุกตำบล' });
    expect(r.generatedPassword).toBeUndefined();
    const user = await database.db.selectFrom('users').selectAll().where('username', '=', 'pmj.admin').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'system_admin', scopes: ['90'], area_code: '90', organisation_id: r.organisationId });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'area_code'])
      .where('action', 'in', ['organisation.create', 'user.create'])
      .orderBy('action')
      .execute();
    expect(audit).toEqual([
      { action: 'organisation.create', area_code: '90' },
      { action: 'user.create', area_code: '90' },
    ]);

    const server = await startTestServer(database);
    try {
      const admin = new ApiClient(server.url);
      expect((await admin.login('pmj.admin', 'ดูแลคนสงขลา-2569-ทุกตำบล')).status).toBe(200);
      const agency = await admin.post('/api/organisations', {
        name: 'องค์การบริหารส่วนจังหวัดสงขลา',
        type: 'provincial_administrative_organisation',
        areaCode: '90',
      });
      expect(agency.status, JSON.stringify(agency.body)).toBe(201);
    } finally {
      await server.close();
    }
  });

  it('makes a strong password and returns it once when none is given; the stored hash matches it', async () => {
    const r = await initProvince(database.db, first);
    expect(r.generatedPassword).toMatch(/^[\w-]{20}$/);
    const { password_hash } = await database.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(password_hash).not.toContain(r.generatedPassword);
    expect(await verifyPassword(password_hash, r.generatedPassword!)).toBe(true);
  });

  it('runs once: a database with users is refused and left as it was', async () => {
    await initProvince(database.db, first);
    await expect(initProvince(database.db, { ...first, admin: 'second.admin' })).rejects.toThrow(/users already/);
    expect(await database.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'pmj.admin' }]);
    expect(await database.db.selectFrom('organisations').select('name').execute()).toHaveLength(1);
  });

  it('refuses an unknown area, an unknown type and a guessable password, writing nothing', async () => {
    await expect(initProvince(database.db, { ...first, area: '999999' })).rejects.toThrow(/no area "999999"/);
    await expect(initProvince(database.db, { ...first, type: 'ministry' })).rejects.toThrow(/unknown organisation type/);
    await expect(initProvince(database.db, { ...first, password: '1234567890' })).rejects.toThrow(/too easy to guess/);
    expect(await database.db.selectFrom('users').select('id').execute()).toEqual([]);
    expect(await database.db.selectFrom('organisations').select('id').execute()).toEqual([]);
  });
});

describe('carehub organisations add', () => {
  it('adds an agency in an existing area, audited, and refuses the same name twice or an unknown area', async () => {
    const id = await addOrganisation(database.db, { name: 'โรงพยาบาลหาดใหญ่', type: 'hospital', area: '9011' });
    expect(await database.db.selectFrom('organisations').select(['id', 'type', 'area_code']).execute()).toEqual([{ id, type: 'hospital', area_code: '9011' }]);
    expect(await database.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).execute()).toEqual([{ action: 'organisation.create' }]);
    await expect(addOrganisation(database.db, { name: 'โรงพยาบาลหาดใหญ่', type: 'hospital', area: '9011' })).rejects.toThrow(/exists/);
    await expect(addOrganisation(database.db, { name: 'ที่ไม่มี', type: 'hospital', area: '99' })).rejects.toThrow(/no area/);
  });
});
