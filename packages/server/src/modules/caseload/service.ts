import { createHash } from 'node:crypto';
import { CASELOAD_ROLES, inScope } from '@carehub/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor, Tx } from '../../db/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { PURPOSE } from '../persons/service.js';

/**
 * Village territories and caseload changes in bulk (issue 17, item 2). Every act is worked out as a
 * plan first (`planBulk`): the same function gives the preview and, inside the confirming
 * transaction, the act itself; the preview's fingerprint must still match, so what was previewed is
 * what happens.
 */

const Subdistrict = z.string().regex(/^\d{6}$/);

export const BulkOperation = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('assign_village'),
    areaCode: Subdistrict,
    villageNo: z.number().int().min(1).max(99),
    userId: z.string().uuid(),
    /** Also take persons off other volunteers' caseloads (default: only persons on no caseload). */
    takeOver: z.boolean().default(false),
  }),
  z.object({
    /** Every village of the subdistrict with exactly one responsible volunteer: its persons on no caseload to them. */
    kind: z.literal('assign_territories'),
    areaCode: Subdistrict,
  }),
  z.object({
    kind: z.literal('transfer'),
    areaCode: Subdistrict,
    fromUserId: z.string().uuid(),
    /** null: the caseload ends with nobody taking it over (its persons are then on no caseload). */
    toUserId: z.string().uuid().nullable(),
    /** Only the persons of this village (default: the whole caseload in the subdistrict). */
    villageNo: z.number().int().min(1).max(99).optional(),
  }),
]);
export type BulkOperation = z.infer<typeof BulkOperation>;

export const BulkPreview = z.object({
  /** Persons who join the target volunteer's caseload. */
  assign: z.number(),
  /** Active assignments that end (persons taken off another volunteer's caseload). */
  end: z.number(),
  /** Persons already on the target's caseload: nothing changes for them. */
  already: z.number(),
  /** Persons of the village left with the volunteer they have (not taken over). */
  kept: z.number(),
  /** Persons on no caseload once this is done, and the first names of them. */
  leftWithout: z.number(),
  leftWithoutNames: z.array(z.object({ id: z.string(), name: z.string(), villageNo: z.number().nullable() })),
  fingerprint: z.string(),
});
export type BulkPreview = z.infer<typeof BulkPreview>;

const fieldError = (path: string, th: string, en: string) => new AppError(400, 'validation.failed', { fields: [{ path, message_th: th, message_en: en }] });

/** The subdistrict must be in the actor's scope (and row-level security agrees). */
export function assertArea(actor: Actor, areaCode: string): void {
  if (!inScope(areaCode, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
}

/** An active volunteer or caregiver the actor may see, whose own scope covers the subdistrict. */
export async function assertVolunteer(tx: Tx, userId: string, areaCode: string, path: string): Promise<{ id: string; display_name: string }> {
  const user = await tx.selectFrom('users').select(['id', 'display_name', 'role', 'active', 'scopes']).where('id', '=', userId).executeTakeFirst();
  if (!user?.active || !CASELOAD_ROLES.includes(user.role as (typeof CASELOAD_ROLES)[number]))
    throw fieldError(path, 'ไม่พบอาสาสมัครนี้ในพื้นที่ของคุณ', 'No such volunteer in your areas');
  if (!inScope(areaCode, user.scopes) && !user.scopes.some((s) => s.startsWith(areaCode)))
    throw fieldError(path, 'อาสาสมัครคนนี้ไม่ได้รับผิดชอบตำบลนี้', 'This volunteer does not work in this subdistrict');
  return user;
}

interface Plan {
  assign: string[];
  end: Array<{ id: string; person_id: string }>;
  already: number;
  kept: number;
  leftWithout: string[];
  /** Who each person goes to, when the act has several targets (assign_territories). */
  targets?: Map<string, string>;
}

/** What `op` would do now, as seen by the actor (row-level security applies). With `lock`, the rows read are locked. */
async function plan(tx: Tx, op: BulkOperation, lock: boolean): Promise<Plan> {
  const forUpdate = lock ? sql`FOR UPDATE OF c` : sql``;
  if (op.kind === 'assign_village') {
    // Lock the village's active assignments (an outer join cannot lock its nullable side).
    if (lock)
      await sql`SELECT c.id FROM caseload_assignments c JOIN persons p ON p.id = c.person_id
        WHERE p.area_code = ${op.areaCode} AND p.village_no = ${op.villageNo} AND c.ended_at IS NULL FOR UPDATE OF c`.execute(tx);
    // The village's living persons and their active assignments.
    const rows = await sql<{ person_id: string; assignment_id: string | null; user_id: string | null }>`
      SELECT p.id AS person_id, c.id AS assignment_id, c.user_id
      FROM persons p LEFT JOIN caseload_assignments c ON c.person_id = p.id AND c.ended_at IS NULL
      WHERE p.area_code = ${op.areaCode} AND p.village_no = ${op.villageNo} AND p.status = 'alive'
      ORDER BY p.id`.execute(tx);
    const byPerson = new Map<string, Array<{ id: string; user: string }>>();
    for (const r of rows.rows) {
      const list = byPerson.get(r.person_id) ?? [];
      if (r.assignment_id && r.user_id) list.push({ id: r.assignment_id, user: r.user_id });
      byPerson.set(r.person_id, list);
    }
    const result: Plan = { assign: [], end: [], already: 0, kept: 0, leftWithout: [] };
    for (const [person, list] of byPerson) {
      if (list.some((a) => a.user === op.userId)) {
        result.already++;
        continue;
      }
      if (list.length && !op.takeOver) {
        result.kept++;
        continue;
      }
      result.assign.push(person);
      for (const a of list) result.end.push({ id: a.id, person_id: person });
    }
    return result;
  }
  if (op.kind === 'assign_territories') {
    // Persons on no caseload whose village has one responsible volunteer; a village with several is
    // left to the supervisor (kept), and persons of villages with none stay on no caseload.
    const rows = await sql<{ person_id: string; user_id: string | null; volunteers: number | null }>`
      SELECT p.id AS person_id, t.user_id, t.n AS volunteers
      FROM persons p
      LEFT JOIN (SELECT village_no, (array_agg(user_id))[1] AS user_id, count(*)::int AS n FROM volunteer_territories
                 WHERE area_code = ${op.areaCode} AND ended_at IS NULL GROUP BY village_no) t ON t.village_no = p.village_no
      WHERE p.area_code = ${op.areaCode} AND p.status = 'alive'
        AND NOT EXISTS (SELECT 1 FROM caseload_assignments c WHERE c.person_id = p.id AND c.ended_at IS NULL)
      ORDER BY p.id`.execute(tx);
    const result: Plan = { assign: [], end: [], already: 0, kept: 0, leftWithout: [], targets: new Map() };
    for (const r of rows.rows) {
      if (r.volunteers === 1 && r.user_id) {
        result.assign.push(r.person_id);
        result.targets!.set(r.person_id, r.user_id);
      } else {
        if (r.volunteers) result.kept++;
        result.leftWithout.push(r.person_id);
      }
    }
    return result;
  }
  const village = op.villageNo ?? null;
  const rows = await sql<{ id: string; person_id: string; others: number; with_target: boolean }>`
    SELECT c.id, c.person_id,
      (SELECT count(*)::int FROM caseload_assignments o WHERE o.person_id = c.person_id AND o.ended_at IS NULL AND o.user_id <> c.user_id) AS others,
      EXISTS (SELECT 1 FROM caseload_assignments t WHERE t.person_id = c.person_id AND t.ended_at IS NULL AND t.user_id = ${op.toUserId}) AS with_target
    FROM caseload_assignments c JOIN persons p ON p.id = c.person_id
    WHERE c.user_id = ${op.fromUserId} AND c.ended_at IS NULL AND p.area_code LIKE ${`${op.areaCode}%`}
      AND (${village}::int IS NULL OR p.village_no = ${village}::int)
    ORDER BY c.person_id ${forUpdate}`.execute(tx);
  const result: Plan = { assign: [], end: [], already: 0, kept: 0, leftWithout: [] };
  for (const r of rows.rows) {
    result.end.push({ id: r.id, person_id: r.person_id });
    if (op.toUserId === null) {
      if (r.others === 0) result.leftWithout.push(r.person_id);
    } else if (r.with_target) result.already++;
    else result.assign.push(r.person_id);
  }
  return result;
}

function fingerprint(op: BulkOperation, p: Plan): string {
  return createHash('sha256')
    .update(JSON.stringify([op, [...p.assign].sort(), p.end.map((e) => e.id).sort(), p.leftWithout.length, p.already, p.kept, [...(p.targets ?? [])].sort()]))
    .digest('hex')
    .slice(0, 32);
}

async function names(tx: Tx, ids: string[]): Promise<BulkPreview['leftWithoutNames']> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('persons')
    .select(['id', sql<string>`concat_ws(' ', title_th, first_name_th, last_name_th)`.as('name'), 'village_no'])
    .where('id', 'in', ids.slice(0, 50))
    .orderBy('village_no')
    .orderBy('sort_key')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, villageNo: r.village_no }));
}

async function checkOperation(tx: Tx, actor: Actor, op: BulkOperation): Promise<void> {
  assertArea(actor, op.areaCode);
  if (op.kind === 'assign_village') await assertVolunteer(tx, op.userId, op.areaCode, 'userId');
  else if (op.kind === 'transfer') {
    // The volunteer who leaves may already be deactivated: only their visibility is needed.
    const from = await tx.selectFrom('users').select('id').where('id', '=', op.fromUserId).executeTakeFirst();
    if (!from) throw fieldError('fromUserId', 'ไม่พบอาสาสมัครนี้ในพื้นที่ของคุณ', 'No such volunteer in your areas');
    if (op.toUserId === op.fromUserId) throw fieldError('toUserId', 'กรุณาเลือกอาสาสมัครคนอื่น', 'Choose another volunteer');
    if (op.toUserId) await assertVolunteer(tx, op.toUserId, op.areaCode, 'toUserId');
  }
}

/** What the act would do, without doing it. Audited as a read of the caseloads (counts only). */
export async function previewBulk(tx: Tx, actor: Actor, op: BulkOperation): Promise<BulkPreview> {
  await checkOperation(tx, actor, op);
  const p = await plan(tx, op, false);
  await audit(tx, actor, {
    action: 'caseload.bulk_previewed',
    subjectType: 'caseload',
    areaCode: op.areaCode,
    purpose: PURPOSE,
    details: { kind: op.kind, assign: p.assign.length, end: p.end.length },
  });
  return {
    assign: p.assign.length,
    end: p.end.length,
    already: p.already,
    kept: p.kept,
    leftWithout: p.leftWithout.length,
    leftWithoutNames: await names(tx, p.leftWithout),
    fingerprint: fingerprint(op, p),
  };
}

/** Ends `ended` and adds `added` (person → user) as one operation, with an audit row per person changed. */
async function apply(
  tx: Tx,
  actor: Actor,
  operationId: string,
  added: Array<{ person_id: string; user_id: string }>,
  ended: string[],
): Promise<{ assigned: number; ended: number }> {
  let endedCount = 0;
  if (ended.length) {
    const r = await tx
      .updateTable('caseload_assignments')
      .set({ ended_at: new Date(), ended_by: actor.userId, ended_operation_id: operationId })
      .where('id', 'in', ended)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    endedCount = Number(r.numUpdatedRows);
    await sql`
      INSERT INTO audit_log (actor_id, actor_username, action, subject_type, subject_id, area_code, ip, purpose, details)
      SELECT ${actor.userId}::uuid, ${actor.username}, 'caseload.ended', 'person', p.id::text, p.area_code, ${actor.ip}, ${PURPOSE},
             jsonb_build_object('operation', ${operationId}::text, 'user', c.user_id::text)
      FROM caseload_assignments c JOIN persons p ON p.id = c.person_id WHERE c.id = ANY (${ended}::uuid[])`.execute(tx);
  }
  let assigned = 0;
  if (added.length) {
    const r = await sql<{ person_id: string }>`
      INSERT INTO caseload_assignments (person_id, user_id, assigned_by, operation_id)
      SELECT a.person_id, a.user_id, ${actor.userId}::uuid, ${operationId}::uuid
      FROM unnest(${added.map((a) => a.person_id)}::uuid[], ${added.map((a) => a.user_id)}::uuid[]) AS a(person_id, user_id)
      ON CONFLICT (person_id, user_id) WHERE ended_at IS NULL DO NOTHING
      RETURNING person_id`.execute(tx);
    assigned = r.rows.length;
    await sql`
      INSERT INTO audit_log (actor_id, actor_username, action, subject_type, subject_id, area_code, ip, purpose, details)
      SELECT ${actor.userId}::uuid, ${actor.username}, 'caseload.assigned', 'person', p.id::text, p.area_code, ${actor.ip}, ${PURPOSE},
             jsonb_build_object('operation', ${operationId}::text, 'user', c.user_id::text)
      FROM caseload_assignments c JOIN persons p ON p.id = c.person_id WHERE c.operation_id = ${operationId}::uuid`.execute(tx);
  }
  return { assigned, ended: endedCount };
}

export interface BulkResult {
  operationId: string;
  assigned: number;
  ended: number;
  already: number;
  kept: number;
  leftWithout: number;
}

/**
 * Does `op` in the caller's transaction, if it still matches the preview the user confirmed
 * (`expected`); otherwise 409 `caseload.preview_changed` with the new preview, and nothing is written.
 */
export async function runBulk(tx: Tx, actor: Actor, op: BulkOperation, expected: string): Promise<BulkResult> {
  await checkOperation(tx, actor, op);
  const p = await plan(tx, op, true);
  if (fingerprint(op, p) !== expected) {
    throw new AppError(409, 'caseload.preview_changed', {
      preview: {
        assign: p.assign.length,
        end: p.end.length,
        already: p.already,
        kept: p.kept,
        leftWithout: p.leftWithout.length,
        fingerprint: fingerprint(op, p),
      },
    });
  }
  const target = op.kind === 'assign_village' ? op.userId : op.kind === 'transfer' ? op.toUserId : null;
  const counts = { assign: p.assign.length, end: p.end.length, already: p.already, kept: p.kept, leftWithout: p.leftWithout.length };
  const { id } = await tx
    .insertInto('caseload_operations')
    .values({ kind: op.kind, area_code: op.areaCode, params: JSON.stringify(op), counts: JSON.stringify(counts), done_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const done = await apply(
    tx,
    actor,
    id,
    p.targets
      ? p.assign.map((person_id) => ({ person_id, user_id: p.targets!.get(person_id)! }))
      : target
        ? p.assign.map((person_id) => ({ person_id, user_id: target }))
        : [],
    p.end.map((e) => e.id),
  );
  await audit(tx, actor, {
    action: op.kind === 'transfer' ? 'caseload.transferred' : op.kind === 'assign_village' ? 'caseload.village_assigned' : 'caseload.territories_assigned',
    subjectType: 'caseload_operation',
    subjectId: id,
    areaCode: op.areaCode,
    purpose: PURPOSE,
    details: { ...op, ...counts },
  });
  return { operationId: id, assigned: done.assigned, ended: done.ended, already: p.already, kept: p.kept, leftWithout: p.leftWithout.length };
}

/**
 * Reverses an operation as far as it still stands: the assignments it made that are still active end,
 * and those it ended come back (unless the person is again on that volunteer's caseload). The undo is
 * an operation of its own, audited like the act; an operation is undone once.
 */
export async function undoOperation(tx: Tx, actor: Actor, operationId: string): Promise<BulkResult> {
  const op = await tx.selectFrom('caseload_operations').selectAll().where('id', '=', operationId).forUpdate().executeTakeFirst();
  if (!op) throw notFound();
  assertArea(actor, op.area_code);
  if (op.kind === 'undo' || op.undone_by_operation) throw new AppError(409, 'conflict.stale');
  const made = await tx
    .selectFrom('caseload_assignments')
    .select('id')
    .where('operation_id', '=', operationId)
    .where('ended_at', 'is', null)
    .forUpdate()
    .execute();
  const endedByIt = await sql<{ person_id: string; user_id: string }>`
    SELECT DISTINCT c.person_id, c.user_id FROM caseload_assignments c
    WHERE c.ended_operation_id = ${operationId}::uuid
      AND NOT EXISTS (SELECT 1 FROM caseload_assignments a WHERE a.person_id = c.person_id AND a.user_id = c.user_id AND a.ended_at IS NULL)`.execute(tx);
  const counts = { assign: endedByIt.rows.length, end: made.length, already: 0, kept: 0, leftWithout: 0 };
  const { id } = await tx
    .insertInto('caseload_operations')
    .values({
      kind: 'undo',
      area_code: op.area_code,
      params: JSON.stringify({ undoOf: operationId }),
      counts: JSON.stringify(counts),
      done_by: actor.userId,
      undo_of: operationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('caseload_operations').set({ undone_by_operation: id }).where('id', '=', operationId).execute();
  const done = await apply(
    tx,
    actor,
    id,
    endedByIt.rows,
    made.map((m) => m.id),
  );
  await audit(tx, actor, {
    action: 'caseload.operation_undone',
    subjectType: 'caseload_operation',
    subjectId: operationId,
    areaCode: op.area_code,
    purpose: PURPOSE,
    details: { undo: id, ...counts },
  });
  return { operationId: id, assigned: done.assigned, ended: done.ended, already: 0, kept: 0, leftWithout: 0 };
}

/** A subdistrict's villages (from its persons and territories) with their volunteers and who is on no caseload. */
export async function territoryOverview(tx: Tx, areaCode: string) {
  const villages = await sql<{ village_no: number; persons: number; unassigned: number }>`
    SELECT p.village_no, count(*)::int AS persons,
      count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM caseload_assignments c WHERE c.person_id = p.id AND c.ended_at IS NULL))::int AS unassigned
    FROM persons p WHERE p.area_code = ${areaCode} AND p.status = 'alive' AND p.village_no IS NOT NULL
    GROUP BY p.village_no`.execute(tx);
  const territories = await tx
    .selectFrom('volunteer_territories as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.village_no', 't.assigned_at', 'u.display_name'])
    .where('t.area_code', '=', areaCode)
    .where('t.ended_at', 'is', null)
    .orderBy('t.village_no')
    .orderBy('u.display_name')
    .execute();
  // Volunteers whose scope covers the subdistrict, or who have persons of it on their caseload: the
  // caseloads here are counted once, grouped (not once per user of the province).
  const volunteers = await sql<{ id: string; display_name: string; role: string; active: boolean; persons: number }>`
    WITH here AS (
      SELECT c.user_id, count(*)::int AS persons
      FROM caseload_assignments c JOIN persons p ON p.id = c.person_id
      WHERE c.ended_at IS NULL AND p.area_code LIKE ${`${areaCode}%`}
      GROUP BY c.user_id)
    SELECT u.id, u.display_name, u.role, u.active, coalesce(h.persons, 0) AS persons
    FROM users u LEFT JOIN here h ON h.user_id = u.id
    WHERE u.role = ANY (${[...CASELOAD_ROLES]}::text[])
      AND (h.user_id IS NOT NULL OR EXISTS (SELECT 1 FROM unnest(u.scopes) s WHERE ${areaCode} LIKE s || '%' OR s LIKE ${`${areaCode}%`}))
    ORDER BY u.display_name
    LIMIT 2000`.execute(tx);
  const byVillage = new Map<
    number,
    { villageNo: number; persons: number; unassigned: number; volunteers: Array<{ territoryId: string; userId: string; name: string }> }
  >();
  for (const v of villages.rows) byVillage.set(v.village_no, { villageNo: v.village_no, persons: v.persons, unassigned: v.unassigned, volunteers: [] });
  for (const t of territories) {
    const v = byVillage.get(t.village_no) ?? { villageNo: t.village_no, persons: 0, unassigned: 0, volunteers: [] };
    v.volunteers.push({ territoryId: t.id, userId: t.user_id, name: t.display_name });
    byVillage.set(t.village_no, v);
  }
  return {
    areaCode,
    villages: [...byVillage.values()].sort((a, b) => a.villageNo - b.villageNo),
    volunteers: volunteers.rows.map((u) => ({
      id: u.id,
      name: u.display_name,
      role: u.role,
      active: u.active,
      persons: u.persons,
      villages: territories.filter((t) => t.user_id === u.id).map((t) => t.village_no),
    })),
  };
}
