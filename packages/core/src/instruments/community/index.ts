import type { InstrumentInput } from '../schema.js';
import { BRADEN } from './braden.js';
import { CHULA_ADL } from './chula-adl.js';
import { ELDERLY_SCREENING } from './elderly-screening.js';
import { THAI_FRAT, TUG } from './falls.js';
import { MNA_SF } from './mna-sf.js';
import { PPS } from './pps.js';

export { BRADEN, CHULA_ADL, ELDERLY_SCREENING, MNA_SF, PPS, THAI_FRAT, TUG };

/**
 * Instruments Thai community teams use after the first set (issue 16, part 3): each version, oldest first.
 * TAI (Typology of Aged with Illustration) is not shipped: its classification rules could not be confirmed.
 */
export const COMMUNITY_VERSIONS: InstrumentInput[] = [ELDERLY_SCREENING, TUG, THAI_FRAT, BRADEN, MNA_SF, CHULA_ADL, PPS];
