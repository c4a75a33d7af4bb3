import { BARTHEL } from './barthel.js';
import { MINI_COG, TMSE } from './cognition.js';
import { Q2, Q8, Q9 } from './depression.js';
import { INHOMESSS } from './inhomesss.js';
import { LTC_GROUP } from './ltc.js';
import { InstrumentDefinition } from './schema.js';
import { SOCIAL_NEEDS } from './social-needs.js';
import { WHOQOL_BREF_THAI } from './whoqol.js';
import { ZARIT12 } from './zarit.js';

export * from './engine.js';
export * from './fhir.js';
export * from './schema.js';

/** The starting set, validated by the same schema an admin's new tool must pass. */
export const STANDARD_INSTRUMENTS: InstrumentDefinition[] = [
  BARTHEL,
  Q2,
  Q9,
  Q8,
  LTC_GROUP,
  ZARIT12,
  WHOQOL_BREF_THAI,
  INHOMESSS,
  MINI_COG,
  TMSE,
  SOCIAL_NEEDS,
].map((d) => InstrumentDefinition.parse(d));
