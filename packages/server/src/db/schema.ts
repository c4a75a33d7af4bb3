import type { ColumnType, Generated } from 'kysely';

/** Kysely table types; the SQL in ./migrations is the source of truth. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export interface AreasTable {
  code: string;
  level: 'province' | 'district' | 'subdistrict' | 'village';
  name_th: string;
  name_en: string;
  parent_code: string | null;
  health_region: number | null;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  type: string;
  area_code: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  organisation_id: string;
  area_code: string;
  scopes: string[];
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  last_sign_in_at: Date | null;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  at: CreatedAt;
  username: string;
  ip: string;
  success: boolean;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  area_code: string | null;
  ip: string | null;
  purpose: string | null;
  details: ColumnType<unknown, string | undefined, never>;
}

export interface PersonsTable {
  id: Generated<string>;
  cid: string | null;
  title_th: string | null;
  first_name_th: string;
  last_name_th: string;
  birth_date: string | null;
  sex: 'male' | 'female' | 'unknown';
  area_code: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
}

export interface DB {
  areas: AreasTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  persons: PersonsTable;
}
