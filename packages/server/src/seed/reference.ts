import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ensureInstruments } from '../modules/assessments/service.js';
import { ensureGeography } from './geography.js';

/** What every installation needs before its first user: the geography and the shipped instruments. */
export async function ensureReferenceData(db: Kysely<DB>): Promise<{ areas: number; instruments: number }> {
  const areas = await ensureGeography(db);
  const instruments = await ensureInstruments(db);
  return { areas, instruments };
}
