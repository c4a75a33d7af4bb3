import { BARTHEL } from './barthel.js';
import { Q2, Q8, Q9 } from './depression.js';
import { InstrumentDefinition } from './schema.js';

export * from './engine.js';
export * from './schema.js';

/** The starting set, validated by the same schema an admin's new tool must pass. */
export const STANDARD_INSTRUMENTS: InstrumentDefinition[] = [BARTHEL, Q2, Q9, Q8].map((d) => InstrumentDefinition.parse(d));
