import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { openPglite, pgliteDataPath } from '../db/connection.js';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => reject(new Error(`${cmd} could not start (${e.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

/**
 * PostgreSQL: a plain-SQL pg_dump. PGlite: a gzipped copy of its data directory (stop the server first:
 * PGlite is one process's database).
 */
export async function backup(config: Config, file: string): Promise<string> {
  if (config.databaseUrl) {
    await run('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
    return 'pg_dump (plain SQL)';
  }
  const database = await openPglite(config.dataDir);
  try {
    const blob = await database.pglite!.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  } finally {
    await database.close();
  }
  return 'PGlite data directory (tar.gz)';
}

/** Restores into an empty database (PostgreSQL) or replaces the PGlite data directory, keeping the old one aside. */
export async function restore(config: Config, file: string): Promise<string> {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  if (config.databaseUrl) {
    await run('psql', ['--quiet', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
    return 'restored with psql';
  }
  const dir = pgliteDataPath(config.dataDir);
  let kept = '';
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    kept = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, kept);
  }
  const database = await openPglite(config.dataDir, new Blob([readFileSync(file)]));
  await database.close();
  return kept ? `restored; the previous data is kept in ${kept}` : 'restored';
}
