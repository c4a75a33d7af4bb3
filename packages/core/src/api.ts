/** Zod schemas of the JSON API, shared by the server (validation, OpenAPI) and the web app. */
import { z } from 'zod';
import { COUNTRY_SCOPE, isAreaCode } from './areas.js';
import { isValidCid, normaliseCid } from './cid.js';
import {
  ADL_GROUPS,
  CID_MISSING_REASONS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DISABILITY_TYPES,
  ENTITLEMENT_KINDS,
  ENTITLEMENT_STATUSES,
  GAP_CODES,
  PERSON_STATUSES,
  parsePartialDate,
  SEXES,
  SOURCES,
  VULNERABILITY_KINDS,
} from './person.js';
import { AnyIsoDate, birthDateProblem, PastIsoDate, ThaiGps } from './plausible.js';
import { ORGANISATION_TYPES, ROLES } from './roles.js';

export const AreaCode = z.string().refine(isAreaCode, { message: 'area.unknown' });
export const ScopeList = z.array(AreaCode).min(1).max(50);

export const ErrorResponse = z.object({
  code: z.string(),
  message_th: z.string(),
  message_en: z.string(),
  details: z.unknown().optional(),
});

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const Organisation = z.object({
  id: z.string().uuid(),
  name: z.string(),
  type: z.enum(ORGANISATION_TYPES),
  areaCode: z.string(),
  active: z.boolean(),
});
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationInput = z.object({
  name: z.string().trim().min(2).max(200),
  type: z.enum(ORGANISATION_TYPES),
  areaCode: AreaCode.refine((c) => c !== COUNTRY_SCOPE, { message: 'area.unknown' }),
  active: z.boolean().optional(),
});

/** A change to an organisation: only the fields sent. */
export const OrganisationUpdate = OrganisationInput.partial().refine((v) => Object.keys(v).length > 0, { message: 'empty' });

export const Me = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  organisation: Organisation,
  scopes: z.array(z.string()),
  permissions: z.array(z.string()),
  sessionExpiresAt: z.string(),
});
export type Me = z.infer<typeof Me>;

export type Session = z.infer<typeof Session>;
export const Session = z.object({
  id: z.string().uuid(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

/**
 * A password being set. Its strength is judged by the server (zxcvbn-ts, refusal `user.password_weak`
 * with Thai and English feedback), not by its length; only a sane maximum here.
 */
export const Password = z.string().min(1).max(256);
/** Changing one's own password needs the current one (issue 18, item 5). */
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(256), newPassword: Password });
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, { message: 'username' });

export const User = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().uuid(),
  organisationName: z.string(),
  scopes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

/**
 * An admin's confirmation that a user's scopes may lie outside their organisation's area, with the reason
 * (kept in the audit log).
 */
export const ScopeException = z.object({ reason: z.string().trim().min(10).max(500) });

export const UserCreate = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  organisationId: z.string().uuid(),
  scopes: ScopeList,
  password: Password,
  scopeException: ScopeException.optional(),
});

export const UserUpdate = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    organisationId: z.string().uuid(),
    scopes: ScopeList,
    active: z.boolean(),
    password: Password,
    /** Required with `password` when admins change their own password. */
    currentPassword: z.string().min(1).max(256),
    scopeException: ScopeException,
  })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'scopeException' && k !== 'currentPassword'), { message: 'empty' });

export const Area = z.object({
  code: z.string(),
  level: z.enum(['province', 'district', 'subdistrict', 'village']),
  nameTh: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  healthRegion: z.number().int().nullable(),
});
export type Area = z.infer<typeof Area>;

export const AuditEvent = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  areaCode: z.string().nullable(),
  ip: z.string().nullable(),
  purpose: z.string().nullable(),
  details: z.unknown(),
  /** The actor's display name, where the reader may see the user. */
  actorName: z.string().nullable(),
  /** The subject in words (a person's name, a user's or organisation's name), where the reader may see it. */
  subjectName: z.string().nullable(),
  /** Reads of lists summarised: how many times, from firstAt to at, by this actor in this hour. */
  count: z.number().int(),
  firstAt: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function paged<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const Cid = z
  .string()
  .transform((s) => normaliseCid(s))
  .refine((s) => isValidCid(s), { message: 'person.cid_invalid' });

/** A date of birth typed in either era, in full or in part (see parsePartialDate). */
export const PartialDateInput = z
  .string()
  .max(20)
  .transform((s, ctx) => {
    const d = parsePartialDate(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'date.invalid' });
      return z.NEVER;
    }
    // Not born tomorrow (Thai time) nor before 1900: a slip of the era or a digit (issue 18 item 8).
    const problem = birthDateProblem(d.iso);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return d;
  });

/** A real calendar day (yyyy-mm-dd) within 1900–2199; PastIsoDate where the day must have come. */
export const IsoDate = AnyIsoDate;
/** A point in Thailand (a home location): see THAILAND_BOUNDS. */
export const Gps = ThaiGps;
/** A stored point as the API returns it (not re-checked, so an older row never fails its answer). */
const GpsOut = z.object({ lat: z.number(), lng: z.number() });
export const Address = z.object({
  houseNo: z.string().trim().max(30).nullable().optional(),
  villageNo: z.number().int().min(1).max(99).nullable().optional(),
  text: z.string().trim().max(300).nullable().optional(),
});

const personFields = {
  cid: Cid.nullable().optional(),
  cidMissingReason: z.enum(CID_MISSING_REASONS).nullable().optional(),
  otherDocument: z.string().trim().max(60).nullable().optional(),
  titleTh: z.string().trim().max(40).nullable().optional(),
  firstNameTh: z.string().trim().min(1).max(100),
  lastNameTh: z.string().trim().min(1).max(100),
  firstNameEn: z.string().trim().max(100).nullable().optional(),
  lastNameEn: z.string().trim().max(100).nullable().optional(),
  birthDate: PartialDateInput.nullable().optional(),
  sex: z.enum(SEXES),
  status: z.enum(PERSON_STATUSES).optional(),
  statusDate: PastIsoDate.nullable().optional(),
  areaCode: AreaCode,
  address: Address.optional(),
  gps: Gps.nullable().optional(),
  phones: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[0-9+\-\s]{6,20}$/, { message: 'phone.invalid' }),
    )
    .max(5)
    .optional(),
};

function cidOrReason(v: { cid?: string | null; cidMissingReason?: string | null }, ctx: z.RefinementCtx) {
  if (!v.cid && !v.cidMissingReason) ctx.addIssue({ code: 'custom', path: ['cidMissingReason'], message: 'person.cid_or_reason' });
}

export const PersonInput = z.object({ ...personFields, confirmNotDuplicate: z.boolean().optional() }).superRefine(cidOrReason);
export type PersonInput = z.input<typeof PersonInput>;

export const PersonUpdate = z
  .object(personFields)
  .partial()
  .extend({ version: z.number().int().min(1) })
  .refine((v) => Object.keys(v).length > 1, { message: 'empty' });

const sourced = { source: z.enum(SOURCES), recordedAt: z.string(), recordedBy: z.string().nullable() };

export const Vulnerability = z.object({
  id: z.string().uuid(),
  kind: z.enum(VULNERABILITY_KINDS),
  disabilityTypes: z.array(z.number().int()).nullable(),
  cardNumber: z.string().nullable(),
  cardIssued: z.string().nullable(),
  cardExpiry: z.string().nullable(),
  condition: z.string().nullable(),
  note: z.string().nullable(),
  since: z.string().nullable(),
  endedAt: z.string().nullable(),
  ...sourced,
});
export const VulnerabilityInput = z
  .object({
    kind: z.enum(VULNERABILITY_KINDS),
    disabilityTypes: z.array(z.number().int().min(1).max(DISABILITY_TYPES.length)).min(1).max(7).optional(),
    cardNumber: z.string().trim().max(30).optional(),
    cardIssued: PastIsoDate.optional(),
    cardExpiry: IsoDate.optional(),
    condition: z.string().trim().max(100).optional(),
    note: z.string().trim().max(500).optional(),
    since: PastIsoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'disability' && !v.disabilityTypes?.length)
      ctx.addIssue({ code: 'custom', path: ['disabilityTypes'], message: 'disability.types_required' });
    if (v.kind === 'awaiting_rehabilitation' && !v.condition) ctx.addIssue({ code: 'custom', path: ['condition'], message: 'rehab.condition_required' });
    if (v.cardIssued && v.cardExpiry && v.cardExpiry < v.cardIssued) ctx.addIssue({ code: 'custom', path: ['cardExpiry'], message: 'date.order' });
  });

export const Entitlement = z.object({
  id: z.string().uuid(),
  kind: z.enum(ENTITLEMENT_KINDS),
  detail: z.string().nullable(),
  status: z.enum(ENTITLEMENT_STATUSES),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  ...sourced,
});
export const EntitlementInput = z.object({
  kind: z.enum(ENTITLEMENT_KINDS),
  /** The scheme (uc, civil_servant, …) for health_scheme; the device for assistive_device; free text otherwise. */
  detail: z.string().trim().max(100).nullable().optional(),
  status: z.enum(ENTITLEMENT_STATUSES),
  startDate: IsoDate.nullable().optional(),
  endDate: IsoDate.nullable().optional(),
});

export const HouseholdMember = z.object({
  id: z.string().uuid(),
  name: z.string(),
  relation: z.string(),
  isMainCaregiver: z.boolean(),
  phone: z.string().nullable(),
  livesWith: z.boolean(),
});
export const HouseholdMemberInput = z.object({
  name: z.string().trim().min(1).max(200),
  relation: z.string().trim().min(1).max(60),
  isMainCaregiver: z.boolean().default(false),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{6,20}$/, { message: 'phone.invalid' })
    .nullable()
    .optional(),
  livesWith: z.boolean().default(true),
});

export const Consent = z.object({
  id: z.string().uuid(),
  purpose: z.enum(CONSENT_PURPOSES),
  givenBy: z.enum(['self', 'guardian']),
  guardianName: z.string().nullable(),
  method: z.enum(CONSENT_METHODS),
  givenAt: z.string(),
  withdrawnAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
});
export const ConsentInput = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    givenBy: z.enum(['self', 'guardian']),
    guardianName: z.string().trim().max(200).nullable().optional(),
    method: z.enum(CONSENT_METHODS),
    givenAt: PastIsoDate,
  })
  .superRefine((v, ctx) => {
    if (v.givenBy === 'guardian' && !v.guardianName) ctx.addIssue({ code: 'custom', path: ['guardianName'], message: 'consent.guardian_required' });
  });

export const GapSchema = z.object({ code: z.enum(GAP_CODES), baht: z.number().optional() });

export const PersonSummary = z.object({
  id: z.string().uuid(),
  cid: z.string().nullable(),
  titleTh: z.string().nullable(),
  firstNameTh: z.string(),
  lastNameTh: z.string(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  sex: z.enum(SEXES),
  status: z.enum(PERSON_STATUSES),
  areaCode: z.string(),
  areaName: z.string(),
  flags: z.array(z.string()),
  adlGroup: z.enum(ADL_GROUPS).nullable(),
  gaps: z.array(z.enum(GAP_CODES)),
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const Person = PersonSummary.extend({
  cidMissingReason: z.enum(CID_MISSING_REASONS).nullable(),
  otherDocument: z.string().nullable(),
  firstNameEn: z.string().nullable(),
  lastNameEn: z.string().nullable(),
  statusDate: z.string().nullable(),
  address: z.object({ houseNo: z.string().nullable(), villageNo: z.number().nullable(), text: z.string().nullable() }),
  areaPath: z.string(),
  gps: GpsOut.nullable(),
  phones: z.array(z.string()),
  adlGroupSource: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  vulnerabilities: z.array(Vulnerability),
  entitlements: z.array(Entitlement),
  household: z.array(HouseholdMember),
  consents: z.array(Consent),
  gapDetails: z.array(GapSchema),
});
export type Person = z.infer<typeof Person>;

export const PersonSearch = Page.extend({
  q: z.string().trim().max(100).optional(),
  /** A province, district or subdistrict code, or a village: subdistrict + 2-digit village number. */
  area: z
    .string()
    .regex(/^\d{2}(\d{2}){0,3}$/)
    .optional(),
  vulnerability: z.enum([...VULNERABILITY_KINDS, 'elderly']).optional(),
  disabilityType: z.coerce.number().int().min(1).max(7).optional(),
  adlGroup: z.enum(ADL_GROUPS).optional(),
  gap: z.enum(GAP_CODES).optional(),
  status: z.enum(PERSON_STATUSES).optional(),
});

/**
 * A likely duplicate of a person about to be registered. Described (id, name, birth date, area, score)
 * only when the user may read that person (in their areas and, for a volunteer or caregiver, their
 * caseload); every other match is folded into one entry with `existsElsewhere: true` and nothing
 * else but the reason: "this person exists elsewhere, ask the owning organisation" (issue 18 item 9).
 */
export const DuplicateCandidate = z.object({
  id: z.string().uuid().nullable(),
  reason: z.enum(['same_cid', 'similar_name_and_birth']),
  existsElsewhere: z.boolean(),
  name: z.string().nullable(),
  birthDate: z.string().nullable(),
  areaName: z.string().nullable(),
  score: z.number().nullable(),
  /** On the `existsElsewhere` entry: what to do, in Thai and English (catalogue `person.exists_elsewhere`). */
  message_th: z.string().optional(),
  message_en: z.string().optional(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const ProvenanceEntry = z.object({
  field: z.string(),
  value: z.unknown(),
  source: z.enum(SOURCES),
  sourceRef: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
});

export const TimelineEntry = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  details: z.unknown(),
  /** Repeated reads by one user in one hour are one entry: how many, from firstAt to at. */
  count: z.number().int(),
  firstAt: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** 1-1037-xxxxx-81-1: enough to tell two people apart in a list, not enough to misuse. */
export function maskCid(cid: string): string {
  return `${cid[0]}-${cid.slice(1, 5)}-xxxxx-${cid.slice(10, 12)}-${cid[12]}`;
}
