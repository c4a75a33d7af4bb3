import { ConsentInput, EntitlementInput, ErrorResponse, HouseholdMemberInput, isSelfGrant, mayShare, Person, VulnerabilityInput } from '@carehub/core';
import { z } from 'zod';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { assertVisible, auditedRead, loadPerson, PURPOSE, recordProvenance, refreshDerived } from './service.js';

/** Sharing follows ownership (core `mayShare`, issue 18 H2); a receiver never grants itself the person. */
async function assertMayShare(tx: Tx, actor: Actor, personArea: string, target?: string): Promise<void> {
  const org = await tx.selectFrom('organisations').select('area_code').where('id', '=', actor.organisationId).executeTakeFirst();
  const sharer = { ...actor, organisationArea: org?.area_code ?? '' };
  if (target && isSelfGrant(sharer, personArea, target)) throw new AppError(403, 'share.self_grant');
  if (mayShare(sharer, personArea) !== 'yes') throw new AppError(403, 'share.not_owner');
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const PersonParams = z.object({ id: z.string().uuid() });
const ItemParams = (name: string) => z.object({ id: z.string().uuid(), [name]: z.string().uuid() });

/**
 * The parts of a person's record that are lists of dated, sourced items: vulnerability profile,
 * entitlements, household, consents, and sharing with other organisations. Each change is checked,
 * row-level-secured, audited and re-derives the person's flags and entitlement gaps.
 */
export const personProfileRoutes: Module = async (app, { database }) => {
  const db = database.db;

  /** Runs a change to one person's profile and answers with the whole record. */
  function change(actor: Actor, personId: string, action: string, fn: (tx: Tx) => Promise<Record<string, unknown> | undefined>) {
    return asUser(db, actor, async (tx) => {
      const { area_code } = await assertVisible(tx, actor, personId);
      const details = await fn(tx);
      await refreshDerived(tx, personId);
      await tx.updateTable('persons').set({ updated_at: new Date() }).where('id', '=', personId).execute();
      await audit(tx, actor, { action, subjectType: 'person', subjectId: personId, areaCode: area_code, purpose: PURPOSE, details });
      return loadPerson(tx, personId);
    });
  }

  app.post(
    '/api/persons/:id/vulnerabilities',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Add a vulnerability (disability, awaiting rehabilitation, …)',
        params: PersonParams,
        body: VulnerabilityInput,
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const v = req.body;
      return change(actor, req.params.id, 'vulnerability.added', async (tx) => {
        const { id } = await tx
          .insertInto('person_vulnerabilities')
          .values({
            person_id: req.params.id,
            kind: v.kind,
            disability_types: v.disabilityTypes ?? null,
            card_number: v.cardNumber ?? null,
            card_issued: v.cardIssued ?? null,
            card_expiry: v.cardExpiry ?? null,
            condition: v.condition ?? null,
            note: v.note ?? null,
            since: v.since ?? null,
            recorded_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordProvenance(tx, req.params.id, { [`vulnerability.${v.kind}`]: v }, { source: 'user', ref: id, by: actor.userId });
        return { kind: v.kind, id };
      });
    },
  );

  app.post(
    '/api/persons/:id/vulnerabilities/:vulnerabilityId/end',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'End a vulnerability (e.g. rehabilitation done)',
        params: ItemParams('vulnerabilityId'),
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { id, vulnerabilityId } = req.params as { id: string; vulnerabilityId: string };
      return change(actor, id, 'vulnerability.ended', async (tx) => {
        const r = await tx
          .updateTable('person_vulnerabilities')
          .set({ ended_at: new Date() })
          .where('id', '=', vulnerabilityId)
          .where('person_id', '=', id)
          .where('ended_at', 'is', null)
          .returning('kind')
          .executeTakeFirst();
        if (!r) throw notFound();
        return { kind: r.kind, id: vulnerabilityId };
      });
    },
  );

  app.post(
    '/api/persons/:id/entitlements',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Record an entitlement and its status',
        params: PersonParams,
        body: EntitlementInput,
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const e = req.body;
      return change(actor, req.params.id, 'entitlement.added', async (tx) => {
        const { id } = await tx
          .insertInto('person_entitlements')
          .values({
            person_id: req.params.id,
            kind: e.kind,
            detail: e.detail ?? null,
            status: e.status,
            start_date: e.startDate ?? null,
            end_date: e.endDate ?? null,
            recorded_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordProvenance(tx, req.params.id, { [`entitlement.${e.kind}`]: e }, { source: 'user', ref: id, by: actor.userId });
        return { kind: e.kind, status: e.status, id };
      });
    },
  );

  app.patch(
    '/api/persons/:id/entitlements/:entitlementId',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: "Change an entitlement's status or dates",
        params: ItemParams('entitlementId'),
        body: EntitlementInput.partial().refine((v) => Object.keys(v).length > 0, { message: 'empty' }),
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { id, entitlementId } = req.params as { id: string; entitlementId: string };
      const e = req.body;
      return change(actor, id, 'entitlement.changed', async (tx) => {
        const r = await tx
          .updateTable('person_entitlements')
          .set({
            ...(e.kind !== undefined && { kind: e.kind }),
            ...(e.detail !== undefined && { detail: e.detail }),
            ...(e.status !== undefined && { status: e.status }),
            ...(e.startDate !== undefined && { start_date: e.startDate }),
            ...(e.endDate !== undefined && { end_date: e.endDate }),
          })
          .where('id', '=', entitlementId)
          .where('person_id', '=', id)
          .returning('kind')
          .executeTakeFirst();
        if (!r) throw notFound();
        await recordProvenance(tx, id, { [`entitlement.${r.kind}`]: e }, { source: 'user', ref: entitlementId, by: actor.userId });
        return { id: entitlementId, fields: Object.keys(e), ...(e.status && { status: e.status }) };
      });
    },
  );

  app.post(
    '/api/persons/:id/household',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Add a household member or caregiver',
        params: PersonParams,
        body: HouseholdMemberInput,
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const m = req.body;
      return change(actor, req.params.id, 'household.added', async (tx) => {
        // One main caregiver: naming a new one demotes the previous.
        if (m.isMainCaregiver) await tx.updateTable('household_members').set({ is_main_caregiver: false }).where('person_id', '=', req.params.id).execute();
        const { id } = await tx
          .insertInto('household_members')
          .values({
            person_id: req.params.id,
            name: m.name,
            relation: m.relation,
            is_main_caregiver: m.isMainCaregiver,
            phone: m.phone ?? null,
            lives_with: m.livesWith,
            recorded_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { id, relation: m.relation, mainCaregiver: m.isMainCaregiver };
      });
    },
  );

  app.delete(
    '/api/persons/:id/household/:memberId',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Remove a household member (kept in history)',
        params: ItemParams('memberId'),
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { id, memberId } = req.params as { id: string; memberId: string };
      return change(actor, id, 'household.removed', async (tx) => {
        const r = await tx
          .updateTable('household_members')
          .set({ removed_at: new Date() })
          .where('id', '=', memberId)
          .where('person_id', '=', id)
          .where('removed_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!r) throw notFound();
        return { id: memberId };
      });
    },
  );

  app.post(
    '/api/persons/:id/consents',
    {
      config: { permission: 'persons.write' },
      schema: { tags: ['persons'], summary: 'Record a consent (PDPA)', params: PersonParams, body: ConsentInput, response: { 200: Person, ...errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = req.body;
      return change(actor, req.params.id, 'consent.given', async (tx) => {
        const { id } = await tx
          .insertInto('consents')
          .values({
            person_id: req.params.id,
            purpose: c.purpose,
            given_by: c.givenBy,
            guardian_name: c.guardianName ?? null,
            method: c.method,
            given_at: c.givenAt,
            recorded_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { id, purpose: c.purpose, givenBy: c.givenBy, method: c.method };
      });
    },
  );

  app.post(
    '/api/persons/:id/consents/:consentId/withdraw',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Withdraw a consent; sharing stops at once',
        params: ItemParams('consentId'),
        response: { 200: Person, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { id, consentId } = req.params as { id: string; consentId: string };
      return change(actor, id, 'consent.withdrawn', async (tx) => {
        const r = await tx
          .updateTable('consents')
          .set({ withdrawn_at: new Date() })
          .where('id', '=', consentId)
          .where('person_id', '=', id)
          .where('withdrawn_at', 'is', null)
          .returning('purpose')
          .executeTakeFirst();
        if (!r) throw notFound();
        return { id: consentId, purpose: r.purpose };
      });
    },
  );

  const Share = z.object({
    id: z.string().uuid(),
    organisationId: z.string().uuid(),
    organisationName: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  });

  app.get(
    '/api/persons/:id/shares',
    {
      config: { permission: 'persons.read' },
      schema: {
        tags: ['persons'],
        summary: 'Organisations outside the area this person is shared with',
        params: PersonParams,
        response: { 200: z.array(Share), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        // Who else holds this person's data is itself personal data: the read is audited (issue 18, item 7).
        await auditedRead(tx, actor, req.params.id, { part: 'shares' });
        const rows = await tx
          .selectFrom('person_shares as s')
          .innerJoin('organisations as o', 'o.id', 's.organisation_id')
          .select(['s.id', 's.organisation_id', 'o.name', 's.created_at', 's.revoked_at'])
          .where('s.person_id', '=', req.params.id)
          .orderBy('s.created_at', 'desc')
          .execute();
        return rows.map((r) => ({
          id: r.id,
          organisationId: r.organisation_id,
          organisationName: r.name,
          createdAt: r.created_at.toISOString(),
          revokedAt: r.revoked_at?.toISOString() ?? null,
        }));
      });
    },
  );

  app.post(
    '/api/persons/:id/shares',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Share the person with an organisation: the owning organisation or an area admin in scope, with the data-sharing consent',
        params: PersonParams,
        body: z.object({ organisationId: z.string().uuid() }),
        response: { 201: z.object({ id: z.string().uuid() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const share = await asUser(db, actor, async (tx) => {
        const { area_code } = await assertVisible(tx, actor, req.params.id);
        await assertMayShare(tx, actor, area_code, req.body.organisationId);
        const consent = await tx
          .selectFrom('consents')
          .select('id')
          .where('person_id', '=', req.params.id)
          .where('purpose', '=', 'data_sharing')
          .where('withdrawn_at', 'is', null)
          .executeTakeFirst();
        if (!consent) throw new AppError(409, 'consent.required');
        const org = await tx.selectFrom('organisations').select(['id', 'active']).where('id', '=', req.body.organisationId).executeTakeFirst();
        if (!org?.active) throw new AppError(400, 'organisation.unknown');
        const r = await tx
          .insertInto('person_shares')
          .values({ person_id: req.params.id, organisation_id: org.id, created_by: actor.userId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, actor, {
          action: 'person.shared',
          subjectType: 'person',
          subjectId: req.params.id,
          areaCode: area_code,
          purpose: 'data_sharing',
          details: { organisationId: org.id, consentId: consent.id },
        });
        return r;
      });
      return reply.status(201).send(share);
    },
  );

  app.delete(
    '/api/persons/:id/shares/:shareId',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Stop sharing with an organisation (the owning organisation or an area admin in scope)',
        params: ItemParams('shareId'),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { id, shareId } = req.params as { id: string; shareId: string };
      await asUser(db, actor, async (tx) => {
        const { area_code } = await assertVisible(tx, actor, id);
        await assertMayShare(tx, actor, area_code);
        const r = await tx
          .updateTable('person_shares')
          .set({ revoked_at: new Date() })
          .where('id', '=', shareId)
          .where('person_id', '=', id)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!r) throw notFound();
        await audit(tx, actor, {
          action: 'person.share_revoked',
          subjectType: 'person',
          subjectId: id,
          areaCode: area_code,
          purpose: 'data_sharing',
          details: { shareId },
        });
      });
      return reply.status(204).send(null);
    },
  );
};
