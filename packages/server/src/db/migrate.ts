import { type Kysely, type Migration, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_registry.js';
import * as m0003 from './migrations/0003_fast_scope.js';
import * as m0004 from './migrations/0004_assessments.js';
import * as m0005 from './migrations/0005_visits.js';
import * as m0006 from './migrations/0006_referrals.js';
import * as m0007 from './migrations/0007_care_plans.js';
import * as m0008 from './migrations/0008_imports.js';
import * as m0009 from './migrations/0009_referral_records.js';
import * as m0010 from './migrations/0010_import_jobs.js';
import * as m0011 from './migrations/0011_dashboard.js';
import * as m0012 from './migrations/0012_indicators.js';
import * as m0013 from './migrations/0013_area_plans.js';
import * as m0014 from './migrations/0014_dashboard_scale.js';
import * as m0015 from './migrations/0015_person_name_key.js';
import * as m0016 from './migrations/0016_indicator_cache.js';
import * as m0017 from './migrations/0017_indicator_cache_recent.js';
import * as m0018 from './migrations/0018_vital_interest.js';
import * as m0019 from './migrations/0019_search_key.js';
import * as m0020 from './migrations/0020_task_owners.js';
import * as m0021 from './migrations/0021_notifications.js';
import * as m0022 from './migrations/0022_stipends_territories.js';
import * as m0023 from './migrations/0023_field_registrations.js';
import * as m0024 from './migrations/0024_area_boundaries.js';
import * as m0025 from './migrations/0025_visit_coverage.js';
import * as m0026 from './migrations/0026_tamper_proof_scope.js';
import * as m0027 from './migrations/0027_shared_caseload_events.js';
import * as m0028 from './migrations/0028_area_successors.js';
import type { DB } from './schema.js';

/** Migrations are listed here (not read from disk) so the compiled server carries them. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registry': m0002,
  '0003_fast_scope': m0003,
  '0004_assessments': m0004,
  '0005_visits': m0005,
  '0006_referrals': m0006,
  '0007_care_plans': m0007,
  '0008_imports': m0008,
  '0009_referral_records': m0009,
  '0010_import_jobs': m0010,
  '0011_dashboard': m0011,
  '0012_indicators': m0012,
  '0013_area_plans': m0013,
  '0014_dashboard_scale': m0014,
  '0015_person_name_key': m0015,
  '0016_indicator_cache': m0016,
  '0017_indicator_cache_recent': m0017,
  '0018_vital_interest': m0018,
  '0019_search_key': m0019,
  '0020_task_owners': m0020,
  '0021_notifications': m0021,
  '0022_stipends_territories': m0022,
  '0023_field_registrations': m0023,
  '0024_area_boundaries': m0024,
  '0025_visit_coverage': m0025,
  '0026_tamper_proof_scope': m0026,
  '0027_shared_caseload_events': m0027,
  '0028_area_successors': m0028,
};

export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
