import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../testing/fixture.js';
import type { ApiClient } from '../testing/server.js';

/**
 * Invalid input to every route that takes input gives a 400 with a clear Thai and English message
 * and writes nothing. The routes come from the OpenAPI document, so a new route is covered too.
 */
let f: Fixture;
let admin: ApiClient;
const BAD_UUID = 'not-a-uuid';

beforeAll(async () => {
  f = await createFixture();
  admin = await f.as('admin');
});
afterAll(() => f?.close());

type Operation = { requestBody?: unknown; parameters?: Array<{ in: string; name: string; required?: boolean; schema?: { type?: string } }> };

async function rowCounts() {
  const tables = ['persons', 'users', 'organisations', 'sessions', 'audit_log', 'login_attempts', 'instruments', 'assessments', 'tasks'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const { n } = await f.database.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = n;
  }
  return out;
}

function expectClear400(r: { status: number; body: any }, what: string) {
  expect(r.status, what).toBe(400);
  // An instrument definition is checked by its own schema, whose problems come as instrument.invalid.
  expect(r.body.code, what).toMatch(/^(validation\.failed|request\.malformed|instrument\.invalid)$/);
  expect(r.body.message_th, what).toMatch(/[\u0E00-\u0E7F]/);
  expect(r.body.message_en, what).toMatch(/[a-z]/);
}

describe('invalid input to every route', () => {
  it('is refused with 400, a Thai and English message, and no write', async () => {
    const spec = (await admin.get('/api/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    let checked = 0;
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
        const query = (op.parameters ?? []).filter((p) => p.in === 'query');
        const goodPath = path.replace(/\{(\w+)\}/g, (_m, name) => (name === 'code' ? '90' : '00000000-0000-4000-8000-000000000000'));
        const cases: Array<[string, string, unknown?]> = [];
        if (pathParams.length) cases.push(['bad path parameter', path.replace(/\{(\w+)\}/g, BAD_UUID)]);
        if (op.requestBody) {
          cases.push(['body of the wrong type', goodPath, { unexpected: ['x'], username: 7, firstNameTh: 42, name: 1, version: 'one' }]);
          cases.push(['malformed JSON', goodPath, '{"username": ']);
        }
        const numeric = query.find((p) => p.name === 'page');
        if (numeric) cases.push(['bad page number', `${goodPath}?page=-3`]);
        for (const [what, url, body] of cases) {
          const before = await rowCounts();
          const r = await admin.request(method.toUpperCase(), url, body);
          expectClear400(r, `${method.toUpperCase()} ${path}: ${what}`);
          expect(await rowCounts(), `${method.toUpperCase()} ${path}: ${what}`).toEqual(before);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('names the fields at fault, in both languages', async () => {
    const r = await admin.post('/api/persons', { cid: '1103702071810', firstNameTh: '', lastNameTh: 'ใจดี', sex: 'x', areaCode: '90' });
    expect(r.status).toBe(400);
    const byPath = Object.fromEntries(r.body.details.fields.map((x: { path: string }) => [x.path, x]));
    expect(byPath.cid.message_th).toContain('เลขประจำตัวประชาชน');
    expect(byPath.cid.message_en).toContain('national ID');
    expect(byPath.firstNameTh.message_en).toBe('Required');
    expect(byPath.sex.message_th).toBeTruthy();
  });

  it('refuses a user with a weak password and a malformed username without creating it', async () => {
    const orgs = await admin.get('/api/organisations?pageSize=1');
    const before = await rowCounts();
    const r = await admin.post('/api/users', {
      username: 'Bad Name!',
      displayName: 'x',
      role: 'social_worker',
      organisationId: orgs.body.items[0].id,
      scopes: ['90'],
      password: 'short',
    });
    expect(r.status).toBe(400);
    const paths = r.body.details.fields.map((x: { path: string }) => x.path).sort();
    // The password's strength is judged after the fields are valid (modules/auth/strength.ts), not by its length here.
    expect(paths).toEqual(['username']);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers unknown API paths with a 404 in the same shape', async () => {
    const r = await admin.get('/api/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'not_found', message_th: 'ไม่พบข้อมูลที่ต้องการ', message_en: 'Not found' });
  });
});

describe('health and OpenAPI', () => {
  it('reports status, database kind and version without sign-in', async () => {
    const r = await f.client().get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: f.database.kind, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const r = await f.client().get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/me', '/api/areas', '/api/users', '/api/persons/{id}', '/api/audit']),
    );
    const login = r.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
  });
});
