import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import type { Config } from '../config.js';
import { openPglite, pgliteDataPath } from '../db/connection.js';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => reject(new Error(`${cmd} could not start (${e.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

/** The dump grants to carehub_app, a cluster-wide role that a new server may not have yet. */
async function ensureAppRole(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = 'carehub_app'");
    if (!rowCount) await client.query('CREATE ROLE carehub_app NOLOGIN NOSUPERUSER NOBYPASSRLS');
    await client.query('GRANT carehub_app TO CURRENT_USER').catch(() => undefined);
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL: a plain-SQL pg_dump. PGlite: a gzipped copy of its data directory (stop the server first:
 * PGlite is one process's database).
 */
export async function backup(config: Config, file: string): Promise<string> {
  if (config.databaseUrl) {
    // Privileges stay in the dump: the grants to carehub_app are what lets the app role work.
    await run('pg_dump', ['--format=plain', '--no-owner', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
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
    await ensureAppRole(config.databaseUrl);
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
