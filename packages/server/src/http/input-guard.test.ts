import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../testing/fixture.js';
import type { ApiClient } from '../testing/server.js';

/**
 * Issue 18 item 8: a NUL byte gave a 500 on twenty fields of seventeen routes (PostgreSQL cannot store
 * it). Every JSON route in the OpenAPI document gets a NUL in each path parameter, each query
 * parameter, each string of a body built from its schema, and an object key: each is a 400
 * `input.control_character` naming the field, and nothing is written. Before refuseControlCharacters
 * these answered 500 (POST /api/auth/login username, GET /api/areas/search q, GET /api/users q,
 * POST /api/persons/:id/vulnerabilities cardNumber, … GET /api/audit actor), 400 `validation.failed`
 * or even 200.
 */
type Schema = Record<string, any>;

let f: Fixture;
let admin: ApiClient;
let doc: Schema;
let personId: string;

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(f.database.db);
  const counts: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(tablename)}`.execute(f.database.db);
    counts[tablename] = r.rows[0]!.n;
  }
  return counts;
}

/** A value of the schema's shape: every property filled (optional ones too), so every string field is tried. */
function example(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 8) return 'x';
  if (s.$ref) return example(doc.components.schemas[s.$ref.split('/').pop()], depth + 1);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  for (const k of ['anyOf', 'oneOf']) if (s[k]) return example(s[k].find((x: Schema) => x.type !== 'null') ?? s[k][0], depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x: Schema) => example(x, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
  if (type === 'object' || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, example(v as Schema, depth + 1)]));
  if (type === 'array') return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => example(s.items, depth + 1));
  if (type === 'integer' || type === 'number') return s.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'string') {
    if (s.format === 'uuid') return personId;
    if (s.format === 'date') return '2026-01-01';
    if (s.format === 'date-time') return '2026-01-01T00:00:00.000Z';
    return 'ทดสอบ'.padEnd(s.minLength ?? 1, 'x');
  }
  return 'x';
}

/** The paths of every string in a value. */
function stringPaths(v: unknown, path: string[] = []): string[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, String(i)]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]));
  return [];
}

function withValueAt(v: unknown, path: string[], value: string): unknown {
  if (!path.length) return value;
  const copy = structuredClone(v) as Record<string, any>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]!] = value;
  return copy;
}

beforeAll(async () => {
  f = await createFixture({}, 20);
  admin = await f.as('admin');
  doc = (await admin.get('/api/openapi.json')).body;
  personId = (await f.database.db.selectFrom('persons').select('id').executeTakeFirstOrThrow()).id;
}, 300_000);
afterAll(() => f?.close());

describe('a NUL or other control character anywhere in a request', () => {
  it('is a 400 naming the field on every JSON route, and writes nothing', async () => {
    const before = await rowCounts();
    const wrong: string[] = [];
    let tried = 0;
    for (const [url, operations] of Object.entries(doc.paths as Schema)) {
      // Signing out would end the admin's session; the event stream never ends.
      if (url === '/api/auth/logout' || url === '/api/events') continue;
      for (const [method, op] of Object.entries(operations as Schema)) {
        const params = (op.parameters ?? []) as Schema[];
        const pathParams = params.filter((p) => p.in === 'path');
        const queryParams = params.filter((p) => p.in === 'query');
        const path = (nulIn?: string) =>
          url.replace(/\{(\w+)\}/g, (_m, name: string) => {
            const v = String(example(pathParams.find((p) => p.name === name)?.schema));
            return encodeURIComponent(name === nulIn ? `${v}\u0000` : v);
          });
        const query = (nulIn?: string) =>
          queryParams.length
            ? `?${queryParams.map((p) => `${p.name}=${encodeURIComponent(p.name === nulIn ? 'a\u0000b' : String(example(p.schema)))}`).join('&')}`
            : '';
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const body = bodySchema ? example(bodySchema) : undefined;
        const cases: Array<{ where: string; field: string; path: string; body: unknown }> = [];
        for (const p of pathParams) cases.push({ where: 'params', field: p.name, path: path(p.name) + query(), body });
        for (const p of queryParams) cases.push({ where: 'querystring', field: p.name, path: path() + query(p.name), body });
        if (body !== undefined) {
          for (const at of stringPaths(body))
            cases.push({ where: 'body', field: at.join('.'), path: path() + query(), body: withValueAt(body, at, 'ก\u0000ข') });
          if (body && typeof body === 'object' && !Array.isArray(body))
            cases.push({ where: 'body', field: '', path: path() + query(), body: { ...body, 'k\u0000': 'x' } });
        }
        for (const c of cases) {
          tried++;
          // ApiClient sends a string body as it is, so a JSON string body is encoded here.
          const r = await admin.request(method.toUpperCase(), c.path, typeof c.body === 'string' ? JSON.stringify(c.body) : c.body);
          const ok =
            r.status === 400 &&
            r.body?.code === 'input.control_character' &&
            r.body.details?.in === c.where &&
            r.body.details.fields?.[0]?.path === c.field &&
            r.body.details.fields[0].message_th.length > 0;
          if (!ok)
            wrong.push(`${method.toUpperCase()} ${url} ${c.where} ${c.field || '(root)'} → ${r.status} ${r.body?.code} ${JSON.stringify(r.body?.details)}`);
        }
      }
    }
    expect(wrong.join('\n')).toEqual('');
    expect(tried).toBeGreaterThan(300);
    expect(await rowCounts()).toEqual(before);
  }, 600_000);

  it('other C0 characters too; tab, line feed and carriage return stay allowed in free text', async () => {
    const read = await admin.get(`/api/persons/${personId}`);
    const address = 'บ้านเลขที่ 7\nหลังวัด\tซอย 3\r\n';
    for (const bad of ['\u0001', '\u0007', '\u001b', '\u001f', '\u000b', '\u000c']) {
      const r = await admin.patch(`/api/persons/${personId}`, { version: read.body.version, address: { text: `บ้าน${bad}` } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'input.control_character', details: { in: 'body', fields: [{ path: 'address.text' }] } });
      expect(r.body.message_th).toMatch(/อักขระควบคุม/);
    }
    expect((await admin.get(`/api/persons/${personId}`)).body.version).toBe(read.body.version);
    const ok = await admin.patch(`/api/persons/${personId}`, { version: read.body.version, address: { text: address } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.address.text).toBe(address.trim());
  });

  it('in a sign-in is refused before any attempt is counted', async () => {
    const r = await f.client().post('/api/auth/login', { username: 'admin\u0000', password: 'x' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'input.control_character', details: { fields: [{ path: 'username' }] } });
    expect(r.body.message_en).toMatch(/control character/);
  });
});
