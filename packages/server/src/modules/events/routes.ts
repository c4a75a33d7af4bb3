import { CASELOAD_ROLES, inScope, type LiveEvent, type Role } from '@carehub/core';
import type { Actor } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { type EventBus, INTERNAL_EVENTS, type InternalEvent } from './bus.js';
import { type SessionAccess, sessionChecker } from './sessions.js';

/** How long a session check is trusted before an event is sent on it. */
const CHECK_CACHE_MS = 5_000;

interface Stream {
  actor: Actor;
  /** The events of one stream go out in order, each after its session check. */
  queue: Promise<void>;
  closed: boolean;
  write(e: LiveEvent): void;
  end(): void;
}

/** The session still grants what the stream was opened with: same role, areas and organisation. */
function unchanged(actor: Actor, access: SessionAccess | null): access is SessionAccess {
  return (
    !!access &&
    access.role === actor.role &&
    access.organisationId === actor.organisationId &&
    access.scopes.length === actor.scopes.length &&
    access.scopes.every((s, i) => s === actor.scopes[i])
  );
}

/**
 * Server-sent events: each signed-in browser hears what changed in its areas (a new task, a signed
 * assessment) and fetches the details through the scoped, audited API.
 *
 * A stream follows its session (issue 18, item 6). Before an event goes out the session is checked
 * (a check is trusted for a few seconds, and the checks of all streams waiting at once are one
 * query), and all open streams are checked again every `eventsRevalidateMs`. The stream closes when
 * the session has ended (sign-out, revocation, expiry, idle timeout, deactivation) or no longer
 * grants what the stream was opened with (role, areas, organisation); database triggers tell every
 * server process of a revocation or such a change at once (migration 0027), so the interval only
 * bounds what a lost notice could cost. A volunteer or caregiver hears only about persons in their
 * caseload, re-read when it changes. One user holds at most `eventsStreamsPerUser` streams on this
 * process: one more is refused (429), so the open ones keep working and the refused browser does not
 * retry (an EventSource gives up on an error status), where closing the oldest would have it reconnect
 * and close the next every few seconds.
 */
export const eventRoutes = (bus: EventBus): Module =>
  async function events(app, { database, config }) {
    const checker = sessionChecker(database, config.sessionIdleMinutes);
    const streams = new Set<Stream>();
    const byUser = new Map<string, Set<Stream>>();

    /** Sends `e` on `s` if its session still holds and, for a caseload-only user, the person is on the caseload. */
    function deliver(s: Stream, e: LiveEvent, maxAge: number): void {
      s.queue = s.queue.then(async () => {
        if (s.closed) return;
        let access: SessionAccess | null;
        try {
          access = await checker.check(s.actor.sessionId, maxAge);
        } catch {
          access = null; // cannot tell: fail closed, the browser reconnects
        }
        if (!unchanged(s.actor, access)) return s.end();
        if (access.caseload && !(e.personId && access.caseload.has(e.personId))) return;
        s.write(e);
      });
    }

    /** Checks every open stream's session afresh (one query for all) and closes those that ended. */
    function revalidate(filter: (s: Stream) => boolean = () => true): void {
      for (const s of streams) if (filter(s)) checkStream(s);
    }
    function checkStream(s: Stream): void {
      s.queue = s.queue.then(async () => {
        if (s.closed) return;
        const access = await checker.check(s.actor.sessionId, 0).catch(() => null);
        if (!unchanged(s.actor, access)) s.end();
      });
    }

    function internal(e: InternalEvent): void {
      if (e.type === 'session.revoked') {
        checker.forgetSession(e.id);
        for (const s of streams) if (s.actor.sessionId === e.id) s.end();
      } else {
        checker.forgetUser(e.userId);
        if (e.type === 'user.access_changed') revalidate((s) => s.actor.userId === e.userId);
      }
    }

    /** Whether `e` concerns the stream's user at all, by area or organisation (no query). */
    function concerns(actor: Actor, e: LiveEvent): boolean {
      if (CASELOAD_ROLES.includes(actor.role as Role)) return !!e.personId;
      // "Counts changed somewhere in this district" (a large change is told per district or province,
      // refresher.ts `coarsen`) concerns whoever works inside it; it names no person.
      const containsScope = e.type === 'dashboard.changed' && actor.scopes.some((s) => s.startsWith(e.areaCode));
      return (e.areaCode !== '' && inScope(e.areaCode, actor.scopes)) || !!e.organisationIds?.includes(actor.organisationId) || containsScope;
    }

    const unsubscribe = bus.subscribe((e) => {
      if ((INTERNAL_EVENTS as readonly string[]).includes(e.type)) return internal(e as InternalEvent);
      for (const s of streams) if (concerns(s.actor, e)) deliver(s, e, CHECK_CACHE_MS);
    });
    const timer = setInterval(() => revalidate(), config.eventsRevalidateMs);
    timer.unref();

    // Streams never end by themselves: close them so the server can shut down.
    app.addHook('preClose', async () => {
      clearInterval(timer);
      unsubscribe();
      for (const s of streams) s.end();
    });

    app.get(
      '/api/events',
      { config: { permission: 'authenticated' }, schema: { tags: ['system'], summary: 'Live events in your areas (text/event-stream)', hide: true } },
      async (req, reply) => {
        const actor = requireActor(req);
        const mine = byUser.get(actor.userId) ?? new Set<Stream>();
        if (mine.size >= config.eventsStreamsPerUser) throw new AppError(429, 'events.too_many_streams', { limit: config.eventsStreamsPerUser });
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 5000\n\n');
        const stream: Stream = {
          actor,
          queue: Promise.resolve(),
          closed: false,
          write: (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
          end: () => {
            if (stream.closed) return;
            stream.closed = true;
            streams.delete(stream);
            mine.delete(stream);
            if (!mine.size) byUser.delete(actor.userId);
            clearInterval(ping);
            res.end();
          },
        };
        streams.add(stream);
        mine.add(stream);
        byUser.set(actor.userId, mine);
        // A comment every 25 s keeps proxies from closing the stream.
        const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
        req.raw.on('close', stream.end);
      },
    );
  };
