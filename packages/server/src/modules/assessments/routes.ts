import {
  type Answers,
  Assessment,
  AssessmentInput,
  DraftUpdate,
  ErrorResponse,
  InstrumentCheck,
  InstrumentCode,
  InstrumentDefinition,
  InstrumentSummary,
  PublishedInstrument,
  toQuestionnaire,
  toQuestionnaireResponse,
} from '@carehub/core';
import { z } from 'zod';
import { asSystem, asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { auditedRead } from '../persons/service.js';
import { safetyRecall } from './recall.js';
import { discardDraft, getInstrument, listAssessments, loadAssessment, recordAssessment, updateDraft } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/**
 * Instruments (versioned definitions), assessments (responses: drafts, signing, corrections) and
 * FHIR views of both. The tasks that alerts raise are listed and worked in the tasks module.
 */
export const assessmentRoutes: Module = async (app, { database }) => {
  const db = database.db;

  const summary = (r: { code: string; version: number; definition: unknown; published_at: Date; published_by_name: string | null }) => {
    const d = r.definition as InstrumentDefinition;
    return {
      code: r.code,
      version: r.version,
      title: d.title,
      verified: d.source.verified,
      publishedAt: r.published_at.toISOString(),
      publishedBy: r.published_by_name,
    };
  };
  const instrumentRows = () =>
    db
      .selectFrom('instruments as i')
      .leftJoin('users as u', 'u.id', 'i.published_by')
      .select(['i.code', 'i.version', 'i.definition', 'i.published_at', 'u.display_name as published_by_name']);

  app.get(
    '/api/instruments',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['assessments'],
        summary: 'The latest published version of every instrument, with its definition',
        response: { 200: z.array(PublishedInstrument), ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      const rows = await instrumentRows()
        .where(({ eb, selectFrom }) =>
          eb(
            'i.version',
            '=',
            selectFrom('instruments as j')
              .select(({ fn }) => fn.max('j.version').as('v'))
              .whereRef('j.code', '=', 'i.code'),
          ),
        )
        .orderBy('i.code')
        .execute();
      return rows.map((r) => ({ ...summary(r), definition: r.definition }));
    },
  );

  app.get(
    '/api/instruments/:code/versions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['assessments'],
        summary: 'Every published version of an instrument, newest first',
        params: z.object({ code: InstrumentCode }),
        response: { 200: z.array(PublishedInstrument), ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      const rows = await instrumentRows().where('i.code', '=', req.params.code).orderBy('i.version', 'desc').execute();
      if (!rows.length) throw notFound();
      return rows.map((r) => ({ ...summary(r), definition: r.definition }));
    },
  );

  /** The zod schema's issues, as the admin editor lists them. */
  async function check(body: unknown) {
    const parsed = InstrumentDefinition.safeParse(body);
    const code = (body as { code?: unknown } | null)?.code;
    const latest =
      typeof code === 'string'
        ? await db
            .selectFrom('instruments')
            .select(({ fn }) => fn.max('version').as('v'))
            .where('code', '=', code)
            .executeTakeFirst()
        : undefined;
    const nextVersion = typeof code === 'string' ? Number(latest?.v ?? 0) + 1 : null;
    return {
      parsed,
      result: {
        ok: parsed.success,
        nextVersion,
        issues: parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
  }

  app.post(
    '/api/instruments/check',
    {
      config: { permission: 'instruments.manage' },
      schema: {
        tags: ['assessments'],
        summary: 'Validate an instrument definition without publishing it (a dry run of publishing)',
        body: z.unknown(),
        response: { 200: InstrumentCheck, ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      const { result } = await check(req.body);
      if (!result.ok) throw new AppError(400, 'instrument.invalid', { issues: result.issues });
      return result;
    },
  );

  app.post(
    '/api/instruments',
    {
      config: { permission: 'instruments.manage' },
      schema: {
        tags: ['assessments'],
        summary: 'Publish a new version of an instrument (the version number is assigned); changed alerts run the safety recall',
        body: z.unknown(),
        response: { 201: InstrumentSummary.extend({ recalled: z.number().int().describe('Review tasks the safety recall created') }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { parsed, result } = await check(req.body);
      if (!parsed.success) throw new AppError(400, 'instrument.invalid', { issues: result.issues });
      const definition = { ...parsed.data, version: result.nextVersion! };
      const row = await asSystem(db, async (tx) => {
        const inserted = await tx
          .insertInto('instruments')
          .values({ code: definition.code, version: definition.version, definition: JSON.stringify(definition), published_by: actor.userId })
          .returning(['code', 'version', 'published_at'])
          .executeTakeFirstOrThrow();
        await audit(tx, actor, { action: 'instrument.published', subjectType: 'instrument', subjectId: `${definition.code}@${definition.version}` });
        // Changed alerts: review the persons the previous version let through (each gets a task for the alert's team).
        const recall = await safetyRecall(tx, InstrumentDefinition.parse(definition), actor);
        return { ...inserted, recalled: recall.persons.length };
      });
      reply.status(201);
      return { ...summary({ ...row, definition, published_by_name: actor.displayName }), recalled: row.recalled };
    },
  );

  app.post(
    '/api/persons/:id/assessments',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['assessments'],
        summary: 'Record an assessment: a draft, or signed at once; with an id it is idempotent',
        params: z.object({ id: z.string().uuid() }),
        body: AssessmentInput,
        response: { 200: Assessment, 201: Assessment, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const result = await asUser(db, actor, async (tx) => {
        const id = await recordAssessment(tx, actor, req.params.id, req.body);
        return (await loadAssessment(tx, id)).assessment;
      });
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/api/persons/:id/assessments',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['assessments'],
        summary: "A person's assessments, newest first (others' drafts are not shown)",
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.array(Assessment), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const list = await listAssessments(tx, req.params.id, actor);
        await auditedRead(tx, actor, req.params.id, { part: 'assessments', count: list.length });
        return list;
      });
    },
  );

  const AssessmentParams = z.object({ assessmentId: z.string().uuid() });

  app.get(
    '/api/assessments/:assessmentId',
    {
      config: { permission: 'persons.read' },
      schema: { tags: ['assessments'], summary: 'One assessment with its answers', params: AssessmentParams, response: { 200: Assessment, ...errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const { assessment } = await loadAssessment(tx, req.params.assessmentId);
        await auditedRead(tx, actor, assessment.personId, { part: 'assessment', assessment: assessment.id });
        return assessment;
      });
    },
  );

  app.put(
    '/api/assessments/:assessmentId',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['assessments'],
        summary: 'Change a draft, or sign it (a signed assessment never changes)',
        params: AssessmentParams,
        body: DraftUpdate,
        response: { 200: Assessment, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        await updateDraft(tx, actor, req.params.assessmentId, req.body);
        return (await loadAssessment(tx, req.params.assessmentId)).assessment;
      });
    },
  );

  app.delete(
    '/api/assessments/:assessmentId',
    {
      config: { permission: 'persons.write' },
      schema: { tags: ['assessments'], summary: 'Discard a draft', params: AssessmentParams, response: { 204: z.null(), ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await asUser(db, actor, (tx) => discardDraft(tx, actor, req.params.assessmentId));
      return reply.status(204).send(null);
    },
  );

  const VersionParams = z.object({ code: InstrumentCode, version: z.coerce.number().int().min(1) });
  const publishedVersion = (p: z.infer<typeof VersionParams>) =>
    getInstrument(db, p.code, p.version).catch(() => {
      throw notFound();
    });

  // The definition an assessment was made with, so an old response renders as it was asked.
  app.get(
    '/api/instruments/:code/versions/:version',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['assessments'],
        summary: 'One published version of an instrument',
        params: VersionParams,
        response: { 200: z.any(), ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      return publishedVersion(req.params);
    },
  );

  // FHIR R4: an instrument version as a Questionnaire, a response as a QuestionnaireResponse.
  const baseUrl = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;
  const FHIR_JSON = 'application/fhir+json; charset=utf-8';

  app.get(
    '/api/instruments/:code/versions/:version/fhir',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['assessments'],
        summary: 'One instrument version as a FHIR R4 Questionnaire',
        params: VersionParams,
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      requireActor(req);
      const def = await publishedVersion(req.params);
      return reply.type(FHIR_JSON).send(toQuestionnaire(def, { baseUrl: baseUrl(req) }));
    },
  );

  app.get(
    '/api/assessments/:assessmentId/fhir',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['assessments'],
        summary: 'One assessment as a FHIR R4 QuestionnaireResponse',
        params: AssessmentParams,
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const resource = await asUser(db, actor, async (tx) => {
        const { assessment: a, def, row } = await loadAssessment(tx, req.params.assessmentId);
        await auditedRead(tx, actor, a.personId, { part: 'assessment', assessment: a.id, format: 'fhir' });
        return toQuestionnaireResponse(
          def,
          {
            id: a.id,
            answers: a.answers as Answers,
            status: a.status === 'draft' ? 'in-progress' : a.replaces ? 'amended' : 'completed',
            subject: { reference: `Patient/${a.personId}` },
            authored: a.signedAt ?? a.performedAt,
            ...(a.recordedBy ? { author: { reference: `Practitioner/${row.recorded_by}`, display: a.recordedBy } } : {}),
            ...(a.replaces ? { replaces: a.replaces } : {}),
          },
          { baseUrl: baseUrl(req) },
        );
      });
      return reply.type(FHIR_JSON).send(resource);
    },
  );
};
