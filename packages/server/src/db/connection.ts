import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** The PGlite instance, when embedded (for backup/restore and live events). */
  pglite?: PGlite;
  /** The server's address, when on PostgreSQL (live events listen on a connection of their own). */
  connectionString?: string;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/** Dates stay ISO strings (a calendar day has no time zone); counts come back as numbers. */
const PARSERS: Record<number, (v: string) => unknown> = {
  [DATE_OID]: (v) => v,
  [INT8_OID]: (v) => Number(v),
};

export function pgliteDataPath(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** Embedded PostgreSQL in WebAssembly. `dataDir` undefined = in memory (tests). */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: dataDir ? pgliteDataPath(dataDir) : undefined,
    extensions: { pg_trgm },
    parsers: { [pgliteTypes.DATE]: PARSERS[DATE_OID]!, [pgliteTypes.INT8]: PARSERS[INT8_OID]! },
    loadDataDir,
  });
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

export function openPostgres(connectionString: string, max = 10): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: string) => PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection can be cut by the server (a restart, an administrator): the pool drops it and
  // opens another when needed. Without a listener the 'error' event would bring the process down.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    connectionString,
    async close() {
      await db.destroy();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
