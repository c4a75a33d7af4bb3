import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';

/**
 * Kysely speaks to PGlite through the same PostgresDialect it uses for `pg`, via a one-connection
 * pool. PGlite is a single session, so the pool hands that session to one borrower at a time:
 * a transaction holds it from BEGIN to COMMIT and nothing else can interleave statements.
 */
export function pgliteDialect(pg: PGlite): PostgresDialect {
  return new PostgresDialect({ pool: new SingleSessionPool(pg) });
}

class SingleSessionPool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((r) => {
      release = r;
    });
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    const pg = this.pg;
    return {
      async query(sql: string, parameters: ReadonlyArray<unknown>) {
        // Without parameters use the simple protocol, which (like pg's) accepts several statements.
        const res = parameters.length
          ? await pg.query(sql, parameters as unknown[], { rowMode: 'object' })
          : ((await pg.exec(sql, { rowMode: 'object' })).at(-1) ?? { rows: [], affectedRows: 0 });
        const command = sql.trimStart().split(/\s+/, 1)[0]?.toUpperCase() ?? '';
        return { command, rowCount: res.affectedRows ?? res.rows.length, rows: res.rows } as never;
      },
      release,
    } as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.tail;
  }
}
