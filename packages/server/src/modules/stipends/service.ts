import { formatDateTime, formatMonth, type Signoff, type StipendRow, thaiMonthOf } from '@carehub/core';
import { sql } from 'kysely';
import type { Actor, Tx } from '../../db/context.js';
import { AppError } from '../../http/errors.js';
import { areaPaths } from '../areas/names.js';

/**
 * The monthly home-visit stipend of village health volunteers (อสม.), per subdistrict fund.
 *
 * - Amount: 600 baht a month per eligible volunteer, the figure issue 17 and JOURNEYS.md give for the
 *   stipend; no national rule for it could be read here, so it is a LOCAL SETTING of this module,
 *   kept on each sign-off as signed.
 * - Target: by default 10 approved home visits in the month. This too is a CareHub default, a local
 *   setting and not a national rule; a supervisor sets any volunteer's target per month.
 * - Eligibility: approved visits (the visit review: pending, returned and plausibility-flagged visits
 *   count only once a reviewer approves them) recorded by the volunteer in the Thai calendar month, of
 *   persons of the subdistrict; eligible when approved ≥ target.
 * - Sign-off: a supervisor signs a subdistrict's month; the list as signed is kept and the month is
 *   locked (targets and the review of its visits there are refused) until re-opened with a reason.
 */
export const STIPEND_AMOUNT_BAHT = 600;
export const DEFAULT_TARGET_VISITS = 10;
/** Only อสม. are paid this stipend (not อพม. or caregivers). */
export const STIPEND_ROLES = ['volunteer_osm'];

/** The month's bounds in Thai time. */
export function monthBounds(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    start: `${month}-01T00:00:00+07:00`,
    end: `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+07:00`,
  };
}

/** Each volunteer of the subdistrict with their targets and approved visits for the month, worked out now. */
export async function computeRows(tx: Tx, areaCode: string, month: string): Promise<StipendRow[]> {
  const { start, end } = monthBounds(month);
  const rows = await sql<{
    id: string;
    display_name: string;
    villages: number[] | null;
    target: number | null;
    approved: number;
    pending: number;
    returned: number;
    persons: number;
  }>`
    WITH v AS (
      SELECT v.recorded_by, v.review_status, v.person_id
      FROM visits v JOIN persons p ON p.id = v.person_id
      WHERE v.visited_at >= ${start}::timestamptz AND v.visited_at < ${end}::timestamptz AND p.area_code LIKE ${`${areaCode}%`}
    )
    SELECT u.id, u.display_name,
      (SELECT array_agg(t.village_no ORDER BY t.village_no) FROM volunteer_territories t
        WHERE t.user_id = u.id AND t.area_code = ${areaCode} AND t.ended_at IS NULL) AS villages,
      (SELECT s.target_visits FROM stipend_targets s WHERE s.user_id = u.id AND s.area_code = ${areaCode} AND s.month = ${month}) AS target,
      (SELECT count(*)::int FROM v WHERE v.recorded_by = u.id AND v.review_status = 'approved') AS approved,
      (SELECT count(*)::int FROM v WHERE v.recorded_by = u.id AND v.review_status = 'pending') AS pending,
      (SELECT count(*)::int FROM v WHERE v.recorded_by = u.id AND v.review_status = 'returned') AS returned,
      (SELECT count(DISTINCT v.person_id)::int FROM v WHERE v.recorded_by = u.id AND v.review_status = 'approved') AS persons
    FROM users u
    WHERE u.role = ANY (${STIPEND_ROLES}::text[])
      AND ((u.active AND EXISTS (SELECT 1 FROM unnest(u.scopes) s WHERE ${areaCode} LIKE s || '%' OR s LIKE ${`${areaCode}%`}))
        OR EXISTS (SELECT 1 FROM volunteer_territories t WHERE t.user_id = u.id AND t.area_code = ${areaCode} AND t.ended_at IS NULL)
        OR EXISTS (SELECT 1 FROM v WHERE v.recorded_by = u.id))
    ORDER BY u.display_name, u.id`.execute(tx);
  return rows.rows.map((r) => {
    const target = r.target ?? DEFAULT_TARGET_VISITS;
    const eligible = r.approved >= target;
    return {
      userId: r.id,
      name: r.display_name,
      villages: r.villages ?? [],
      target,
      targetSet: r.target !== null,
      approved: r.approved,
      pending: r.pending,
      returned: r.returned,
      persons: r.persons,
      eligible,
      amountBaht: eligible ? STIPEND_AMOUNT_BAHT : 0,
    };
  });
}

/** The sign-offs of a subdistrict's month, the standing one first. */
export async function signoffs(tx: Tx, areaCode: string, month: string) {
  return tx
    .selectFrom('stipend_signoffs as s')
    .leftJoin('users as r', 'r.id', 's.reopened_by')
    .select([
      's.id',
      's.fund',
      's.signed_by_name',
      's.signed_at',
      's.eligible',
      's.total_baht',
      's.amount_baht',
      's.rows',
      's.reopened_at',
      's.reopen_reason',
      'r.display_name as reopened_by_name',
    ])
    .where('s.area_code', '=', areaCode)
    .where('s.month', '=', month)
    .orderBy(sql`s.reopened_at IS NULL`, 'desc')
    .orderBy('s.signed_at', 'desc')
    .execute();
}

export function presentSignoff(s: Awaited<ReturnType<typeof signoffs>>[number]): Signoff {
  return {
    id: s.id,
    fund: s.fund,
    signedBy: s.signed_by_name,
    signedAt: s.signed_at.toISOString(),
    eligible: s.eligible,
    totalBaht: s.total_baht,
    amountBaht: s.amount_baht,
    reopenedAt: s.reopened_at?.toISOString() ?? null,
    reopenedBy: s.reopened_by_name ?? null,
    reopenReason: s.reopen_reason,
  };
}

export async function isSigned(tx: Tx, areaCode: string, month: string): Promise<boolean> {
  const r = await sql<{ signed: boolean }>`SELECT stipend_month_signed(${areaCode}, ${month}) AS signed`.execute(tx);
  return r.rows[0]?.signed === true;
}

export async function assertOpen(tx: Tx, areaCode: string, month: string): Promise<void> {
  if (await isSigned(tx, areaCode, month)) throw new AppError(409, 'stipend.month_signed', { areaCode, month });
}

/**
 * For the visit review: a decision on a visit whose month is signed off in its subdistrict is refused
 * (409 `stipend.month_signed`, `details.visits`), so the signed list stays what the visits say.
 */
export async function assertVisitMonthsOpen(tx: Tx, visitIds: string[]): Promise<void> {
  if (!visitIds.length) return;
  const locked = await sql<{ id: string }>`
    SELECT v.id FROM visits v JOIN persons p ON p.id = v.person_id
    WHERE v.id = ANY (${visitIds}::uuid[])
      AND stipend_month_signed(p.area_code, to_char((v.visited_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM'))`.execute(tx);
  if (locked.rows.length) throw new AppError(409, 'stipend.month_signed', { visits: locked.rows.map((r) => r.id) });
}

/** A month that has not begun cannot be signed or targeted far ahead: at most the running month + 1. */
export function assertMonth(month: string, path = 'month'): void {
  const next = thaiMonthOf(new Date(Date.now() + 31 * 864e5));
  if (month > next)
    throw new AppError(400, 'validation.failed', {
      fields: [{ path, message_th: 'เลือกเดือนที่ผ่านมาแล้วหรือเดือนปัจจุบัน', message_en: 'Choose a past or the current month' }],
    });
}

export interface PaymentList {
  areaCode: string;
  areaName: { th: string; en: string };
  month: string;
  fund: string;
  amountBaht: number;
  signedBy: string;
  signedAt: string;
  rows: StipendRow[];
  totalBaht: number;
}

/** The standing sign-off's list of eligible volunteers, or 409 `stipend.not_signed`. */
export async function paymentList(tx: Tx, areaCode: string, month: string): Promise<PaymentList> {
  const standing = (await signoffs(tx, areaCode, month)).find((s) => !s.reopened_at);
  if (!standing) throw new AppError(409, 'stipend.not_signed', { areaCode, month });
  const names = await areaPaths(tx, [areaCode]);
  const rows = (standing.rows as StipendRow[]).filter((r) => r.eligible);
  return {
    areaCode,
    areaName: names.get(areaCode) ?? { th: areaCode, en: areaCode },
    month,
    fund: standing.fund,
    amountBaht: standing.amount_baht,
    signedBy: standing.signed_by_name,
    signedAt: standing.signed_at.toISOString(),
    rows,
    totalBaht: standing.total_baht,
  };
}

/** The default name of a subdistrict's fund: its local health security fund. */
export function defaultFund(areaName: string): string {
  return `กองทุนหลักประกันสุขภาพระดับท้องถิ่น ${areaName}`;
}

export async function sign(tx: Tx, actor: Actor, areaCode: string, month: string, fund: string | undefined) {
  await assertOpen(tx, areaCode, month);
  const rows = await computeRows(tx, areaCode, month);
  const names = await areaPaths(tx, [areaCode]);
  const eligible = rows.filter((r) => r.eligible);
  const subdistrictName = (names.get(areaCode)?.th ?? areaCode).split(' ')[0]!;
  const row = await tx
    .insertInto('stipend_signoffs')
    .values({
      area_code: areaCode,
      month,
      fund: fund?.trim() || defaultFund(subdistrictName),
      amount_baht: STIPEND_AMOUNT_BAHT,
      rows: JSON.stringify(rows),
      eligible: eligible.length,
      total_baht: eligible.length * STIPEND_AMOUNT_BAHT,
      signed_by: actor.userId,
      signed_by_name: actor.displayName,
    })
    .returning(['id', 'eligible', 'total_baht'])
    .executeTakeFirstOrThrow();
  return { ...row, volunteers: rows.length, pending: rows.reduce((n, r) => n + r.pending, 0) };
}

export const monthLabel = (month: string) => formatMonth(month, 'th');
export const signedAtLabel = (iso: string) => formatDateTime(iso, 'th');
