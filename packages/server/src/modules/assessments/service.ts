import {
  ADL_GROUPS,
  type AdlGroup,
  type Answers,
  type Assessment,
  type AssessmentInput,
  anyDayProblem,
  type FieldIssue,
  InstrumentDefinition,
  type Item,
  isIsoDate,
  isShown,
  PUBLISHED_VERSIONS,
  photoMatchesType,
  type ScoredResponse,
  scoreResponse,
} from '@carehub/core';
import { type Kysely, sql } from 'kysely';
import type { Actor, Tx } from '../../db/context.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { assertVisible, PURPOSE, recordProvenance, refreshDerived } from '../persons/service.js';
import { raiseTask, supersedeAssessmentTasks, teamOrganisation } from '../tasks/service.js';
import { type RecallResult, safetyRecall } from './recall.js';

/**
 * Publishes the shipped instruments' versions that the database does not have yet, oldest first, and
 * runs the safety recall for each new version whose alerts differ from the one before it (an upgrade
 * that brings 9Q/8Q version 2 reviews the persons version 1 missed).
 */
export async function ensureInstruments(db: Kysely<DB>): Promise<{ published: number; recalled: RecallResult[] }> {
  return db.transaction().execute(async (tx) => {
    const rows = PUBLISHED_VERSIONS.map((d) => ({ code: d.code, version: d.version, definition: JSON.stringify(d) }));
    const inserted = await tx
      .insertInto('instruments')
      .values(rows)
      .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
      .returning(['code', 'version'])
      .execute();
    const recalled: RecallResult[] = [];
    for (const { code, version } of inserted.sort((a, b) => a.version - b.version)) {
      const r = await safetyRecall(tx, PUBLISHED_VERSIONS.find((d) => d.code === code && d.version === version)!, null);
      if (r.persons.length) recalled.push(r);
    }
    return { published: inserted.length, recalled };
  });
}

// A published version never changes (a trigger sees to it), so a parsed definition may be kept.
const parsed = new Map<string, InstrumentDefinition>();

export async function getInstrument(tx: Tx | Kysely<DB>, code: string, version?: number): Promise<InstrumentDefinition> {
  let query = tx.selectFrom('instruments').select(['code', 'version', 'definition']).where('code', '=', code);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError(400, 'instrument.unknown', { code, version });
  const key = `${row.code}@${row.version}`;
  let def = parsed.get(key);
  if (!def) {
    def = InstrumentDefinition.parse(row.definition);
    parsed.set(key, def);
  }
  return def;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHOTO = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/;

function answerProblem(item: Item, value: unknown): string | null {
  if (value === null) return null;
  const values = new Set(item.options?.map((o) => o.value));
  switch (item.type) {
    case 'single':
      return values.has(value as string | number) ? null : 'not one of the options';
    case 'multiple':
      return Array.isArray(value) && value.every((v) => values.has(v)) && new Set(value).size === value.length ? null : 'not a set of the options';
    case 'yesno':
      return typeof value === 'boolean' ? null : 'not yes or no';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
      if ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max)) return `outside ${item.min ?? '…'}–${item.max ?? '…'}`;
      return null;
    case 'text':
      return typeof value === 'string' ? null : 'not text';
    case 'date':
      if (!(typeof value === 'string' && ISO_DATE.test(value) && isIsoDate(value))) return 'not a date';
      return anyDayProblem(value) ? 'not between 1900 and 2199' : null;
    case 'photo':
      if (!(typeof value === 'string' && PHOTO.test(value) && value.length <= 400_000)) return 'not a JPEG/PNG/WebP photo under 300 KB';
      // The bytes must be the image the data URL declares (magic number), not anything labelled image/png.
      return photoMatchesType(value) ? null : 'not an image of the type it declares';
  }
}

/** Every answer must name an item and fit its type; answers to hidden items are dropped. */
export function checkAnswers(def: InstrumentDefinition, answers: Record<string, unknown>): Answers {
  const byId = new Map(def.items.map((i) => [i.id, i]));
  const fields: FieldIssue[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const item = byId.get(id);
    const problem = item ? answerProblem(item, value) : 'no such item';
    if (problem) fields.push({ path: `answers.${id}`, message_th: `คำตอบข้อ ${id} ไม่ถูกต้อง (${problem})`, message_en: `Answer ${id}: ${problem}` });
  }
  if (fields.length) throw new AppError(400, 'assessment.answer_invalid', { fields });
  const clean = answers as Answers;
  return Object.fromEntries(Object.entries(clean).filter(([id]) => isShown(byId.get(id)!, clean)));
}

type Row = {
  id: string;
  person_id: string;
  instrument_code: string;
  instrument_version: number;
  status: 'draft' | 'signed';
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  needs: string[];
  place: string;
  gps_lat: number | null;
  gps_lng: number | null;
  performed_at: Date;
  signed_at: Date | null;
  replaces: string | null;
  visit_id: string | null;
  recorded_by: string;
  recorded_by_name: string | null;
  organisation_name: string | null;
  replaced_by: string | null;
};

function selectAssessments(tx: Tx) {
  return tx
    .selectFrom('assessments as a')
    .leftJoin('users as u', 'u.id', 'a.recorded_by')
    .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
    .leftJoin('assessments as r', 'r.replaces', 'a.id')
    .select([
      'a.id',
      'a.person_id',
      'a.instrument_code',
      'a.instrument_version',
      'a.status',
      'a.answers',
      'a.scores',
      'a.needs',
      'a.place',
      'a.gps_lat',
      'a.gps_lng',
      'a.performed_at',
      'a.signed_at',
      'a.replaces',
      'a.visit_id',
      'a.recorded_by',
      'u.display_name as recorded_by_name',
      'o.name as organisation_name',
      'r.id as replaced_by',
    ]);
}

function present(row: Row, def: InstrumentDefinition): Assessment {
  const result = scoreResponse(def, row.answers as Answers);
  const bandLabel = new Map(def.bands.map((b) => [`${b.score}:${b.code}`, b.label]));
  return {
    id: row.id,
    personId: row.person_id,
    instrumentCode: row.instrument_code,
    instrumentVersion: row.instrument_version,
    instrumentTitle: def.title,
    status: row.status,
    answers: row.answers,
    scores: result.scores,
    bands: result.bands.map((b) => ({ ...b, label: bandLabel.get(`${b.score}:${b.code}`)! })),
    alerts: result.alerts,
    next: result.next,
    needs: row.needs,
    missing: result.missing,
    place: row.place,
    gps: row.gps_lat !== null && row.gps_lng !== null ? { lat: row.gps_lat, lng: row.gps_lng } : null,
    performedAt: row.performed_at.toISOString(),
    recordedBy: row.recorded_by_name,
    organisation: row.organisation_name,
    signedAt: row.signed_at?.toISOString() ?? null,
    replaces: row.replaces,
    replacedBy: row.replaced_by,
    visitId: row.visit_id,
  };
}

export async function loadAssessment(tx: Tx, id: string): Promise<{ row: Row; assessment: Assessment; def: InstrumentDefinition }> {
  const row = (await selectAssessments(tx).where('a.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!row) throw notFound();
  const def = await getInstrument(tx, row.instrument_code, row.instrument_version);
  return { row, assessment: present(row, def), def };
}

export async function listAssessments(tx: Tx, personId: string, actor: Actor): Promise<Assessment[]> {
  const rows = (await selectAssessments(tx)
    .where('a.person_id', '=', personId)
    // Drafts are their author's work in progress.
    .where((eb) => eb.or([eb('a.status', '=', 'signed'), eb('a.recorded_by', '=', actor.userId)]))
    .orderBy('a.performed_at', 'desc')
    .orderBy('a.created_at', 'desc')
    .limit(1000)
    .execute()) as Row[];
  const out: Assessment[] = [];
  for (const r of rows) out.push(present(r, await getInstrument(tx, r.instrument_code, r.instrument_version)));
  return out;
}

function scored(def: InstrumentDefinition, answers: Answers, sign: boolean): ScoredResponse {
  const result = scoreResponse(def, answers);
  if (sign && result.missing.length) throw new AppError(400, 'assessment.incomplete', { missing: result.missing });
  return result;
}

/**
 * One task per thing the team must do: of the alerts that ask for the same action (8Q "attempted"
 * and "≥ 17" both propose an urgent referral), the most severe speaks, and the task goes to every
 * role any of them names.
 */
function tasksOf(alerts: ScoredResponse['alerts']): ScoredResponse['alerts'] {
  const byAction = new Map<string, ScoredResponse['alerts'][number]>();
  for (const a of alerts) {
    const seen = byAction.get(a.action);
    const first = !seen || (a.severity === 'urgent' && seen.severity !== 'urgent') ? a : seen;
    byAction.set(a.action, { ...first, team: [...new Set([...(seen?.team ?? []), ...a.team])] });
  }
  return [...byAction.values()];
}

/** What signing sets off: a task per action the alerts ask for, for the configured team, and the registry fields the instrument feeds. */
async function afterSign(tx: Tx, actor: Actor, id: string, personId: string, areaCode: string, def: InstrumentDefinition, answers: Answers): Promise<void> {
  const result = scoreResponse(def, answers);
  const proposed = result.alerts.some((a) => a.action === 'propose_referral') ? await proposedReceiver(tx, actor, areaCode) : null;
  // One open task per person, instrument and action: a repeated alert updates it (tasks module).
  const raised: string[] = [];
  for (const a of tasksOf(result.alerts)) {
    const task = await raiseTask(tx, actor, {
      personId,
      areaCode,
      kind: `assessment_alert:${def.code}`,
      ruleKey: `assessment_alert:${def.code}:${a.action}`,
      severity: a.severity,
      action: a.action,
      message: a.message,
      team: a.team,
      teamOrganisationId: await teamOrganisation(tx, actor.organisationId, a.team, areaCode),
      source: { type: 'assessment', id },
      proposedOrganisationId: a.action === 'propose_referral' ? proposed : null,
    });
    if (task) raised.push(task.id);
  }
  // This response no longer raising an alert its instrument raised before: that task is superseded.
  await supersedeAssessmentTasks(tx, actor, { personId, assessmentId: id, instrumentCode: def.code }, raised);
  if (def.feeds.adlGroup) await refreshAdlGroup(tx, personId, def, actor);
  await publish(tx, { type: 'assessment.signed', id, personId, areaCode });
}

/**
 * Where an alert's urgent referral is proposed to go: the hospital whose area covers the person's
 * most closely (the district hospital before the provincial one), else a hospital in the province;
 * never the assessor's own organisation. The team may pick another when sending.
 */
async function proposedReceiver(tx: Tx, actor: Actor, areaCode: string): Promise<string | null> {
  const row = await tx
    .selectFrom('organisations')
    .select('id')
    .where('type', '=', 'hospital')
    .where('active', '=', true)
    .where('id', '!=', actor.organisationId)
    .where(sql<boolean>`area_code LIKE ${`${areaCode.slice(0, 2)}%`}`)
    .orderBy(sql`${areaCode} LIKE area_code || '%'`, 'desc')
    .orderBy(sql`length(area_code)`, 'desc')
    .orderBy('name')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The person's ADL group follows the latest signed response of the instrument that feeds it, not
 * counting responses a correction replaced.
 */
async function refreshAdlGroup(tx: Tx, personId: string, def: InstrumentDefinition, actor: Actor): Promise<void> {
  const latest = await tx
    .selectFrom('assessments as a')
    .select(['a.id', 'a.bands', 'a.visit_id'])
    .where('a.person_id', '=', personId)
    .where('a.instrument_code', '=', def.code)
    .where('a.status', '=', 'signed')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('assessments as c').select('c.id').whereRef('c.replaces', '=', 'a.id').where('c.status', '=', 'signed'))),
    )
    .orderBy('a.performed_at', 'desc')
    .orderBy('a.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const band = latest?.bands.find((b) => b.score === def.feeds.adlGroup)?.code;
  const group = band && (ADL_GROUPS as readonly string[]).includes(band) ? (band as AdlGroup) : null;
  const current = await tx.selectFrom('persons').select(['adl_group', 'adl_source']).where('id', '=', personId).executeTakeFirstOrThrow();
  const source = latest ? `assessment:${latest.id}` : null;
  if (current.adl_group === group && current.adl_source === source) return;
  await tx.updateTable('persons').set({ adl_group: group, adl_source: source }).where('id', '=', personId).execute();
  await recordProvenance(tx, personId, { adlGroup: group }, { source: latest?.visit_id ? 'visit' : 'user', ref: latest?.id ?? null, by: actor.userId });
  // Entitlement gaps read the ADL group (NHSO long-term care): derive them again in the same transaction.
  await refreshDerived(tx, personId);
}

export async function recordAssessment(tx: Tx, actor: Actor, personId: string, input: AssessmentInput & { sign: boolean }): Promise<string> {
  const { area_code } = await assertVisible(tx, actor, personId);
  if (input.id) {
    const existing = await tx.selectFrom('assessments').select(['person_id', 'recorded_by']).where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      // A repeated submission from an offline outbox: answer with the first result, store nothing new.
      if (existing.person_id === personId && existing.recorded_by === actor.userId) return input.id;
      throw new AppError(409, 'conflict.duplicate');
    }
  }
  const def = await getInstrument(tx, input.instrumentCode, input.instrumentVersion);
  const answers = checkAnswers(def, input.answers);
  const result = scored(def, answers, input.sign);
  if (input.replaces) {
    const old = await tx.selectFrom('assessments').select(['person_id', 'instrument_code', 'status']).where('id', '=', input.replaces).executeTakeFirst();
    if (!old || old.person_id !== personId || old.instrument_code !== def.code || old.status !== 'signed')
      throw new AppError(400, 'validation.failed', {
        fields: [
          {
            path: 'replaces',
            message_th: 'แก้ไขได้เฉพาะแบบประเมินที่ลงนามแล้วของบุคคลเดียวกัน',
            message_en: 'Only a signed assessment of the same person and instrument can be corrected',
          },
        ],
      });
    const taken = await tx.selectFrom('assessments').select('id').where('replaces', '=', input.replaces).executeTakeFirst();
    if (taken) throw new AppError(409, 'conflict.duplicate', { correction: taken.id });
  }
  const now = new Date();
  const { id } = await tx
    .insertInto('assessments')
    .values({
      ...(input.id ? { id: input.id } : {}),
      person_id: personId,
      instrument_code: def.code,
      instrument_version: def.version,
      status: input.sign ? 'signed' : 'draft',
      answers: JSON.stringify(answers),
      scores: JSON.stringify(result.scores),
      bands: JSON.stringify(result.bands),
      needs: result.needs,
      place: input.place ?? 'home',
      gps_lat: input.gps?.lat ?? null,
      gps_lng: input.gps?.lng ?? null,
      performed_at: input.performedAt ?? now,
      recorded_by: actor.userId,
      organisation_id: actor.organisationId,
      signed_at: input.sign ? now : null,
      replaces: input.replaces ?? null,
      visit_id: input.visitId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.sign) await afterSign(tx, actor, id, personId, area_code, def, answers);
  await audit(tx, actor, {
    action: input.sign ? 'assessment.signed' : 'assessment.draft_saved',
    subjectType: 'person',
    subjectId: personId,
    areaCode: area_code,
    purpose: PURPOSE,
    details: { assessment: id, instrument: def.code, version: def.version, replaces: input.replaces ?? null, bands: result.bands.map((b) => b.code) },
  });
  return id;
}

/** Changes a draft (its author only); signing it freezes it. */
export async function updateDraft(tx: Tx, actor: Actor, id: string, body: { answers: Record<string, unknown>; sign: boolean }): Promise<void> {
  const row = await tx
    .selectFrom('assessments')
    .select(['person_id', 'status', 'recorded_by', 'instrument_code', 'instrument_version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  const { area_code } = await assertVisible(tx, actor, row.person_id);
  if (row.status === 'signed') throw new AppError(409, 'assessment.signed');
  if (row.recorded_by !== actor.userId) throw new AppError(403, 'assessment.not_author');
  const def = await getInstrument(tx, row.instrument_code, row.instrument_version);
  const answers = checkAnswers(def, body.answers);
  const result = scored(def, answers, body.sign);
  const now = new Date();
  await tx
    .updateTable('assessments')
    .set({
      answers: JSON.stringify(answers),
      scores: JSON.stringify(result.scores),
      bands: JSON.stringify(result.bands),
      needs: result.needs,
      status: body.sign ? 'signed' : 'draft',
      signed_at: body.sign ? now : null,
      ...(body.sign ? { performed_at: now } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  if (body.sign) await afterSign(tx, actor, id, row.person_id, area_code, def, answers);
  await audit(tx, actor, {
    action: body.sign ? 'assessment.signed' : 'assessment.draft_saved',
    subjectType: 'person',
    subjectId: row.person_id,
    areaCode: area_code,
    purpose: PURPOSE,
    details: { assessment: id, instrument: def.code, version: def.version, bands: result.bands.map((b) => b.code) },
  });
}

export async function discardDraft(tx: Tx, actor: Actor, id: string): Promise<void> {
  const row = await tx.selectFrom('assessments').select(['person_id', 'status', 'recorded_by', 'instrument_code']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const { area_code } = await assertVisible(tx, actor, row.person_id);
  if (row.status === 'signed') throw new AppError(409, 'assessment.signed');
  if (row.recorded_by !== actor.userId) throw new AppError(403, 'assessment.not_author');
  await tx.deleteFrom('assessments').where('id', '=', id).execute();
  await audit(tx, actor, {
    action: 'assessment.draft_discarded',
    subjectType: 'person',
    subjectId: row.person_id,
    areaCode: area_code,
    purpose: PURPOSE,
    details: { assessment: id, instrument: row.instrument_code },
  });
}

/** Whether a signed-in role is on the team a task names; area admins see every task in their areas. */
export function onTeam(actor: Actor, team: string[]): boolean {
  return team.includes(actor.role) || ['system_admin', 'province_admin', 'district_admin', 'subdistrict_admin'].includes(actor.role);
}
