import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { seedDemo } from '../seed/demo.js';
import { ensureReferenceData } from '../seed/reference.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Files holding a migrated PGlite data directory with the reference data, and the same with the fixture's demo data. */
    pgliteTemplates?: { base: string; demo: string };
    /** Databases on the TEST_DATABASE_URL server holding the same, for CREATE DATABASE … TEMPLATE. */
    postgresTemplates?: { base: string; demo: string };
  }
}

/** How many demo persons a fixture has unless a test asks for another number (the demo template holds this many). */
export const DEMO_FIXTURE_PERSONS = 40;

/** Which database this test project runs on: set by vitest.config.ts per project. */
export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.CAREHUB_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** Migrates `database` and loads the reference data (geography, instruments): what every test database starts from. */
export async function migratedDatabase(database: Database): Promise<Database> {
  await migrate(database.db);
  await ensureReferenceData(database.db);
  return database;
}

/** A new, empty database (or a copy of `template`) on the PostgreSQL server at `baseUrl`; `drop` removes it again. */
export async function scratchPostgresDatabase(
  baseUrl: string,
  prefix = 'carehub_t',
  template?: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
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
  await admin(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

type Template = 'base' | 'demo';

/**
 * A fresh, migrated database with the reference data loaded, and with the fixture's demo data when
 * `template` is 'demo': an in-memory PGlite, or a new database on the PostgreSQL server named by
 * TEST_DATABASE_URL (dropped again by `close`). Copied from the run's templates (testing/global-setup.ts)
 * when there are any, else built here.
 */
export async function createTestDatabase(template: Template = 'base'): Promise<Database> {
  const database = testDatabaseKind() === 'pglite' ? await pgliteDatabase(template) : await postgresDatabase(template);
  if (template === 'demo' && !database.fromTemplate) await seedDemo(database.db, { persons: DEMO_FIXTURE_PERSONS });
  return database;
}

async function pgliteDatabase(template: Template): Promise<Database & { fromTemplate: boolean }> {
  const file = inject('pgliteTemplates')?.[template];
  if (file) return { ...(await openPglite(undefined, new Blob([readFileSync(file)]))), fromTemplate: true };
  return { ...(await migratedDatabase(await openPglite())), fromTemplate: false };
}

async function postgresDatabase(template: Template): Promise<Database & { fromTemplate: boolean }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const from = inject('postgresTemplates')?.[template];
  const scratch = await scratchPostgresDatabase(url, 'carehub_t', from);
  const database = openPostgres(scratch.url, 5);
  if (!from) await migratedDatabase(database);
  return {
    ...database,
    fromTemplate: Boolean(from),
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}
