import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { RecallResult } from '../modules/assessments/recall.js';
import { ensureInstruments } from '../modules/assessments/service.js';
import { ensureIndicators } from '../modules/indicators/service.js';
import { ensureGeography } from './geography.js';

/** What every installation needs before its first user: the geography, the shipped instruments and the starting indicators. */
export async function ensureReferenceData(
  db: Kysely<DB>,
): Promise<{ areas: number; instruments: { published: number; recalled: RecallResult[] }; indicators: number }> {
  const areas = await ensureGeography(db);
  const instruments = await ensureInstruments(db);
  const indicators = await ensureIndicators(db);
  return { areas, instruments, indicators };
}
