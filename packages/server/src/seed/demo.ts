import { cidCheckDigit, isValidCid, type OrganisationType, type Role } from '@carehub/core';
import { base, en, Faker, th } from '@faker-js/faker';
import type { Kysely } from 'kysely';
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

export const DEMO_USERS: Array<{ username: string; name: string; role: Role; org: string; scopes: string[] }> = [
  { username: 'admin', name: 'ผู้ดูแลระบบ CareHub', role: 'system_admin', org: 'pmj', scopes: ['TH'] },
  { username: 'songkhla', name: 'สมพร ศรีสงขลา', role: 'province_admin', org: 'pmj', scopes: ['90'] },
  { username: 'hatyai', name: 'วิชัย ใจดี', role: 'district_admin', org: 'hyh', scopes: ['9011'] },
  { username: 'boyang', name: 'อรุณี บ่อยาง', role: 'subdistrict_admin', org: 'rpst_boyang', scopes: ['900101'] },
  { username: 'sw.boyang', name: 'มาลี รักษ์ชุมชน', role: 'social_worker', org: 'rpst_boyang', scopes: ['900101'] },
  { username: 'sw.hatyai', name: 'ประเสริฐ ช่วยเหลือ', role: 'social_worker', org: 'hy_city', scopes: ['901101'] },
  { username: 'nurse.hatyai', name: 'กานดา พยาบาล', role: 'health_professional', org: 'hyh', scopes: ['9011'] },
  { username: 'osm.boyang', name: 'สมศรี อาสา', role: 'volunteer_osm', org: 'rpst_boyang', scopes: ['900101'] },
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
export async function seedDemo(db: Kysely<DB>, opts: { persons?: number; seed?: number } = {}): Promise<{ created: boolean }> {
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
    const total = opts.persons ?? 2000;
    const rows = [];
    for (let i = 0; i < total; i++) {
      const sex = f.helpers.weightedArrayElement([
        { weight: 48, value: 'male' as const },
        { weight: 52, value: 'female' as const },
      ]);
      const age = f.helpers.weightedArrayElement([
        { weight: 10, value: f.number.int({ min: 1, max: 17 }) },
        { weight: 30, value: f.number.int({ min: 18, max: 59 }) },
        { weight: 60, value: f.number.int({ min: 60, max: 99 }) },
      ]);
      const birth = f.date.birthdate({ mode: 'age', min: age, max: age, refDate: new Date('2026-11-01') });
      const title = age < 15 ? (sex === 'male' ? 'ด.ช.' : 'ด.ญ.') : sex === 'male' ? 'นาย' : f.helpers.arrayElement(['นาง', 'นางสาว']);
      rows.push({
        cid: f.datatype.boolean(0.95) ? demoCid(f) : null,
        title_th: title,
        first_name_th: f.person.firstName(sex),
        last_name_th: f.person.lastName(),
        birth_date: birth.toISOString().slice(0, 10),
        sex,
        area_code: f.helpers.arrayElement(subdistricts).code,
      });
    }
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('persons')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('cid').where('cid', 'is not', null).doNothing())
        .execute();
    }
  });
  return { created: true };
}
