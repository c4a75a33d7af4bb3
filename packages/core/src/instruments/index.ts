import { BARTHEL_VERSIONS } from './barthel.js';
import { MINI_COG, TMSE_VERSIONS } from './cognition.js';
import { COMMUNITY_VERSIONS } from './community/index.js';
import { Q2_VERSIONS, Q8_VERSIONS, Q9_VERSIONS } from './depression.js';
import { INHOMESSS } from './inhomesss.js';
import { LTC_VERSIONS } from './ltc.js';
import { InstrumentDefinition } from './schema.js';
import { SOCIAL_NEEDS } from './social-needs.js';
import { WHOQOL_VERSIONS } from './whoqol.js';
import { ZARIT_VERSIONS } from './zarit.js';

export * from './engine.js';
export * from './fhir.js';
export * from './recall.js';
export * from './schema.js';

/**
 * Every version the project has shipped, oldest first. A published version never changes: a changed
 * rule is a new version, and the old one stays here so that responses made with it render and score
 * as they were asked, and so that a safety recall can compare the two.
 */
export const PUBLISHED_VERSIONS: InstrumentDefinition[] = [
  ...BARTHEL_VERSIONS,
  ...Q2_VERSIONS,
  ...Q9_VERSIONS,
  ...Q8_VERSIONS,
  ...LTC_VERSIONS,
  ...ZARIT_VERSIONS,
  ...WHOQOL_VERSIONS,
  INHOMESSS,
  MINI_COG,
  ...TMSE_VERSIONS,
  SOCIAL_NEEDS,
  ...COMMUNITY_VERSIONS,
].map((d) => InstrumentDefinition.parse(d));

/** The newest version of each shipped instrument, validated by the same schema an admin's new tool must pass. */
export const STANDARD_INSTRUMENTS: InstrumentDefinition[] = PUBLISHED_VERSIONS.filter(
  (d) => !PUBLISHED_VERSIONS.some((x) => x.code === d.code && x.version > d.version),
);
