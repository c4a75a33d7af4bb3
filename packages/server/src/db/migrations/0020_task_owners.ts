import { type Kysely, sql } from 'kysely';

/**
 * Tasks with owners (issue 17, item 4).
 *
 * - `rule_key` names the rule that raised a task for its person (`assessment_alert:barthel:notify`,
 *   `need_unmet:<need>:<assignee|team>`, `visit_overdue:<due day>:<assignee|team>`, …; the same keys
 *   the follow-up rules write): at most one OPEN task per person and rule (a partial unique
 *   index), so the same alert raised again updates that task (`seen_count`, `last_seen_at`, a higher
 *   severity) instead of adding one. `dedupe_key` keeps its meaning: a finding raised once, ever.
 * - `team_organisation_id`: whose team works the task while nobody holds it (`assigned_to` null); the
 *   assessor's organisation for an alert, the visitor's for a follow-up; null: the team in the area.
 * - `source_type` with the existing `source_id`: the assessment, visit or referral that raised it.
 * - `close_reason`: why it closed, by a person (done, dismissed) or by itself (referral accepted or
 *   completed, superseded by a newer assessment or visit, need met, visited).
 * - `escalated_at` / `escalated_to`: overdue tasks are escalated once, to the supervisor level.
 *
 * Existing rows: rule keys are worked out from their kind and dedupe key, open duplicates of one person
 * and rule keep the newest (the others close as superseded, audited), and open tasks without a due day
 * get one from their severity (urgent: the day raised; warning: three days later).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE tasks
      ADD COLUMN rule_key text,
      ADD COLUMN team_organisation_id uuid REFERENCES organisations(id),
      ADD COLUMN source_type text CHECK (source_type IN ('assessment', 'visit', 'referral')),
      ADD COLUMN seen_count integer NOT NULL DEFAULT 1,
      ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN close_reason text CHECK (close_reason IN ('done', 'dismissed', 'referral_accepted', 'referral_completed', 'superseded', 'need_met', 'visited')),
      ADD COLUMN assigned_at timestamptz,
      ADD COLUMN assigned_by uuid REFERENCES users(id),
      ADD COLUMN escalated_at timestamptz,
      ADD COLUMN escalated_to uuid REFERENCES users(id);

    UPDATE tasks SET last_seen_at = created_at;
    UPDATE tasks SET source_type = CASE
      WHEN kind LIKE 'assessment_alert:%' OR kind LIKE 'safety_recall:%' THEN 'assessment'
      WHEN kind IN ('visit_due', 'visit_overdue', 'need_unmet', 'vital_alarm') THEN 'visit'
    END
    WHERE source_id IS NOT NULL;
    UPDATE tasks SET close_reason = CASE
      WHEN status = 'dismissed' THEN 'dismissed'
      WHEN note = 'visited' THEN 'visited'
      WHEN referral_id IS NOT NULL THEN 'referral_accepted'
      ELSE 'done'
    END
    WHERE status <> 'open';
    UPDATE tasks SET rule_key = CASE
      WHEN kind LIKE 'assessment_alert:%' THEN kind || ':' || action
      WHEN kind LIKE 'safety_recall:%' THEN kind
      WHEN kind = 'need_unmet' AND dedupe_key IS NOT NULL THEN 'need_unmet:' || split_part(dedupe_key, ':', 3) || ':' || replace(split_part(dedupe_key, ':', 5), 'area', 'team')
      WHEN kind = 'vital_alarm' AND dedupe_key IS NOT NULL THEN 'vital_alarm:' || split_part(dedupe_key, ':', 4) || ':' || replace(split_part(dedupe_key, ':', 5), 'area', 'team')
      WHEN kind IN ('visit_due', 'visit_overdue') AND dedupe_key IS NOT NULL THEN kind || ':' || split_part(dedupe_key, ':', 3) || ':' || replace(split_part(dedupe_key, ':', 4), 'area', 'team')
    END;

    -- Open duplicates of one person and rule: the newest stays, the others were superseded by it.
    CREATE TEMPORARY TABLE task_duplicates ON COMMIT DROP AS
      SELECT t.id, t.person_id, keep.id AS kept_by
      FROM tasks t
      JOIN LATERAL (
        SELECT k.id FROM tasks k
        WHERE k.person_id = t.person_id AND k.rule_key = t.rule_key AND k.status = 'open'
        ORDER BY k.created_at DESC, k.id DESC LIMIT 1
      ) keep ON keep.id <> t.id
      WHERE t.status = 'open' AND t.rule_key IS NOT NULL;
    UPDATE tasks SET status = 'dismissed', close_reason = 'superseded', closed_at = now(), note = 'superseded (migration 0020)'
      WHERE id IN (SELECT id FROM task_duplicates);
    UPDATE tasks k SET seen_count = k.seen_count + d.n
      FROM (SELECT kept_by, count(*)::int AS n FROM task_duplicates GROUP BY 1) d WHERE k.id = d.kept_by;
    INSERT INTO audit_log (action, subject_type, subject_id, area_code, purpose, details)
      SELECT 'task.closed', 'person', d.person_id, p.area_code, 'care_coordination',
        jsonb_build_object('task', d.id, 'reason', 'superseded', 'by', jsonb_build_object('task', d.kept_by), 'migration', '0020')
      FROM task_duplicates d JOIN persons p ON p.id = d.person_id;

    UPDATE tasks SET due_on = ((created_at AT TIME ZONE 'UTC' + interval '7 hours')::date + CASE WHEN severity = 'urgent' THEN 0 ELSE 3 END)
      WHERE due_on IS NULL AND status = 'open';

    CREATE UNIQUE INDEX tasks_open_rule ON tasks (person_id, rule_key) WHERE status = 'open' AND rule_key IS NOT NULL;
    CREATE INDEX tasks_team_queue ON tasks (team_organisation_id) WHERE status = 'open' AND assigned_to IS NULL;
    CREATE INDEX tasks_overdue ON tasks (due_on) WHERE status = 'open' AND escalated_at IS NULL;
    CREATE INDEX tasks_escalated_to ON tasks (escalated_to) WHERE status = 'open';
  `.execute(db);
}
