import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection.js';
import { asUser } from '../../db/context.js';
import { audit } from './service.js';

/** Routes about one person: under /api/persons/:id, or any route with a :personId parameter. */
export function personIdOf(req: FastifyRequest): string | null {
  const url = req.routeOptions?.url;
  if (!url) return null;
  const params = (req.params ?? {}) as Record<string, unknown>;
  const id = url.startsWith('/api/persons/:id') ? params.id : url.includes(':personId') ? params.personId : undefined;
  return typeof id === 'string' && id !== '' ? id.slice(0, 64) : null;
}

/**
 * An onResponse hook that records a refused request on a person (403 or 404) by a signed-in user:
 * who asked for which person, how and with what answer, filed under the asker's own area so their
 * admins read it. The request's own transaction was rolled back with its error, so the row is written
 * in a transaction of its own, as the asker (the audit policy binds the row to them). Requests with
 * no signed-in user (401) are not recorded here; their sign-in attempts are.
 */
export function auditRefusals(database: Database) {
  return async function recordRefusal(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const status = reply.statusCode;
    if (status !== 403 && status !== 404) return;
    const actor = req.actor;
    if (!actor) return;
    const personId = personIdOf(req);
    if (!personId) return;
    try {
      await asUser(database.db, actor, (tx) =>
        audit(tx, actor, {
          action: 'person.read_refused',
          subjectType: 'person',
          subjectId: personId,
          areaCode: actor.areaCode,
          details: { method: req.method, route: req.routeOptions.url, status },
        }),
      );
    } catch (err) {
      // The answer has gone already; a failed record is logged (ids only), never thrown at nobody.
      req.log.error({ err, action: 'person.read_refused', status }, 'refused request not audited');
    }
  };
}
