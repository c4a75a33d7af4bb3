import { type Kysely, sql } from 'kysely';

/**
 * The indicator cache (0016) keeps the running and provisional months too. Their values move with
 * the clock (a month "so far", a referral that becomes late), so such a row is used only while it is
 * young (modules/indicators cache.ts: RECENT_MINUTES); 0016's triggers drop it at once when a write
 * touches its area and month, as they do for closed months. A row computed after its horizon is a
 * closed month's and never ages. A reader replaces an aged row, hence UPDATE (under the same policy).
 * Measured at 50,000 persons and 1,000,000 visits: all six indicators for the province took 8.1 s
 * with only the closed months cached, the running month being computed from the raw rows every time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`GRANT UPDATE ON indicator_cache TO carehub_app`.execute(db);
}
