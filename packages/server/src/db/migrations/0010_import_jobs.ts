import { type Kysely, sql } from 'kysely';

/**
 * Imports of any size run as background jobs. A row that neither a national ID nor an exact match
 * places is stored 'pending' while the file is read, then matched area by area; the batch keeps its
 * progress (and a heartbeat, so a job whose process died is told from one still working).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE source_records DROP CONSTRAINT source_records_status_check;
    ALTER TABLE source_records ADD CONSTRAINT source_records_status_check CHECK (status IN ('linked', 'new', 'review', 'rejected', 'pending'));
    CREATE INDEX source_records_pending ON source_records (batch_id, area_code) WHERE status = 'pending';
    ALTER TABLE import_batches ADD COLUMN progress jsonb NOT NULL DEFAULT '{}';
    ALTER TABLE import_batches ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now();
  `.execute(db);
}
