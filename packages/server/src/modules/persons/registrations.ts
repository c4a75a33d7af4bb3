import { CASELOAD_ROLES, ConsentInput, ErrorResponse, inScope, maskCid, PersonInput, partialDateString, type Role } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, asSystem, asUser, type Tx } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { findDuplicates, newPersonRow, provenanceFields } from './routes.js';
import { assertVisible, PURPOSE, recordProvenance, refreshDerived } from './service.js';

/**
 * A newly found person registered on a volunteer's phone, often with no signal (issue 17): the phone
 * keeps the person under an id of its own and sends it here when it can. The same duplicate check as
 * any registration runs across the whole registry; a clear newcomer is registered at once (and joins
 * the volunteer's caseload), a likely duplicate waits for a supervisor of the area, who registers it,
 * links it to the person already registered, or refuses it with a reason. Nothing makes a second
 * person without a human decision. Migration 0023 holds the queue.
 *
 * Why a queue of its own rather than the import review queue: that queue belongs to an organisation's
 * data sources (a file, its mapping, its batches and rollback) and to its data stewards, and its
 * decisions train the linkage weights; a volunteer's find is one typed record, and the person who
 * knows the village — and assigns the caseload the new person must join — is the supervisor
 * (`caseload.manage`: health professionals and area admins), whose rights and scope it uses.
 */

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const RegistrationInput = z.object({
  /** The id the phone gave the person: the idempotency key, and what its queued visits name until mapped. */
  id: z.string().uuid(),
  person: PersonInput,
  /** Consent for care coordination, as the volunteer recorded it at the door (optional, as for any registration). */
  consent: ConsentInput.optional(),
});
type RegistrationBody = z.output<typeof RegistrationInput>;

const Status = z.enum(['review', 'created', 'linked', 'rejected']);

const RegistrationState = z.object({
  id: z.string(),
  status: Status,
  /** The registry person the phone's id now stands for (created or linked); null while in review or refused. */
  personId: z.string().nullable(),
  name: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  /** Why it was refused, in the reviewer's words. */
  reason: z.string().nullable(),
});

const ReviewPerson = z.object({
  name: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string(),
  areaName: z.string(),
  address: z.string().nullable(),
  cid: z.string().nullable(),
});

const ReviewItem = RegistrationState.extend({
  submittedBy: z.string(),
  person: ReviewPerson,
  candidates: z.array(
    z.object({
      reason: z.enum(['same_cid', 'similar_name_and_birth']),
      score: z.number(),
      /** null when the person lies outside the reviewer's areas: only that a match exists is told. */
      personId: z.string().nullable(),
      person: ReviewPerson.nullable(),
    }),
  ),
});

const Decision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('new') }),
  z.object({ decision: z.literal('same'), personId: z.string().uuid() }),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(5).max(500) }),
]);

interface StoredCandidate {
  personId: string;
  reason: 'same_cid' | 'similar_name_and_birth';
  score: number;
}
interface StoredInput {
  person: RegistrationBody['person'];
  consent?: RegistrationBody['consent'];
}

type Row = {
  id: string;
  status: z.infer<typeof Status>;
  person_id: string | null;
  name: string;
  submitted_at: Date;
  decided_at: Date | null;
  reason: string | null;
};

const present = (r: Row): z.infer<typeof RegistrationState> => ({
  id: r.id,
  status: r.status,
  personId: r.person_id,
  name: r.name,
  submittedAt: r.submitted_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  reason: r.reason,
});

const STATE_COLUMNS = ['id', 'status', 'person_id', 'name', 'submitted_at', 'decided_at', 'reason'] as const;

const displayName = (p: { titleTh?: string | null; firstNameTh: string; lastNameTh: string }) =>
  [p.titleTh, p.firstNameTh, p.lastNameTh].filter(Boolean).join(' ');

/**
 * Registers the person a registration describes, in the caller's transaction: the person with the
 * submitter's provenance, the consent, the submitter's caseload, and the audit rows.
 */
async function createPerson(tx: Tx, actor: Actor, reg: { id: string; submittedBy: string; input: StoredInput }, candidates: number): Promise<string> {
  const b = reg.input.person;
  const { id } = await tx
    .insertInto('persons')
    .values(newPersonRow(b, reg.submittedBy, actor.userId))
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordProvenance(tx, id, provenanceFields(b), { source: 'user', ref: `registration:${reg.id}`, by: reg.submittedBy });
  await audit(tx, actor, {
    action: 'person.create',
    subjectType: 'person',
    subjectId: id,
    areaCode: b.areaCode,
    purpose: PURPOSE,
    details: { via: 'field_registration', registration: reg.id, possibleDuplicatesConfirmed: candidates },
  });
  const c = reg.input.consent;
  if (c) {
    await tx
      .insertInto('consents')
      .values({
        person_id: id,
        purpose: c.purpose,
        given_by: c.givenBy,
        guardian_name: c.guardianName ?? null,
        method: c.method,
        given_at: c.givenAt,
        recorded_by: reg.submittedBy,
      })
      .execute();
    await audit(tx, actor, {
      action: 'consent.given',
      subjectType: 'person',
      subjectId: id,
      areaCode: b.areaCode,
      purpose: PURPOSE,
      details: { purpose: c.purpose, givenBy: c.givenBy, method: c.method },
    });
  }
  await refreshDerived(tx, id);
  await assignToSubmitter(tx, actor, id, b.areaCode, reg.submittedBy);
  return id;
}

/** The volunteer who found the person keeps visiting them: the person joins their caseload. */
async function assignToSubmitter(tx: Tx, actor: Actor, personId: string, areaCode: string, submittedBy: string): Promise<void> {
  const user = await tx.selectFrom('users').select(['role', 'active']).where('id', '=', submittedBy).executeTakeFirst();
  if (!user?.active || !CASELOAD_ROLES.includes(user.role as Role)) return;
  const row = await tx
    .insertInto('caseload_assignments')
    .values({ person_id: personId, user_id: submittedBy, assigned_by: actor.userId })
    .onConflict((oc) => oc.columns(['person_id', 'user_id']).where('ended_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row)
    await audit(tx, actor, {
      action: 'caseload.assigned',
      subjectType: 'person',
      subjectId: personId,
      areaCode,
      purpose: PURPOSE,
      details: { user: submittedBy, via: 'field_registration' },
    });
}

async function reviewPersons(tx: Tx, ids: string[]): Promise<Map<string, z.infer<typeof ReviewPerson>>> {
  if (!ids.length) return new Map();
  const rows = await tx
    .selectFrom('persons as p')
    .innerJoin('areas as a', 'a.code', 'p.area_code')
    .select(['p.id', 'p.title_th', 'p.first_name_th', 'p.last_name_th', 'p.birth_date', 'p.birth_precision', 'p.sex', 'a.name_th', 'p.cid'])
    .select(sql<string>`concat_ws(' ', p.house_no, CASE WHEN p.village_no IS NULL THEN NULL ELSE 'ม.' || p.village_no END, p.address_text)`.as('address'))
    .where('p.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((p) => [
      p.id,
      {
        name: displayName({ titleTh: p.title_th, firstNameTh: p.first_name_th, lastNameTh: p.last_name_th }),
        birthDate: p.birth_date ? partialDateString(p.birth_date, p.birth_precision) : null,
        sex: p.sex,
        areaName: p.name_th,
        address: p.address || null,
        cid: p.cid ? maskCid(p.cid) : null,
      },
    ]),
  );
}

export const registrationRoutes: Module = async (app, { database }) => {
  const db = database.db;

  /**
   * Before a held registration becomes a new person, the duplicate check runs again: someone may have
   * been registered since it was held (another volunteer's find of the same person, decided a moment
   * ago). A match the reviewer has not seen is added to the item and the decision refused (409), so
   * the reviewer decides again with it in view.
   */
  async function recheck(actor: Actor, id: string): Promise<void> {
    const reg = await asUser(db, actor, (tx) =>
      tx.selectFrom('person_registrations').select(['status', 'input', 'candidates']).where('id', '=', id).executeTakeFirst(),
    );
    if (reg?.status !== 'review') return;
    const seen = reg.candidates as StoredCandidate[];
    const now = await asSystem(db, (tx) => findDuplicateIds(tx, (reg.input as StoredInput).person));
    const fresh = now.filter((c) => !seen.some((s) => s.personId === c.id)).map((c) => ({ personId: c.id, reason: c.reason, score: c.score }));
    if (!fresh.length) return;
    await asUser(db, actor, (tx) =>
      tx
        .updateTable('person_registrations')
        .set({ candidates: JSON.stringify([...seen, ...fresh]) })
        .where('id', '=', id)
        .where('status', '=', 'review')
        .execute(),
    );
    throw new AppError(409, 'person.possible_duplicate', { candidates: fresh.length });
  }

  app.post(
    '/api/persons/registrations',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Register a person found in the field (from the phone’s outbox); a likely duplicate waits for review',
        body: RegistrationInput,
        response: { 200: RegistrationState, 201: RegistrationState, 202: RegistrationState, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { id, person, consent } = req.body;
      if (!inScope(person.areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      const input: StoredInput = { person: { ...person, confirmNotDuplicate: undefined }, ...(consent && { consent }) };
      // The new person is written with the volunteer's area scope (row-level security still checks the
      // area) but without the caseload narrowing, which would hide a person not yet in the caseload
      // from the very statement that adds them to it. Nothing but this registration is read or written.
      const writer = { userId: actor.userId, scopes: actor.scopes, organisationId: actor.organisationId };
      const existing = await asUser(db, actor, (tx) => tx.selectFrom('person_registrations').select(STATE_COLUMNS).where('id', '=', id).executeTakeFirst());
      if (existing) return reply.status(200).send(present(existing));
      // The same duplicate check as any registration, across the whole registry; the reviewer needs the
      // ids of matches outside the volunteer's areas too (the volunteer is told none of them).
      const candidates: StoredCandidate[] = (await asSystem(db, (tx) => findDuplicateIds(tx, person))).map((c) => ({
        personId: c.id,
        reason: c.reason,
        score: c.score,
      }));
      try {
        const row = await asUser(db, writer, async (tx) => {
          const status = candidates.length ? ('review' as const) : ('created' as const);
          const personId = status === 'created' ? await createPerson(tx, actor, { id, submittedBy: actor.userId, input }, 0) : null;
          const row = await tx
            .insertInto('person_registrations')
            .values({
              id,
              submitted_by: actor.userId,
              organisation_id: actor.organisationId,
              area_code: person.areaCode,
              input: JSON.stringify(input),
              name: displayName(person),
              candidates: JSON.stringify(candidates),
              status,
              person_id: personId,
            })
            .returning(STATE_COLUMNS)
            .executeTakeFirstOrThrow();
          await audit(tx, actor, {
            action: status === 'created' ? 'person_registration.created' : 'person_registration.queued',
            subjectType: status === 'created' ? 'person' : 'person_registration',
            subjectId: personId ?? id,
            areaCode: person.areaCode,
            purpose: PURPOSE,
            details: { registration: id, candidates: candidates.length },
          });
          return row;
        });
        return reply.status(row.status === 'created' ? 201 : 202).send(present(row));
      } catch (e) {
        // The same id sent twice at once: the first stored it; answer with what it stored.
        if ((e as { code?: string }).code !== '23505') throw e;
        const again = await asUser(db, actor, (tx) => tx.selectFrom('person_registrations').select(STATE_COLUMNS).where('id', '=', id).executeTakeFirst());
        if (!again) throw new AppError(409, 'conflict.duplicate');
        return reply.status(200).send(present(again));
      }
    },
  );

  app.get(
    '/api/persons/registrations/count',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['persons'],
        summary: 'How many registrations from the field wait for a duplicate review in my areas (counts only)',
        response: { 200: z.object({ review: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { n } = await asUser(db, actor, (tx) =>
        tx
          .selectFrom('person_registrations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'review')
          .executeTakeFirstOrThrow(),
      );
      return { review: Number(n) };
    },
  );

  app.get(
    '/api/persons/registrations',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['persons'],
        summary: 'Registrations from the field waiting for a duplicate review in my areas, oldest first, with their likely matches',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
        response: { 200: z.array(ReviewItem), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(db, actor, async (tx) => {
        const rows = await tx
          .selectFrom('person_registrations as r')
          .innerJoin('users as u', 'u.id', 'r.submitted_by')
          .innerJoin('areas as a', 'a.code', 'r.area_code')
          .select([
            'r.id',
            'r.status',
            'r.person_id',
            'r.name',
            'r.submitted_at',
            'r.decided_at',
            'r.reason',
            'r.input',
            'r.candidates',
            'u.display_name',
            'a.name_th',
          ])
          .where('r.status', '=', 'review')
          .orderBy('r.submitted_at')
          .limit(req.query.limit)
          .execute();
        const ids = [...new Set(rows.flatMap((r) => (r.candidates as StoredCandidate[]).map((c) => c.personId)))];
        const visible = await reviewPersons(tx, ids);
        for (const r of rows)
          await audit(tx, actor, {
            action: 'person_registration.read',
            subjectType: 'person_registration',
            subjectId: r.id,
            areaCode: actor.areaCode,
            purpose: PURPOSE,
          });
        for (const personId of visible.keys())
          await audit(tx, actor, {
            action: 'person.read',
            subjectType: 'person',
            subjectId: personId,
            areaCode: actor.areaCode,
            purpose: PURPOSE,
            details: { part: 'duplicate_review' },
          });
        return rows.map((r) => {
          const p = (r.input as StoredInput).person;
          return {
            ...present(r),
            submittedBy: r.display_name,
            person: {
              name: r.name,
              birthDate: p.birthDate ? partialDateString(p.birthDate.iso, p.birthDate.precision) : null,
              sex: p.sex,
              areaName: r.name_th,
              address: [p.address?.houseNo, p.address?.villageNo ? `ม.${p.address.villageNo}` : null, p.address?.text].filter(Boolean).join(' ') || null,
              cid: p.cid ? maskCid(p.cid) : null,
            },
            candidates: (r.candidates as StoredCandidate[]).map((c) => {
              const person = visible.get(c.personId) ?? null;
              return { reason: c.reason, score: c.score, personId: person ? c.personId : null, person };
            }),
          };
        });
      });
    },
  );

  app.get(
    '/api/persons/registrations/:id',
    {
      config: { permission: 'persons.write' },
      schema: {
        tags: ['persons'],
        summary: 'Where a registration from the field stands (the phone asks while it waits for review)',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: RegistrationState, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await asUser(db, actor, (tx) =>
        tx.selectFrom('person_registrations').select(STATE_COLUMNS).where('id', '=', req.params.id).executeTakeFirst(),
      );
      if (!row) throw notFound();
      return present(row);
    },
  );

  app.post(
    '/api/persons/registrations/:id/decide',
    {
      config: { permission: 'caseload.manage' },
      schema: {
        tags: ['persons'],
        summary: 'Decide a registration in review: a new person, the person already registered, or refused with a reason',
        params: z.object({ id: z.string().uuid() }),
        body: Decision,
        response: { 200: RegistrationState, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const d = req.body;
      if (d.decision === 'new') await recheck(actor, req.params.id);
      return asUser(db, actor, async (tx) => {
        const reg = await tx
          .selectFrom('person_registrations')
          .select(['id', 'status', 'submitted_by', 'area_code', 'input', 'candidates'])
          .where('id', '=', req.params.id)
          .forUpdate()
          .executeTakeFirst();
        if (!reg) throw notFound();
        if (reg.status !== 'review') throw new AppError(409, 'conflict.stale');
        const candidates = reg.candidates as StoredCandidate[];
        let personId: string | null = null;
        if (d.decision === 'new') {
          // The same national ID is one person, whatever a reviewer says.
          if (candidates.some((c) => c.reason === 'same_cid')) throw new AppError(409, 'conflict.duplicate');
          personId = await createPerson(tx, actor, { id: reg.id, submittedBy: reg.submitted_by, input: reg.input as StoredInput }, candidates.length);
        } else if (d.decision === 'same') {
          const { area_code } = await assertVisible(tx, actor, d.personId);
          personId = d.personId;
          await assignToSubmitter(tx, actor, personId, area_code, reg.submitted_by);
        }
        const status = d.decision === 'new' ? 'created' : d.decision === 'same' ? 'linked' : 'rejected';
        const row = await tx
          .updateTable('person_registrations')
          .set({ status, person_id: personId, decided_by: actor.userId, decided_at: new Date(), reason: d.decision === 'reject' ? d.reason : null })
          .where('id', '=', reg.id)
          .returning(STATE_COLUMNS)
          .executeTakeFirstOrThrow();
        await audit(tx, actor, {
          action: `person_registration.${status}`,
          subjectType: personId ? 'person' : 'person_registration',
          subjectId: personId ?? reg.id,
          areaCode: reg.area_code,
          purpose: PURPOSE,
          details: { registration: reg.id, decision: d.decision, candidates: candidates.length },
        });
        return present(row);
      });
    },
  );
};

/** The ids of the likely duplicates findDuplicates reports, inside or outside the submitter's areas (read as the system, kept for the reviewer). */
async function findDuplicateIds(tx: Tx, person: RegistrationBody['person']) {
  const everywhere: Actor = {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: 'system',
    role: 'system_admin',
    organisationId: '',
    areaCode: 'TH',
    scopes: ['TH'],
    sessionId: '',
    ip: null,
  };
  const found = await findDuplicates(tx, everywhere, {
    cid: person.cid,
    firstNameTh: person.firstNameTh,
    lastNameTh: person.lastNameTh,
    birthYear: person.birthDate ? Number(person.birthDate.iso.slice(0, 4)) : undefined,
  });
  // The whole country is in this actor's scope, so every match is described (no `existsElsewhere` entry).
  return found.filter((c): c is typeof c & { id: string } => c.id !== null).map((c) => ({ id: c.id, reason: c.reason, score: c.score ?? 0 }));
}
