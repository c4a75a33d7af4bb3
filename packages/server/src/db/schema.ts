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

/** An old subdistrict code and the one that replaced it (migration 0028). */
export interface AreaSuccessorsTable {
  old_code: string;
  old_name_th: string;
  new_code: string;
  source: 'geography' | 'admin';
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
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
  cid_missing_reason: string | null;
  other_document: string | null;
  first_name_en: string | null;
  last_name_en: string | null;
  birth_precision: Generated<'day' | 'month' | 'year'>;
  status: Generated<'alive' | 'deceased' | 'moved_out'>;
  status_date: string | null;
  house_no: string | null;
  village_no: number | null;
  address_text: string | null;
  gps_lat: number | null;
  gps_lng: number | null;
  phones: Generated<string[]>;
  name_key: Generated<string>;
  sort_key: Generated<string>;
  flags: Generated<string[]>;
  disability_types: Generated<number[]>;
  gaps: Generated<string[]>;
  adl_group: 'social' | 'homebound' | 'bedridden' | null;
  adl_source: string | null;
}

interface Sourced {
  source: Generated<string>;
  source_ref: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface PersonVulnerabilitiesTable extends Sourced {
  id: Generated<string>;
  person_id: string;
  kind: string;
  disability_types: number[] | null;
  card_number: string | null;
  card_issued: string | null;
  card_expiry: string | null;
  condition: string | null;
  note: string | null;
  since: string | null;
  ended_at: Date | null;
}

export interface PersonEntitlementsTable extends Sourced {
  id: Generated<string>;
  person_id: string;
  kind: string;
  detail: string | null;
  status: string;
  start_date: string | null;
  end_date: string | null;
}

export interface HouseholdMembersTable {
  id: Generated<string>;
  person_id: string;
  name: string;
  relation: string;
  is_main_caregiver: boolean;
  phone: string | null;
  lives_with: boolean;
  recorded_by: string | null;
  recorded_at: CreatedAt;
  removed_at: Date | null;
}

export interface ConsentsTable {
  id: Generated<string>;
  person_id: string;
  purpose: string;
  given_by: string;
  guardian_name: string | null;
  method: string;
  given_at: string;
  withdrawn_at: Date | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface FieldProvenanceTable {
  id: Generated<number>;
  person_id: string;
  field: string;
  value: ColumnType<unknown, string, never>;
  source: string;
  source_ref: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface PersonSharesTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string;
  purpose: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface InstrumentsTable {
  code: string;
  version: number;
  /** JSON of an InstrumentDefinition; the driver returns it parsed. */
  definition: ColumnType<unknown, string, never>;
  published_by: string | null;
  published_at: CreatedAt;
}

export interface AssessmentsTable {
  id: Generated<string>;
  person_id: string;
  instrument_code: string;
  instrument_version: number;
  status: 'draft' | 'signed';
  answers: ColumnType<Record<string, unknown>, string, string>;
  scores: ColumnType<Record<string, number>, string, string>;
  bands: ColumnType<Array<{ score: string; code: string; severity: string }>, string, string>;
  needs: Generated<string[]>;
  place: string;
  gps_lat: number | null;
  gps_lng: number | null;
  performed_at: Timestamp;
  recorded_by: string;
  organisation_id: string | null;
  signed_at: Date | null;
  replaces: string | null;
  visit_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TasksTable {
  id: Generated<string>;
  person_id: string;
  kind: string;
  severity: 'warning' | 'urgent';
  action: 'notify' | 'propose_referral';
  /** Updated when the same rule raises the task again (migration 0020). */
  message: ColumnType<{ th: string; en: string }, string, string>;
  source_id: string | null;
  team: string[];
  status: Generated<'open' | 'done' | 'dismissed'>;
  created_at: CreatedAt;
  closed_at: Date | null;
  closed_by: string | null;
  note: string | null;
  assigned_to: string | null;
  due_on: string | null;
  dedupe_key: string | null;
  proposed_organisation_id: string | null;
  /** The referral sent for this task; the task closes when it is accepted. */
  referral_id: Generated<string | null>;
  // Owners, due days, repeats and escalation (migration 0020).
  rule_key: Generated<string | null>;
  team_organisation_id: Generated<string | null>;
  source_type: Generated<'assessment' | 'visit' | 'referral' | null>;
  seen_count: Generated<number>;
  last_seen_at: Generated<Date>;
  close_reason: Generated<string | null>;
  assigned_at: Generated<Date | null>;
  assigned_by: Generated<string | null>;
  escalated_at: Generated<Date | null>;
  escalated_to: Generated<string | null>;
}

export interface CaseloadAssignmentsTable {
  id: Generated<string>;
  person_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: CreatedAt;
  ended_at: Date | null;
  ended_by: string | null;
  /** The bulk act that made or ended this assignment (migration 0022). */
  operation_id: Generated<string | null>;
  ended_operation_id: Generated<string | null>;
}

export interface VisitsTable {
  id: string;
  person_id: string;
  visited_at: Timestamp;
  gps_lat: number | null;
  gps_lng: number | null;
  gps_accuracy: number | null;
  present: string[];
  vitals: ColumnType<Record<string, number>, string, never>;
  needs: ColumnType<Array<{ code: string; note?: string }>, string, never>;
  help: ColumnType<Array<{ code: string; note?: string }>, string, never>;
  alarms: ColumnType<Array<{ code: string; severity: 'warning' | 'urgent'; message: { th: string; en: string } }>, string, never>;
  note: string | null;
  next_visit_on: string;
  assessment_ids: string[];
  photo_count: number;
  recorded_by: string;
  organisation_id: string | null;
  received_at: CreatedAt;
  replaces: string | null;
  review_status: Generated<'pending' | 'approved' | 'returned'>;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export interface VisitPhotosTable {
  id: Generated<string>;
  visit_id: string;
  person_id: string;
  position: number;
  data_url: string;
}

export interface ReferralsTable {
  id: Generated<string>;
  person_id: string;
  from_organisation_id: string;
  from_user_id: string;
  to_organisation_id: string;
  urgency: 'emergency' | 'urgent' | 'routine';
  reason: string;
  note: string | null;
  assessment_ids: Generated<string[]>;
  state: Generated<'sent' | 'accepted' | 'declined' | 'in_progress' | 'completed' | 'cancelled'>;
  sent_at: CreatedAt;
  answered_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  close_reason: string | null;
  /** consent, or vital_interest: sent without consent to prevent a danger to life (PDPA s. 24(2), 26(1)(a)), with a stated reason. */
  legal_basis: Generated<'consent' | 'vital_interest'>;
  basis_reason: Generated<string | null>;
}

export interface ReferralEventsTable {
  id: Generated<number>;
  referral_id: string;
  person_id: string;
  at: CreatedAt;
  actor_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
}

export interface CarePlansTable {
  id: Generated<string>;
  person_id: string;
  version: number;
  body: ColumnType<unknown, string, never>;
  change_note: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface CarePlanAgreementsTable {
  id: Generated<string>;
  person_id: string;
  plan_id: string;
  agreed_by: 'self' | 'guardian' | 'caregiver' | 'relative';
  agreed_by_name: string;
  method: 'signature' | 'thumbprint' | 'verbal';
  agreed_on: ColumnType<string, string, never>;
  note: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CaseTeamMembersTable {
  id: Generated<string>;
  person_id: string;
  role: string;
  user_id: string | null;
  name: string | null;
  organisation_id: string | null;
  phone: string | null;
  added_by: string;
  added_at: CreatedAt;
  removed_at: Date | null;
  removed_by: string | null;
}

export interface CaseConferencesTable {
  id: Generated<string>;
  person_id: string;
  held_on: ColumnType<string, string, never>;
  place: string | null;
  attendees: ColumnType<Array<{ name: string; role: string; organisation?: string }>, string, never>;
  summary: string | null;
  decisions: ColumnType<Array<{ text: string; activityId?: string }>, string, never>;
  plan_version: number | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface ImportSourcesTable {
  code: string;
  name: string;
  organisation_id: string;
  mapping: ColumnType<unknown, string | null, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ImportBatchesTable {
  id: Generated<string>;
  source_code: string;
  organisation_id: string;
  file_name: string;
  file_sha256: string;
  headers: Generated<string[]>;
  uploaded_by: string | null;
  started_at: CreatedAt;
  finished_at: Date | null;
  status: Generated<'running' | 'done' | 'failed' | 'rolled_back'>;
  total: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  unchanged: Generated<number>;
  linked: Generated<number>;
  created: Generated<number>;
  review: Generated<number>;
  error: string | null;
  rolled_back_at: Date | null;
  rolled_back_by: string | null;
  progress: ColumnType<ImportProgress, string | undefined, string>;
  heartbeat_at: Generated<Date>;
}

/** How far a running import is: the file's rows read and stored, then the rows left to match, matched. */
export interface ImportProgress {
  phase?: 'counting' | 'reading' | 'matching' | 'done';
  read?: number;
  toMatch?: number;
  matched?: number;
}

/** A registry person a row in review may be: the match probability and each field's agreement level. */
export interface ImportCandidate {
  personId: string;
  probability: number;
  evidence: Record<string, number>;
  /**
   * Why the pair went to a reviewer when the score alone would not have sent it: the row's valid national
   * ID and this person's are one digit apart ('cid_one_digit') or have two adjacent digits swapped
   * ('cid_transposed'), at `position` (the first digit that differs, from 1), all else agreeing.
   */
  reason?: { code: 'cid_one_digit' | 'cid_transposed'; position: number };
}

export interface SourceRecordsTable {
  id: Generated<string>;
  source_code: string;
  organisation_id: string;
  record_key: string;
  first_batch_id: string;
  batch_id: string;
  row_number: number;
  row_hash: string;
  raw: ColumnType<Record<string, string>, string, string>;
  /** 'pending' only while its import runs: read and stored, not yet matched. */
  status: 'linked' | 'new' | 'review' | 'rejected' | 'pending';
  reasons: ColumnType<Array<{ path: string; message_th: string; message_en: string }>, string | undefined, string>;
  person_id: string | null;
  match_score: number | null;
  area_code: string | null;
  candidates: ColumnType<ImportCandidate[], string | undefined, string>;
  decided_by: string | null;
  decided_at: Date | null;
  previous: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

/** A person registered on a volunteer's phone, created at once or waiting for a duplicate review (migration 0023). */
export interface PersonRegistrationsTable {
  id: string;
  submitted_by: string;
  organisation_id: string | null;
  area_code: string;
  input: unknown;
  name: string;
  candidates: Generated<unknown>;
  status: 'review' | 'created' | 'linked' | 'rejected';
  person_id: string | null;
  submitted_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

export interface DB {
  areas: AreasTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  persons: PersonsTable;
  person_vulnerabilities: PersonVulnerabilitiesTable;
  person_entitlements: PersonEntitlementsTable;
  household_members: HouseholdMembersTable;
  consents: ConsentsTable;
  field_provenance: FieldProvenanceTable;
  person_shares: PersonSharesTable;
  instruments: InstrumentsTable;
  assessments: AssessmentsTable;
  tasks: TasksTable;
  caseload_assignments: CaseloadAssignmentsTable;
  person_registrations: PersonRegistrationsTable;
  visits: VisitsTable;
  visit_photos: VisitPhotosTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  care_plans: CarePlansTable;
  care_plan_agreements: CarePlanAgreementsTable;
  case_team_members: CaseTeamMembersTable;
  case_conferences: CaseConferencesTable;
  import_sources: ImportSourcesTable;
  import_batches: ImportBatchesTable;
  source_records: SourceRecordsTable;
  area_successors: AreaSuccessorsTable;
  dashboard_help_needs: DashboardHelpNeedsTable;
  rollup_state: RollupStateTable;
  dashboard_persons: DashboardPersonsView;
  dashboard_visits: DashboardVisitsView;
  dashboard_needs: DashboardNeedsView;
  dashboard_referrals: DashboardReferralsView;
  dashboard_tasks: DashboardTasksView;
  area_plans: AreaPlansTable;
  area_plan_projects: AreaPlanProjectsTable;
  area_plan_project_updates: AreaPlanProjectUpdatesTable;
  indicator_cache: IndicatorCacheTable;
  indicator_cache_gen: IndicatorCacheGenTable;
  volunteer_territories: VolunteerTerritoriesTable;
  caseload_operations: CaseloadOperationsTable;
  stipend_targets: StipendTargetsTable;
  stipend_signoffs: StipendSignoffsTable;
}

// Dashboard rollups (migration 0011). The app role reads the dashboard_* views (its scope only);
// the rollup_* materialized views are refreshed by the server as the owner.
export interface DashboardHelpNeedsTable {
  help_code: string;
  need_code: string;
}

export interface RollupStateTable {
  name: string;
  as_of: string | null;
  refreshed_at: Date | null;
  duration_ms: number | null;
}

export interface DashboardPersonsView {
  area_code: string;
  village_no: number;
  dim: string;
  key: string;
  n: number;
}

export interface DashboardVisitsView {
  area_code: string;
  village_no: number;
  month: string;
  visits: number;
  persons: number;
}

export interface DashboardNeedsView {
  area_code: string;
  village_no: number;
  month: string;
  category: string;
  found: number;
  met: number;
}

export interface DashboardReferralsView {
  area_code: string;
  village_no: number;
  state: 'sent' | 'accepted' | 'in_progress';
  urgency: 'emergency' | 'urgent' | 'routine';
  sent_at: Date;
  n: number;
}

export interface DashboardTasksView {
  area_code: string;
  village_no: number;
  severity: 'warning' | 'urgent';
  due_on: string;
  n: number;
}

// Subdistrict quality-of-life plans (migration 0013). fiscal_year is in the Buddhist era; budget is
// numeric, which the driver returns as a string.
export interface AreaPlansTable {
  id: Generated<string>;
  area_code: string;
  fiscal_year: number;
  title: string;
  notes: string | null;
  status: Generated<'draft' | 'approved' | 'closed'>;
  needs: ColumnType<unknown, string, string>;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_by: string;
  updated_at: Timestamp;
  approved_by: string | null;
  approved_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
}

export interface AreaPlanProjectsTable {
  id: Generated<string>;
  plan_id: string;
  position: number;
  title: string;
  description: string | null;
  need_categories: Generated<string[]>;
  target_persons: number;
  budget: ColumnType<string | null, number | string | null, number | string | null>;
  funding_source: string | null;
  organisation_id: string | null;
  start_on: string | null;
  end_on: string | null;
  status: Generated<'planned' | 'in_progress' | 'done' | 'cancelled'>;
  created_by: string;
  created_at: CreatedAt;
  updated_by: string;
  updated_at: Timestamp;
}

export interface AreaPlanProjectUpdatesTable {
  id: Generated<string>;
  plan_id: string;
  project_id: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  changed_by: string;
  changed_at: CreatedAt;
}

// Cached closed months of the quality-of-life indicators (migration 0016): per indicator, definition
// hash, month and registered area, the villages' numerators and denominators as parallel arrays.
export interface IndicatorCacheTable {
  code: string;
  hash: string;
  month: string;
  area_code: string;
  horizon: Date;
  village_no: number[];
  num: number[];
  den: number[];
  computed_at: Generated<Date>;
}

export interface IndicatorCacheGenTable {
  area_code: string;
  gen: Generated<string>;
}

// Village territories, bulk caseload operations and the monthly stipend (migration 0022).
export interface VolunteerTerritoriesTable {
  id: Generated<string>;
  user_id: string;
  area_code: string;
  village_no: number;
  assigned_by: string | null;
  assigned_at: CreatedAt;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface CaseloadOperationsTable {
  id: Generated<string>;
  kind: 'assign_village' | 'assign_territories' | 'transfer' | 'undo';
  area_code: string;
  params: ColumnType<Record<string, unknown>, string, never>;
  counts: ColumnType<Record<string, number>, string, never>;
  done_by: string;
  done_at: CreatedAt;
  undo_of: string | null;
  undone_by_operation: string | null;
}

export interface StipendTargetsTable {
  user_id: string;
  area_code: string;
  month: string;
  target_visits: number;
  set_by: string;
  set_at: Timestamp;
}

export interface StipendSignoffsTable {
  id: Generated<string>;
  area_code: string;
  month: string;
  fund: string;
  amount_baht: number;
  rows: ColumnType<unknown, string, never>;
  eligible: number;
  total_baht: number;
  signed_by: string;
  signed_by_name: string;
  signed_at: CreatedAt;
  reopened_by: string | null;
  reopened_at: Date | null;
  reopen_reason: string | null;
}
