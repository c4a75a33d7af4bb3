import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../db/connection.js';
import { seedDemo } from '../seed/demo.js';
import { DEMO_FIXTURE_PERSONS, migratedDatabase, scratchPostgresDatabase } from './db.js';

/**
 * Migrates once per run instead of once per test file: the database tests copy a ready template
 * (a PGlite data-directory dump, or a PostgreSQL template database), which takes a tenth of the time
 * of migrating and loading the geography again in every file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (project.config.env?.CAREHUB_TEST_DB === 'postgres') {
    const url = project.config.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    const base = await scratchPostgresDatabase(url, 'carehub_tpl');
    const built = openPostgres(base.url, 2);
    await migratedDatabase(built);
    await built.close();
    const demo = await scratchPostgresDatabase(url, 'carehub_tpl', base.name);
    const seeded = openPostgres(demo.url, 2);
    await seedDemo(seeded.db, { persons: DEMO_FIXTURE_PERSONS });
    await seeded.close();
    project.provide('postgresTemplates', { base: base.name, demo: demo.name });
    return async () => {
      await demo.drop();
      await base.drop();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'carehub-tpl-'));
  const d = await migratedDatabase(await openPglite());
  const files = { base: join(dir, 'base.tar'), demo: join(dir, 'demo.tar') };
  writeFileSync(files.base, Buffer.from(await (await d.pglite!.dumpDataDir('none')).arrayBuffer()));
  await seedDemo(d.db, { persons: DEMO_FIXTURE_PERSONS });
  writeFileSync(files.demo, Buffer.from(await (await d.pglite!.dumpDataDir('none')).arrayBuffer()));
  await d.close();
  project.provide('pgliteTemplates', files);
  return async () => rmSync(dir, { recursive: true, force: true });
}
