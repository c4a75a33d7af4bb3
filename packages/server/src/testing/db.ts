import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { ensureReferenceData } from '../seed/reference.js';

/** Which database this test project runs on: set by vitest.config.ts per project. */
export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.CAREHUB_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

let pgliteTemplate: Promise<Blob> | undefined;

/** A migrated PGlite with the reference data, made once per test worker and copied for each test database. */
async function pgliteFromTemplate(): Promise<Database> {
  pgliteTemplate ??= (async () => {
    const d = await openPglite();
    await migrate(d.db);
    await ensureReferenceData(d.db);
    const blob = await d.pglite!.dumpDataDir('none');
    await d.close();
    return blob;
  })();
  return openPglite(undefined, await pgliteTemplate);
}

/**
 * A fresh, migrated database with the geography loaded: an in-memory PGlite, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (dropped again by `close`).
 */
/** A new, empty database on the PostgreSQL server at `baseUrl`; `drop` removes it again. */
export async function scratchPostgresDatabase(baseUrl: string, prefix = 'carehub_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh, migrated database with the geography loaded: an in-memory PGlite, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (dropped again by `close`).
 */
export async function createTestDatabase(): Promise<Database> {
  if (testDatabaseKind() === 'pglite') return pgliteFromTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const scratch = await scratchPostgresDatabase(url);
  const database = openPostgres(scratch.url, 5);
  await migrate(database.db);
  await ensureReferenceData(database.db);
  return {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}
