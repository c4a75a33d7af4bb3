import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { asSystem, asUser } from '../../db/context.js';
import { seedDemo } from '../../seed/demo.js';
import { createTestDatabase } from '../../testing/db.js';
import { type Notice, sendNotice } from './notice.js';
import { ndb } from './tables.js';

let database: Database;
let users: Record<string, { id: string; scopes: string[]; organisation_id: string; role: string }>;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { persons: 0 });
  const rows = await database.db.selectFrom('users').select(['id', 'username', 'scopes', 'organisation_id', 'role']).execute();
  users = Object.fromEntries(rows.map((r) => [r.username, r]));
});
afterAll(() => database?.close());

const notice: Notice = {
  kind: 'task.escalated',
  titleTh: 'งานเลยกำหนด',
  titleEn: 'Task overdue',
  bodyTh: 'มีงานที่เลยกำหนด',
  bodyEn: 'A task is overdue',
  url: '/tasks',
  urgent: false,
};
const actor = (u: string) => ({ userId: users[u]!.id, scopes: users[u]!.scopes, organisationId: users[u]!.organisation_id, role: users[u]!.role as never });

describe('sendNotice', () => {
  it("records a notice for another user inside the caller's own scoped transaction", async () => {
    const target = users['nurse.hatyai']!.id;
    // The volunteer of Bo Yang cannot see the Hat Yai nurse, yet the task they work on may warn her.
    const id = await asUser(database.db, actor('osm.boyang'), (tx) => sendNotice(tx, target, notice));
    const seenByVolunteer = await asUser(database.db, actor('osm.boyang'), (tx) =>
      ndb(tx).selectFrom('notification_outbox').select('id').where('id', '=', id).execute(),
    );
    expect(seenByVolunteer).toEqual([]);
    const seenByNurse = await asUser(database.db, actor('nurse.hatyai'), (tx) =>
      ndb(tx).selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    expect(seenByNurse).toMatchObject({ user_id: target, kind: 'task.escalated', url: '/tasks', urgent: false, fanned_out_at: null });
  });

  it('is rolled back with the transaction that raised it', async () => {
    let id = '';
    await expect(
      asSystem(database.db, async (tx) => {
        id = await sendNotice(tx, users.boyang!.id, notice);
        throw new Error('the task failed');
      }),
    ).rejects.toThrow('the task failed');
    const rows = await ndb(database.db).selectFrom('notification_outbox').select('id').where('id', '=', id).execute();
    expect(rows).toEqual([]);
  });

  it('refuses a link that leaves the app and an unknown user, writing nothing', async () => {
    const before = await ndb(database.db)
      .selectFrom('notification_outbox')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const url of ['https://evil.example/x', '//evil.example', '/\\evil.example', 'tasks']) {
      await expect(sendNotice(database.db, users.boyang!.id, { ...notice, url })).rejects.toThrow();
    }
    await expect(sendNotice(database.db, '00000000-0000-4000-8000-000000000000', notice)).rejects.toThrow();
    const after = await ndb(database.db)
      .selectFrom('notification_outbox')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
