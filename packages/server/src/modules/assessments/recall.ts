import { type Answers, alertsDiffer, type InstrumentDefinition, recallAlerts } from '@carehub/core';
import type { Actor, Tx } from '../../db/context.js';
import { audit } from '../audit/service.js';
import { PURPOSE } from '../persons/service.js';
import { raiseTask } from '../tasks/service.js';
import { getInstrument } from './service.js';

export interface RecallResult {
  code: string;
  version: number;
  /** The persons whose latest signed response the new version alerts on more than its own did, each with the review task made. */
  persons: Array<{ personId: string; assessmentId: string; taskId: string; severity: 'warning' | 'urgent' }>;
}

/**
 * The safety recall (DESIGN.md §10): a newly published version whose alerts differ from the version
 * before it is run over each person's latest signed response to the instrument (corrections count,
 * what they replaced does not). Where the new rules raise an alert more severe than the response's
 * own version did, the person gets a review task for the alert's team, audited as a read of their
 * record. A task is made once per person and version (its dedupe key), so the job may run again.
 *
 * Runs as the system, across every area, inside the publishing transaction: `tx` must not be
 * scoped to a user.
 */
export async function safetyRecall(tx: Tx, def: InstrumentDefinition, actor: Pick<Actor, 'userId' | 'username' | 'ip'> | null): Promise<RecallResult> {
  const result: RecallResult = { code: def.code, version: def.version, persons: [] };
  const before = await tx
    .selectFrom('instruments')
    .select('version')
    .where('code', '=', def.code)
    .where('version', '<', def.version)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!before) return result;
  const previous = await getInstrument(tx, def.code, before.version);
  if (!alertsDiffer(previous, def)) return result;

  const latest = await tx
    .selectFrom('assessments as a')
    .innerJoin('persons as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.person_id', 'a.instrument_version', 'a.answers', 'p.area_code'])
    .distinctOn('a.person_id')
    .where('a.instrument_code', '=', def.code)
    .where('a.status', '=', 'signed')
    .where('a.instrument_version', '<', def.version)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('assessments as c').select('c.id').whereRef('c.replaces', '=', 'a.id').where('c.status', '=', 'signed'))),
    )
    .orderBy('a.person_id')
    .orderBy('a.performed_at', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();

  for (const row of latest) {
    const asked = await getInstrument(tx, def.code, row.instrument_version);
    const alerts = recallAlerts(asked, def, row.answers as Answers);
    if (!alerts.length) continue;
    const severity = alerts.some((a) => a.severity === 'urgent') ? 'urgent' : 'warning';
    const worst = alerts.find((a) => a.severity === severity)!;
    const task = await raiseTask(tx, actor, {
      personId: row.person_id,
      areaCode: row.area_code,
      kind: `safety_recall:${def.code}`,
      ruleKey: `safety_recall:${def.code}`,
      severity,
      action: alerts.some((a) => a.action === 'propose_referral') ? 'propose_referral' : 'notify',
      message: {
        th: `ทบทวนผลประเมินเดิม: เกณฑ์ใหม่ของ${def.title.th} (ฉบับที่ ${def.version}) — ${worst.message.th}`,
        en: `Review an earlier response: the new rules of ${def.title.en} (version ${def.version}) say — ${worst.message.en}`,
      },
      team: [...new Set(alerts.flatMap((a) => a.team))],
      teamOrganisationId: null,
      source: { type: 'assessment', id: row.id },
      dedupeKey: `recall:${def.code}@${def.version}:${row.person_id}`,
    });
    if (task?.outcome !== 'created') continue;
    await audit(tx, actor, {
      action: 'assessment.safety_recall',
      subjectType: 'person',
      subjectId: row.person_id,
      areaCode: row.area_code,
      purpose: PURPOSE,
      details: { instrument: def.code, version: def.version, assessment: row.id, answeredWith: row.instrument_version, task: task.id, severity },
    });
    result.persons.push({ personId: row.person_id, assessmentId: row.id, taskId: task.id, severity });
  }
  await audit(tx, actor, {
    action: 'instrument.safety_recall',
    subjectType: 'instrument',
    subjectId: `${def.code}@${def.version}`,
    details: { from: previous.version, checked: latest.length, tasks: result.persons.length },
  });
  return result;
}
