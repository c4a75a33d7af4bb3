import {
  adlGroupOf,
  CASELOAD_ROLES,
  type CarePlanBody,
  CID_MISSING_REASONS,
  cidCheckDigit,
  type EntitlementKind,
  type EntitlementStatus,
  entitlementGaps,
  HELP,
  HELP_CODES,
  type ImportMapping,
  isValidCid,
  NEED_CODES,
  type OrganisationType,
  type Role,
  searchKey,
  thaiSortKey,
} from '@carehub/core';
import { base, en, Faker, th } from '@faker-js/faker';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { hashPassword } from '../modules/auth/passwords.js';

/** The password of every demo account; printed by `carehub start`. Demo data only. */
export const DEMO_PASSWORD = 'carehub-demo';

const ORGS: Array<{ key: string; name: string; type: OrganisationType; area: string }> = [
  { key: 'pmj', name: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา', type: 'provincial_social_development_office', area: '90' },
  { key: 'ssj', name: 'สำนักงานสาธารณสุขจังหวัดสงขลา', type: 'provincial_health_office', area: '90' },
  { key: 'nhso', name: 'สำนักงานหลักประกันสุขภาพแห่งชาติ เขต 12 สงขลา', type: 'nhso', area: '90' },
  { key: 'pao', name: 'องค์การบริหารส่วนจังหวัดสงขลา', type: 'provincial_administrative_organisation', area: '90' },
  { key: 'skh', name: 'โรงพยาบาลสงขลา', type: 'hospital', area: '9001' },
  { key: 'hyh', name: 'โรงพยาบาลหาดใหญ่', type: 'hospital', area: '9011' },
  { key: 'rpst_boyang', name: 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง', type: 'health_promoting_hospital', area: '900101' },
  { key: 'hy_city', name: 'เทศบาลนครหาดใหญ่', type: 'local_government', area: '901101' },
  { key: 'natawi', name: 'องค์การบริหารส่วนตำบลฉาง', type: 'local_government', area: '900403' },
];

/** How many persons each demo volunteer visits. */
const CASELOAD_SIZE = 25;

export const DEMO_USERS: Array<{ username: string; name: string; role: Role; org: string; scopes: string[] }> = [
  { username: 'admin', name: 'ผู้ดูแลระบบ CareHub', role: 'system_admin', org: 'pmj', scopes: ['TH'] },
  { username: 'songkhla', name: 'สมพร ศรีสงขลา', role: 'province_admin', org: 'pmj', scopes: ['90'] },
  { username: 'hatyai', name: 'วิชัย ใจดี', role: 'district_admin', org: 'hyh', scopes: ['9011'] },
  { username: 'boyang', name: 'อรุณี บ่อยาง', role: 'subdistrict_admin', org: 'rpst_boyang', scopes: ['900101'] },
  { username: 'sw.boyang', name: 'มาลี รักษ์ชุมชน', role: 'social_worker', org: 'rpst_boyang', scopes: ['900101'] },
  { username: 'sw.hatyai', name: 'ประเสริฐ ช่วยเหลือ', role: 'social_worker', org: 'hy_city', scopes: ['901101'] },
  { username: 'nurse.hatyai', name: 'กานดา พยาบาล', role: 'health_professional', org: 'hyh', scopes: ['9011'] },
  { username: 'osm.boyang', name: 'สมศรี อาสา', role: 'volunteer_osm', org: 'rpst_boyang', scopes: ['900101'] },
  { username: 'steward.pmj', name: 'ธนพร ข้อมูลดี', role: 'data_steward', org: 'pmj', scopes: ['90'] },
  { username: 'steward.nhso', name: 'อนุชา สปสช', role: 'data_steward', org: 'nhso', scopes: ['90'] },
  { username: 'steward.ssj', name: 'พิมพ์ใจ สาธารณสุข', role: 'data_steward', org: 'ssj', scopes: ['90'] },
];

/**
 * Three agencies' lists, each with its saved column mapping, matching the sample files in
 * samples/imports (one layout each): import them from the web app or `carehub import`.
 */
export const DEMO_SOURCES: Array<{ code: string; name: string; org: string; mapping: ImportMapping }> = [
  {
    code: 'pmj_disability',
    name: 'ทะเบียนคนพิการ พมจ.สงขลา',
    org: 'pmj',
    mapping: {
      columns: { fullName: 'ชื่อ-สกุล', cid: 'เลขประจำตัวประชาชน', birthDate: 'วันเกิด', address: 'ที่อยู่', disabilityTypes: 'ประเภทความพิการ' },
      recordKey: 'ลำดับ',
    },
  },
  {
    code: 'nhso_ltc',
    name: 'รายชื่อผู้มีภาวะพึ่งพิง (LTC) สปสช.',
    org: 'nhso',
    mapping: { columns: { cid: 'PID', firstName: 'FNAME', lastName: 'LNAME', sex: 'SEX', birthDate: 'DOB', areaCode: 'TAMBON' } },
  },
  {
    code: 'ssj_elderly',
    name: 'คัดกรองผู้สูงอายุ สสจ.สงขลา',
    org: 'ssj',
    mapping: {
      columns: {
        title: 'คำนำหน้า',
        firstName: 'ชื่อ',
        lastName: 'นามสกุล',
        sex: 'เพศ',
        birthDate: 'วันเกิด',
        subdistrict: 'ตำบล',
        district: 'อำเภอ',
        province: 'จังหวัด',
      },
      recordKey: 'HN',
    },
  },
];

/** Districts whose people the demo registry holds: Mueang Songkhla, Na Thawi, Hat Yai. */
const DEMO_DISTRICTS = ['9001', '9004', '9011'];

function demoCid(f: Faker): string {
  const first12 = `${f.helpers.arrayElement(['1', '3'])}${f.string.numeric(11)}`;
  const cid = `${first12}${cidCheckDigit(first12)}`;
  if (!isValidCid(cid)) throw new Error('demo CID generator broke');
  return cid;
}

/** Seeds demo organisations, users and persons (once: a database that has users is left alone). */
export async function seedDemo(db: Kysely<DB>, opts: { persons?: number; seed?: number; visits?: boolean } = {}): Promise<{ created: boolean }> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return { created: false };
  const f = new Faker({ locale: [th, en, base], seed: opts.seed ?? 2569 });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const subdistricts = await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'subdistrict')
    .where('parent_code', 'in', DEMO_DISTRICTS)
    .orderBy('code')
    .execute();
  await db.transaction().execute(async (tx) => {
    const orgIds = new Map<string, { id: string; area: string }>();
    for (const o of ORGS) {
      const { id } = await tx.insertInto('organisations').values({ name: o.name, type: o.type, area_code: o.area }).returning('id').executeTakeFirstOrThrow();
      orgIds.set(o.key, { id, area: o.area });
    }
    for (const u of DEMO_USERS) {
      const org = orgIds.get(u.org)!;
      await tx
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.name,
          password_hash: passwordHash,
          role: u.role,
          organisation_id: org.id,
          area_code: org.area,
          scopes: u.scopes,
        })
        .execute();
    }
    await insertDemoPersons(
      tx,
      f,
      subdistricts.map((x) => x.code),
      opts.persons ?? 3000,
    );
    // The volunteers' caseloads: the most dependent people of their subdistrict first.
    for (const u of DEMO_USERS.filter((x) => CASELOAD_ROLES.includes(x.role))) {
      const user = await tx.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirstOrThrow();
      const persons = await tx
        .selectFrom('persons')
        .select('id')
        .where('area_code', 'like', `${u.scopes[0]}%`)
        .where('status', '=', 'alive')
        .orderBy(sql`array_length(flags, 1)`, (ob) => ob.desc().nullsLast())
        .orderBy('sort_key')
        .limit(CASELOAD_SIZE)
        .execute();
      if (persons.length)
        await tx
          .insertInto('caseload_assignments')
          .values(persons.map((p) => ({ person_id: p.id, user_id: user.id })))
          .execute();
    }
    await seedDemoCarePlans(tx, orgIds.get('hyh')!.id);
    if (opts.visits) await seedDemoVisits(tx, f, new Date());
    for (const s of DEMO_SOURCES)
      await tx
        .insertInto('import_sources')
        .values({ code: s.code, name: s.name, organisation_id: orgIds.get(s.org)!.id, mapping: JSON.stringify(s.mapping) })
        .execute();
  });
  // PGlite runs no autovacuum: give the planner statistics for the new rows.
  await sql`ANALYZE`.execute(db);
  return { created: true };
}

const DEMO_TODAY = '2026-11-01';

/**
 * A care plan and case team for the three most dependent people of เทศบาลนครหาดใหญ่'s area, written
 * by its social worker with the hospital's nurse on the team, so the plan screens have something
 * to show. Other subdistricts start with none.
 */
async function seedDemoCarePlans(tx: Transaction<DB>, hospitalId: string): Promise<void> {
  const user = (username: string) => tx.selectFrom('users').select(['id', 'organisation_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const [sw, nurse] = await Promise.all([user('sw.hatyai'), user('nurse.hatyai')]);
  const persons = await tx
    .selectFrom('persons')
    .select('id')
    .where('area_code', 'like', '901101%')
    .where('adl_group', 'in', ['bedridden', 'homebound'])
    .orderBy('sort_key')
    .limit(3)
    .execute();
  for (const p of persons) {
    const body: CarePlanBody = {
      problems: [{ id: 'p1', text: 'ช่วยเหลือตัวเองได้น้อย เสี่ยงแผลกดทับและข้อติด', target: 'person', sources: [] }],
      goals: [{ id: 'g1', problemIds: ['p1'], text: 'ไม่มีแผลกดทับ ข้อไม่ติดเพิ่ม', measure: 'ตรวจผิวหนังทุกครั้งที่เยี่ยม ไม่พบแผล', targetDate: '2027-03-31', status: 'open' }],
      activities: [
        {
          id: 'a1',
          goalId: 'g1',
          text: 'จัดหาที่นอนลม',
          target: 'person',
          organisationId: hospitalId,
          dueOn: '2026-12-15',
          status: 'planned',
          cost: 3500,
          funding: 'provincial_rehabilitation_fund',
        },
        { id: 'a2', goalId: 'g1', text: 'สอนญาติพลิกตะแคงตัวและบริหารข้อ', target: 'family', responsible: 'พยาบาลชุมชน', dueOn: '2026-11-30', status: 'in_progress' },
      ],
      reviews: [],
    };
    await tx
      .insertInto('care_plans')
      .values({ person_id: p.id, version: 1, body: JSON.stringify(body), change_note: 'แผนตัวอย่าง', created_by: sw.id })
      .execute();
    await tx
      .insertInto('case_team_members')
      .values([
        { person_id: p.id, role: 'social_worker', user_id: sw.id, organisation_id: sw.organisation_id, added_by: sw.id },
        { person_id: p.id, role: 'nurse', user_id: nurse.id, organisation_id: nurse.organisation_id, added_by: sw.id },
      ])
      .execute();
  }
}

/**
 * Who visits whom in the demo: the Hat Yai nurse, in อ.หาดใหญ่, reviewed by its district admin, near
 * Hat Yai. Bo Yang, where the demo volunteer works, starts with no visits: what a newcomer records
 * there is all there is (and the browser tests count on it).
 */
const DEMO_VISITS = { visitor: 'nurse.hatyai', reviewer: 'hatyai', area: '9011', lat: 7.006, lng: 100.474 };
const DAY = 86_400_000;

/**
 * Six months of home visits up to `now`, so that the dashboards, the map and the indicators of a first
 * start have something to show: the Hat Yai nurse visits 120 of the most dependent people of the
 * district, bedridden people monthly, homebound every two months, the others every three; a third of
 * the visits find needs and half of those needs get help that answers them at the visit. Recorded by
 * staff and approved, so no review queue starts full. Off unless asked (`carehub start` and
 * `carehub seed` ask; the tests' fixtures do not).
 */
async function seedDemoVisits(tx: Transaction<DB>, f: Faker, now: Date): Promise<void> {
  const v = DEMO_VISITS;
  const user = (username: string) => tx.selectFrom('users').select(['id', 'organisation_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const [visitor, reviewer] = await Promise.all([user(v.visitor), user(v.reviewer)]);
  const helpFor = (need: string) => HELP_CODES.filter((h) => HELP[h].addresses.includes(need as never));
  const persons = await tx
    .selectFrom('persons')
    .select(['id', 'adl_group'])
    .where('area_code', 'like', `${v.area}%`)
    .where('status', '=', 'alive')
    .where((eb) => eb.or([eb('adl_group', 'in', ['bedridden', 'homebound']), eb(sql<number>`cardinality(flags)`, '>', 0)]))
    .orderBy(sql`adl_group = 'bedridden'`, (ob) => ob.desc().nullsLast())
    .orderBy('sort_key')
    .limit(120)
    .execute();
  const rows = [];
  for (const p of persons) {
    const every = p.adl_group === 'bedridden' ? 1 : p.adl_group === 'homebound' ? 2 : 3;
    for (let ago = 5 - f.number.int({ min: 0, max: every - 1 }); ago >= 0; ago -= every) {
      const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - ago, 1, 2);
      const end = Math.min(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - ago + 1, 1) - DAY, now.getTime() - 3_600_000);
      if (end <= start) continue;
      const at = new Date(f.number.int({ min: start, max: end }));
      const needs = f.datatype.boolean(0.35) ? f.helpers.arrayElements(NEED_CODES, { min: 1, max: 2 }) : [];
      const help = needs.flatMap((n) => {
        const answers = helpFor(n);
        return answers.length && f.datatype.boolean(0.5) ? [f.helpers.arrayElement(answers)] : [];
      });
      rows.push({
        id: f.string.uuid(),
        person_id: p.id,
        visited_at: at,
        gps_lat: v.lat + f.number.float({ min: -0.03, max: 0.03 }),
        gps_lng: v.lng + f.number.float({ min: -0.03, max: 0.03 }),
        gps_accuracy: 15,
        present: ['self'],
        vitals: '{}',
        needs: JSON.stringify(needs.map((code) => ({ code }))),
        help: JSON.stringify([...new Set(help)].map((code) => ({ code }))),
        alarms: '[]',
        note: null,
        next_visit_on: new Date(at.getTime() + every * 30 * DAY).toISOString().slice(0, 10),
        assessment_ids: [],
        photo_count: 0,
        recorded_by: visitor.id,
        organisation_id: visitor.organisation_id,
        review_status: 'approved' as const,
        reviewed_by: reviewer.id,
        reviewed_at: new Date(Math.min(at.getTime() + 2 * DAY, now.getTime())),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 400)
    await tx
      .insertInto('visits')
      .values(rows.slice(i, i + 400))
      .execute();
}

/**
 * A believable registry: ages skewed old, 7 disability types in a realistic mix (mobility most
 * common), cards some of them expired, allowances mostly but not always received, ADL groups for
 * elders and people with disabilities, consents for most. Derived columns are computed here with the
 * same rules the server uses.
 */
async function insertDemoPersons(tx: Transaction<DB>, f: Faker, areas: string[], total: number): Promise<void> {
  const persons = [];
  const vulns = [];
  const ents = [];
  const consents = [];
  const household = [];
  const pick = <T>(weights: Array<[number, T]>) => f.helpers.weightedArrayElement(weights.map(([weight, value]) => ({ weight, value })));
  for (let i = 0; i < total; i++) {
    const id = f.string.uuid();
    const sex = pick<'male' | 'female'>([
      [48, 'male'],
      [52, 'female'],
    ]);
    const age = pick([
      [10, f.number.int({ min: 1, max: 17 })],
      [30, f.number.int({ min: 18, max: 59 })],
      [60, f.number.int({ min: 60, max: 99 })],
    ]);
    const birth = f.date
      .birthdate({ mode: 'age', min: age, max: age, refDate: new Date(`${DEMO_TODAY}T00:00:00Z`) })
      .toISOString()
      .slice(0, 10);
    const precision = pick<'day' | 'year'>([
      [92, 'day'],
      [8, 'year'],
    ]);
    const birthIso = precision === 'year' ? `${birth.slice(0, 4)}-01-01` : birth;
    const title = age < 15 ? (sex === 'male' ? 'ด.ช.' : 'ด.ญ.') : sex === 'male' ? 'นาย' : f.helpers.arrayElement(['นาง', 'นางสาว']);
    const first = f.person.firstName(sex);
    const last = f.person.lastName();
    const hasCid = f.datatype.boolean(0.95);
    const kinds = new Set<string>();
    let disability: { cardNumber: string | null; cardExpiry: string | null } | null = null;
    const disabled = f.datatype.boolean(age >= 60 ? 0.3 : 0.2);
    const types: number[] = [];
    if (disabled) {
      types.push(
        pick([
          [48, 3],
          [11, 1],
          [15, 2],
          [9, 4],
          [10, 5],
          [3, 6],
          [4, 7],
        ]),
      );
      if (f.datatype.boolean(0.15)) types.push(f.helpers.arrayElement([1, 2, 3, 4, 5].filter((t) => t !== types[0])));
      const hasCard = f.datatype.boolean(0.85);
      const issued = f.date.between({ from: '2017-01-01', to: '2026-06-01' }).toISOString().slice(0, 10);
      const expiry = `${Number(issued.slice(0, 4)) + 8}${issued.slice(4)}`;
      disability = { cardNumber: hasCard ? f.string.numeric(13) : null, cardExpiry: hasCard ? expiry : null };
      vulns.push({
        person_id: id,
        kind: 'disability',
        disability_types: types.sort(),
        card_number: disability.cardNumber,
        card_issued: hasCard ? issued : null,
        card_expiry: disability.cardExpiry,
        source: 'user',
      });
      kinds.add('disability');
    }
    if (f.datatype.boolean(age >= 50 ? 0.06 : 0.02)) {
      vulns.push({
        person_id: id,
        kind: 'awaiting_rehabilitation',
        condition: pick([
          [60, 'stroke'],
          [10, 'amputation'],
          [10, 'spinal_injury'],
          [10, 'hip_fracture'],
          [10, 'brain_injury'],
        ]),
        source: 'user',
      });
      kinds.add('awaiting_rehabilitation');
    }
    for (const [kind, p] of [
      ['low_income', 0.2],
      ['chronic_condition', age >= 60 ? 0.45 : 0.1],
      ['living_alone', age >= 60 ? 0.1 : 0.02],
    ] as const) {
      if (f.datatype.boolean(p)) {
        vulns.push({ person_id: id, kind, source: 'user' });
        kinds.add(kind);
      }
    }
    const entitlements: Array<{ kind: EntitlementKind; status: EntitlementStatus; detail?: string | null }> = [];
    if (f.datatype.boolean(0.9)) {
      const scheme = pick([
        [75, 'uc'],
        [10, 'civil_servant'],
        [15, 'social_security'],
      ]);
      // Most UC members with a disability card are registered for the disability right (ท.74); a card
      // number ending in 0 (one in ten) is left on plain UC, so the demo shows the gap without new draws.
      const detail = scheme === 'uc' && disability?.cardNumber && !disability.cardNumber.endsWith('0') ? 'uc_disability' : scheme;
      entitlements.push({ kind: 'health_scheme', status: 'receiving', detail });
      ents.push({ person_id: id, kind: 'health_scheme', detail, status: 'receiving', source: 'user' });
    }
    if (disability?.cardNumber && f.datatype.boolean(0.8)) {
      entitlements.push({ kind: 'disability_allowance', status: 'receiving' });
      ents.push({ person_id: id, kind: 'disability_allowance', status: 'receiving', source: 'user' });
    }
    if (age >= 60 && f.datatype.boolean(0.85)) {
      entitlements.push({ kind: 'elderly_allowance', status: 'receiving' });
      ents.push({ person_id: id, kind: 'elderly_allowance', status: 'receiving', source: 'user' });
    }
    const adl =
      age >= 60 || disabled
        ? adlGroupOf(
            pick([
              [70, f.number.int({ min: 12, max: 20 })],
              [20, f.number.int({ min: 5, max: 11 })],
              [10, f.number.int({ min: 0, max: 4 })],
            ]),
          )
        : null;
    const gaps = entitlementGaps({ birthDate: birthIso, status: 'alive', disability, entitlements, adlGroup: adl }, DEMO_TODAY).map((g) => g.code);
    if (f.datatype.boolean(0.7)) consents.push({ person_id: id, purpose: 'care_coordination', given_by: 'self', method: 'written', given_at: '2026-01-15' });
    if (f.datatype.boolean(0.4)) consents.push({ person_id: id, purpose: 'data_sharing', given_by: 'self', method: 'written', given_at: '2026-01-15' });
    if (age >= 60 || disabled) {
      household.push({
        person_id: id,
        name: `${f.person.firstName()} ${last}`,
        relation: f.helpers.arrayElement(['บุตร', 'คู่สมรส', 'หลาน', 'พี่น้อง']),
        is_main_caregiver: true,
        phone: `08${f.string.numeric(8)}`,
        lives_with: f.datatype.boolean(0.8),
      });
    }
    persons.push({
      id,
      cid: hasCid ? demoCid(f) : null,
      cid_missing_reason: hasCid ? null : (f.helpers.arrayElement(CID_MISSING_REASONS) as string),
      title_th: title,
      first_name_th: first,
      last_name_th: last,
      birth_date: birthIso,
      birth_precision: precision,
      sex,
      area_code: f.helpers.arrayElement(areas),
      house_no: `${f.number.int({ min: 1, max: 300 })}${f.datatype.boolean(0.2) ? `/${f.number.int({ min: 1, max: 9 })}` : ''}`,
      village_no: f.number.int({ min: 1, max: 12 }),
      phones: f.datatype.boolean(0.6) ? [`08${f.string.numeric(8)}`] : [],
      name_key: searchKey(`${first}${last}`),
      sort_key: thaiSortKey(`${first} ${last}`),
      flags: [...kinds].sort(),
      disability_types: types,
      gaps,
      adl_group: adl,
      adl_source: adl ? 'demo' : null,
    });
  }
  const insert = async <T>(rows: T[], fn: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 400) await fn(rows.slice(i, i + 400));
  };
  await insert(persons, (c) =>
    tx
      .insertInto('persons')
      .values(c)
      .onConflict((oc) => oc.column('cid').where('cid', 'is not', null).doNothing())
      .execute(),
  );
  const ids = new Set((await tx.selectFrom('persons').select('id').execute()).map((r) => r.id));
  const mine = <T extends { person_id: string }>(rows: T[]) => rows.filter((r) => ids.has(r.person_id));
  await insert(mine(vulns), (c) => tx.insertInto('person_vulnerabilities').values(c).execute());
  await insert(mine(ents), (c) => tx.insertInto('person_entitlements').values(c).execute());
  await insert(mine(consents), (c) => tx.insertInto('consents').values(c).execute());
  await insert(mine(household), (c) => tx.insertInto('household_members').values(c).execute());
}
