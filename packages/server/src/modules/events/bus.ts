import { EventEmitter } from 'node:events';
import type { LiveEvent } from '@carehub/core';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/connection.js';
import type { Tx } from '../../db/context.js';

const CHANNEL = 'carehub_events';

/**
 * Live events through PostgreSQL LISTEN/NOTIFY, so every server process behind a load balancer
 * hears what any of them committed. A notification is sent inside the writing transaction and
 * delivered only if it commits. Payloads carry identifiers and an area code, never personal data.
 */
export async function publish(tx: Tx, event: LiveEvent): Promise<void> {
  await sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(tx);
}

/**
 * Notices for the server itself, never forwarded to a browser: sent by triggers (migration 0027) when a
 * session is revoked, a user's role, areas, organisation or active flag change, or a caseload changes,
 * so every process's live streams follow at once. They carry ids only.
 */
export const INTERNAL_EVENTS = ['session.revoked', 'user.access_changed', 'caseload.changed'] as const;
export interface InternalEvent {
  type: (typeof INTERNAL_EVENTS)[number];
  /** The session (session.revoked) or the user. */
  id: string;
  userId: string;
  areaCode: '';
}

export interface EventBus {
  subscribe(fn: (e: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export async function startEventBus(database: Database, log: (msg: string) => void): Promise<EventBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const deliver = (payload: string) => {
    try {
      emitter.emit('event', JSON.parse(payload) as LiveEvent);
    } catch {
      log('ignored a malformed live event');
    }
  };
  let stop: () => Promise<void>;
  if (database.pglite) {
    stop = await database.pglite.listen(CHANNEL, deliver);
  } else if (database.connectionString) {
    // One dedicated connection listens; it reconnects if the server drops it.
    let client: pg.Client | null = null;
    let closed = false;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: database.connectionString });
      c.on('notification', (n) => n.payload && deliver(n.payload));
      c.on('error', () => {
        if (!closed) setTimeout(() => connect().catch(() => log('live events: reconnect failed')), 1000).unref();
      });
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
    };
    await connect();
    stop = async () => {
      closed = true;
      await client?.end().catch(() => {});
    };
  } else {
    throw new Error('live events need PGlite or a PostgreSQL connection string');
  }
  return {
    subscribe(fn) {
      emitter.on('event', fn);
      return () => emitter.off('event', fn);
    },
    close: () => stop(),
  };
}
