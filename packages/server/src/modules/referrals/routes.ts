import { ErrorResponse, isReferralOverdue, nextReferralState, ReferralInput, ReferralMove, type ReferralState, referralResponseDue } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { onTeam } from '../assessments/service.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { assertVisible, PURPOSE } from '../persons/service.js';
import { linkReferral, referralMoved } from '../tasks/service.js';
import { referralListExportRoutes } from './export.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const Referral = z.object({
  id: z.string(),
  personId: z.string(),
  /** Null once the referral has closed for a receiver that no longer sees the person. */
  personName: z.string().nullable(),
  fromOrganisation: z.string(),
  toOrganisation: z.string(),
  urgency: z.enum(['emergency', 'urgent', 'routine']),
  reason: z.string(),
  note: z.string().nullable(),
  state: z.enum(['sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled']),
  sentAt: z.string(),
  responseDue: z.string(),
  overdue: z.boolean(),
  outcome: z.string().nullable(),
  closeReason: z.string().nullable(),
  /** Sent on the person's consent, or without it to prevent a danger to life (with the reason stated). */
  legalBasis: z.enum(['consent', 'vital_interest']),
  basisReason: z.string().nullable(),
  side: z.enum(['sender', 'receiver']),
  /** The assessments sent with the referral, for the receiving team to read. */
  assessments: z.array(
    z.object({
      id: z.string(),
      instrumentCode: z.string(),
      name: z.object({ th: z.string(), en: z.string() }),
      performedAt: z.string(),
      bands: z.array(z.string()),
    }),
  ),
  events: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      toState: z.string(),
      /** Who made the move (null only if the account is gone), and for which organisation. */
      actor: z.string().nullable(),
      organisation: z.string(),
      note: z.string().nullable(),
    }),
  ),
});

export function selectReferrals(tx: Tx) {
  return (
    tx
      .selectFrom('referrals as r')
      // The person's row only where the viewer may see it: a closed referral stays on both organisations' records.
      .leftJoin('persons as p', 'p.id', 'r.person_id')
      .innerJoin('organisations as f', 'f.id', 'r.from_organisation_id')
      .innerJoin('organisations as t', 't.id', 'r.to_organisation_id')
      .select([
        'r.id',
        'r.person_id',
        sql<string | null>`CASE WHEN p.id IS NULL THEN NULL ELSE concat_ws(' ', p.title_th, p.first_name_th, p.last_name_th) END`.as('person_name'),
        'p.area_code',
        'r.from_organisation_id',
        'r.to_organisation_id',
        'f.name as from_name',
        't.name as to_name',
        'r.urgency',
        'r.reason',
        'r.note',
        'r.state',
        'r.sent_at',
        'r.outcome',
        'r.close_reason',
        'r.assessment_ids',
        'r.legal_basis',
        'r.basis_reason',
      ])
  );
}

type Row = Awaited<ReturnType<ReturnType<typeof selectReferrals>['executeTakeFirstOrThrow']>>;

async function present(tx: Tx, actor: Actor, r: Row, withEvents: boolean): Promise<z.infer<typeof Referral>> {
  const events = withEvents
    ? await tx
        .selectFrom('referral_events as e')
        .select(['e.at', 'e.action', 'e.to_state', sql<string | null>`app_user_name(e.actor_id)`.as('display_name'), 'e.note'])
        .where('e.referral_id', '=', r.id)
        .orderBy('e.id')
        .execute()
    : [];
  const assessments =
    withEvents && r.assessment_ids.length
      ? await tx
          .selectFrom('assessments as a')
          .innerJoin('instruments as i', (j) => j.onRef('i.code', '=', 'a.instrument_code').onRef('i.version', '=', 'a.instrument_version'))
          .select(['a.id', 'a.instrument_code', 'a.performed_at', 'a.bands', sql<{ th: string; en: string }>`i.definition->'title'`.as('name')])
          .where('a.id', 'in', r.assessment_ids)
          .orderBy('a.performed_at', 'desc')
          .execute()
      : [];
  const sentAt = r.sent_at.toISOString();
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    fromOrganisation: r.from_name,
    toOrganisation: r.to_name,
    urgency: r.urgency,
    reason: r.reason,
    note: r.note,
    state: r.state,
    sentAt,
    responseDue: referralResponseDue(sentAt, r.urgency),
    overdue: isReferralOverdue({ state: r.state, sentAt, urgency: r.urgency }, new Date()),
    outcome: r.outcome,
    closeReason: r.close_reason,
    legalBasis: r.legal_basis,
    basisReason: r.basis_reason,
    side: r.to_organisation_id === actor.organisationId ? 'receiver' : 'sender',
    assessments: assessments.map((a) => ({
      id: a.id,
      instrumentCode: a.instrument_code,
      name: a.name,
      performedAt: a.performed_at.toISOString(),
      bands: a.bands.map((b) => b.code),
    })),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      toState: e.to_state,
      actor: e.display_name,
      organisation: e.action === 'send' || e.action === 'cancel' ? r.from_name : r.to_name,
      note: e.note,
    })),
  };
}

/**
 * Referrals from one organisation to another about a person: sent → accepted | declined → in
 * progress → completed | cancelled (core `nextReferralState`), each move timestamped, audited and
 * announced live to both organisations. An open referral lets the receiver see the person's case.
 */
export const referralRoutes: Module = async (app, { database }) => {
  const db = database.db;
  await referralListExportRoutes(app, database);

  app.post(
    '/api/referrals',
    {
      config: { permission: 'persons.write' },
      schema: { tags: ['referrals'], summary: 'Refer a person to another organisation', body: ReferralInput, response: { 201: Referral, ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      const result = await asUser(db, actor, async (tx) => {
        const { area_code } = await assertVisible(tx, actor, b.personId);
        if (b.toOrganisationId === actor.organisationId)
          throw new AppError(400, 'validation.failed', {
            fields: [{ path: 'toOrganisationId', message_th: 'ส่งต่อไปยังหน่วยงานของตนเองไม่ได้', message_en: 'Refer to another organisation than your own' }],
          });
        const to = await tx.selectFrom('organisations').select('id').where('id', '=', b.toOrganisationId).where('active', '=', true).executeTakeFirst();
        if (!to) throw new AppError(400, 'organisation.unknown');
        // The receiver will see the person's case: that needs the person's consent to sharing, or, for
        // an urgent or emergency referral, a stated danger to life (PDPA s. 24(2), 26(1)(a)).
        const consent = await tx
          .selectFrom('consents')
          .select('id')
          .where('person_id', '=', b.personId)
          .where('purpose', '=', 'data_sharing')
          .where('withdrawn_at', 'is', null)
          .executeTakeFirst();
        const vital = !consent && b.vitalInterest ? b.vitalInterest : null;
        if (!consent && !vital) throw new AppError(409, 'consent.required', { vitalInterestAllowed: b.urgency !== 'routine' });
        if (vital && b.urgency === 'routine')
          throw new AppError(400, 'validation.failed', {
            fields: [
              {
                path: 'vitalInterest',
                message_th: 'ส่งต่อโดยไม่มีความยินยอมได้เฉพาะกรณีเร่งด่วนหรือฉุกเฉินเพื่อป้องกันอันตรายต่อชีวิต',
                message_en: 'Only an urgent or emergency referral may go without consent, to prevent a danger to life',
              },
            ],
          });
        const task = b.taskId
          ? await tx.selectFrom('tasks').select(['id', 'person_id', 'status', 'team']).where('id', '=', b.taskId).executeTakeFirst()
          : undefined;
        if (b.taskId && (!task || task.person_id !== b.personId || task.status !== 'open' || !onTeam(actor, task.team)))
          throw new AppError(400, 'validation.failed', {
            fields: [{ path: 'taskId', message_th: 'งานนี้ไม่ใช่งานที่เปิดอยู่ของบุคคลนี้', message_en: "Not an open task of this person's for your team" }],
          });
        const ids = [...new Set(b.assessmentIds ?? [])];
        if (ids.length) {
          const found = await tx
            .selectFrom('assessments')
            .select('id')
            .where('id', 'in', ids)
            .where('person_id', '=', b.personId)
            .where('status', '=', 'signed')
            .execute();
          if (found.length !== ids.length)
            throw new AppError(400, 'validation.failed', {
              fields: [
                { path: 'assessmentIds', message_th: 'แนบได้เฉพาะแบบประเมินที่ลงนามแล้วของบุคคลนี้', message_en: "Attach only this person's signed assessments" },
              ],
            });
        }
        const { id } = await tx
          .insertInto('referrals')
          .values({
            person_id: b.personId,
            from_organisation_id: actor.organisationId,
            from_user_id: actor.userId,
            to_organisation_id: b.toOrganisationId,
            urgency: b.urgency,
            reason: b.reason,
            note: b.note ?? null,
            assessment_ids: ids,
            ...(vital && { legal_basis: 'vital_interest' as const, basis_reason: vital.reason }),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The tasks this referral answers (the one it was sent from, and those its assessments raised) close with it.
        await linkReferral(tx, { id, personId: b.personId, taskId: task?.id ?? null, assessmentIds: ids });
        await tx
          .insertInto('referral_events')
          .values({ referral_id: id, person_id: b.personId, actor_id: actor.userId, action: 'send', from_state: null, to_state: 'sent', note: b.note ?? null })
          .execute();
        await audit(tx, actor, {
          action: 'referral.sent',
          subjectType: 'person',
          subjectId: b.personId,
          areaCode: area_code,
          purpose: PURPOSE,
          details: { referral: id, to: b.toOrganisationId, urgency: b.urgency, ...(task && { task: task.id }), ...(vital && { legalBasis: 'vital_interest' }) },
        });
        // Disclosure without consent is a separate act the record must show, with its stated reason.
        if (vital)
          await audit(tx, actor, {
            action: 'referral.vital_interest',
            subjectType: 'person',
            subjectId: b.personId,
            areaCode: area_code,
            purpose: 'vital_interest',
            details: { referral: id, to: b.toOrganisationId, reason: vital.reason },
          });
        await publish(tx, {
          type: 'referral.changed',
          id,
          personId: b.personId,
          areaCode: area_code,
          organisationIds: [actor.organisationId, b.toOrganisationId],
        });
        return present(tx, actor, await selectReferrals(tx).where('r.id', '=', id).executeTakeFirstOrThrow(), true);
      });
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/api/referrals',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['referrals'],
        summary: 'Referrals to my organisation (inbox), from it (outbox), or about one person I may see (box=person&personId=), most urgent first',
        querystring: z.object({ box: z.enum(['inbox', 'outbox', 'person']).default('inbox'), personId: z.string().uuid().optional() }),
        response: { 200: z.array(Referral), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        let q = selectReferrals(tx).orderBy(sql`array_position(ARRAY['emergency','urgent','routine'], r.urgency)`).orderBy('r.sent_at', 'desc').limit(200);
        if (req.query.box === 'person') {
          if (!req.query.personId) throw new AppError(400, 'request.malformed');
          await assertVisible(tx, actor, req.query.personId);
          q = q.where('r.person_id', '=', req.query.personId);
        } else
          q =
            req.query.box === 'inbox'
              ? q.where('r.to_organisation_id', '=', actor.organisationId)
              : q.where('r.from_organisation_id', '=', actor.organisationId);
        const rows = await q.execute();
        await audit(tx, actor, {
          action: 'referral.list',
          subjectType: 'referral',
          areaCode: actor.areaCode,
          purpose: PURPOSE,
          details: { box: req.query.box, results: rows.length, ...(req.query.personId ? { person: req.query.personId } : {}) },
        });
        const out = [];
        for (const r of rows) out.push(await present(tx, actor, r, false));
        return out;
      });
    },
  );

  app.get(
    '/api/referrals/:id',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['referrals'],
        summary: 'One referral with its history',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: Referral, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        // Row-level security shows a referral to both its organisations and to whoever sees the person.
        const r = await selectReferrals(tx).where('r.id', '=', req.params.id).executeTakeFirst();
        if (!r) throw notFound();
        await audit(tx, actor, {
          action: r.person_name === null ? 'referral.read' : 'person.read',
          subjectType: 'person',
          subjectId: r.person_id,
          areaCode: r.area_code,
          purpose: PURPOSE,
          details: { part: 'referral', referral: r.id },
        });
        return present(tx, actor, r, true);
      });
    },
  );

  app.post(
    '/api/referrals/:id/move',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['referrals'],
        summary: 'Accept, decline, start, complete or cancel a referral',
        params: z.object({ id: z.string().uuid() }),
        body: ReferralMove,
        response: { 200: Referral, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const r = await selectReferrals(tx).where('r.id', '=', req.params.id).executeTakeFirst();
        if (!r) throw notFound();
        const side = r.to_organisation_id === actor.organisationId ? 'receiver' : r.from_organisation_id === actor.organisationId ? 'sender' : null;
        if (!side) throw new AppError(403, 'forbidden');
        // An open referral whose person the mover no longer sees: the sharing consent was withdrawn.
        if (!r.area_code)
          throw new AppError(
            409,
            r.state === 'sent' || r.state === 'accepted' || r.state === 'in_progress' ? 'consent.required' : 'referral.illegal_transition',
          );
        const m = req.body;
        const next = nextReferralState(r.state as ReferralState, m.action, side, { reason: m.reason, outcome: m.outcome });
        if (!next.ok) throw new AppError(next.error === 'referral.reason_required' || next.error === 'referral.outcome_required' ? 400 : 409, next.error);
        // The event first: once the referral closes, the receiver may no longer write about the person.
        await tx
          .insertInto('referral_events')
          .values({
            referral_id: r.id,
            person_id: r.person_id,
            actor_id: actor.userId,
            action: m.action,
            from_state: r.state,
            to_state: next.state,
            note: m.note ?? m.reason ?? m.outcome ?? null,
          })
          .execute();
        const now = new Date();
        // The alert's task is done once the referral sent for it is accepted (or completed). A declined or cancelled
        // referral leaves it open (and free for another referral): the person at risk still needs someone. Before the
        // referral moves, as the event: a declined referral no longer lets the receiver write about the person.
        await referralMoved(tx, actor, { id: r.id, action: m.action });
        const closed = next.state === 'declined' || next.state === 'completed' || next.state === 'cancelled';
        const updated = await tx
          .updateTable('referrals')
          .set({
            state: next.state,
            ...(m.action === 'accept' || m.action === 'decline' ? { answered_at: now } : {}),
            ...(closed ? { closed_at: now } : {}),
            ...(m.outcome ? { outcome: m.outcome } : {}),
            ...(m.reason ? { close_reason: m.reason } : {}),
          })
          .where('id', '=', r.id)
          // The state read above must still hold: two people answering at once cannot both win.
          .where('state', '=', r.state)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new AppError(409, 'conflict.stale');
        await audit(tx, actor, {
          action: `referral.${m.action}`,
          subjectType: 'person',
          subjectId: r.person_id,
          areaCode: r.area_code,
          purpose: PURPOSE,
          details: { referral: r.id, from: r.state, to: next.state },
        });
        await publish(tx, {
          type: 'referral.changed',
          id: r.id,
          personId: r.person_id,
          areaCode: r.area_code,
          organisationIds: [r.from_organisation_id, r.to_organisation_id],
        });
        // Read back as the row now is; after closing, the receiver may no longer see the person.
        const after = await selectReferrals(tx).where('r.id', '=', r.id).executeTakeFirst();
        return present(tx, actor, after ?? { ...r, state: next.state, outcome: m.outcome ?? r.outcome, close_reason: m.reason ?? r.close_reason }, true);
      });
    },
  );
};
