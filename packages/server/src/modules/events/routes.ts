import { inScope, type LiveEvent } from '@carehub/core';
import { type Module, requireActor } from '../../http/context.js';
import type { EventBus } from './bus.js';

/**
 * Server-sent events: each signed-in browser hears what changed in its areas (a new task, a signed
 * assessment) and fetches the details through the scoped, audited API.
 */
export const eventRoutes = (bus: EventBus): Module =>
  async function events(app) {
    const open = new Set<() => void>();
    // Streams never end by themselves: close them so the server can shut down.
    app.addHook('preClose', async () => {
      for (const end of open) end();
    });
    app.get(
      '/api/events',
      { config: { permission: 'authenticated' }, schema: { tags: ['system'], summary: 'Live events in your areas (text/event-stream)', hide: true } },
      async (req, reply) => {
        const actor = requireActor(req);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 5000\n\n');
        const expires = req.sessionExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
        const end = () => {
          open.delete(end);
          unsubscribe();
          clearInterval(ping);
          res.end();
        };
        // "Counts changed somewhere in this district" (a large change is told per district or province,
        // refresher.ts `coarsen`) concerns whoever works inside it; it names no person.
        const containsScope = (e: LiveEvent) => e.type === 'dashboard.changed' && actor.scopes.some((s) => s.startsWith(e.areaCode));
        const unsubscribe = bus.subscribe((e) => {
          if (inScope(e.areaCode, actor.scopes) || e.organisationIds?.includes(actor.organisationId) || containsScope(e))
            res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        });
        // A comment every 25 s keeps proxies from closing the stream; the stream ends with the session.
        const ping = setInterval(() => (Date.now() > expires ? end() : res.write(': ping\n\n')), 25_000);
        open.add(end);
        req.raw.on('close', end);
      },
    );
  };
