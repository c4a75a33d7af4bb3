import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { up } from '../../db/migrations/0020_task_owners.js';
import { seedDemo } from '../../seed/demo.js';
import { createTestDatabase } from '../../testing/db.js';

/**
 * Migration 0020 on tasks as they were before it: open duplicates of one person and rule keep the newest
 * (the others close as superseded, audited, and count on the kept one), rule keys and sources are worked
 * out from kind and dedupe key, closed tasks get their reason, and open tasks without a due day get one
 * by severity.
 */
let database: Database;
let person: string;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { persons: 2 });
  person = (await database.db.selectFrom('persons').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  // Back to the table as it was before 0020.
  await sql`
    DROP INDEX IF EXISTS tasks_open_rule; DROP INDEX IF EXISTS tasks_team_queue; DROP INDEX IF EXISTS tasks_overdue; DROP INDEX IF EXISTS tasks_escalated_to;
    ALTER TABLE tasks DROP COLUMN rule_key, DROP COLUMN team_organisation_id, DROP COLUMN source_type, DROP COLUMN seen_count,
      DROP COLUMN last_seen_at, DROP COLUMN close_reason, DROP COLUMN assigned_at, DROP COLUMN assigned_by, DROP COLUMN escalated_at,
      DROP COLUMN escalated_to`.execute(database.db);
  const task = (kind: string, action: string, created: string, extra: Record<string, unknown> = {}) =>
    sql`INSERT INTO tasks (person_id, kind, severity, action, message, source_id, team, created_at, status, dedupe_key, due_on, referral_id)
        VALUES (${person}, ${kind}, ${extra.severity ?? 'warning'}, ${action}, '{"th":"ทดสอบ","en":"test"}', gen_random_uuid(), '{social_worker}',
          ${at(created)}, ${extra.status ?? 'open'}, ${extra.dedupe ?? null}, ${extra.due ?? null}, NULL)`.execute(database.db);
  await task('assessment_alert:barthel', 'notify', '2026-10-01T03:00:00Z');
  await task('assessment_alert:barthel', 'notify', '2026-11-01T03:00:00Z');
  await task('assessment_alert:barthel', 'notify', '2026-12-01T03:00:00Z'); // the newest stays
  await task('assessment_alert:q9', 'notify', '2026-12-01T20:00:00Z', { severity: 'urgent' }); // 2 Dec in Thailand
  await task('need_unmet', 'notify', '2026-11-20T03:00:00Z', { dedupe: `need_unmet:${person}:income.no_income:2026-11-01:area`, due: '2026-11-15' });
  await task('assessment_alert:q2', 'notify', '2026-09-01T03:00:00Z', { status: 'dismissed' });
  await task('visit_overdue', 'notify', '2026-11-20T03:00:00Z', { dedupe: `visit_overdue:${person}:2026-11-10:${person}`, due: '2026-11-10' });
  await up(database.db as never);
}, 180_000);
afterAll(() => database?.close());

describe('migration 0020', () => {
  it('keeps the newest open task of a person and rule, closes the others as superseded with an audit row, and counts them', async () => {
    const rows = await database.db
      .selectFrom('tasks')
      .select(['kind', 'status', 'close_reason', 'rule_key', 'seen_count', 'created_at', 'id'])
      .where('kind', '=', 'assessment_alert:barthel')
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => [r.status, r.close_reason, r.rule_key, r.seen_count])).toEqual([
      ['dismissed', 'superseded', 'assessment_alert:barthel:notify', 1],
      ['dismissed', 'superseded', 'assessment_alert:barthel:notify', 1],
      ['open', null, 'assessment_alert:barthel:notify', 3],
    ]);
    const audited = await database.db.selectFrom('audit_log').select(['details', 'subject_id']).where('action', '=', 'task.closed').orderBy('id').execute();
    expect(audited.map((a) => [a.subject_id, (a.details as { task: string }).task, (a.details as { reason: string }).reason]).sort()).toEqual(
      [
        [person, rows[0]!.id, 'superseded'],
        [person, rows[1]!.id, 'superseded'],
      ].sort(),
    );
    // The unique index now holds: a second open task of the rule is refused.
    await expect(
      sql`INSERT INTO tasks (person_id, kind, severity, action, message, team, rule_key) VALUES (${person}, 'assessment_alert:barthel', 'warning', 'notify', '{"th":"ก","en":"a"}', '{social_worker}', 'assessment_alert:barthel:notify')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/tasks_open_rule|duplicate key/);
  });

  it('works out rule keys, sources, reasons and due days', async () => {
    const rows = await database.db
      .selectFrom('tasks')
      .select(['kind', 'rule_key', 'source_type', 'close_reason', 'due_on', 'status'])
      .where('kind', '!=', 'assessment_alert:barthel')
      .orderBy('kind')
      .execute();
    const day = (d: unknown) => (d === null ? null : String(d instanceof Date ? d.toISOString() : d).slice(0, 10));
    expect(rows.map((r) => [r.kind, r.rule_key, r.source_type, r.close_reason, day(r.due_on)])).toEqual([
      ['assessment_alert:q2', 'assessment_alert:q2:notify', 'assessment', 'dismissed', null],
      // Urgent: due the day it was raised, in Thai time (20:00 UTC on 1 Dec is 2 Dec in Thailand).
      ['assessment_alert:q9', 'assessment_alert:q9:notify', 'assessment', null, '2026-12-02'],
      // A due day already set stays.
      ['need_unmet', 'need_unmet:income.no_income:team', 'visit', null, '2026-11-15'],
      // The keys the follow-up rules write: a visit reminder per due day and holder.
      ['visit_overdue', `visit_overdue:2026-11-10:${person}`, 'visit', null, '2026-11-10'],
    ]);
    const barthel = await database.db
      .selectFrom('tasks')
      .select('due_on')
      .where('kind', '=', 'assessment_alert:barthel')
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    expect(day(barthel.due_on)).toBe('2026-12-04'); // a warning raised on 1 Dec: three days later
  });
});
