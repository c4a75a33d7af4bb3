import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.js';
import { asUser } from '../db/context.js';
import { scratchPostgresDatabase, testDatabaseKind } from '../testing/db.js';

/**
 * The `carehub` command as an operator runs it (the built CLI in a child process): migrate, seed,
 * add a user with the password on standard input, back up, restore into a fresh database.
 */
const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'carehub-cli-'));
const kind = testDatabaseKind();
const base = process.env.TEST_DATABASE_URL;
const dropAfter: Array<() => Promise<void>> = [];

async function newTarget(name: string): Promise<Record<string, string>> {
  if (kind === 'pglite') return { DATA_DIR: join(work, name) };
  const scratch = await scratchPostgresDatabase(base!, 'carehub_cli');
  dropAfter.push(scratch.drop);
  return { DATABASE_URL: scratch.url };
}

function carehub(env: Record<string, string>, args: string[], input?: string) {
  const { DATABASE_URL: _drop, ...rest } = process.env;
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...rest, ...env, LOG_LEVEL: 'warn' }, input, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function countUsersAndPersons(env: Record<string, string>) {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const users = await database.db.selectFrom('users').select('username').orderBy('username').execute();
    const { n } = await database.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { users: users.map((u) => u.username), persons: n };
  } finally {
    await database.close();
  }
}

let source: Record<string, string>;
beforeAll(async () => {
  expect(existsSync(cli), 'the server must be built (npm test builds it first)').toBe(true);
  source = await newTarget('source');
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  for (const drop of dropAfter) await drop();
});

describe(`carehub CLI on ${kind}`, { timeout: 120_000 }, () => {
  it('migrates, then seeds the demo data once', () => {
    const m = carehub(source, ['migrate']);
    expect(m.code, m.out).toBe(0);
    expect(m.out).toContain('0001_foundation');
    expect(carehub(source, ['migrate']).out).not.toContain('0001_foundation');
    const s = carehub(source, ['seed', '--demo', '--persons', '25']);
    expect(s.code, s.out).toBe(0);
    expect(s.out).toContain('demo data created');
    expect(carehub(source, ['seed', '--demo']).out).toContain('not added');
  });

  it('adds a user with the password read from standard input, and refuses bad input clearly', async () => {
    const ok = carehub(
      source,
      ['users', 'add', '--username', 'pmj.steward', '--role', 'data_steward', '--organisation', 'สำนักงานสาธารณสุขจังหวัดสงขลา', '--scope', '90'],
      'a-long-password\n',
    );
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('user pmj.steward added');
    const weak = carehub(
      source,
      ['users', 'add', '--username', 'weak.user', '--role', 'analyst', '--organisation', 'สำนักงานสาธารณสุขจังหวัดสงขลา', '--scope', '90'],
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/password/i);
    const badRole = carehub(source, ['users', 'add', '--username', 'x.user', '--role', 'king', '--organisation', 'x', '--scope', '90'], 'a-long-password\n');
    expect(badRole.code).toBe(1);
    expect(badRole.out).toContain('unknown role');
    expect((await countUsersAndPersons(source)).users).toContain('pmj.steward');
  });

  it('adds an organisation, then a user of it; `init` refuses a database that has users', async () => {
    const org = carehub(source, ['organisations', 'add', '--name', 'เทศบาลตำบลคอหงส์', '--type', 'local_government', '--area', '901104']);
    expect(org.code, org.out).toBe(0);
    const user = carehub(
      source,
      ['users', 'add', '--username', 'khohong.admin', '--role', 'subdistrict_admin', '--organisation', 'เทศบาลตำบลคอหงส์', '--scope', '901104'],
      'ดูแลคนคอหงส์-ทุกบ้าน-2569\n',
    );
    expect(user.code, user.out).toBe(0);
    const again = carehub(source, ['init', '--organisation', 'อื่น', '--area', '90', '--admin', 'other.admin'], undefined);
    expect(again.code).toBe(1);
    expect(again.out).toContain('users already');
    expect((await countUsersAndPersons(source)).users).not.toContain('other.admin');
  });

  it('backs up and restores into a fresh database with everything in it', async () => {
    const file = join(work, kind === 'pglite' ? 'backup.tar.gz' : 'backup.sql');
    const b = carehub(source, ['backup', file]);
    expect(b.code, b.out).toBe(0);
    expect(existsSync(file)).toBe(true);
    const target = await newTarget('restored');
    const r = carehub(target, ['restore', file]);
    expect(r.code, r.out).toBe(0);
    const [before, after] = [await countUsersAndPersons(source), await countUsersAndPersons(target)];
    expect(after).toEqual(before);
    expect(after.persons).toBe(25);
    // Grants and row-level security came along: the app role sees exactly its scope's persons.
    const database = await openDatabase({ databaseUrl: target.DATABASE_URL, dataDir: target.DATA_DIR });
    try {
      const owner = await database.db.selectFrom('persons').select('area_code').execute();
      const u = await database.db.selectFrom('users').select(['id', 'scopes']).where('username', '=', 'boyang').executeTakeFirstOrThrow();
      const seen = await asUser(database.db, { userId: u.id, scopes: u.scopes }, (tx) => tx.selectFrom('persons').select('area_code').execute());
      expect(seen.length).toBe(owner.filter((p) => p.area_code.startsWith('900101')).length);
      expect(seen.length).toBeLessThan(owner.length);
    } finally {
      await database.close();
    }
  });

  it('imports the three sample agency files with a summary, once, and exports the links for outside checking', () => {
    const samples = resolve(import.meta.dirname, '../../../../samples/imports');
    const pmj = carehub(source, ['import', join(samples, 'pmj-disability.csv'), '--source', 'pmj_disability']);
    expect(pmj.code, pmj.out).toBe(0);
    expect(pmj.out).toMatch(/5 rows/);
    expect(pmj.out).toMatch(/new persons 4/);
    expect(pmj.out).toMatch(/rejected\s+1/);
    const nhso = carehub(source, ['import', join(samples, 'nhso-ltc.csv'), '--source', 'nhso_ltc']);
    // The operator imports for every area: the Bangkok row is taken (a steward of Songkhla would see it refused).
    expect(nhso.out).toMatch(/linked to a known person 3, new persons 2/);
    const ssj = carehub(source, ['import', join(samples, 'ssj-elderly.xlsx'), '--source', 'ssj_elderly']);
    expect(ssj.out).toMatch(/linked to a known person 3, new persons 0/);
    expect(carehub(source, ['import', join(samples, 'ssj-elderly.xlsx'), '--source', 'ssj_elderly']).out).toContain('nothing changed');
    const links = carehub(source, ['export', 'links', '--format', 'csv']);
    expect(links.code, links.out).toBe(0);
    const lines = links.out.split('\n').filter((l) => l.includes(','));
    expect(lines[0]).toBe('source,record_key,person_id');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(5 + 5 + 4);
    // สมศรี ใจดี is PMJ-1, the first สปสช. row and HN100: one person.
    const personOf = (source: string, key: string) => rows.find(([s, k]) => s === source && k === key)?.[2];
    expect(personOf('pmj_disability', 'PMJ-1')).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([personOf('pmj_disability', 'PMJ-1'), personOf('nhso_ltc', 'row:2'), personOf('ssj_elderly', 'HN100')]).size).toBe(1);
    expect(personOf('pmj_disability', 'PMJ-9')).toBe('');
  });
});
