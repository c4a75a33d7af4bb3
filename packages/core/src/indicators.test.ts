import { describe, expect, it } from 'vitest';
import {
  ADL_GROUP_MIN,
  addMonthsTo,
  conditionNodes,
  formatMonthShort,
  IndicatorDefinition,
  indicatorValue,
  isProvisional,
  MAX_CONDITION_DEPTH,
  maturityDays,
  meetsTarget,
  monthRange,
  type PersonCondition,
  STARTING_INDICATORS,
} from './indicators.js';
import { adlGroupOf } from './person.js';

const base = STARTING_INDICATORS[0]!;

describe('indicator definitions', () => {
  it('ships seven valid definitions with distinct codes', () => {
    expect(STARTING_INDICATORS).toHaveLength(7);
    for (const d of STARTING_INDICATORS) expect(IndicatorDefinition.safeParse(d).success, d.code).toBe(true);
    expect(new Set(STARTING_INDICATORS.map((d) => d.code)).size).toBe(7);
  });

  it('the coverage indicator counts the persons due a visit (the dashboard rule) and those of them visited', () => {
    const d = STARTING_INDICATORS.find((x) => x.code === 'visit_coverage_monthly')!;
    expect(d.measure).toEqual({ kind: 'ratio', subject: 'person', denominator: { op: 'visit_due' }, numerator: { op: 'visited' } });
    expect(IndicatorDefinition.safeParse({ ...d, measure: { ...d.measure, denominator: { op: 'visit_due_soon' } } }).success).toBe(false);
  });

  it('refuses what the vocabulary does not name, and raw SQL anywhere', () => {
    const bad = (measure: unknown, extra: Record<string, unknown> = {}) => IndicatorDefinition.safeParse({ ...base, ...extra, measure }).success;
    expect(bad({ kind: 'ratio', subject: 'person', denominator: { op: 'sql', text: 'SELECT 1' }, numerator: { op: 'visited' } })).toBe(false);
    // A need condition is not a person condition.
    expect(bad({ kind: 'ratio', subject: 'person', denominator: { op: 'need_met', withinDays: 30 }, numerator: { op: 'visited' } })).toBe(false);
    expect(bad({ kind: 'ratio', subject: 'person', denominator: { op: 'adl_group', groups: ['asleep'] }, numerator: { op: 'visited' } })).toBe(false);
    expect(bad({ kind: 'ratio', subject: 'person', denominator: { op: 'adl_group', groups: [] }, numerator: { op: 'visited' } })).toBe(false);
    expect(bad({ kind: 'ratio', subject: 'need', denominator: { op: 'need_code', codes: ['device.flying_carpet'] }, numerator: { op: 'all', of: [] } })).toBe(
      false,
    );
    expect(bad({ kind: 'ratio', subject: 'person', denominator: { op: 'age' }, numerator: { op: 'visited' } })).toBe(false);
    expect(bad({ kind: 'ratio', subject: 'person', denominator: { op: 'age', atLeast: 60, below: 60 }, numerator: { op: 'visited' } })).toBe(false);
    // A score name is an identifier, never text that could reach SQL as such.
    expect(
      bad(
        {
          kind: 'average',
          subject: 'person',
          population: { op: 'all', of: [] },
          value: { op: 'score_change', instrument: 'barthel', score: "total'; DROP TABLE persons; --", months: 6, toleranceMonths: 1 },
        },
        { unit: 'points' },
      ),
    ).toBe(false);
  });

  it('ties the unit to the kind and keeps percentage targets within 0–100', () => {
    expect(IndicatorDefinition.safeParse({ ...base, unit: 'points' }).success).toBe(false);
    expect(IndicatorDefinition.safeParse({ ...base, target: 120 }).success).toBe(false);
    expect(IndicatorDefinition.safeParse({ ...base, target: null }).success).toBe(true);
    expect(IndicatorDefinition.safeParse({ ...base, code: 'Bad Code' }).success).toBe(false);
  });

  it('limits how deep and how large a condition tree may be', () => {
    let deep: PersonCondition = { op: 'visited' };
    for (let i = 0; i < MAX_CONDITION_DEPTH; i++) deep = { op: 'not', of: deep };
    expect(conditionNodes(deep)).toHaveLength(MAX_CONDITION_DEPTH + 1);
    const with_ = (denominator: PersonCondition) => IndicatorDefinition.safeParse({ ...base, measure: { ...base.measure, denominator } }).success;
    expect(with_(deep)).toBe(false);
    expect(with_((deep as { of: PersonCondition }).of)).toBe(true);
    const wide: PersonCondition = {
      op: 'any',
      of: Array.from({ length: 20 }, () => ({ op: 'all', of: [{ op: 'visited' }, { op: 'visited' }] }) as PersonCondition),
    };
    expect(conditionNodes(wide)).toHaveLength(61);
    expect(with_(wide)).toBe(false);
  });
});

describe('indicator values', () => {
  it('works out percentages and averages, null when nothing is counted', () => {
    expect(indicatorValue('percent', 1, 3)).toBe(33.33);
    expect(indicatorValue('percent', 2, 2)).toBe(100);
    expect(indicatorValue('percent', 0, 0)).toBeNull();
    expect(indicatorValue('points', -3, 2)).toBe(-1.5);
    expect(indicatorValue('points', 0, 0)).toBeNull();
  });

  it('compares with the target in the direction of the indicator', () => {
    expect(meetsTarget(90, 90, 'higher')).toBe(true);
    expect(meetsTarget(89.99, 90, 'higher')).toBe(false);
    expect(meetsTarget(5, 10, 'lower')).toBe(true);
    expect(meetsTarget(11, 10, 'lower')).toBe(false);
    expect(meetsTarget(null, 10, 'lower')).toBeNull();
    expect(meetsTarget(50, null, 'higher')).toBeNull();
  });

  it('knows how long each month stays provisional', () => {
    const days = Object.fromEntries(STARTING_INDICATORS.map((d) => [d.code, maturityDays(d.measure)]));
    expect(days).toEqual({
      bedridden_visited_monthly: 0,
      needs_met_30d: 30, // a need has 30 days to be met
      disability_card_held: 0,
      allowances_received: 0,
      adl_change_6m: 0,
      referrals_answered_in_time: 7, // a routine referral has a week to be answered
      visit_coverage_monthly: 0,
    });
    // October ends on the 31st: final on 1 November with no maturity, on 1 December with 30 days.
    expect(isProvisional('2026-10', '2026-10-31', 0)).toBe(true);
    expect(isProvisional('2026-10', '2026-11-01', 0)).toBe(false);
    expect(isProvisional('2026-10', '2026-11-30', 30)).toBe(true);
    expect(isProvisional('2026-10', '2026-12-01', 30)).toBe(false);
  });

  it('counts months across a year end and labels them in the Buddhist era', () => {
    expect(addMonthsTo('2026-01', -1)).toBe('2025-12');
    expect(addMonthsTo('2025-12', 13)).toBe('2027-01');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2026-01')).toEqual([]);
    expect(formatMonthShort('2026-11', 'th')).toBe('พ.ย. 2569');
    expect(formatMonthShort('2026-11', 'en')).toMatch(/Nov.*2569/);
  });

  it('classifies ADL totals with the same thresholds as the registry', () => {
    for (let total = 0; total <= 20; total++) {
      const group = total >= ADL_GROUP_MIN.social ? 'social' : total >= ADL_GROUP_MIN.homebound ? 'homebound' : 'bedridden';
      expect(group, String(total)).toBe(adlGroupOf(total));
    }
  });
});
