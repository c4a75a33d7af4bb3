import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory that `carehub seed --demo` has migrated and filled, for the journeys to copy. */
    e2eDemoDataDir?: string;
  }
}

/**
 * Seeds the Thai demo data once per run. Each browser file starts its own CareHub on a copy of this
 * directory, so it does not spend its first seconds migrating and seeding 3,000 persons again; the
 * first-run journey (signin.test.ts) still starts on an empty directory, as a newcomer does.
 */
export default async function setup({ provide }: TestProject): Promise<() => void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'carehub-e2e-template-'));
  const cli = resolve(import.meta.dirname, '../packages/server/dist/cli.js');
  const { DATABASE_URL: _ignored, ...env } = process.env;
  await promisify(execFile)(process.execPath, [cli, 'seed', '--demo'], { env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
  provide('e2eDemoDataDir', dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}
