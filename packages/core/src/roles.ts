import { inScope } from './areas.js';

/** Roles, what each may do, and organisation types (DESIGN.md §4). */
export const ROLES = [
  'system_admin',
  'province_admin',
  'district_admin',
  'subdistrict_admin',
  'data_steward',
  'social_worker',
  'health_professional',
  'volunteer_osm',
  'volunteer_opm',
  'caregiver',
  'analyst',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { th: string; en: string }> = {
  system_admin: { th: 'ผู้ดูแลระบบ', en: 'System administrator' },
  province_admin: { th: 'ผู้ดูแลระดับจังหวัด', en: 'Province administrator' },
  district_admin: { th: 'ผู้ดูแลระดับอำเภอ', en: 'District administrator' },
  subdistrict_admin: { th: 'ผู้ดูแลระดับตำบล', en: 'Subdistrict administrator' },
  data_steward: { th: 'ผู้ดูแลข้อมูลหน่วยงาน', en: 'Data steward' },
  social_worker: { th: 'นักสังคมสงเคราะห์', en: 'Social worker' },
  health_professional: { th: 'บุคลากรสาธารณสุข', en: 'Health professional' },
  volunteer_osm: { th: 'อาสาสมัครสาธารณสุข (อสม.)', en: 'Village health volunteer (OSM)' },
  volunteer_opm: { th: 'อาสาสมัครพัฒนาสังคม (อพม.)', en: 'Social development volunteer (OPM)' },
  caregiver: { th: 'ผู้ดูแล (CG)', en: 'Caregiver (CG)' },
  analyst: { th: 'นักวิเคราะห์ข้อมูล', en: 'Analyst' },
};

/** Higher rank may manage users of strictly lower rank (within its own area scope). */
export const ROLE_RANK: Record<Role, number> = {
  system_admin: 100,
  province_admin: 80,
  district_admin: 70,
  subdistrict_admin: 60,
  data_steward: 40,
  social_worker: 30,
  health_professional: 30,
  analyst: 20,
  volunteer_osm: 10,
  volunteer_opm: 10,
  caregiver: 10,
};

export const PERMISSIONS = [
  'persons.read',
  'persons.write',
  'persons.export',
  'users.manage',
  'organisations.manage',
  'audit.read',
  'instruments.manage',
  'visits.record',
  'visits.review',
  'caseload.manage',
  'imports.manage',
  'dashboard.read',
  'areaplans.read',
  'areaplans.manage',
  'indicators.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Supervising home visits: assigning caseloads and reviewing visits (area admins, nurses, รพ.สต. officers). */
const SUPERVISE: Permission[] = ['visits.record', 'visits.review', 'caseload.manage'];
/**
 * Area dashboards give counts, never names: whoever may read an area's persons may read its counts,
 * and analysts (who read no person) may read counts only. Volunteers and caregivers do not: they see
 * their caseload only, and an area's counts would tell them about everyone else in it.
 */
const DASHBOARD: Permission[] = ['dashboard.read'];
/** The subdistrict quality-of-life plan: area admins write it for their areas; social workers read it. Counts only, no names. */
const AREA_PLANS: Permission[] = ['areaplans.read', 'areaplans.manage'];
/**
 * Downloading a list of persons, visits or referrals as a file: staff who work a whole area. Volunteers
 * and caregivers read their caseload on their phone (kept offline by the app) but take no personal
 * records away in spreadsheets, which leave the app's scoping and audit behind.
 */
const EXPORT: Permission[] = ['persons.export'];
const ADMIN: Permission[] = [
  'persons.read',
  'persons.write',
  ...EXPORT,
  'users.manage',
  'organisations.manage',
  'audit.read',
  ...SUPERVISE,
  ...DASHBOARD,
  ...AREA_PLANS,
];
/**
 * Instruments are shared by the whole platform, so only platform and province admins publish them; the same
 * holds for the targets of the quality-of-life indicators.
 */
const TOP_ADMIN: Permission[] = [...ADMIN, 'instruments.manage', 'imports.manage', 'indicators.manage'];
const STAFF: Permission[] = ['persons.read', 'persons.write', 'visits.record'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: TOP_ADMIN,
  province_admin: TOP_ADMIN,
  district_admin: ADMIN,
  subdistrict_admin: ADMIN,
  data_steward: ['persons.read', 'persons.write', ...EXPORT, 'audit.read', 'imports.manage', ...DASHBOARD],
  social_worker: [...STAFF, ...EXPORT, ...DASHBOARD, 'areaplans.read'],
  health_professional: [...STAFF, ...EXPORT, ...SUPERVISE, ...DASHBOARD],
  volunteer_osm: STAFF,
  volunteer_opm: STAFF,
  caregiver: ['persons.read', 'visits.record'],
  analyst: DASHBOARD,
};

/** Roles that see only the persons assigned to them (their caseload), not their whole area. */
export const CASELOAD_ROLES: readonly Role[] = ['volunteer_osm', 'volunteer_opm', 'caregiver'];

/** Area administrators: they decide for every person in their areas, sharing included. */
export const AREA_ADMIN_ROLES: readonly Role[] = ['system_admin', 'province_admin', 'district_admin', 'subdistrict_admin'];

/** Who is asking to share: their role, their areas and their organisation's area. */
export interface Sharer {
  role: Role;
  scopes: readonly string[];
  organisationArea: string;
}

/**
 * Sharing follows ownership (issue 18, H2). A person belongs to their area: the owning organisations
 * are those whose area contains the person's. A user of an owning organisation who reaches the person
 * through their own areas (not through a share or a referral), or an area administrator whose areas
 * cover the person, decides who else sees them; a volunteer or caregiver does not. The server enforces
 * this; the web app uses it to offer the buttons only to those who may.
 */
export function mayShare(user: Sharer, personArea: string): 'yes' | 'not_owner' {
  const byArea = inScope(personArea, user.scopes);
  const owner = byArea && inScope(personArea, [user.organisationArea]) && !CASELOAD_ROLES.includes(user.role);
  const admin = byArea && AREA_ADMIN_ROLES.includes(user.role);
  return owner || admin ? 'yes' : 'not_owner';
}

/** A receiver that is not an owner never grants itself the person (it would keep them after a referral closes). */
export function isSelfGrant(user: Sharer & { organisationId: string }, personArea: string, targetOrganisationId: string): boolean {
  return targetOrganisationId === user.organisationId && !inScope(personArea, [user.organisationArea]);
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function canManageRole(actor: Role, target: Role): boolean {
  return actor === 'system_admin' || ROLE_RANK[actor] > ROLE_RANK[target];
}

export const ORGANISATION_TYPES = [
  'hospital',
  'health_promoting_hospital',
  'provincial_social_development_office',
  'provincial_health_office',
  'nhso',
  'provincial_administrative_organisation',
  'local_government',
  'foundation',
  'disability_service_centre',
  'community_wellbeing_centre',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, { th: string; en: string }> = {
  hospital: { th: 'โรงพยาบาล', en: 'Hospital' },
  health_promoting_hospital: { th: 'โรงพยาบาลส่งเสริมสุขภาพตำบล (รพ.สต.)', en: 'Subdistrict health promoting hospital' },
  provincial_social_development_office: {
    th: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด (พมจ.)',
    en: 'Provincial social development and human security office',
  },
  provincial_health_office: { th: 'สำนักงานสาธารณสุขจังหวัด (สสจ.)', en: 'Provincial health office' },
  nhso: { th: 'สำนักงานหลักประกันสุขภาพแห่งชาติ (สปสช.)', en: 'National Health Security Office (NHSO)' },
  provincial_administrative_organisation: {
    th: 'องค์การบริหารส่วนจังหวัด (อบจ.)',
    en: 'Provincial administrative organisation',
  },
  local_government: { th: 'องค์กรปกครองส่วนท้องถิ่น (อปท.)', en: 'Local government' },
  foundation: { th: 'มูลนิธิ', en: 'Foundation' },
  disability_service_centre: { th: 'ศูนย์บริการคนพิการ', en: 'Disability service centre' },
  community_wellbeing_centre: { th: 'ศูนย์สร้างสุขชุมชน', en: 'Community wellbeing centre' },
  other: { th: 'อื่น ๆ', en: 'Other' },
};
