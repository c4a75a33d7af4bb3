import { CASELOAD_ROLES, type Role } from '@carehub/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.js';

export type Tx = Transaction<DB>;

/** The signed-in user a request acts for. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  areaCode: string;
  scopes: string[];
  sessionId: string;
  ip: string | null;
}

/**
 * Runs `fn` in a transaction as the non-superuser role carehub_app with the actor's scope set
 * transaction-locally, so PostgreSQL row-level security limits every statement to the actor's
 * areas even if the calling code forgets to filter (DESIGN.md §5).
 */
export async function asUser<T>(
  db: Kysely<DB>,
  actor: Pick<Actor, 'userId' | 'scopes'> & { organisationId?: string; role?: Role },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  // Volunteers and caregivers see their caseload only; the policy reads this flag.
  const caseloadOnly = actor.role !== undefined && CASELOAD_ROLES.includes(actor.role);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('app.scope', ${actor.scopes.join(',')}, true), set_config('app.user_id', ${actor.userId}, true), set_config('app.org_id', ${actor.organisationId ?? ''}, true), set_config('app.caseload_only', ${String(caseloadOnly)}, true)`.execute(
      tx,
    );
    await sql`SET LOCAL ROLE carehub_app`.execute(tx);
    return fn(tx);
  });
}

/**
 * Runs `fn` in a transaction as the database owner, outside any user's scope. Only for what no
 * user scope can express: signing in, resolving a session, migrations, seeding, the CLI.
 */
export async function asSystem<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
