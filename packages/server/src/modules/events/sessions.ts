import { CASELOAD_ROLES, type Role } from '@carehub/core';
import type { Database } from '../../db/connection.js';
import { sessionOpen } from '../auth/service.js';

/** What a session grants now: the stream compares it with what it was opened with. */
export interface SessionAccess {
  userId: string;
  role: Role;
  scopes: string[];
  organisationId: string;
  /** The persons on a volunteer's or caregiver's caseload; null for everyone else. */
  caseload: Set<string> | null;
}

export interface SessionChecker {
  /** The session's access now, or null when it has ended; a result younger than `maxAgeMs` is reused. */
  check(sessionId: string, maxAgeMs: number): Promise<SessionAccess | null>;
  forgetSession(sessionId: string): void;
  forgetUser(userId: string): void;
}

interface Entry {
  at: number;
  userId: string | null;
  result: Promise<SessionAccess | null>;
}

/**
 * Checks live streams' sessions the way a request's session is resolved (auth/service.ts
 * resolveSession: not revoked, user active, before its absolute and idle expiry), without sliding the
 * idle timer: an open stream is not activity. Every check asked for in one turn of the event loop is
 * one query (and one more for the caseloads among them), however many streams wait, so an event
 * heard by a thousand streams costs two queries, not a thousand.
 */
export function sessionChecker(database: Database, idleMinutes: number): SessionChecker {
  const cache = new Map<string, Entry>();
  let batch: Map<string, Array<(r: Promise<SessionAccess | null>) => void>> | null = null;

  async function load(ids: string[]): Promise<Map<string, SessionAccess>> {
    const rows = await database.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.expires_at', 's.revoked_at', 's.last_seen_at', 'u.id as user_id', 'u.role', 'u.scopes', 'u.organisation_id', 'u.active'])
      .where('s.id', 'in', ids)
      .execute();
    const now = Date.now();
    const open = rows.filter((r) => sessionOpen(r, idleMinutes, now));
    const caseloadUsers = [...new Set(open.filter((r) => CASELOAD_ROLES.includes(r.role as Role)).map((r) => r.user_id))];
    const caseloads = new Map<string, Set<string>>(caseloadUsers.map((u) => [u, new Set()]));
    if (caseloadUsers.length) {
      const assigned = await database.db
        .selectFrom('caseload_assignments')
        .select(['user_id', 'person_id'])
        .where('user_id', 'in', caseloadUsers)
        .where('ended_at', 'is', null)
        .execute();
      for (const a of assigned) caseloads.get(a.user_id)?.add(a.person_id);
    }
    return new Map(
      open.map((r) => [
        r.id,
        { userId: r.user_id, role: r.role as Role, scopes: r.scopes, organisationId: r.organisation_id, caseload: caseloads.get(r.user_id) ?? null },
      ]),
    );
  }

  function flush(): void {
    const waiting = batch!;
    batch = null;
    const at = Date.now();
    for (const [id, e] of cache) if (at - e.at > 60_000) cache.delete(id);
    const loaded = load([...waiting.keys()]);
    for (const [id, resolvers] of waiting) {
      const result = loaded.then((m) => m.get(id) ?? null);
      const entry: Entry = { at, userId: null, result };
      cache.set(id, entry);
      result.then(
        (a) => {
          entry.userId = a?.userId ?? null;
        },
        () => cache.get(id) === entry && cache.delete(id),
      );
      for (const resolve of resolvers) resolve(result);
    }
  }

  return {
    check(sessionId, maxAgeMs) {
      const hit = cache.get(sessionId);
      if (hit && Date.now() - hit.at <= maxAgeMs) return hit.result;
      return new Promise<SessionAccess | null>((resolve) => {
        if (!batch) {
          batch = new Map();
          setImmediate(flush);
        }
        const list = batch.get(sessionId) ?? [];
        list.push(resolve);
        batch.set(sessionId, list);
      });
    },
    forgetSession(sessionId) {
      cache.delete(sessionId);
    },
    forgetUser(userId) {
      // A check still in flight may have read the old row: forget it too.
      for (const [id, e] of cache) if (e.userId === userId || e.userId === null) cache.delete(id);
    },
  };
}
