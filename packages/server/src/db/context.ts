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
 * Runs `fn` in a transaction as the non-superuser role carehub_app with the actor's scope, so
 * PostgreSQL row-level security limits every statement to the actor's areas even if the calling code
 * forgets to filter (DESIGN.md §5).
 *
 * The scope the policies read (app_scope_patterns(), app_user_id(), app_org_id(),
 * app_caseload_only()) is a row of `app_context` keyed by this transaction's id, written here as the
 * owner before the role changes; carehub_app cannot write that table, so a statement it runs cannot
 * widen its own scope (migration 0026). The row goes with a rollback and is deleted before a commit.
 */
export async function asUser<T>(
  db: Kysely<DB>,
  actor: Pick<Actor, 'userId' | 'scopes'> & { organisationId?: string; role?: Role },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  // Volunteers and caregivers see their caseload only; the policy reads this flag.
  const caseloadOnly = actor.role !== undefined && CASELOAD_ROLES.includes(actor.role);
  const patterns = actor.scopes.filter((s) => s !== '').map((s) => (s === 'TH' ? '%' : `${s}%`));
  return db.transaction().execute(async (tx) => {
    // One round trip: the context row as the owner, then (RETURNING runs after the insert) the role.
    await sql`INSERT INTO app_context (txid, patterns, user_id, org_id, caseload_only)
      VALUES (txid_current(), ${patterns}::text[], nullif(${actor.userId}, '')::uuid, nullif(${actor.organisationId ?? ''}, '')::uuid, ${caseloadOnly})
      RETURNING set_config('role', 'carehub_app', true)`.execute(tx);
    const result = await fn(tx);
    await sql`SELECT app_context_end()`.execute(tx);
    return result;
  });
}

/**
 * Runs `fn` in a transaction as the database owner, outside any user's scope. Only for what no
 * user scope can express: signing in, resolving a session, migrations, seeding, the CLI.
 */
export async function asSystem<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
