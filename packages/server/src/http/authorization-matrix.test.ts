import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, type Role } from '@carehub/core';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../modules/auth/passwords.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../seed/demo.js';
import { createFixture, type Fixture } from '../testing/fixture.js';
import type { ApiClient } from '../testing/server.js';
import { installRoutePermissions } from './permissions.js';

/**
 * The authorization matrix: every declared /api route is called by every role (and by nobody), and
 * every read of a person (and of their assessments, visits and referrals) by every role on four kinds
 * of person: one in the role's area (and caseload),
 * one outside it, one outside it but shared with the role's organisation, and one in the area but not
 * in the caseload. The status codes must equal the reviewed table in authorization-matrix.json, so a
 * permission declaration that is removed or weakened, or a scope check that is dropped, fails here.
 *
 * After an intended change of access, regenerate the table with
 *   CAREHUB_UPDATE_MATRIX=1 npx vitest run --project server-pglite packages/server/src/http/authorization-matrix.test.ts
 * and review its diff like code.
 */
const here = dirname(fileURLToPath(import.meta.url));
const MATRIX_FILE = join(here, 'authorization-matrix.json');
const NIL = '00000000-0000-0000-0000-000000000000';
const COLUMNS = ['anonymous', ...ROLES] as const;
type Column = (typeof COLUMNS)[number];
const KINDS = ['inScope', 'outOfScope', 'shared', 'notInCaseload'] as const;
type Kind = (typeof KINDS)[number];

interface Matrix {
  columns: string[];
  routes: Record<string, string>;
  persons: Record<string, Record<Kind, string>>;
}

/** One signed-in user per role: the demo users, plus the roles the demo has nobody for. */
const EXTRA_USERS: Array<{ username: string; role: Role }> = [
  { username: 'opm.boyang', role: 'volunteer_opm' },
  { username: 'cg.boyang', role: 'caregiver' },
  { username: 'analyst.boyang', role: 'analyst' },
];

/** Real codes, so a role that may use a route reaches its answer rather than a 400 for a bad code. */
const CODES: Array<[RegExp, string]> = [
  [/^\/api\/areas\//, '900101'],
  [/^\/api\/instruments\//, 'barthel'],
  [/^\/api\/indicators\//, 'bedridden_visited_monthly'],
  [/^\/api\/import-sources\//, 'pmj'],
];

/** A route's path with placeholders: a nil UUID for ids, so no request can touch a real row. */
function samplePath(url: string): string {
  const code = CODES.find(([pattern]) => pattern.test(url))?.[1] ?? 'X0';
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'code' ? code : name === 'version' ? '1' : NIL));
}

async function status(client: ApiClient, method: string, path: string): Promise<number> {
  const res = await fetch(client.base + path, { method, headers: client.cookie ? { cookie: client.cookie } : {} });
  // Event streams never end: the status is all the matrix needs.
  await res.body?.cancel();
  return res.status;
}

let f: Fixture;
const clients = new Map<Column, ApiClient>();
interface Subject {
  person: string;
  assessment: string;
  visit: string;
  referral: string;
}
const subjects = new Map<Column, Record<Kind, Subject>>();

/** The reads of one thing about a person, and which of the subject's ids fills the path. */
function subjectOf(url: string): keyof Subject | null {
  if (/^\/api\/persons\/:id(\/|$)/.test(url)) return 'person';
  if (url.startsWith('/api/assessments/:assessmentId')) return 'assessment';
  if (url.startsWith('/api/visits/:visitId')) return 'visit';
  if (url.startsWith('/api/referrals/:id')) return 'referral';
  return null;
}

beforeAll(async () => {
  f = await createFixture();
  const db = f.database.db;
  const orgOf = async (username: string) =>
    await db.selectFrom('users').select(['id', 'organisation_id', 'scopes']).where('username', '=', username).executeTakeFirstOrThrow();
  const boyang = await orgOf('osm.boyang');
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of EXTRA_USERS) {
    await db
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.username,
        password_hash: hash,
        role: u.role,
        organisation_id: boyang.organisation_id,
        area_code: '900101',
        scopes: ['900101'],
      })
      .execute();
  }
  const usernameOf = (role: Role) => [...DEMO_USERS, ...EXTRA_USERS].find((u) => u.role === role)!.username;

  clients.set('anonymous', f.client());
  const admin = await orgOf('admin');
  // Between two agencies none of the matrix's users belongs to.
  const sender = await orgOf('steward.nhso');
  const receiver = await orgOf('steward.ssj');
  let n = 0;
  /** A person in the area, with one draft assessment, one visit and one closed referral of their own. */
  const subject = async (areaCode: string): Promise<Subject> => {
    n += 1;
    const { id: person } = await db
      .insertInto('persons')
      .values({ first_name_th: `ตาราง${n}`, last_name_th: 'สิทธิ์', sex: 'female', area_code: areaCode, cid_missing_reason: 'unknown', updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = new Date();
    const { id: assessment } = await db
      .insertInto('assessments')
      .values({
        person_id: person,
        instrument_code: 'barthel',
        instrument_version: 1,
        status: 'draft',
        answers: '{}',
        scores: '{}',
        bands: '[]',
        place: 'home',
        performed_at: now,
        recorded_by: admin.id,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visit = randomUUID();
    await db
      .insertInto('visits')
      .values({
        id: visit,
        person_id: person,
        visited_at: now,
        present: [],
        vitals: '{}',
        needs: '[]',
        help: '[]',
        alarms: '[]',
        next_visit_on: '2027-01-01',
        assessment_ids: [],
        photo_count: 0,
        recorded_by: admin.id,
      })
      .execute();
    // Closed, so it shares nothing with the receiver.
    const { id: referral } = await db
      .insertInto('referrals')
      .values({
        person_id: person,
        from_organisation_id: sender.organisation_id,
        from_user_id: sender.id,
        to_organisation_id: receiver.organisation_id,
        urgency: 'routine',
        reason: 'ตาราง',
        state: 'completed',
        closed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { person, assessment, visit, referral };
  };
  for (const role of ROLES) {
    const username = usernameOf(role);
    clients.set(role, await f.as(username));
    const user = await orgOf(username);
    const home = user.scopes[0] === 'TH' ? '900101' : user.scopes[0]!.padEnd(6, '01').slice(0, 6);
    const inScope = await subject(home);
    const notInCaseload = await subject(home);
    const outOfScope = await subject('100101');
    const shared = await subject('100102');
    await db
      .insertInto('consents')
      .values({ person_id: shared.person, purpose: 'data_sharing', given_by: 'self', method: 'written', given_at: '2026-01-15' })
      .execute();
    await db.insertInto('person_shares').values({ person_id: shared.person, organisation_id: user.organisation_id, created_by: null }).execute();
    await db.insertInto('caseload_assignments').values({ person_id: inScope.person, user_id: user.id }).execute();
    subjects.set(role, { inScope, outOfScope, shared, notInCaseload });
  }
}, 180_000);

afterAll(() => f?.close());

async function measure(): Promise<Matrix> {
  const routes: Record<string, string> = {};
  const declared = [...f.server.app.declaredRoutes]
    // Signing out ends the session the rest of the column uses: last.
    .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
  const byColumn = await Promise.all(
    COLUMNS.map(async (column) => {
      const client = clients.get(column)!;
      const codes: number[] = [];
      for (const r of declared) codes.push(await status(client, r.method, samplePath(r.url)));
      return codes;
    }),
  );
  declared.forEach((r, i) => {
    routes[`${r.method} ${r.url}`] = byColumn.map((codes) => codes[i]).join(' ');
  });
  // Sign the columns in again after their sign-out.
  for (const role of ROLES) clients.set(role, await f.as([...DEMO_USERS, ...EXTRA_USERS].find((u) => u.role === role)!.username));

  const personReads = declared.filter((r) => r.method === 'GET' && subjectOf(r.url));
  const persons: Matrix['persons'] = {};
  for (const r of personReads) persons[`${r.method} ${r.url}`] = {} as Record<Kind, string>;
  await Promise.all(
    COLUMNS.map(async (column, c) => {
      const client = clients.get(column)!;
      // Nobody signed in is told "sign in" whatever the person; the roles' own subjects say the rest.
      const mine = subjects.get(column === 'anonymous' ? 'system_admin' : column)!;
      for (const r of personReads) {
        for (const kind of KINDS) {
          const code = await status(client, 'GET', r.url.replace(/:[A-Za-z]+/, mine[kind][subjectOf(r.url)!]));
          const row = persons[`${r.method} ${r.url}`]!;
          const cells = (row[kind] ?? '').split(' ');
          cells[c] = String(code);
          row[kind] = cells.join(' ');
        }
      }
    }),
  );
  return { columns: [...COLUMNS], routes, persons };
}

function format(m: Matrix): string {
  const lines = (o: Record<string, string>, indent: string) =>
    Object.entries(o)
      .map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  const persons = Object.entries(m.persons)
    .map(([k, v]) => `    ${JSON.stringify(k)}: {\n${lines(v, '      ')}\n    }`)
    .join(',\n');
  return `{\n  "columns": ${JSON.stringify(m.columns)},\n  "routes": {\n${lines(m.routes, '    ')}\n  },\n  "persons": {\n${persons}\n  }\n}\n`;
}

describe('authorization matrix', () => {
  it('answers every role on every route and every kind of person exactly as reviewed', async () => {
    const actual = await measure();
    if (process.env.CAREHUB_UPDATE_MATRIX === '1') writeFileSync(MATRIX_FILE, format(actual));
    const expected = JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as Matrix;
    expect(actual.columns).toEqual(expected.columns);
    // Every declared route has a reviewed row, and the table names no route that is gone.
    expect(Object.keys(actual.routes).sort()).toEqual(Object.keys(expected.routes).sort());
    const differences: string[] = [];
    for (const [route, codes] of Object.entries(actual.routes)) {
      const want = expected.routes[route]!.split(' ');
      codes.split(' ').forEach((code, i) => {
        if (code !== want[i]) differences.push(`${route} as ${COLUMNS[i]}: ${code}, reviewed ${want[i]}`);
      });
    }
    for (const [route, kinds] of Object.entries(actual.persons)) {
      for (const kind of KINDS) {
        const want = expected.persons[route]?.[kind]?.split(' ') ?? [];
        kinds[kind].split(' ').forEach((code, i) => {
          if (code !== want[i]) differences.push(`${route} on ${kind} person as ${COLUMNS[i]}: ${code}, reviewed ${want[i]}`);
        });
      }
    }
    expect(differences).toEqual([]);
  }, 600_000);

  it('publishes every declaration in the OpenAPI document', async () => {
    const doc = (await f.client().get('/api/openapi.json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(100);
    for (const { route, op } of operations) expect(op['x-carehub-permission'], route).toMatch(/^(public|authenticated|[a-z_]+\.[a-z_]+)$/);
    expect(doc.paths['/api/users']?.get?.['x-carehub-permission']).toBe('users.manage');
    expect(doc.paths['/api/health']?.get?.security).toEqual([]);
  });

  it('stops the server from starting when a route declares no permission, or one that does not exist', async () => {
    for (const config of [{}, { permission: 'persons.everything' }]) {
      const app = Fastify();
      installRoutePermissions(app);
      expect(() => app.get('/api/undeclared', { config: config as never }, async () => 'x')).toThrow(/declares no permission/);
      await app.close();
    }
  });

  it('reads the table it checks: nobody reaches a non-public route, no cell is a server error, no role reads a person outside its area', () => {
    const m = JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as Matrix;
    const anonymous = m.columns.indexOf('anonymous');
    for (const [route, codes] of Object.entries(m.routes)) {
      const cells = codes.split(' ');
      expect(
        cells.every((c) => Number(c) < 500),
        route,
      ).toBe(true);
      const isPublic = ['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/openapi.json', 'GET /api/open-data/aggregates'].includes(
        route,
      );
      if (!isPublic) expect(cells[anonymous], route).toBe('401');
    }
    const admin = m.columns.indexOf('system_admin');
    for (const [route, kinds] of Object.entries(m.persons)) {
      kinds.outOfScope.split(' ').forEach((c, i) => {
        // The system administrator's scope is the whole country.
        if (i !== admin && i !== anonymous) expect(['403', '404'], `${route} out of scope as ${m.columns[i]}`).toContain(c);
      });
    }
  });
});
