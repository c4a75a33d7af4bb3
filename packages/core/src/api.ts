/** Zod schemas of the JSON API, shared by the server (validation, OpenAPI) and the web app. */
import { z } from 'zod';
import { COUNTRY_SCOPE, isAreaCode } from './areas.js';
import { isValidCid, normaliseCid } from './cid.js';
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

export const Password = z.string().min(10, { message: 'auth.password_weak' }).max(256);
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

export const UserCreate = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  organisationId: z.string().uuid(),
  scopes: ScopeList,
  password: Password,
});

export const UserUpdate = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    organisationId: z.string().uuid(),
    scopes: ScopeList,
    active: z.boolean(),
    password: Password,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'empty' });

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

export const PersonInput = z.object({
  cid: Cid.nullable().optional(),
  titleTh: z.string().trim().max(40).nullable().optional(),
  firstNameTh: z.string().trim().min(1).max(100),
  lastNameTh: z.string().trim().min(1).max(100),
  birthDate: z.iso.date().nullable().optional(),
  sex: z.enum(['male', 'female', 'unknown']),
  areaCode: AreaCode,
});

export const PersonUpdate = PersonInput.partial().extend({ version: z.number().int().min(1) });

export const PersonSummary = z.object({
  id: z.string().uuid(),
  cid: z.string().nullable(),
  titleTh: z.string().nullable(),
  firstNameTh: z.string(),
  lastNameTh: z.string(),
  birthDate: z.string().nullable(),
  sex: z.enum(['male', 'female', 'unknown']),
  areaCode: z.string(),
  areaName: z.string(),
});

export const Person = PersonSummary.extend({ version: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export type Person = z.infer<typeof Person>;

/** 1-1037-xxxxx-81-1: enough to tell two people apart in a list, not enough to misuse. */
export function maskCid(cid: string): string {
  return `${cid[0]}-${cid.slice(1, 5)}-xxxxx-${cid.slice(10, 12)}-${cid[12]}`;
}
