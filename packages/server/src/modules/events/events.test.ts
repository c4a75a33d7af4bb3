import { randomUUID } from 'node:crypto';
import type { LiveEvent } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { tokenHash } from '../auth/service.js';
import { publish } from './bus.js';

/** Live streams follow the session (issue 18, item 6). Each of these failed on the code before it. */
let f: Fixture;

beforeAll(async () => {
  // A short re-check interval, so an expiry that no notice announces is noticed within the test.
  f = await createFixture({ eventsRevalidateMs: 250, eventsStreamsPerUser: 5 }, 40);
}, 180_000);
afterAll(() => f?.close());

const send = (e: LiveEvent) => asSystem(f.database.db, (tx) => publish(tx, e));
const sessionOf = (c: ApiClient) => tokenHash(decodeURIComponent(c.cookie.slice('carehub_session='.length)));
const userId = async (username: string) => (await f.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

/** Sends a marker event in `area` and waits until `stream` has it: everything sent before it has arrived too. */
async function drain(stream: ReturnType<ApiClient['listen']>, areaCode: string, personId?: string): Promise<void> {
  const id = randomUUID();
  await send({ type: 'task.created', id, areaCode, ...(personId && { personId }) });
  await expect.poll(() => stream.events.some((e) => e.id === id), { timeout: 10_000 }).toBe(true);
}

describe('a live stream follows its session', () => {
  it('ends when its user signs out, and no browser hears of the sign-out', async () => {
    const [sw, admin] = await Promise.all([f.as('sw.boyang'), f.as('admin')]);
    const stream = sw.listen();
    const watcher = admin.listen();
    await Promise.all([stream.ready, watcher.ready]);
    await drain(stream, '900101');
    expect((await sw.post('/api/auth/logout')).status).toBeLessThan(300);
    await stream.closed;
    // The nationwide admin hears everything that is for browsers, but not the server's own notices.
    await drain(watcher, '900101');
    expect(watcher.events.map((e) => e.type)).not.toContain('session.revoked');
    watcher.stop();
  });

  it("ends when an admin revokes the user's sessions", async () => {
    const [sw, admin] = await Promise.all([f.as('sw.boyang'), f.as('boyang')]);
    const stream = sw.listen();
    await stream.ready;
    const r = await admin.post(`/api/users/${await userId('sw.boyang')}/revoke-sessions`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await stream.closed;
  });

  it('ends when the session expires, though nothing announces it (the periodic re-check)', async () => {
    const nurse = await f.as('nurse.hatyai');
    const stream = nurse.listen();
    await stream.ready;
    await drain(stream, '901101');
    await f.database.db
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', sessionOf(nurse))
      .execute();
    await stream.closed;
  });

  it('ends when the user’s areas change, and the old area’s events stop', async () => {
    const nurse = await f.as('nurse.hatyai');
    const stream = nurse.listen();
    await stream.ready;
    await drain(stream, '901101');
    // The areas change under the same session (no revocation): the stream must not keep the old scope.
    await f.database.db
      .updateTable('users')
      .set({ scopes: ['9001'] })
      .where('username', '=', 'nurse.hatyai')
      .execute();
    await stream.closed;
    const late = randomUUID();
    await send({ type: 'task.created', id: late, areaCode: '901101' });
    expect(stream.events.map((e) => e.id)).not.toContain(late);
    await f.database.db
      .updateTable('users')
      .set({ scopes: ['9011'] })
      .where('username', '=', 'nurse.hatyai')
      .execute();
  });
});

describe("a volunteer's stream", () => {
  it('tells only of persons on their caseload, and follows the caseload when it changes', async () => {
    const [osm, admin] = await Promise.all([f.as('osm.boyang'), f.as('boyang')]);
    const osmId = await userId('osm.boyang');
    const onCaseload = await f.database.db
      .selectFrom('caseload_assignments')
      .select('person_id')
      .where('user_id', '=', osmId)
      .where('ended_at', 'is', null)
      .execute();
    expect(onCaseload.length).toBeGreaterThan(0);
    const mine = onCaseload[0]!.person_id;
    const registered = await admin.post('/api/persons', {
      cidMissingReason: 'unknown',
      firstNameTh: 'นอกรายชื่อเยี่ยม',
      lastNameTh: 'ทดสอบสด',
      sex: 'male',
      areaCode: '900101',
      confirmNotDuplicate: true,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const other = { id: registered.body.id as string };
    const stream = osm.listen();
    await stream.ready;
    const outside = randomUUID();
    await send({ type: 'task.created', id: outside, personId: other.id, areaCode: '900101' });
    await send({ type: 'dashboard.changed', id: randomUUID(), areaCode: '9001' });
    await drain(stream, '900101', mine);
    expect(stream.events.map((e) => e.id)).not.toContain(outside);
    expect(stream.events.every((e) => e.personId === mine)).toBe(true);

    const assigned = await admin.post('/api/caseload', { personId: other.id, userId: osmId });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    await drain(stream, '900101', other.id);
    stream.stop();
  });
});

describe('streams per user', () => {
  it('refuses a sixth stream with 429 and a Thai and English message, and takes one again when a stream closes', async () => {
    const sw = await f.as('sw.hatyai');
    const open = Array.from({ length: 5 }, () => sw.listen());
    await Promise.all(open.map((s) => s.ready));
    const sixth = await fetch(`${f.server.url}/api/events`, { headers: { cookie: sw.cookie } });
    expect(sixth.status).toBe(429);
    expect(await sixth.json()).toMatchObject({ code: 'events.too_many_streams', message_th: expect.stringMatching(/[\u0E00-\u0E7F]/) });
    // The five keep working.
    await Promise.all(open.map((s) => drain(s, '901101')));
    open[0]!.stop();
    await expect
      .poll(
        async () => {
          const again = sw.listen();
          const ok = await again.ready.then(
            () => true,
            () => false,
          );
          again.stop();
          return ok;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    for (const s of open) s.stop();
  });
});
