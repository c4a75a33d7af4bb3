/**
 * Quality-of-life indicators defined as data (issue 8, part 3), the pure part: the vocabulary a
 * definition may use, its validation, the starting set, and how a value, its target and its maturity
 * are worked out. No I/O: the server compiles a definition to parameterised SQL
 * (packages/server/src/modules/indicators/compile.ts); nobody types SQL.
 *
 * An indicator counts *units* of one subject per month (Thai time) and area:
 * - `person`: a person alive at the month's cut (its last day, or today for the running month),
 *   counted in the area they are registered in now;
 * - `need`: a need found on a home visit (one per person, need code and month; found at the first
 *   visit of the month that records it), counted in the person's area;
 * - `referral`: a referral sent in the month, counted in the referred person's area.
 * A `ratio` indicator counts the units meeting `denominator`, and of those the units also meeting
 * `numerator`. An `average` indicator averages a value (a change of an instrument score) over the
 * persons meeting `population` that have the value in the month.
 * Conditions are trees: `all` / `any` of conditions, `not`, and the named facts below, each read as
 * of the month's cut where the data keeps its history (see docs/ARCHITECTURE.md, "Quality-of-life
 * indicators").
 */
import { z } from 'zod';
import {
  ADL_GROUPS,
  type AdlGroup,
  ENTITLEMENT_KINDS,
  ENTITLEMENT_STATUSES,
  type EntitlementKind,
  type EntitlementStatus,
  SEXES,
  VULNERABILITY_KINDS,
  type VulnerabilityKind,
} from './person.js';
import { REFERRAL_RESPONSE_HOURS, REFERRAL_STATES, REFERRAL_URGENCIES, type ReferralState, type ReferralUrgency } from './referrals.js';
import { type Label, NEED_CATEGORIES, NEED_CODES } from './visits.js';

const LabelSchema = z.object({ th: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) });

export const INDICATOR_SUBJECTS = ['person', 'need', 'referral'] as const;
export type IndicatorSubject = (typeof INDICATOR_SUBJECTS)[number];
export const INDICATOR_UNITS = ['percent', 'points'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];
export const INDICATOR_DIRECTIONS = ['higher', 'lower'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/** The least Barthel ADL total of each group (see `adlGroupOf`): the SQL classifies past responses with these. */
export const ADL_GROUP_MIN: Readonly<Record<AdlGroup, number>> = { social: 12, homebound: 5, bedridden: 0 };

// ---------------------------------------------------------------------------------------------
// The vocabulary

/** Every condition of the list holds (true when empty). */
export interface AllOf<C> {
  op: 'all';
  of: C[];
}
/** At least one condition of the list holds (false when empty). */
export interface AnyOf<C> {
  op: 'any';
  of: C[];
}
export interface Not<C> {
  op: 'not';
  of: C;
}

/** Facts about a person, as of the month's cut. */
export type PersonCondition =
  | AllOf<PersonCondition>
  | AnyOf<PersonCondition>
  | Not<PersonCondition>
  /** A vulnerability of this kind that began (since, else card issue; with neither, always) by the cut and had not ended. */
  | { op: 'vulnerability'; kind: VulnerabilityKind }
  /** A disability record with a card number; `current`: and the card not expired at the cut. */
  | { op: 'disability_card'; current: boolean }
  /** Age in whole years at the cut (birth date known): at least `atLeast`, below `below`. */
  | { op: 'age'; atLeast?: number; below?: number }
  /** ADL group at the cut: the band of the latest signed, uncorrected Barthel response by then; the registry's group if the person has none at all. */
  | { op: 'adl_group'; groups: AdlGroup[] }
  /** An entitlement of this kind in one of these statuses, in force at the cut (start ≤ cut ≤ end, each when given). */
  | { op: 'entitlement'; kind: EntitlementKind; statuses: EntitlementStatus[] }
  /** At least one home visit (not returned) in the month, or in the `withinDays` days up to the cut. */
  | { op: 'visited'; withinDays?: number }
  /**
   * Due a home visit in the month, as the dashboard counts it (server modules/dashboard/coverage.ts):
   * unless the latest visit (not returned) before the month set a next visit after the month's end.
   * Caseloads play no part: a person on nobody's caseload is due.
   */
  | { op: 'visit_due' }
  | { op: 'sex'; values: Array<(typeof SEXES)[number]> };

/** Facts about a need found on a visit. */
export type NeedCondition =
  | AllOf<NeedCondition>
  | AnyOf<NeedCondition>
  | Not<NeedCondition>
  | { op: 'need_category'; categories: string[] }
  | { op: 'need_code'; codes: string[] }
  /** Help that answers the need (core HELP taxonomy) given at that visit or a later one within `withinDays` days. */
  | { op: 'need_met'; withinDays: number };

/** Facts about a referral. */
export type ReferralCondition =
  | AllOf<ReferralCondition>
  | AnyOf<ReferralCondition>
  | Not<ReferralCondition>
  | { op: 'urgency'; values: ReferralUrgency[] }
  /** Its state now. */
  | { op: 'state'; values: ReferralState[] }
  /** Accepted or declined within the response time of its urgency (REFERRAL_RESPONSE_HOURS). */
  | { op: 'answered_in_time' }
  /** Cancelled by the sender, unanswered, before its response deadline: nobody could answer it late. */
  | { op: 'withdrawn_before_due' }
  /** Completed, within `withinDays` days of being sent if given. */
  | { op: 'completed'; withinDays?: number };

/** The change of an instrument score over `months` months: latest response in the month minus the one nearest `months` earlier (± `toleranceMonths`). */
export interface ScoreChange {
  op: 'score_change';
  instrument: string;
  score: string;
  months: number;
  toleranceMonths: number;
}

export type IndicatorMeasure =
  | { kind: 'ratio'; subject: 'person'; denominator: PersonCondition; numerator: PersonCondition }
  | { kind: 'ratio'; subject: 'need'; denominator: NeedCondition; numerator: NeedCondition }
  | { kind: 'ratio'; subject: 'referral'; denominator: ReferralCondition; numerator: ReferralCondition }
  | { kind: 'average'; subject: 'person'; population: PersonCondition; value: ScoreChange };

const nonEmpty = <T extends z.ZodType>(t: T) => z.array(t).min(1).max(50);
const Days = z.number().int().min(0).max(3650);
const Years = z.number().int().min(0).max(150);
const logic = <C>(self: () => z.ZodType<C>) =>
  [
    z.object({ op: z.literal('all'), of: z.array(z.lazy(self)).max(20) }),
    z.object({ op: z.literal('any'), of: z.array(z.lazy(self)).max(20) }),
    z.object({ op: z.literal('not'), of: z.lazy(self) }),
  ] as const;

export const PersonConditionSchema: z.ZodType<PersonCondition> = z.lazy(() =>
  z.union([
    ...logic(() => PersonConditionSchema),
    z.object({ op: z.literal('vulnerability'), kind: z.enum(VULNERABILITY_KINDS) }),
    z.object({ op: z.literal('disability_card'), current: z.boolean() }),
    z
      .object({ op: z.literal('age'), atLeast: Years.optional(), below: Years.optional() })
      .refine((a) => a.atLeast !== undefined || a.below !== undefined, { message: 'age needs atLeast or below' }),
    z.object({ op: z.literal('adl_group'), groups: nonEmpty(z.enum(ADL_GROUPS)) }),
    z.object({ op: z.literal('entitlement'), kind: z.enum(ENTITLEMENT_KINDS), statuses: nonEmpty(z.enum(ENTITLEMENT_STATUSES)) }),
    z.object({ op: z.literal('visited'), withinDays: Days.min(1).optional() }),
    z.object({ op: z.literal('visit_due') }),
    z.object({ op: z.literal('sex'), values: nonEmpty(z.enum(SEXES)) }),
  ]),
) as z.ZodType<PersonCondition>;

const CATEGORY_CODES = NEED_CATEGORIES.map((c) => c.code as string) as [string, ...string[]];

export const NeedConditionSchema: z.ZodType<NeedCondition> = z.lazy(() =>
  z.union([
    ...logic(() => NeedConditionSchema),
    z.object({ op: z.literal('need_category'), categories: nonEmpty(z.enum(CATEGORY_CODES)) }),
    z.object({ op: z.literal('need_code'), codes: nonEmpty(z.enum(NEED_CODES)) }),
    z.object({ op: z.literal('need_met'), withinDays: Days.min(1) }),
  ]),
) as z.ZodType<NeedCondition>;

export const ReferralConditionSchema: z.ZodType<ReferralCondition> = z.lazy(() =>
  z.union([
    ...logic(() => ReferralConditionSchema),
    z.object({ op: z.literal('urgency'), values: nonEmpty(z.enum(REFERRAL_URGENCIES)) }),
    z.object({ op: z.literal('state'), values: nonEmpty(z.enum(REFERRAL_STATES)) }),
    z.object({ op: z.literal('answered_in_time') }),
    z.object({ op: z.literal('withdrawn_before_due') }),
    z.object({ op: z.literal('completed'), withinDays: Days.min(1).optional() }),
  ]),
) as z.ZodType<ReferralCondition>;

export const ScoreChangeSchema = z.object({
  op: z.literal('score_change'),
  instrument: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  score: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/),
  months: z.number().int().min(1).max(60),
  toleranceMonths: z.number().int().min(0).max(12),
});

export const IndicatorMeasureSchema = z.union([
  z.object({ kind: z.literal('ratio'), subject: z.literal('person'), denominator: PersonConditionSchema, numerator: PersonConditionSchema }),
  z.object({ kind: z.literal('ratio'), subject: z.literal('need'), denominator: NeedConditionSchema, numerator: NeedConditionSchema }),
  z.object({ kind: z.literal('ratio'), subject: z.literal('referral'), denominator: ReferralConditionSchema, numerator: ReferralConditionSchema }),
  z.object({ kind: z.literal('average'), subject: z.literal('person'), population: PersonConditionSchema, value: ScoreChangeSchema }),
]) as z.ZodType<IndicatorMeasure>;

type AnyCondition = PersonCondition | NeedCondition | ReferralCondition;

/** Every node of a condition tree, depth first, with its depth (the root is 1). */
export function conditionNodes(c: AnyCondition, depth = 1): Array<{ node: AnyCondition; depth: number }> {
  const out: Array<{ node: AnyCondition; depth: number }> = [{ node: c, depth }];
  if (c.op === 'all' || c.op === 'any') for (const x of c.of as AnyCondition[]) out.push(...conditionNodes(x, depth + 1));
  else if (c.op === 'not') out.push(...conditionNodes(c.of as AnyCondition, depth + 1));
  return out;
}

export const MAX_CONDITION_NODES = 60;
export const MAX_CONDITION_DEPTH = 8;

function measureConditions(m: IndicatorMeasure): AnyCondition[] {
  return m.kind === 'average' ? [m.population] : [m.denominator, m.numerator];
}

export const INDICATOR_CODE = /^[a-z][a-z0-9_]{2,47}$/;

export const IndicatorDefinition = z
  .object({
    code: z.string().regex(INDICATOR_CODE),
    name: LabelSchema,
    description: LabelSchema,
    unit: z.enum(INDICATOR_UNITS),
    direction: z.enum(INDICATOR_DIRECTIONS),
    period: z.literal('month'),
    /** The value aimed at (percent or points); null when none is set. */
    target: z.number().min(-1000).max(1000).nullable(),
    measure: IndicatorMeasureSchema,
  })
  .superRefine((d, ctx) => {
    if ((d.unit === 'percent') !== (d.measure.kind === 'ratio')) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'a ratio is in percent, an average in points' });
    }
    if (d.unit === 'percent' && d.target !== null && (d.target < 0 || d.target > 100)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'a percentage target is between 0 and 100' });
    }
    const nodes = measureConditions(d.measure).flatMap((c) => conditionNodes(c));
    if (nodes.length > MAX_CONDITION_NODES) ctx.addIssue({ code: 'custom', path: ['measure'], message: `at most ${MAX_CONDITION_NODES} conditions` });
    if (nodes.some((n) => n.depth > MAX_CONDITION_DEPTH))
      ctx.addIssue({ code: 'custom', path: ['measure'], message: `nested at most ${MAX_CONDITION_DEPTH} deep` });
    for (const { node } of nodes) {
      if (node.op === 'age' && node.atLeast !== undefined && node.below !== undefined && node.below <= node.atLeast) {
        ctx.addIssue({ code: 'custom', path: ['measure'], message: 'age: below must be above atLeast' });
      }
    }
  });
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

// ---------------------------------------------------------------------------------------------
// Values

/** The value of a month or area: a percentage (0–100) or an average in points; null when nothing is counted. */
export function indicatorValue(unit: IndicatorUnit, numerator: number, denominator: number): number | null {
  if (!denominator) return null;
  const v = unit === 'percent' ? (100 * numerator) / denominator : numerator / denominator;
  return Math.round(v * 100) / 100;
}

/** Whether a value reaches its target in the indicator's direction; null when either is missing. */
export function meetsTarget(value: number | null, target: number | null, direction: IndicatorDirection): boolean | null {
  if (value === null || target === null) return null;
  return direction === 'higher' ? value >= target : value <= target;
}

/**
 * How many days after a month ends its value may still change: a need has 30 days to be met, a
 * routine referral a week to be answered. Until then the month is provisional.
 */
export function maturityDays(m: IndicatorMeasure, hours: Record<ReferralUrgency, number> = REFERRAL_RESPONSE_HOURS): number {
  let days = 0;
  for (const c of measureConditions(m)) {
    for (const { node } of conditionNodes(c)) {
      if (node.op === 'need_met') days = Math.max(days, node.withinDays);
      else if (node.op === 'answered_in_time') days = Math.max(days, Math.ceil(Math.max(...Object.values(hours)) / 24));
      else if (node.op === 'completed' && node.withinDays !== undefined) days = Math.max(days, node.withinDays);
    }
  }
  return days;
}

/** `YYYY-MM` → the ISO day after the month ends. */
export function monthEndExclusive(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** Whether a month's value may still change on `today` (Thai calendar day): the month is running, or within its maturity. */
export function isProvisional(month: string, today: string, days: number): boolean {
  const end = Date.parse(`${monthEndExclusive(month)}T00:00:00Z`) + days * 86_400_000;
  return Date.parse(`${today}T00:00:00Z`) < end;
}

/** `YYYY-MM` plus `n` months. */
export function addMonthsTo(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** The months from `from` to `to`, both `YYYY-MM`, inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 1000; m = addMonthsTo(m, 1)) out.push(m);
  return out;
}

/** "พ.ย. 2569" / "Nov 2569" (Buddhist era) for a `YYYY-MM` month. */
export function formatMonthShort(month: string, locale: 'th' | 'en' = 'th'): string {
  return new Intl.DateTimeFormat(locale === 'th' ? 'th-TH-u-ca-buddhist-nu-latn' : 'en-GB-u-ca-buddhist', {
    timeZone: 'Asia/Bangkok',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${month}-15T12:00:00+07:00`));
}

export const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** At most this many months in one request. */
export const MAX_INDICATOR_MONTHS = 24;

// ---------------------------------------------------------------------------------------------
// API shapes

const Area = z.object({
  code: z.string(),
  level: z.enum(['country', 'province', 'district', 'subdistrict', 'village']),
  nameTh: z.string(),
  nameEn: z.string(),
});
const Count = z.number();
const Cell = z.object({ numerator: Count, denominator: z.number().int(), value: z.number().nullable() });

export const IndicatorSeries = z.object({
  code: z.string(),
  name: LabelSchema,
  description: LabelSchema,
  unit: z.enum(INDICATOR_UNITS),
  direction: z.enum(INDICATOR_DIRECTIONS),
  target: z.number().nullable(),
  /** Days after a month ends until its value stops changing. */
  maturityDays: z.number().int(),
  months: z.array(Cell.extend({ month: z.string(), provisional: z.boolean() })),
  /** The child areas in the last month asked for. */
  children: z.array(Cell.extend({ area: Area })),
});
export type IndicatorSeries = z.infer<typeof IndicatorSeries>;

export const IndicatorValues = z.object({
  area: Area,
  from: z.string(),
  to: z.string(),
  /** The Thai calendar day the values were worked out on. */
  asOf: z.string(),
  indicators: z.array(IndicatorSeries),
});
export type IndicatorValues = z.infer<typeof IndicatorValues>;

export const IndicatorListItem = z.object({
  code: z.string(),
  definition: IndicatorDefinition,
  position: z.number().int(),
  updatedAt: z.string(),
});
export type IndicatorListItem = z.infer<typeof IndicatorListItem>;

export const IndicatorTargetUpdate = z.object({ target: z.number().min(-1000).max(1000).nullable() });

// ---------------------------------------------------------------------------------------------
// The starting set (CareHub defaults; a province sets its own targets)

const l = (th: string, en: string): Label => ({ th, en });
const SIXTY: PersonCondition = { op: 'age', atLeast: 60 };
const eligibleElderly: PersonCondition = {
  op: 'all',
  of: [SIXTY, { op: 'not', of: { op: 'entitlement', kind: 'elderly_allowance', statuses: ['not_eligible'] } }],
};
const eligibleDisability: PersonCondition = {
  op: 'all',
  of: [
    { op: 'disability_card', current: false },
    { op: 'not', of: { op: 'entitlement', kind: 'disability_allowance', statuses: ['not_eligible'] } },
  ],
};
const receives = (kind: EntitlementKind): PersonCondition => ({ op: 'entitlement', kind, statuses: ['receiving'] });

export const STARTING_INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: 'bedridden_visited_monthly',
    name: l('ผู้ป่วยติดเตียงได้รับการเยี่ยมบ้านอย่างน้อยเดือนละครั้ง', 'Bedridden persons visited at least monthly'),
    description: l(
      'ร้อยละของผู้ที่อยู่ในกลุ่มติดเตียง (ADL 0–4) ณ สิ้นเดือน ที่ได้รับการเยี่ยมบ้านอย่างน้อย 1 ครั้งในเดือนนั้น',
      'Share of persons in the bedridden ADL group (0–4) at month end who had at least one home visit in the month',
    ),
    unit: 'percent',
    direction: 'higher',
    period: 'month',
    target: 90,
    measure: { kind: 'ratio', subject: 'person', denominator: { op: 'adl_group', groups: ['bedridden'] }, numerator: { op: 'visited' } },
  },
  {
    code: 'needs_met_30d',
    name: l('ความต้องการที่ได้รับการตอบสนองภายใน 30 วัน', 'Identified needs met within 30 days'),
    description: l(
      'ร้อยละของความต้องการที่พบจากการเยี่ยมบ้านในเดือน ที่ได้รับความช่วยเหลือที่ตรงกับความต้องการภายใน 30 วันนับจากวันที่พบ',
      'Share of needs found on home visits in the month that help answering them met within 30 days of being found',
    ),
    unit: 'percent',
    direction: 'higher',
    period: 'month',
    target: 80,
    measure: { kind: 'ratio', subject: 'need', denominator: { op: 'all', of: [] }, numerator: { op: 'need_met', withinDays: 30 } },
  },
  {
    code: 'disability_card_held',
    name: l('คนพิการที่มีบัตรประจำตัวคนพิการ', 'People with disabilities holding a disability card'),
    description: l(
      'ร้อยละของคนพิการ ณ สิ้นเดือน ที่มีบัตรประจำตัวคนพิการที่ยังไม่หมดอายุ',
      'Share of people with a disability at month end who hold a disability card that has not expired',
    ),
    unit: 'percent',
    direction: 'higher',
    period: 'month',
    target: 95,
    measure: {
      kind: 'ratio',
      subject: 'person',
      denominator: { op: 'vulnerability', kind: 'disability' },
      numerator: { op: 'disability_card', current: true },
    },
  },
  {
    code: 'allowances_received',
    name: l('ผู้มีสิทธิได้รับเบี้ยยังชีพครบตามสิทธิ', 'Eligible persons receiving their allowances'),
    description: l(
      'ร้อยละของผู้มีสิทธิเบี้ยยังชีพผู้สูงอายุ (อายุ 60 ปีขึ้นไป) หรือเบี้ยความพิการ (มีบัตรคนพิการ) ณ สิ้นเดือน ที่ได้รับเบี้ยทุกประเภทที่มีสิทธิ',
      'Share of persons eligible for the elderly allowance (60 or over) or the disability allowance (disability card) at month end who receive every allowance they are eligible for',
    ),
    unit: 'percent',
    direction: 'higher',
    period: 'month',
    target: 95,
    measure: {
      kind: 'ratio',
      subject: 'person',
      denominator: { op: 'any', of: [eligibleElderly, eligibleDisability] },
      numerator: {
        op: 'all',
        of: [
          { op: 'any', of: [{ op: 'not', of: eligibleElderly }, receives('elderly_allowance')] },
          { op: 'any', of: [{ op: 'not', of: eligibleDisability }, receives('disability_allowance')] },
        ],
      },
    },
  },
  {
    code: 'adl_change_6m',
    name: l('การเปลี่ยนแปลงคะแนน ADL เฉลี่ยในรอบ 6 เดือน', 'Average change in ADL score over six months'),
    description: l(
      'ค่าเฉลี่ยของคะแนน Barthel ADL ครั้งล่าสุดในเดือน ลบด้วยคะแนนครั้งที่ใกล้ 6 เดือนก่อนหน้ามากที่สุด (5–7 เดือน) ของผู้ที่ได้รับการประเมินทั้งสองครั้ง',
      "Average of each person's latest Barthel ADL total in the month minus the one nearest six months earlier (5–7 months), over persons assessed both times",
    ),
    unit: 'points',
    direction: 'higher',
    period: 'month',
    target: 0,
    measure: {
      kind: 'average',
      subject: 'person',
      population: { op: 'all', of: [] },
      value: { op: 'score_change', instrument: 'barthel', score: 'total', months: 6, toleranceMonths: 1 },
    },
  },
  {
    code: 'referrals_answered_in_time',
    name: l('การส่งต่อที่ได้รับการตอบรับภายในเวลาที่กำหนด (SLA)', 'Referrals answered within the response time (SLA)'),
    description: l(
      'ร้อยละของการส่งต่อที่ส่งในเดือน ที่หน่วยงานปลายทางตอบรับหรือปฏิเสธภายในเวลาตามความเร่งด่วน (ฉุกเฉิน 1 ชม. เร่งด่วน 24 ชม. ปกติ 7 วัน) ไม่นับรายการที่ผู้ส่งยกเลิกก่อนครบกำหนด',
      'Share of referrals sent in the month that the receiver accepted or declined within the response time of their urgency (emergency 1 h, urgent 24 h, routine 7 days); referrals the sender cancelled before the deadline are not counted',
    ),
    unit: 'percent',
    direction: 'higher',
    period: 'month',
    target: 90,
    measure: {
      kind: 'ratio',
      subject: 'referral',
      denominator: { op: 'not', of: { op: 'withdrawn_before_due' } },
      numerator: { op: 'answered_in_time' },
    },
  },
  {
    code: 'visit_coverage_monthly',
    name: l('ความครอบคลุมการเยี่ยมบ้าน', 'Home-visit coverage'),
    description: l(
      'ร้อยละของผู้ที่ถึงกำหนดเยี่ยมในเดือน ที่ได้รับการเยี่ยมบ้านอย่างน้อย 1 ครั้งในเดือนนั้น (การเยี่ยมที่ไม่ถูกส่งกลับแก้ไข) ผู้ถึงกำหนดคือทุกคนในทะเบียนที่ยังมีชีวิต เว้นแต่การเยี่ยมครั้งล่าสุดก่อนเดือนนั้นนัดครั้งถัดไปหลังสิ้นเดือน ผู้ที่ไม่มีอาสาสมัครดูแลนับเป็นผู้ถึงกำหนดที่ยังไม่ได้รับการเยี่ยม ตัวเลขเดียวกับแดชบอร์ดและรายงานประจำเดือน',
      "Share of persons due a visit in the month who had at least one home visit (not returned) in it. Everyone living in the registry is due unless their latest visit before the month set the next one after its end; persons on nobody's caseload count as due and unvisited. The same figure as the dashboard and the monthly report",
    ),
    unit: 'percent',
    direction: 'higher',
    period: 'month',
    target: 90,
    measure: { kind: 'ratio', subject: 'person', denominator: { op: 'visit_due' }, numerator: { op: 'visited' } },
  },
];
