import { AUDIT_READ_ACTIONS } from '@carehub/core';
import { sql } from 'kysely';
import type { Actor, Tx } from '../../db/context.js';

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string;
  areaCode?: string | null;
  purpose?: string;
  /** Never a password, token or the personal values themselves: field names and counts. */
  details?: Record<string, unknown>;
}

/**
 * The area an event is filed under, so the admins of that area read it (their row-level security):
 * the subject's area when the caller knows it; otherwise the acting user's own area; with neither (an
 * unknown username at sign-in, a system job with no area) the whole country, read by system admins
 * only. Never null (the table refuses new rows without an area, migration 0026).
 */
export function auditArea(actor: { areaCode?: string | null } | null, areaCode: string | null | undefined): string {
  return areaCode || actor?.areaCode || 'TH';
}

/**
 * Appends one audit event inside the caller's transaction, so the act and its record commit together.
 * Inside asUser the row must name the session's own user (or none, for an anonymous reader): the
 * table's policy refuses any other actor.
 */
export async function audit(
  tx: Tx,
  actor: (Pick<Actor, 'userId' | 'username' | 'ip'> & { areaCode?: string | null }) | null,
  entry: AuditEntry & { ip?: string | null },
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: actor?.userId ?? null,
      actor_username: actor?.username ?? null,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      area_code: auditArea(actor, entry.areaCode),
      ip: entry.ip ?? actor?.ip ?? null,
      purpose: entry.purpose ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export interface AuditFilter {
  action?: string;
  actorUsername?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: string;
  at: Date;
  firstAt: Date;
  count: number;
  actorId: string | null;
  actorUsername: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  subjectName: string | null;
  areaCode: string | null;
  ip: string | null;
  purpose: string | null;
  details: unknown;
}

/**
 * Audit events newest first, as the reader's row-level security lets them see. With `summarise`,
 * the reads of lists and searches (AUDIT_READ_ACTIONS) by one user of one subject in one Bangkok
 * hour are one row with a count, so a day of paging through lists does not bury the changes.
 * Names come from the users, persons and organisations the reader may see; otherwise null.
 */
export async function readAudit(tx: Tx, filter: AuditFilter, opts: { summarise: boolean; limit: number; offset: number }) {
  const where = [sql<boolean>`true`];
  if (filter.action) where.push(sql<boolean>`a.action = ${filter.action}`);
  if (filter.actorUsername) where.push(sql<boolean>`a.actor_username = ${filter.actorUsername}`);
  if (filter.subjectType) where.push(sql<boolean>`a.subject_type = ${filter.subjectType}`);
  if (filter.subjectId) where.push(sql<boolean>`a.subject_id = ${filter.subjectId}`);
  if (filter.from) where.push(sql<boolean>`a.at >= ${filter.from}`);
  if (filter.to) where.push(sql<boolean>`a.at < ${filter.to}`);
  const reads = opts.summarise ? [...AUDIT_READ_ACTIONS] : [];
  const groupKey = sql`CASE WHEN a.action = ANY(${sql.val(reads)}::text[])
      THEN concat_ws('|', a.actor_id::text, a.action, a.subject_id, to_char(a.at AT TIME ZONE 'Asia/Bangkok', 'YYYYMMDDHH24'))
      ELSE a.id::text END`;
  const filtered = sql`SELECT a.*, ${groupKey} AS gkey FROM audit_log a WHERE ${sql.join(where, sql` AND `)}`;
  const { total } = (await sql<{ total: number }>`SELECT count(DISTINCT f.gkey)::int AS total FROM (${filtered}) f`.execute(tx)).rows[0]!;
  const { rows } = await sql<{
    id: string;
    at: Date;
    first_at: Date;
    n: number;
    actor_id: string | null;
    actor_username: string | null;
    actor_name: string | null;
    action: string;
    subject_type: string | null;
    subject_id: string | null;
    subject_name: string | null;
    area_code: string | null;
    ip: string | null;
    purpose: string | null;
    details: unknown;
  }>`
    WITH f AS (${filtered}),
    g AS (
      SELECT max(f.id) AS id, min(f.at) AS first_at, count(*)::int AS n FROM f GROUP BY f.gkey
      ORDER BY max(f.id) DESC LIMIT ${opts.limit} OFFSET ${opts.offset}
    )
    SELECT a.id::text AS id, a.at, g.first_at, g.n, a.actor_id, a.actor_username, u.display_name AS actor_name,
      a.action, a.subject_type, a.subject_id, a.area_code, a.ip, a.purpose, a.details,
      COALESCE(p.first_name_th || ' ' || p.last_name_th, su.display_name, o.name) AS subject_name
    FROM g JOIN audit_log a ON a.id = g.id
    LEFT JOIN users u ON u.id = a.actor_id
    LEFT JOIN persons p ON p.id = ${uuidWhen('person')}
    LEFT JOIN users su ON su.id = ${uuidWhen('user')}
    LEFT JOIN organisations o ON o.id = ${uuidWhen('organisation')}
    ORDER BY a.id DESC`.execute(tx);
  const items: AuditRow[] = rows.map((r) => ({
    id: r.id,
    at: r.at,
    firstAt: r.first_at,
    count: r.n,
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    actorName: r.actor_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    areaCode: r.area_code,
    ip: r.ip,
    purpose: r.purpose,
    details: r.details,
  }));
  return { items, total };
}

/** The subject id as a uuid when the subject is of this type (a CASE, so other ids are never cast). */
function uuidWhen(type: string) {
  return sql`(CASE WHEN a.subject_type = ${type} AND a.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN a.subject_id::uuid END)`;
}
