import {
  ageOn,
  CarePlanAgreementInput,
  CarePlanBody,
  CarePlanSave,
  CaseConferenceInput,
  CaseTeamMemberInput,
  type CaseTeamRole,
  conferenceActivityId,
  describeIssue,
  ErrorResponse,
  type IssueLike,
  withConferenceDecisions,
} from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { areaPath, assertVisible, auditedRead, PURPOSE, todayIso } from '../persons/service.js';
import { carePlanPdf } from './pdf.js';
import { emptyPlan, latestAgreement, loadPlanVersion, organisationNames, planHistory, savePlan, unplannedNeeds } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const PersonParams = z.object({ id: z.string().uuid() });
const Label = z.object({ th: z.string(), en: z.string() });

const Agreement = z.object({
  agreedBy: z.string(),
  agreedByName: z.string(),
  method: z.string(),
  agreedOn: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
const CarePlanView = z.object({
  /** 0 while the person has no plan yet. */
  version: z.number(),
  body: CarePlanBody,
  changeNote: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  /** The agreement to this version, if recorded. */
  agreement: Agreement.nullable(),
  organisations: z.record(z.string(), z.string()),
  history: z.array(
    z.object({
      version: z.number(),
      createdAt: z.string(),
      createdBy: z.string(),
      changeNote: z.string().nullable(),
      agreed: z.boolean(),
      changes: z.array(z.object({ part: z.string(), id: z.string(), change: z.string() })),
    }),
  ),
  unplannedNeeds: z.array(
    z.object({
      need: z.string(),
      label: Label,
      source: z.object({ kind: z.enum(['visit', 'assessment']), id: z.string() }),
      foundAt: z.string(),
      note: z.string().nullable(),
    }),
  ),
});
const TeamMember = z.object({
  id: z.string(),
  role: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  organisationId: z.string().nullable(),
  organisation: z.string().nullable(),
  phone: z.string().nullable(),
  addedAt: z.string(),
});
const Conference = z.object({
  id: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  attendees: z.array(z.object({ name: z.string(), role: z.string(), organisation: z.string().optional() })),
  summary: z.string().nullable(),
  decisions: z.array(z.object({ text: z.string(), activityId: z.string().optional() })),
  planVersion: z.number().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

async function planView(tx: Tx, personId: string, version?: number): Promise<z.infer<typeof CarePlanView>> {
  const plan = await loadPlanVersion(tx, personId, version);
  if (version !== undefined && !plan) throw notFound();
  const body = plan?.body ?? emptyPlan();
  return {
    version: plan?.version ?? 0,
    body,
    changeNote: plan?.changeNote ?? null,
    createdAt: plan?.createdAt ?? null,
    createdBy: plan?.createdBy ?? null,
    agreement: plan ? await latestAgreement(tx, plan.id) : null,
    organisations: await organisationNames(tx, body),
    history: await planHistory(tx, personId),
    unplannedNeeds: await unplannedNeeds(tx, personId, body),
  };
}

async function loadTeam(tx: Tx, personId: string): Promise<z.infer<typeof TeamMember>[]> {
  const rows = await tx
    .selectFrom('case_team_members as m')
    .leftJoin('organisations as o', (j) => j.on(sql<boolean>`o.id = coalesce(m.organisation_id, app_user_organisation(m.user_id))`))
    .select([
      'm.id',
      'm.role',
      'm.user_id',
      'm.name',
      sql<string | null>`app_user_name(m.user_id)`.as('display_name'),
      'o.id as org_id',
      'o.name as org_name',
      'm.phone',
      'm.added_at',
    ])
    .where('m.person_id', '=', personId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.added_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    userId: r.user_id,
    name: r.name ?? r.display_name ?? '',
    organisationId: r.org_id,
    organisation: r.org_name,
    phone: r.phone,
    addedAt: r.added_at.toISOString(),
  }));
}

async function writable(tx: Tx, actor: Actor, personId: string): Promise<string> {
  return (await assertVisible(tx, actor, personId)).area_code;
}

/**
 * Care plans (versioned, agreed, printable), the case team around a person, and case conferences
 * whose decisions become plan activities. Every read is audited as a read of the person.
 */
export const carePlanRoutes: Module = async (app, { database }) => {
  const db = database.db;

  app.get(
    '/api/persons/:id/care-plan',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['care plans'],
        summary: "The person's care plan (latest version, or ?version=N), its history and the needs it does not address yet",
        params: PersonParams,
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: CarePlanView, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'care_plan', version: req.query.version ?? 'latest' });
        return planView(tx, req.params.id, req.query.version);
      });
    },
  );

  app.put(
    '/api/persons/:id/care-plan',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['care plans'],
        summary: 'Save the plan as a new version (409 when someone saved a newer one since baseVersion)',
        params: PersonParams,
        body: CarePlanSave,
        response: { 200: CarePlanView, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const area = await writable(tx, actor, req.params.id);
        const saved = await savePlan(tx, actor, req.params.id, area, req.body);
        return planView(tx, req.params.id, saved.version);
      });
    },
  );

  app.post(
    '/api/persons/:id/care-plan/agreement',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['care plans'],
        summary: "Record the person's or guardian's agreement to a version of the plan",
        params: PersonParams,
        body: CarePlanAgreementInput,
        response: { 200: CarePlanView, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      return asUser(db, actor, async (tx) => {
        const area = await writable(tx, actor, req.params.id);
        const plan = await loadPlanVersion(tx, req.params.id, b.version);
        if (!plan) throw notFound();
        if (b.agreedOn > todayIso())
          throw new AppError(400, 'validation.failed', {
            fields: [{ path: 'agreedOn', message_th: 'วันที่ยินยอมต้องไม่เป็นวันในอนาคต', message_en: 'The agreement date cannot be in the future' }],
          });
        await tx
          .insertInto('care_plan_agreements')
          .values({
            person_id: req.params.id,
            plan_id: plan.id,
            agreed_by: b.agreedBy,
            agreed_by_name: b.agreedByName,
            method: b.method,
            agreed_on: b.agreedOn,
            note: b.note ?? null,
            recorded_by: actor.userId,
          })
          .execute();
        await audit(tx, actor, {
          action: 'careplan.agreed',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: area,
          purpose: PURPOSE,
          details: { version: b.version, agreedBy: b.agreedBy, method: b.method },
        });
        return planView(tx, req.params.id, b.version);
      });
    },
  );

  app.get(
    '/api/persons/:id/care-plan.pdf',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['care plans'],
        summary: 'The plan as a Thai PDF for a case conference (latest version, or ?version=N)',
        params: PersonParams,
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const print = await asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'care_plan_pdf', version: req.query.version ?? 'latest' });
        const plan = await loadPlanVersion(tx, req.params.id, req.query.version);
        if (!plan) throw notFound();
        const p = await tx
          .selectFrom('persons')
          .select(['title_th', 'first_name_th', 'last_name_th', 'birth_date', 'area_code', 'house_no', 'village_no', 'address_text'])
          .where('id', '=', req.params.id)
          .executeTakeFirstOrThrow();
        const area = await areaPath(tx, p.area_code);
        const agreement = await latestAgreement(tx, plan.id);
        return {
          person: {
            name: [p.title_th, p.first_name_th, p.last_name_th].filter(Boolean).join(' '),
            age: p.birth_date ? ageOn(p.birth_date, todayIso()) : null,
            address: [p.house_no, p.village_no ? `ม.${p.village_no}` : null, p.address_text, area.path].filter(Boolean).join(' '),
          },
          version: plan.version,
          createdAt: plan.createdAt,
          createdBy: plan.createdBy,
          body: plan.body,
          organisations: await organisationNames(tx, plan.body),
          team: (await loadTeam(tx, req.params.id)).map((m) => ({ role: m.role as CaseTeamRole, name: m.name, organisation: m.organisation })),
          agreement: agreement as never,
          printedBy: actor.displayName,
        };
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="care-plan-v${print.version}.pdf"`)
        .send(await carePlanPdf(print));
    },
  );

  app.get(
    '/api/persons/:id/team',
    {
      config: { permission: 'persons.read' },
      schema: { tags: ['care plans'], summary: 'The case team around the person', params: PersonParams, response: { 200: z.array(TeamMember), ...errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'case_team' });
        return loadTeam(tx, req.params.id);
      });
    },
  );

  app.post(
    '/api/persons/:id/team',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['care plans'],
        summary: 'Add a member to the case team',
        params: PersonParams,
        body: CaseTeamMemberInput,
        response: { 200: z.array(TeamMember), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      return asUser(db, actor, async (tx) => {
        const area = await writable(tx, actor, req.params.id);
        if (b.userId && !(await tx.selectFrom('users').select('id').where('id', '=', b.userId).where('active', '=', true).executeTakeFirst()))
          throw new AppError(400, 'validation.failed', { fields: [{ path: 'userId', message_th: 'ไม่พบผู้ใช้นี้', message_en: 'Unknown user' }] });
        if (b.organisationId && !(await tx.selectFrom('organisations').select('id').where('id', '=', b.organisationId).executeTakeFirst()))
          throw new AppError(400, 'organisation.unknown');
        const { id } = await tx
          .insertInto('case_team_members')
          .values({
            person_id: req.params.id,
            role: b.role,
            user_id: b.userId ?? null,
            name: b.name ?? null,
            organisation_id: b.organisationId ?? null,
            phone: b.phone ?? null,
            added_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, actor, {
          action: 'careteam.added',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: area,
          purpose: PURPOSE,
          details: { member: id, role: b.role },
        });
        return loadTeam(tx, req.params.id);
      });
    },
  );

  app.post(
    '/api/persons/:id/team/:memberId/remove',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['care plans'],
        summary: 'Take a member off the case team (kept in the record as removed)',
        params: PersonParams.extend({ memberId: z.string().uuid() }),
        response: { 200: z.array(TeamMember), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const area = await writable(tx, actor, req.params.id);
        const removed = await tx
          .updateTable('case_team_members')
          .set({ removed_at: new Date(), removed_by: actor.userId })
          .where('id', '=', req.params.memberId)
          .where('person_id', '=', req.params.id)
          .where('removed_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!removed) throw notFound();
        await audit(tx, actor, {
          action: 'careteam.removed',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: area,
          purpose: PURPOSE,
          details: { member: req.params.memberId },
        });
        return loadTeam(tx, req.params.id);
      });
    },
  );

  app.get(
    '/api/persons/:id/conferences',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['care plans'],
        summary: "The person's case conferences, newest first",
        params: PersonParams,
        response: { 200: z.array(Conference), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await auditedRead(tx, actor, req.params.id, { part: 'case_conferences' });
        return loadConferences(tx, req.params.id);
      });
    },
  );

  app.post(
    '/api/persons/:id/conferences',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['care plans'],
        summary: 'Record a case conference; decisions that name an activity are added to the plan as a new version, in the same step',
        params: PersonParams,
        body: CaseConferenceInput,
        response: { 201: Conference, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      const result = await asUser(db, actor, async (tx) => {
        const area = await writable(tx, actor, req.params.id);
        const id = crypto.randomUUID();
        let planVersion: number | null = null;
        const decisions = b.decisions.map((d, i) => (d.activity ? { text: d.text, activityId: conferenceActivityId(id, i) } : { text: d.text }));
        if (b.decisions.some((d) => d.activity)) {
          const base = (await loadPlanVersion(tx, req.params.id))?.body ?? emptyPlan();
          // The added activities must fit the plan too (e.g. a goal they name must exist).
          const checked = CarePlanBody.safeParse(withConferenceDecisions(base, id, b.decisions));
          if (!checked.success)
            throw new AppError(400, 'validation.failed', {
              fields: checked.error.issues.map((x) => describeIssue({ ...x, path: ['plan', ...x.path] } as IssueLike)),
            });
          planVersion = (
            await savePlan(
              tx,
              actor,
              req.params.id,
              area,
              { baseVersion: b.baseVersion, body: checked.data, changeNote: `ประชุมปรึกษารายกรณี ${b.heldOn}` },
              { conference: id },
            )
          ).version;
        }
        await tx
          .insertInto('case_conferences')
          .values({
            id,
            person_id: req.params.id,
            held_on: b.heldOn,
            place: b.place ?? null,
            attendees: JSON.stringify(b.attendees),
            summary: b.summary ?? null,
            decisions: JSON.stringify(decisions),
            plan_version: planVersion,
            recorded_by: actor.userId,
          } as never)
          .execute();
        await audit(tx, actor, {
          action: 'conference.recorded',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: area,
          purpose: PURPOSE,
          details: { conference: id, decisions: decisions.length, planVersion },
        });
        return (await loadConferences(tx, req.params.id)).find((c) => c.id === id) as z.infer<typeof Conference>;
      });
      reply.status(201);
      return result;
    },
  );
};

async function loadConferences(tx: Tx, personId: string): Promise<z.infer<typeof Conference>[]> {
  const rows = await tx
    .selectFrom('case_conferences as c')
    .select([
      'c.id',
      'c.held_on',
      'c.place',
      'c.attendees',
      'c.summary',
      'c.decisions',
      'c.plan_version',
      sql<string>`app_user_name(c.recorded_by)`.as('display_name'),
      'c.recorded_at',
    ])
    .where('c.person_id', '=', personId)
    .orderBy('c.held_on', 'desc')
    .orderBy('c.recorded_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    heldOn: r.held_on,
    place: r.place,
    attendees: r.attendees,
    summary: r.summary,
    decisions: r.decisions,
    planVersion: r.plan_version,
    recordedBy: r.display_name,
    recordedAt: r.recorded_at.toISOString(),
  }));
}
