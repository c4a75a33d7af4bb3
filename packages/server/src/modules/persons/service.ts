import {
  type AdlGroup,
  addOneMonth,
  ageOn,
  CASELOAD_ROLES,
  type DatePrecision,
  type EntitlementKind,
  type EntitlementStatus,
  entitlementGaps,
  inScope,
  nextFiscalYearEnd,
  normaliseCid,
  type Person,
  type PersonSearch,
  partialDateString,
  searchKey,
  splitTitle,
  thaiSortKey,
} from '@carehub/core';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Actor, Tx } from '../../db/context.js';
import { containsPattern } from '../../db/like.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';

export const PURPOSE = 'care_coordination';

export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
}

export function personKeys(firstNameTh: string, lastNameTh: string) {
  return { name_key: searchKey(`${firstNameTh}${lastNameTh}`), sort_key: thaiSortKey(`${firstNameTh} ${lastNameTh}`) };
}

/** Thai address path of an area: "ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา". */
export async function areaPath(tx: Tx, code: string): Promise<{ name: string; path: string }> {
  const prefixes = [2, 4, 6, 8].filter((n) => n <= code.length).map((n) => code.slice(0, n));
  const rows = await tx.selectFrom('areas').select(['code', 'level', 'name_th']).where('code', 'in', prefixes).orderBy(sql`length(code)`, 'desc').execute();
  const bangkok = code.startsWith('10');
  const prefix = { province: bangkok ? '' : 'จ.', district: bangkok ? 'เขต' : 'อ.', subdistrict: bangkok ? 'แขวง' : 'ต.', village: 'ม.' };
  return { name: rows[0]?.name_th ?? code, path: rows.map((r) => `${prefix[r.level]}${r.name_th}`).join(' ') };
}

/** The entitlement-gap rule (core) applied to a person's current rows. */
function gapsOf(
  birthDate: string | null,
  status: 'alive' | 'deceased' | 'moved_out',
  currentVulnerabilities: Array<{ kind: string; card_number: string | null; card_expiry: string | null }>,
  entitlements: Array<{ kind: string; status: string; detail: string | null; end_date: string | null }>,
  adlGroup: AdlGroup | null,
  today: string,
) {
  const disability = currentVulnerabilities.find((v) => v.kind === 'disability');
  return entitlementGaps(
    {
      birthDate,
      status,
      disability: disability ? { cardNumber: disability.card_number, cardExpiry: disability.card_expiry } : null,
      entitlements: entitlements.map((e) => ({
        kind: e.kind as EntitlementKind,
        status: e.status as EntitlementStatus,
        detail: e.detail,
        endDate: e.end_date,
      })),
      adlGroup,
    },
    today,
  );
}

/**
 * Recomputes what the list filters read (current vulnerability kinds, disability types, entitlement
 * gaps) after anything about the person changed. Runs in the caller's transaction.
 */
export async function refreshDerived(tx: Tx, personId: string, today = todayIso()): Promise<void> {
  const person = await tx.selectFrom('persons').select(['birth_date', 'status', 'adl_group']).where('id', '=', personId).executeTakeFirstOrThrow();
  const vulns = await tx
    .selectFrom('person_vulnerabilities')
    .select(['kind', 'disability_types', 'card_number', 'card_expiry'])
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .orderBy('recorded_at', 'desc')
    .execute();
  const ents = await tx.selectFrom('person_entitlements').select(['kind', 'status', 'detail', 'end_date']).where('person_id', '=', personId).execute();
  const gaps = gapsOf(person.birth_date, person.status, vulns, ents, person.adl_group, today);
  const types = [...new Set(vulns.flatMap((v) => v.disability_types ?? []))].sort();
  await tx
    .updateTable('persons')
    .set({ flags: [...new Set(vulns.map((v) => v.kind))].sort(), disability_types: types, gaps: gaps.map((g) => g.code) })
    .where('id', '=', personId)
    .execute();
}

function daysBefore(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Re-derives the stored gaps of people whom a date moved across a rule's boundary in the last `days`
 * days; run daily. The boundaries (core, entitlementGaps): turning 60; the elderly allowance's advance
 * registration opening on 1 October for everyone turning 60 by the end of the next fiscal year; a
 * disability card entering its renewal month or expiring; and a signed assessment, which may set a new
 * ADL group, the input of NHSO long-term care. The person page derives its gaps live.
 */
export async function refreshAgeDependent(tx: Tx, today = todayIso(), days = 7): Promise<number> {
  const since = daysBefore(today, days);
  const windowFrom = nextFiscalYearEnd(since);
  const windowTo = nextFiscalYearEnd(today);
  const rows = await tx
    .selectFrom('persons as p')
    .select('p.id')
    .where('p.status', '=', 'alive')
    .where((eb) =>
      eb.or([
        sql<boolean>`p.birth_date BETWEEN (${today}::date - interval '60 years' - make_interval(days => ${days})) AND (${today}::date - interval '60 years')`,
        sql<boolean>`(${windowFrom}::date < ${windowTo}::date AND p.birth_date > (${windowFrom}::date - interval '60 years') AND p.birth_date <= (${windowTo}::date - interval '60 years'))`,
        eb(
          'p.id',
          'in',
          eb
            .selectFrom('person_vulnerabilities as v')
            .select('v.person_id')
            .where('v.kind', '=', 'disability')
            .where('v.ended_at', 'is', null)
            .where((w) =>
              w.or([
                w.and([w('v.card_expiry', '>=', since), w('v.card_expiry', '<', today)]),
                w.and([w('v.card_expiry', '>', addOneMonth(since)), w('v.card_expiry', '<=', addOneMonth(today))]),
              ]),
            ),
        ),
      ]),
    )
    .execute();
  for (const r of rows) await refreshDerived(tx, r.id, today);
  return rows.length;
}

/** Appends the new value of each field with its source; the record page shows history from here. */
export async function recordProvenance(
  tx: Tx,
  personId: string,
  fields: Record<string, unknown>,
  source: { source: 'user' | 'import' | 'visit'; ref?: string | null; by: string | null },
): Promise<void> {
  const rows = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([field, value]) => ({
      person_id: personId,
      field,
      value: JSON.stringify(value ?? null),
      source: source.source,
      source_ref: source.ref ?? null,
      recorded_by: source.by,
    }));
  if (rows.length) await tx.insertInto('field_provenance').values(rows).execute();
}

/**
 * The service-layer half of "enforced twice": the person must lie in the actor's areas or be shared
 * with the actor's organisation (an open share or referral), and, for a volunteer or caregiver, be in
 * their caseload as well: a share reaches an organisation, not past its caseload rule (issue 18, H3).
 * Row-level security makes the same decision in PostgreSQL (migration 0027).
 */
export async function assertVisible(tx: Tx, actor: Actor, personId: string): Promise<{ area_code: string; version: number }> {
  const row = await tx
    .selectFrom('persons')
    .select(['area_code', 'version', sql<boolean>`app_person_shared(id)`.as('shared'), sql<boolean>`id = ANY (app_caseload_ids())`.as('assigned')])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const reachable = (inScope(row.area_code, actor.scopes) || row.shared) && (!CASELOAD_ROLES.includes(actor.role) || row.assigned);
  if (!reachable) throw new AppError(403, 'forbidden.out_of_scope');
  return row;
}

/** Reading part of a person's record: the person must be visible, and the read is audited in the same transaction. */
export async function auditedRead(tx: Tx, actor: Actor, personId: string, details: Record<string, unknown>): Promise<{ area_code: string }> {
  const visible = await assertVisible(tx, actor, personId);
  await audit(tx, actor, { action: 'person.read', subjectType: 'person', subjectId: personId, areaCode: visible.area_code, purpose: PURPOSE, details });
  return visible;
}

const usernames = (tx: Tx, ids: Array<string | null>) =>
  ids.filter(Boolean).length
    ? tx
        .selectFrom('users')
        .select(['id', 'username'])
        .where(
          'id',
          'in',
          ids.filter((x): x is string => !!x),
        )
        .execute()
    : Promise.resolve([]);

/** The whole record as the person page and the access-request export show it. */
export async function loadPerson(tx: Tx, personId: string, today = todayIso()): Promise<Person> {
  const p = await tx.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!p) throw notFound();
  const [vulns, ents, household, consents, area] = await Promise.all([
    tx.selectFrom('person_vulnerabilities').selectAll().where('person_id', '=', personId).orderBy('recorded_at', 'desc').execute(),
    tx.selectFrom('person_entitlements').selectAll().where('person_id', '=', personId).orderBy('recorded_at', 'desc').execute(),
    tx.selectFrom('household_members').selectAll().where('person_id', '=', personId).where('removed_at', 'is', null).orderBy('recorded_at').execute(),
    tx.selectFrom('consents').selectAll().where('person_id', '=', personId).orderBy('recorded_at', 'desc').execute(),
    areaPath(tx, p.area_code),
  ]);
  const names = new Map(
    (
      await usernames(
        tx,
        [...vulns, ...ents, ...consents].map((x) => x.recorded_by),
      )
    ).map((u) => [u.id, u.username]),
  );
  const gapDetails = gapsOf(
    p.birth_date,
    p.status,
    vulns.filter((v) => !v.ended_at),
    ents,
    p.adl_group as AdlGroup | null,
    today,
  );
  const age = p.birth_date ? ageOn(p.birth_date, today) : null;
  const by = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    id: p.id,
    cid: p.cid,
    cidMissingReason: p.cid_missing_reason as Person['cidMissingReason'],
    otherDocument: p.other_document,
    titleTh: p.title_th,
    firstNameTh: p.first_name_th,
    lastNameTh: p.last_name_th,
    firstNameEn: p.first_name_en,
    lastNameEn: p.last_name_en,
    birthDate: p.birth_date ? partialDateString(p.birth_date, p.birth_precision as DatePrecision) : null,
    age,
    sex: p.sex,
    status: p.status,
    statusDate: p.status_date,
    areaCode: p.area_code,
    areaName: area.name,
    areaPath: area.path,
    address: { houseNo: p.house_no, villageNo: p.village_no, text: p.address_text },
    gps: p.gps_lat !== null && p.gps_lng !== null ? { lat: p.gps_lat, lng: p.gps_lng } : null,
    phones: p.phones,
    flags: personFlags(p.flags, age),
    adlGroup: p.adl_group as AdlGroup | null,
    adlGroupSource: p.adl_source,
    gaps: gapDetails.map((g) => g.code),
    gapDetails,
    version: p.version,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    vulnerabilities: vulns.map((v) => ({
      id: v.id,
      kind: v.kind as Person['vulnerabilities'][number]['kind'],
      disabilityTypes: v.disability_types,
      cardNumber: v.card_number,
      cardIssued: v.card_issued,
      cardExpiry: v.card_expiry,
      condition: v.condition,
      note: v.note,
      since: v.since,
      endedAt: v.ended_at?.toISOString() ?? null,
      source: v.source as 'user',
      recordedAt: v.recorded_at.toISOString(),
      recordedBy: by(v.recorded_by),
    })),
    entitlements: ents.map((e) => ({
      id: e.id,
      kind: e.kind as EntitlementKind,
      detail: e.detail,
      status: e.status as EntitlementStatus,
      startDate: e.start_date,
      endDate: e.end_date,
      source: e.source as 'user',
      recordedAt: e.recorded_at.toISOString(),
      recordedBy: by(e.recorded_by),
    })),
    household: household.map((h) => ({
      id: h.id,
      name: h.name,
      relation: h.relation,
      isMainCaregiver: h.is_main_caregiver,
      phone: h.phone,
      livesWith: h.lives_with,
    })),
    consents: consents.map((c) => ({
      id: c.id,
      purpose: c.purpose as Person['consents'][number]['purpose'],
      givenBy: c.given_by as 'self' | 'guardian',
      guardianName: c.guardian_name,
      method: c.method as Person['consents'][number]['method'],
      givenAt: c.given_at,
      withdrawnAt: c.withdrawn_at?.toISOString() ?? null,
      recordedBy: by(c.recorded_by),
    })),
  };
}

/** Flags shown on lists: the recorded vulnerability kinds plus "elderly" from age. */
export function personFlags(flags: string[], age: number | null): string[] {
  return age !== null && age >= 60 ? [...flags, 'elderly'] : flags;
}

/** The persons list's filters (GET /api/persons and its export). */
export type PersonListFilters = Omit<z.output<typeof PersonSearch>, 'page' | 'pageSize'>;

/**
 * The persons list's query: its filters (`filtered`, to count) and its order (`ordered`, with the total
 * of matches in every row), without paging; run under the user's row-level security by the caller.
 */
export function personListQuery(tx: Tx, f: PersonListFilters, today: string) {
  let query = tx.selectFrom('persons as p').innerJoin('areas as a', 'a.code', 'p.area_code');
  if (f.area?.length === 8) {
    // A village: its subdistrict's code and the village number the address records.
    query = query.where('p.area_code', '=', f.area.slice(0, 6)).where('p.village_no', '=', Number(f.area.slice(6)));
  } else if (f.area) query = query.where('p.area_code', 'like', `${f.area}%`);
  if (f.status) query = query.where('p.status', '=', f.status);
  if (f.vulnerability === 'elderly') query = query.where(sql<boolean>`p.birth_date <= ${today}::date - interval '60 years'`);
  else if (f.vulnerability) query = query.where(sql<boolean>`p.flags @> ARRAY[${f.vulnerability}]::text[]`);
  if (f.disabilityType) query = query.where(sql<boolean>`p.disability_types @> ARRAY[${f.disabilityType}]::smallint[]`);
  if (f.adlGroup) query = query.where('p.adl_group', '=', f.adlGroup);
  if (f.gap) query = query.where(sql<boolean>`p.gaps @> ARRAY[${f.gap}]::text[]`);
  let by: 'cid' | 'name' | 'none' = 'none';
  let key = '';
  let typed = '';
  if (f.q) {
    const digits = normaliseCid(f.q);
    if (/^\d{13}$/.test(digits)) {
      by = 'cid';
      query = query.where('p.cid', '=', digits);
    } else {
      by = 'name';
      key = searchKey(f.q);
      typed = splitTitle(f.q.normalize('NFC')).rest.replace(/\s+/g, '');
      // The search key (core's searchKey) has titles, spacing, tone marks and the common spelling
      // slips (ศ/ษ/ส, ท/ธ, ณ/น …, vowel length, a missing ั) folded away; other slips and typos are
      // caught by trigram word similarity on it. The candidates come from the trigram index (see
      // migration 0003); the row-level policy then filters them, so no one sees more than before.
      query = query.where(sql<boolean>`p.id IN (SELECT app_name_candidates(${key}, ${containsPattern(key)}))`);
    }
  }
  let ordered = query.select([
    'p.id',
    'p.cid',
    'p.title_th',
    'p.first_name_th',
    'p.last_name_th',
    'p.birth_date',
    'p.birth_precision',
    'p.sex',
    'p.status',
    'p.area_code',
    'a.name_th as area_name',
    'p.flags',
    'p.disability_types',
    'p.adl_group',
    'p.gaps',
    sql<number>`count(*) OVER ()`.as('total'),
  ]);
  if (by === 'name') {
    // Relevance, best first: the whole name (0), a name that starts with what was typed (1), then
    // by trigram word similarity (2 + 1 - similarity). Among equals, the name spelt exactly as typed,
    // then the closer in length (plain similarity), then the usual dictionary order.
    ordered = ordered
      .orderBy(
        sql`CASE WHEN p.name_key = ${key} THEN 0 WHEN left(p.name_key, length(${key}::text)) = ${key} THEN 1 ELSE 3 - word_similarity(${key}, p.name_key) END`,
      )
      .orderBy(sql`(p.first_name_th || p.last_name_th) = ${typed}`, 'desc')
      .orderBy(sql`similarity(${key}, p.name_key)`, 'desc');
  }
  ordered = ordered.orderBy('p.sort_key');
  return { filtered: query, ordered: ordered.orderBy('p.id'), by };
}
