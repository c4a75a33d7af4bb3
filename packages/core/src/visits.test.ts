import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STANDARD_INSTRUMENTS } from './instruments/index.js';
import { NEED_CODE } from './instruments/schema.js';
import { ADL_GROUPS, type AdlGroup } from './person.js';
import {
  addDays,
  checkVitals,
  DEFAULT_VISIT_INTERVALS,
  daysBetween,
  type FollowUpState,
  followUps,
  HELP,
  HELP_CODES,
  helpAddresses,
  helpLabel,
  isHelpCode,
  isIsoDate,
  isNeedCode,
  NEED_CATEGORIES,
  NEED_CODES,
  needLabel,
  suggestNextVisit,
  TIER_COLOUR_LABELS,
  TIER_COLOURS,
  type TierCode,
  type TierColour,
  type TierSeverity,
  VITAL_ALARMS,
  VITAL_KEYS,
  VITALS,
  Visit,
  VisitInput,
  VisitReview,
  type VitalKey,
  type Vitals,
  VitalsInput,
  type VitalTier,
  vitalTier,
} from './visits.js';

const THAI = /[\u0E00-\u0E7F]/;
const codes = (v: Vitals) => checkVitals(v).alarms.map((a) => a.code);
const errorPaths = (v: Vitals) => checkVitals(v).errors.map((e) => e.path);

describe('need and help taxonomy', () => {
  const categoryCodes = NEED_CATEGORIES.map((c) => c.code);

  it('has unique category, need and help codes', () => {
    expect(new Set(categoryCodes).size).toBe(categoryCodes.length);
    expect(new Set(NEED_CODES).size).toBe(NEED_CODES.length);
    expect(NEED_CODES.length).toBe(NEED_CATEGORIES.reduce((n, c) => n + Object.keys(c.needs).length, 0));
    expect(new Set(HELP_CODES).size).toBe(HELP_CODES.length);
  });

  it('covers the categories DESIGN.md §4 names', () => {
    expect(categoryCodes).toEqual(
      expect.arrayContaining([
        'device',
        'housing',
        'income',
        'medical',
        'rehab',
        'family',
        'documents',
        'rights',
        'food',
        'mental',
        'social',
        'safety',
        'other',
      ]),
    );
  });

  it('codes every need `category.item` under its own category, in the instruments’ need-code format', () => {
    for (const c of NEED_CATEGORIES)
      for (const code of Object.keys(c.needs)) {
        expect(code.startsWith(`${c.code}.`), code).toBe(true);
        expect(code).toMatch(NEED_CODE);
      }
    for (const code of HELP_CODES) expect(code).toMatch(/^help\.[a-z0-9_]+$/);
  });

  it('labels every category, need and help in Thai and in English', () => {
    const labels = [
      ...NEED_CATEGORIES.map((c) => [c.code, c.label] as const),
      ...NEED_CODES.map((c) => [c, needLabel(c)!] as const),
      ...HELP_CODES.map((c) => [c, helpLabel(c)!] as const),
    ];
    for (const [code, label] of labels) {
      expect(label.th, code).toMatch(THAI);
      expect(label.en.trim().length, code).toBeGreaterThan(1);
      expect(label.en, code).not.toMatch(THAI);
    }
  });

  it('contains every need code any shipped instrument can create', () => {
    const created = STANDARD_INSTRUMENTS.flatMap((d) =>
      d.items.flatMap((i) => Object.values(i.needs ?? {}).map((need) => ({ need, at: `${d.code}/${i.id}` }))),
    );
    expect(created.length).toBeGreaterThan(30);
    const missing = created.filter((c) => !isNeedCode(c.need));
    expect(missing).toEqual([]);
    // The examples the instruments are known to use, spelled out so a rename cannot slip by.
    for (const c of ['income.no_income', 'housing.unsafe', 'documents.no_id_card', 'device.wheelchair', 'care.eating', 'care.toileting', 'inhomesss.safety'])
      expect(created.map((x) => x.need)).toContain(c);
  });

  it('lets help address only real needs, and every need be answered by some help', () => {
    for (const h of HELP_CODES) for (const n of HELP[h].addresses) expect(isNeedCode(n), `${h} → ${n}`).toBe(true);
    const answerable = new Set(HELP_CODES.flatMap((h) => HELP[h].addresses));
    expect(NEED_CODES.filter((n) => !answerable.has(n))).toEqual([]);
  });

  it('looks codes up, refusing unknown codes and object-prototype names', () => {
    expect(needLabel('device.wheelchair')).toEqual({ th: 'รถเข็นนั่ง', en: 'Wheelchair' });
    expect(helpLabel('help.food_parcel')?.en).toBe('Food parcel');
    for (const bad of ['device.jetpack', 'device', '', 'toString', '__proto__', 'constructor', 'help.device_lent']) {
      expect(isNeedCode(bad), bad).toBe(false);
      expect(needLabel(bad), bad).toBeUndefined();
    }
    for (const bad of ['help.magic', 'toString', '__proto__', 'hasOwnProperty', 'device.wheelchair']) {
      expect(isHelpCode(bad), bad).toBe(false);
      expect(helpLabel(bad), bad).toBeUndefined();
    }
    expect(isNeedCode(42)).toBe(false);
    expect(isHelpCode(null)).toBe(false);
    expect(isNeedCode('income.debt')).toBe(true);
    expect(isHelpCode('help.counselling')).toBe(true);
  });

  it('tells whether the help given answers a need', () => {
    expect(helpAddresses(['help.device_lent'], 'device.wheelchair')).toBe(true);
    expect(helpAddresses(['help.food_parcel', 'help.allowance_applied'], 'income.no_income')).toBe(true);
    expect(helpAddresses(['help.device_lent'], 'income.no_income')).toBe(false);
    expect(helpAddresses(['help.unknown', 'toString'], 'device.wheelchair')).toBe(false);
    expect(helpAddresses([], 'device.wheelchair')).toBe(false);
    expect(helpAddresses(new Set(['help.medication_check']), 'inhomesss.medications')).toBe(true);
  });

  it('names every need differently in each language, so no choice appears twice in a list', () => {
    for (const lang of ['th', 'en'] as const) {
      const labels = NEED_CATEGORIES.flatMap((c) => Object.values(c.needs).map((l) => l[lang]));
      const twice = labels.filter((l, i) => labels.indexOf(l) !== i);
      expect(twice, lang).toEqual([]);
    }
    // The INHOMESSS need carries the wording of the instrument's own component, not medical.medication's.
    const inhomesss = STANDARD_INSTRUMENTS.find((i) => i.code === 'inhomesss')!;
    const component = inhomesss.items.find((i) => i.id === 'medications')!.label.th.split(':')[0]!;
    expect(component).toBe('ยา (Medications)');
    expect(needLabel('inhomesss.medications')?.th.startsWith(component)).toBe(true);
    expect(needLabel('medical.medication')?.th).toBe('ปัญหาการใช้ยา');
  });

  it('gives tuples z.enum accepts', () => {
    const Need = z.enum(NEED_CODES);
    const Help = z.enum(HELP_CODES);
    expect(Need.parse('housing.unsafe')).toBe('housing.unsafe');
    expect(Need.safeParse('housing.castle').success).toBe(false);
    expect(Help.parse('help.referred_hospital')).toBe('help.referred_hospital');
    expect(Help.safeParse('help.nothing').success).toBe(false);
  });
});

describe('vital signs: plausible ranges', () => {
  const bounds = VITAL_KEYS.flatMap((k) => {
    const [lo, hi] = VITALS[k].plausible;
    return [
      [k, lo, true],
      [k, lo - 0.1, false],
      [k, hi, true],
      [k, hi + 0.1, false],
    ] as Array<[VitalKey, number, boolean]>;
  });

  it.each(bounds)('%s = %d accepted: %s', (key, value, accepted) => {
    const r = checkVitals({ [key]: value });
    if (accepted) expect(r.errors).toEqual([]);
    else {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({ path: `vitals.${key}` });
      expect(r.errors[0]!.message_th).toMatch(THAI);
      expect(r.errors[0]!.message_en).toContain(String(VITALS[key].plausible[0]));
      expect(r.alarms).toEqual([]);
    }
  });

  it.each([{ systolic: 1200 }, { pulse: 0 }, { spo2: 101 }, { temperature: 370 }, { weight: 0 }, { sugar: -5 }] as Vitals[])(
    'refuses the slipped digit %j',
    (v) => {
      expect(checkVitals(v).errors).toHaveLength(1);
    },
  );

  // Issue 17: impossible readings refused at entry (limits and sources at VITALS), alarming ones accepted.
  // (The plausible half of a blood pressure still alarms while the form shows the other half's error.)
  it.each([
    // Systolic: a cuff's scale ends at 300; up to 280 is recorded (and alarms).
    [{ systolic: 280, diastolic: 140 }, [], ['bp.crisis']],
    [{ systolic: 281, diastolic: 80 }, ['vitals.systolic'], []],
    [{ systolic: 300 }, ['vitals.systolic'], []],
    [{ systolic: 250, diastolic: 140 }, [], ['bp.crisis']],
    [{ systolic: 220, diastolic: 120 }, [], ['bp.crisis']],
    // Diastolic: below 30 with any systolic is a failed measurement.
    [{ systolic: 120, diastolic: 30 }, [], []],
    [{ systolic: 120, diastolic: 29 }, ['vitals.diastolic'], []],
    [{ systolic: 130, diastolic: 20 }, ['vitals.diastolic'], []],
    [{ systolic: 300, diastolic: 20 }, ['vitals.systolic', 'vitals.diastolic'], []],
    // Temperature: above 43.0 °C is not a home-visit reading of a living person.
    [{ temperature: 43 }, [], ['temperature.fever']],
    [{ temperature: 43.1 }, ['vitals.temperature'], []],
    [{ temperature: 45 }, ['vitals.temperature'], []],
    [{ temperature: 40.5 }, [], ['temperature.fever']],
  ] as Array<[Vitals, string[], string[]]>)('%j: refused %j, alarms %j', (v, refused, alarms) => {
    const r = checkVitals(v);
    expect(r.errors.map((e) => e.path)).toEqual(refused);
    expect(r.alarms.map((a) => a.code)).toEqual(alarms);
    for (const e of r.errors) {
      expect(e.message_th).toMatch(THAI);
      expect(e.message_th).toContain('วัดซ้ำ');
      expect(e.message_en).toMatch(/not a possible reading/);
    }
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses a non-number (%d) with a Thai message', (x) => {
    const r = checkVitals({ pulse: x });
    expect(r.errors).toEqual([{ path: 'vitals.pulse', message_th: expect.stringMatching(THAI), message_en: 'Pulse must be a number' }]);
  });

  it('treats missing and null values as not measured', () => {
    expect(checkVitals({})).toEqual({ errors: [], alarms: [] });
    expect(checkVitals({ systolic: null, pulse: undefined })).toEqual({ errors: [], alarms: [] });
  });

  it.each([
    [120, 119, true],
    [120, 120, false],
    [120, 130, false],
    [90, 190, false],
  ])('systolic %d / diastolic %d consistent: %s', (systolic, diastolic, ok) => {
    const r = checkVitals({ systolic, diastolic });
    expect(r.errors.map((e) => e.path)).toEqual(ok ? [] : ['vitals.diastolic']);
    // Swapped fields raise no blood-pressure alarm from the wrong numbers (190 would read as a crisis).
    if (!ok) expect(r.alarms).toEqual([]);
  });

  it('still raises alarms of the plausible fields while another field is wrong', () => {
    const r = checkVitals({ pulse: 9999, spo2: 85 });
    expect(errorPaths({ pulse: 9999, spo2: 85 })).toEqual(['vitals.pulse']);
    expect(r.alarms.map((a) => a.code)).toEqual(['spo2.critical']);
  });
});

describe('vital signs: alarm thresholds, both sides of each', () => {
  it.each([
    // Blood pressure: crisis ≥ 180 or ≥ 110 (Thai Hypertension Society 2019); low < 90.
    [{ systolic: 179, diastolic: 100 }, ['bp.level2']],
    [{ systolic: 180, diastolic: 100 }, ['bp.crisis']],
    [{ systolic: 170, diastolic: 109 }, ['bp.level2']],
    [{ systolic: 159, diastolic: 99 }, []],
    [{ systolic: 160, diastolic: 99 }, ['bp.level2']],
    [{ systolic: 159, diastolic: 100 }, ['bp.level2']],
    [{ systolic: 170, diastolic: 110 }, ['bp.crisis']],
    [{ systolic: 180 }, ['bp.crisis']],
    [{ diastolic: 110 }, ['bp.crisis']],
    [{ systolic: 90, diastolic: 60 }, []],
    [{ systolic: 89, diastolic: 60 }, ['bp.low']],
    [{ systolic: 89.9 }, ['bp.low']],
    // Capillary sugar, either reading: < 54 urgent, < 70 warning (ADA); ≥ 600 urgent (HHS range).
    [{ sugar: 70 }, []],
    [{ sugar: 69 }, ['sugar.low']],
    [{ sugar: 54 }, ['sugar.low']],
    [{ sugar: 53 }, ['sugar.very_low']],
    [{ sugarFasting: 69 }, ['sugar.low']],
    [{ sugarFasting: 53 }, ['sugar.very_low']],
    [{ sugar: 180, sugarFasting: 60 }, ['sugar.low']],
    // Not fasting: warning from 200 (random-glucose criterion, ADA / Thai DM CPG 2023).
    [{ sugar: 199 }, []],
    [{ sugar: 200 }, ['sugar.high']],
    [{ sugar: 250 }, ['sugar.high']],
    [{ sugar: 599 }, ['sugar.high']],
    [{ sugar: 600 }, ['sugar.crisis']],
    // Fasting: the 7-colour orange (warning) and red (urgent) tiers.
    [{ sugarFasting: 154 }, []],
    [{ sugarFasting: 155 }, ['sugar.fasting_level2']],
    [{ sugarFasting: 182 }, ['sugar.fasting_level2']],
    [{ sugarFasting: 183 }, ['sugar.fasting_level3']],
    [{ sugarFasting: 599 }, ['sugar.fasting_level3']],
    [{ sugarFasting: 600 }, ['sugar.crisis']],
    // Pulse: < 50 / > 120 warning; ≤ 40 / ≥ 131 urgent (NEWS2 score 3).
    [{ pulse: 50 }, []],
    [{ pulse: 49 }, ['pulse.low']],
    [{ pulse: 41 }, ['pulse.low']],
    [{ pulse: 40 }, ['pulse.very_low']],
    [{ pulse: 120 }, []],
    [{ pulse: 121 }, ['pulse.high']],
    [{ pulse: 130 }, ['pulse.high']],
    [{ pulse: 130.5 }, ['pulse.high']],
    [{ pulse: 131 }, ['pulse.very_high']],
    // SpO2: < 94 warning (BTS), < 90 urgent (WHO).
    [{ spo2: 94 }, []],
    [{ spo2: 93 }, ['spo2.low']],
    [{ spo2: 90 }, ['spo2.low']],
    [{ spo2: 89 }, ['spo2.critical']],
    // Temperature: fever ≥ 38.0, hypothermia < 35.0.
    [{ temperature: 37.9 }, []],
    [{ temperature: 38 }, ['temperature.fever']],
    [{ temperature: 35 }, []],
    [{ temperature: 34.9 }, ['temperature.low']],
    // Weight alone raises nothing (loss needs history).
    [{ weight: 0.5 }, []],
    [{ weight: 350 }, []],
  ] as Array<[Vitals, string[]]>)('%j → %j', (v, expected) => {
    expect(checkVitals(v).errors).toEqual([]);
    expect(codes(v)).toEqual(expected);
  });

  it('gives each alarm its severity and a Thai and English message', () => {
    const severity = Object.fromEntries(VITAL_ALARMS.map((a) => [a.code, a.severity]));
    expect(severity).toEqual({
      'bp.crisis': 'urgent',
      'bp.level2': 'warning',
      'bp.low': 'warning',
      'sugar.very_low': 'urgent',
      'sugar.low': 'warning',
      'sugar.high': 'warning',
      'sugar.fasting_level3': 'urgent',
      'sugar.fasting_level2': 'warning',
      'sugar.crisis': 'urgent',
      'pulse.very_low': 'urgent',
      'pulse.low': 'warning',
      'pulse.high': 'warning',
      'pulse.very_high': 'urgent',
      'spo2.critical': 'urgent',
      'spo2.low': 'warning',
      'temperature.fever': 'warning',
      'temperature.low': 'warning',
    });
    for (const a of VITAL_ALARMS) {
      expect(a.message.th, a.code).toMatch(THAI);
      expect(a.message.en, a.code).not.toMatch(THAI);
      expect(a.source.length, a.code).toBeGreaterThan(20);
    }
  });

  it('reports several alarms at once, as plain data', () => {
    const r = checkVitals({ systolic: 190, diastolic: 100, pulse: 125, sugar: 45, spo2: 92, temperature: 38.5, weight: 60 });
    expect(r.errors).toEqual([]);
    expect(r.alarms).toEqual([
      { code: 'bp.crisis', severity: 'urgent', message: expect.objectContaining({ th: expect.stringMatching(THAI) }) },
      expect.objectContaining({ code: 'sugar.very_low', severity: 'urgent' }),
      expect.objectContaining({ code: 'pulse.high', severity: 'warning' }),
      expect.objectContaining({ code: 'spo2.low', severity: 'warning' }),
      expect.objectContaining({ code: 'temperature.fever', severity: 'warning' }),
    ]);
    expect(Object.keys(r.alarms[0]!).sort()).toEqual(['code', 'message', 'severity']);
  });

  it('property: never throws on any numbers, and refuses exactly the values outside the plausible range', () => {
    const anyNumber = fc.oneof(fc.double(), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0));
    const vitals = fc.record(
      Object.fromEntries(VITAL_KEYS.map((k) => [k, fc.option(anyNumber, { nil: undefined })])) as Record<VitalKey, fc.Arbitrary<number | undefined>>,
      {
        requiredKeys: [],
      },
    );
    fc.assert(
      fc.property(vitals, (v) => {
        const r = checkVitals(v);
        const plausible = (k: VitalKey) => {
          const x = v[k];
          const [lo, hi] = VITALS[k].plausible;
          return x !== undefined && Number.isFinite(x) && x >= lo && x <= hi;
        };
        for (const k of VITAL_KEYS) {
          const hasError = r.errors.some((e) => e.path === `vitals.${k}`);
          const swapped = k === 'diastolic' && plausible('systolic') && plausible('diastolic') && v.diastolic! >= v.systolic!;
          expect(hasError, `${k}=${v[k]}`).toBe((v[k] !== undefined && !plausible(k)) || swapped);
        }
        expect(new Set(r.alarms.map((a) => a.code)).size).toBe(r.alarms.length);
        for (const a of r.alarms) expect(['warning', 'urgent']).toContain(a.severity);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('vital signs: the Thai 7-colour tiers (ปิงปองจราจรชีวิต 7 สี)', () => {
  type Row = [number, TierCode, TierColour, TierSeverity];
  const NORMAL = ['normal', 'white', 'none'] as const;
  const AT_RISK = ['at_risk', 'light_green', 'none'] as const;
  const L1 = ['level1', 'yellow', 'warning'] as const;
  const L2 = ['level2', 'orange', 'warning'] as const;
  const L3 = ['level3', 'red', 'urgent'] as const;
  const shape = (t: VitalTier | undefined) => (t ? [t.code, t.colour, t.severity] : undefined);

  // Both sides of every boundary, each reading on its own.
  it.each([
    [119, ...NORMAL],
    [120, ...AT_RISK],
    [139, ...AT_RISK],
    [140, ...L1],
    [159, ...L1],
    [160, ...L2],
    [179, ...L2],
    [180, ...L3],
    [90, ...NORMAL],
    [250, ...L3],
  ] as Row[])('systolic %d → %s (%s, %s)', (systolic, code, colour, severity) => {
    const t = vitalTier({ systolic });
    expect(shape(t.systolic)).toEqual([code, colour, severity]);
    expect(t.bp).toEqual(t.systolic);
  });

  it.each([
    [79, ...NORMAL],
    [80, ...AT_RISK],
    [89, ...AT_RISK],
    [90, ...L1],
    [99, ...L1],
    [100, ...L2],
    [109, ...L2],
    [110, ...L3],
  ] as Row[])('diastolic %d → %s (%s, %s)', (diastolic, code, colour, severity) => {
    const t = vitalTier({ diastolic });
    expect(shape(t.diastolic)).toEqual([code, colour, severity]);
    expect(t.bp).toEqual(t.diastolic);
    // With a normal systolic the diastolic still decides.
    expect(shape(vitalTier({ systolic: Math.min(119, Math.max(90, diastolic + 5)), diastolic }).bp)).toEqual([code, colour, severity]);
  });

  it.each([
    [118, 95, 'normal', 'level1', 'level1'],
    [165, 85, 'level2', 'at_risk', 'level2'],
    [135, 101, 'at_risk', 'level2', 'level2'],
    [175, 105, 'level2', 'level2', 'level2'],
    [185, 95, 'level3', 'level1', 'level3'],
    [150, 112, 'level1', 'level3', 'level3'],
    [125, 70, 'at_risk', 'normal', 'at_risk'],
    [110, 70, 'normal', 'normal', 'normal'],
  ] as Array<[number, number, TierCode, TierCode, TierCode]>)('%d/%d: systolic %s, diastolic %s → the higher, %s', (systolic, diastolic, s, d, bp) => {
    const t = vitalTier({ systolic, diastolic });
    expect([t.systolic?.code, t.diastolic?.code, t.bp?.code]).toEqual([s, d, bp]);
  });

  it.each([
    [70, ...NORMAL],
    [99, ...NORMAL],
    [100, ...AT_RISK],
    [125, ...AT_RISK],
    [126, ...L1],
    [154, ...L1],
    [155, ...L2],
    [182, ...L2],
    [183, ...L3],
    [600, ...L3],
  ] as Row[])('fasting glucose %d → %s (%s, %s)', (sugarFasting, code, colour, severity) => {
    expect(shape(vitalTier({ sugarFasting }).sugarFasting)).toEqual([code, colour, severity]);
  });

  it.each([
    [199, undefined],
    [200, ['random_high', 'orange', 'warning']],
    [250, ['random_high', 'orange', 'warning']],
    [599, ['random_high', 'orange', 'warning']],
    [600, ['random_crisis', 'red', 'urgent']],
    [126, undefined],
    [70, undefined],
  ] as Array<[number, [TierCode, TierColour, TierSeverity] | undefined]>)(
    'a non-fasting glucose %d gets no 7-colour tier, only the random-glucose flags: %j',
    (sugar, expected) => {
      expect(shape(vitalTier({ sugar }).sugar)).toEqual(expected);
    },
  );

  it('gives no tier to missing, implausible or swapped readings, nor below the scheme (hypotension, hypoglycaemia)', () => {
    expect(vitalTier({})).toEqual({});
    expect(vitalTier({ systolic: null, sugarFasting: null })).toEqual({});
    expect(vitalTier({ systolic: 1200, diastolic: 1000, sugarFasting: 5000 })).toEqual({});
    expect(vitalTier({ systolic: 95, diastolic: 190 })).toEqual({});
    expect(vitalTier({ systolic: 89, diastolic: 60 })).toEqual({});
    expect(vitalTier({ sugarFasting: 69, sugar: 69 })).toEqual({});
    expect(vitalTier({ systolic: 1200, diastolic: 95 }).bp?.code).toBe('level1');
  });

  it('is dark green only for a known patient below yellow, and never without that knowledge', () => {
    const ht = { hypertension: true };
    expect(vitalTier({ systolic: 139, diastolic: 89 }, ht).bp).toMatchObject({ code: 'controlled', colour: 'dark_green', severity: 'none' });
    expect(vitalTier({ systolic: 110, diastolic: 70 }, ht).bp?.code).toBe('controlled');
    expect(vitalTier({ systolic: 140, diastolic: 85 }, ht).bp?.code).toBe('level1');
    expect(vitalTier({ systolic: 130, diastolic: 90 }, ht).bp?.code).toBe('level1');
    expect(vitalTier({ sugarFasting: 125 }, { diabetes: true }).sugarFasting?.code).toBe('controlled');
    expect(vitalTier({ sugarFasting: 126 }, { diabetes: true }).sugarFasting?.code).toBe('level1');
    // Hypertension says nothing of glucose, nor diabetes of blood pressure.
    expect(vitalTier({ systolic: 130, sugarFasting: 110 }, ht)).toMatchObject({ bp: { code: 'controlled' }, sugarFasting: { code: 'at_risk' } });
    expect(vitalTier({ systolic: 130, sugarFasting: 110 }, { diabetes: true })).toMatchObject({
      bp: { code: 'at_risk' },
      sugarFasting: { code: 'controlled' },
    });
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 300 }), fc.integer({ min: 20, max: 200 }), fc.integer({ min: 10, max: 900 }), (systolic, diastolic, g) => {
        const t = vitalTier({ systolic, diastolic, sugarFasting: g, sugar: g });
        for (const x of Object.values(t)) expect(x.colour).not.toBe('dark_green');
      }),
    );
  });

  it('names every tier in Thai and English, with the colour as words (colour is never the only cue)', () => {
    const seen = new Set<TierColour>();
    for (const v of [
      { systolic: 110 },
      { systolic: 125 },
      { systolic: 145 },
      { systolic: 165 },
      { systolic: 185 },
      { sugar: 250 },
      { sugar: 700 },
    ] as Vitals[]) {
      for (const t of Object.values(vitalTier(v))) {
        seen.add(t.colour);
        expect(t.label.th).toMatch(THAI);
        expect(t.colourLabel.th).toMatch(/^สี/);
        expect(t.label.en).not.toMatch(THAI);
        expect(t.colourLabel).toEqual(TIER_COLOUR_LABELS[t.colour]);
      }
    }
    seen.add('dark_green');
    expect([...seen].sort()).toEqual([...TIER_COLOURS].sort());
    expect(TIER_COLOURS).not.toContain('black');
  });

  it('turns orange and red into alarms (so follow-ups), yellow into none: the readings that raised nothing before now do', () => {
    const r = checkVitals({ systolic: 175, diastolic: 105, sugar: 250 });
    expect(r.errors).toEqual([]);
    expect(r.alarms.map((a) => [a.code, a.severity])).toEqual([
      ['bp.level2', 'warning'],
      ['sugar.high', 'warning'],
    ]);
    expect(codes({ systolic: 185, diastolic: 95 })).toEqual(['bp.crisis']);
    expect(codes({ systolic: 150, diastolic: 95, sugarFasting: 140 })).toEqual([]);
    const P = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
    const found = (v: Vitals) =>
      followUps({ personId: P, lastVisitOn: '2026-11-01', nextVisitDue: null, openNeeds: [], lastAlarms: checkVitals(v).alarms }, '2026-11-01').map((f) => [
        f.kind,
        f.severity,
        f.key,
      ]);
    expect(found({ systolic: 175, diastolic: 105 })).toEqual([['vital_alarm', 'warning', `vital_alarm:${P}:2026-11-01:bp.level2`]]);
    expect(found({ systolic: 185, diastolic: 95 })).toEqual([['vital_alarm', 'urgent', `vital_alarm:${P}:2026-11-01:bp.crisis`]]);
    expect(found({ sugarFasting: 160 })).toEqual([['vital_alarm', 'warning', `vital_alarm:${P}:2026-11-01:sugar.fasting_level2`]]);
    expect(found({ sugarFasting: 190 })).toEqual([['vital_alarm', 'urgent', `vital_alarm:${P}:2026-11-01:sugar.fasting_level3`]]);
    expect(found({ systolic: 145, diastolic: 92 })).toEqual([]);
  });

  it('property: a reading is an orange or red alarm exactly when its tier is orange or red', () => {
    const maybe = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: undefined });
    fc.assert(
      fc.property(maybe(50, 300), maybe(20, 200), maybe(10, 900), maybe(10, 900), (systolic, diastolic, sugarFasting, sugar) => {
        const v = { systolic, diastolic, sugarFasting, sugar };
        const t = vitalTier(v);
        const alarms = new Map(checkVitals(v).alarms.map((a) => [a.code, a.severity]));
        expect(alarms.get('bp.level2')).toBe(t.bp?.colour === 'orange' ? 'warning' : undefined);
        expect(alarms.get('bp.crisis')).toBe(t.bp?.colour === 'red' ? 'urgent' : undefined);
        expect(alarms.get('sugar.fasting_level2')).toBe(t.sugarFasting?.colour === 'orange' ? 'warning' : undefined);
        expect(alarms.has('sugar.fasting_level3') || (sugarFasting ?? 0) >= 600).toBe(t.sugarFasting?.colour === 'red');
        expect(alarms.has('sugar.high')).toBe(t.sugar?.code === 'random_high');
        for (const x of Object.values(t)) if (x.severity === 'urgent') expect([...alarms.values()]).toContain('urgent');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates', () => {
  it.each([
    ['2026-10-15', 7, '2026-10-22'],
    ['2026-12-30', 7, '2027-01-06'],
    ['2028-02-25', 7, '2028-03-03'],
    ['2027-02-25', 7, '2027-03-04'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %d days = %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
  });

  it.each(['2026-02-30', '2026-13-01', '26-10-15', '2026-10-15T10:00:00+07:00', '', '2569-02-29'])('refuses the date %j', (bad) => {
    expect(isIsoDate(bad)).toBe(false);
    expect(() => addDays(bad, 1)).toThrow(RangeError);
  });
});

describe('next visit suggestion', () => {
  const base = { visitedOn: '2026-10-15', urgentNeed: false, alarms: false };

  it.each([
    ['bedridden', '2026-10-22'],
    ['homebound', '2026-10-29'],
    ['social', '2026-11-14'],
    [null, '2026-11-14'],
  ] as Array<[AdlGroup | null, string]>)('%s: routine visit on %s', (adlGroup, expected) => {
    expect(suggestNextVisit({ ...base, adlGroup })).toBe(expected);
  });

  it.each([...ADL_GROUPS, null] as Array<AdlGroup | null>)('%s: an alarm or an urgent need brings the visit within 3 days', (adlGroup) => {
    expect(suggestNextVisit({ ...base, adlGroup, alarms: true })).toBe('2026-10-18');
    expect(suggestNextVisit({ ...base, adlGroup, urgentNeed: true })).toBe('2026-10-18');
    expect(suggestNextVisit({ ...base, adlGroup, urgentNeed: true, alarms: true })).toBe('2026-10-18');
  });

  it('uses the installation’s intervals, never later than the group interval even when urgent', () => {
    const daily = { bedridden: 1, homebound: 2, social: 60, unknown: 45 };
    expect(suggestNextVisit({ ...base, adlGroup: 'bedridden', alarms: true }, daily)).toBe('2026-10-16');
    expect(suggestNextVisit({ ...base, adlGroup: 'homebound', urgentNeed: true }, daily)).toBe('2026-10-17');
    expect(suggestNextVisit({ ...base, adlGroup: 'social' }, daily)).toBe('2026-12-14');
    expect(suggestNextVisit({ ...base, adlGroup: null }, daily)).toBe('2026-11-29');
    expect(DEFAULT_VISIT_INTERVALS).toEqual({ bedridden: 7, homebound: 14, social: 30, unknown: 30 });
  });

  it('refuses a visit date that is not yyyy-mm-dd', () => {
    expect(() => suggestNextVisit({ ...base, visitedOn: '15/10/2569', adlGroup: null })).toThrow(RangeError);
  });

  it('property: never before the visit, never after the visit plus the group interval', () => {
    const day = fc.integer({ min: Date.UTC(1990, 0, 1) / 864e5, max: Date.UTC(2100, 0, 1) / 864e5 }).map((n) => new Date(n * 864e5).toISOString().slice(0, 10));
    const interval = fc.integer({ min: 0, max: 400 });
    fc.assert(
      fc.property(
        day,
        fc.constantFrom<AdlGroup | null>(...ADL_GROUPS, null),
        fc.boolean(),
        fc.boolean(),
        fc.record({ bedridden: interval, homebound: interval, social: interval, unknown: interval }),
        (visitedOn, adlGroup, urgentNeed, alarms, intervals) => {
          const next = suggestNextVisit({ visitedOn, adlGroup, urgentNeed, alarms }, intervals);
          const gap = daysBetween(visitedOn, next);
          expect(gap).toBeGreaterThanOrEqual(0);
          expect(gap).toBeLessThanOrEqual(intervals[adlGroup ?? 'unknown']);
          if (urgentNeed || alarms) expect(gap).toBeLessThanOrEqual(3);
          else expect(gap).toBe(intervals[adlGroup ?? 'unknown']);
        },
      ),
    );
  });
});

describe('follow-up rules', () => {
  const P = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
  const today = '2026-11-20';
  const state = (over: Partial<FollowUpState> = {}): FollowUpState => ({
    personId: P,
    lastVisitOn: '2026-11-01',
    nextVisitDue: null,
    openNeeds: [],
    lastAlarms: [],
    ...over,
  });

  it('finds nothing for a person with nothing pending', () => {
    expect(followUps(state(), today)).toEqual([]);
    expect(followUps(state({ lastVisitOn: null }), today)).toEqual([]);
  });

  it.each([
    // days from today to the due date → finding
    [3, null],
    [2, ['visit_due', 'info']],
    [1, ['visit_due', 'info']],
    [0, ['visit_due', 'info']],
    [-1, ['visit_overdue', 'warning']],
    [-7, ['visit_overdue', 'warning']],
    [-8, ['visit_overdue', 'urgent']],
    [-60, ['visit_overdue', 'urgent']],
  ] as Array<[number, [string, string] | null]>)('a visit due in %d days → %j', (inDays, expected) => {
    const due = addDays(today, inDays);
    const found = followUps(state({ nextVisitDue: due }), today);
    if (!expected) return expect(found).toEqual([]);
    const [kind, severity] = expected;
    expect(found).toEqual([
      {
        kind,
        severity,
        due,
        key: `${kind}:${P}:${due}`,
        detail: kind === 'visit_due' ? { daysLeft: inDays } : { daysLate: -inDays },
        message: { th: expect.stringMatching(THAI), en: expect.stringMatching(/Home visit/) },
      },
    ]);
  });

  it('honours dueSoonDays', () => {
    expect(followUps(state({ nextVisitDue: '2026-11-25' }), today, { dueSoonDays: 5 }).map((f) => f.kind)).toEqual(['visit_due']);
    expect(followUps(state({ nextVisitDue: '2026-11-26' }), today, { dueSoonDays: 5 })).toEqual([]);
    expect(followUps(state({ nextVisitDue: '2026-11-21' }), today, { dueSoonDays: 0 })).toEqual([]);
    expect(followUps(state({ nextVisitDue: today }), today, { dueSoonDays: 0 }).map((f) => f.kind)).toEqual(['visit_due']);
  });

  it.each([
    [14, false, false],
    [15, false, true],
    [15, true, false],
    [100, true, false],
    [0, false, false],
  ])('a need found %d days ago, helped %s → unmet: %s', (daysAgo, helped, unmet) => {
    const foundOn = addDays(today, -daysAgo);
    const found = followUps(state({ openNeeds: [{ code: 'device.wheelchair', foundOn, helped }] }), today);
    if (!unmet) return expect(found).toEqual([]);
    expect(found).toEqual([
      {
        kind: 'need_unmet',
        severity: 'warning',
        due: addDays(foundOn, 14),
        key: `need_unmet:${P}:device.wheelchair:${foundOn}`,
        detail: { needCode: 'device.wheelchair', foundOn },
        message: { th: expect.stringContaining('รถเข็นนั่ง'), en: expect.stringContaining('Wheelchair') },
      },
    ]);
  });

  it('honours unmetNeedDays, and names an unknown need by its code', () => {
    const needs = [{ code: 'legacy.old_code', foundOn: '2026-10-21', helped: false }];
    expect(followUps(state({ openNeeds: needs }), today, { unmetNeedDays: 30 })).toEqual([]);
    const [f] = followUps(state({ openNeeds: needs }), today, { unmetNeedDays: 29 });
    expect(f).toMatchObject({ kind: 'need_unmet', due: '2026-11-19', message: { en: 'Need still unmet: legacy.old_code' } });
  });

  it('turns each alarm of the last visit into a follow-up with its own severity', () => {
    const found = followUps(
      state({
        lastAlarms: [
          { code: 'bp.crisis', severity: 'urgent' },
          { code: 'temperature.fever', severity: 'warning' },
        ],
      }),
      today,
    );
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'vital_alarm',
        severity: 'urgent',
        due: '2026-11-01',
        key: `vital_alarm:${P}:2026-11-01:bp.crisis`,
        detail: { alarmCode: 'bp.crisis' },
      }),
      expect.objectContaining({ kind: 'vital_alarm', severity: 'warning', key: `vital_alarm:${P}:2026-11-01:temperature.fever` }),
    ]);
    expect(found[0]!.message.en).toMatch(/180\/110/);
  });

  it('combines the rules, and gives the same keys every run (dedupe)', () => {
    const s = state({
      nextVisitDue: '2026-11-10',
      openNeeds: [
        { code: 'income.no_income', foundOn: '2026-10-01', helped: false },
        { code: 'housing.unsafe', foundOn: '2026-10-01', helped: true },
      ],
      lastAlarms: [{ code: 'spo2.low', severity: 'warning' }],
    });
    const first = followUps(s, today);
    expect(first.map((f) => [f.kind, f.severity])).toEqual([
      ['visit_overdue', 'urgent'],
      ['need_unmet', 'warning'],
      ['vital_alarm', 'warning'],
    ]);
    expect(followUps(s, today).map((f) => f.key)).toEqual(first.map((f) => f.key));
    // A day later the overdue visit is the same finding (same key), only later.
    const next = followUps(s, '2026-11-21');
    expect(next.map((f) => f.key)).toEqual(first.map((f) => f.key));
    expect(next[0]!.detail).toEqual({ daysLate: 11 });
    expect(new Set(first.map((f) => f.key)).size).toBe(first.length);
  });

  it('refuses malformed dates rather than guessing', () => {
    expect(() => followUps(state({ nextVisitDue: '20/11/2569' }), today)).toThrow(RangeError);
    expect(() => followUps(state(), '2026-11-31')).toThrow(RangeError);
    expect(() => followUps(state({ openNeeds: [{ code: 'income.debt', foundOn: '1/10/2569', helped: false }] }), today)).toThrow(RangeError);
  });
});

describe('API schemas', () => {
  const visit = (over: Record<string, unknown> = {}) => ({
    id: '0b6e2a52-4b0f-4a41-9b0e-3b7e8f4c1a11',
    personId: '6f9619ff-8b86-4011-b42d-00c04fc964ff',
    visitedAt: '2026-10-15T09:30:00+07:00',
    gps: { lat: 7.19, lng: 100.59, accuracy: 12 },
    present: ['ลูกสาว'],
    vitals: { systolic: 130, diastolic: 80, pulse: 76 },
    needs: [{ code: 'device.wheelchair', note: 'รถเข็นเดิมชำรุด' }],
    help: [{ code: 'help.device_lent' }],
    photos: [],
    note: '',
    nextVisitOn: '2026-10-22',
    assessmentIds: [],
    ...over,
  });
  const issues = (over: Record<string, unknown>) => {
    const r = VisitInput.safeParse(visit(over));
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  /** The first 12 bytes of each type, base64: its magic number (photos are checked against it). */
  const MAGIC_B64: Record<string, string> = { jpeg: '/9j/4AAQSkZJRgAB', png: 'iVBORw0KGgoAAAAN', webp: 'UklGRiQAAABXRUJQ', gif: 'R0lGODlhAQABAAAA' };
  const photo = (length: number, mime = 'jpeg', magic = MAGIC_B64[mime]!) => {
    const prefix = `data:image/${mime};base64,${magic}`;
    return prefix + 'A'.repeat(length - prefix.length);
  };

  it('accepts a complete visit and a bare one', () => {
    expect(VisitInput.parse(visit())).toMatchObject({ needs: [{ code: 'device.wheelchair' }] });
    expect(issues({ gps: null, present: [], vitals: {}, needs: [], help: [] })).toEqual([]);
  });

  it.each([
    ['id', { id: 'not-a-uuid' }],
    ['personId', { personId: '123' }],
    ['visitedAt', { visitedAt: '2026-10-15T09:30:00' }],
    ['visitedAt', { visitedAt: '2026-10-15' }],
    ['gps.lat', { gps: { lat: 91, lng: 100 } }],
    ['present', { present: Array.from({ length: 11 }, (_, i) => `คนที่ ${i}`) }],
    ['present.0', { present: ['  '] }],
    ['vitals', { vitals: { weight_kg: 60 } }],
    ['needs.0.code', { needs: [{ code: 'device.jetpack' }] }],
    ['help.0.code', { help: [{ code: 'help.magic' }] }],
    ['needs.1.code', { needs: [{ code: 'income.debt' }, { code: 'income.debt' }] }],
    ['photos', { photos: Array.from({ length: 7 }, () => photo(100)) }],
    ['photos.0', { photos: [photo(100, 'gif')] }],
    ['photos.0', { photos: ['https://example.org/a.jpg'] }],
    ['photos.0', { photos: [photo(400_001)] }],
    // Bytes that are not the image they claim: a script labelled PNG, a JPEG labelled PNG, zeros labelled JPEG.
    ['photos.0', { photos: [photo(100, 'png', 'PHNjcmlwdD5hbGVy')] }],
    ['photos.0', { photos: [photo(100, 'png', MAGIC_B64.jpeg)] }],
    ['photos.0', { photos: [photo(100, 'jpeg', 'AAAAAAAAAAAAAAAA')] }],
    // A point outside Thailand, though on Earth (issue 18: (−89, 179) was accepted).
    ['gps', { gps: { lat: -89, lng: 179 } }],
    ['gps', { gps: { lat: 13.75, lng: 106.7 } }],
    ['visitedAt', { visitedAt: '1900-01-01T10:00:00+07:00' }],
    ['visitedAt', { visitedAt: '1999-12-31T10:00:00+07:00' }],
    ['note', { note: 'ก'.repeat(4001) }],
    ['nextVisitOn', { nextVisitOn: '2026-10-14' }],
    ['nextVisitOn', { nextVisitOn: '2026-02-30' }],
    ['assessmentIds.0', { assessmentIds: ['x'] }],
  ])('refuses %s', (path, over) => {
    expect(issues(over)).toContain(path);
  });

  it('accepts the limits exactly', () => {
    expect(issues({ present: Array.from({ length: 10 }, (_, i) => `คนที่ ${i}`) })).toEqual([]);
    expect(issues({ photos: Array.from({ length: 6 }, () => photo(400_000)) })).toEqual([]);
    expect(issues({ photos: [photo(100, 'png'), photo(100, 'webp')] })).toEqual([]);
    expect(issues({ note: 'ก'.repeat(4000) })).toEqual([]);
    expect(issues({ nextVisitOn: '2026-10-15' })).toEqual([]);
  });

  it('reads the visit day in its own offset: 23:30 Bangkok time on the 31st is the 31st', () => {
    expect(issues({ visitedAt: '2026-10-31T23:30:00+07:00', nextVisitOn: '2026-10-31' })).toEqual([]);
    expect(issues({ visitedAt: '2026-10-31T23:30:00+07:00', nextVisitOn: '2026-10-30' })).toEqual(['nextVisitOn']);
  });

  it('applies checkVitals, with the Thai message in params', () => {
    const r = VisitInput.safeParse(visit({ vitals: { systolic: 1200, diastolic: 80 } }));
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'vitals.systolic')!;
    expect(issue.message).toMatch(/50–280/);
    expect((issue as { params?: { message_th?: string } }).params?.message_th).toMatch(THAI);
    expect(issues({ vitals: { systolic: 120, diastolic: 120 } })).toEqual(['vitals.diastolic']);
    expect(issues({ vitals: { systolic: 200, diastolic: 115, spo2: 85 } })).toEqual([]); // alarms are recorded, not refused
  });

  it('refuses BP 300/20 and 45 °C through VisitInput too, naming each field', () => {
    expect(issues({ vitals: { systolic: 300, diastolic: 20, temperature: 45 } }).sort()).toEqual(['vitals.diastolic', 'vitals.systolic', 'vitals.temperature']);
  });
  it('refuses a visit in the future beyond ten minutes of clock skew, and takes one kept offline for weeks', () => {
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    for (const m of [48 * 60, 2 * 60, 11]) {
      const at = inMinutes(m);
      expect(issues({ visitedAt: at, nextVisitOn: addDays(at.slice(0, 10), 1) })).toEqual(['visitedAt']);
    }
    for (const m of [9, -60, -40 * 24 * 60]) {
      const at = inMinutes(m);
      expect(issues({ visitedAt: at, nextVisitOn: addDays(at.slice(0, 10), 1) })).toEqual([]);
    }
  });

  it('takes the edges of Thailand: Betong, Mae Sai, Ubon, Ko Kut, Ko Lipe', () => {
    for (const gps of [
      { lat: 5.77, lng: 101.07 },
      { lat: 20.43, lng: 99.88 },
      { lat: 15.2, lng: 105.5 },
      { lat: 11.62, lng: 102.55 },
      { lat: 6.49, lng: 99.3 },
    ])
      expect(issues({ gps })).toEqual([]);
  });

  it('VitalsInput takes any subset of numbers, nothing else', () => {
    expect(VitalsInput.parse({})).toEqual({});
    expect(VitalsInput.parse({ sugar: 110, temperature: 36.8 })).toEqual({ sugar: 110, temperature: 36.8 });
    expect(VitalsInput.safeParse({ sugar: '110' }).success).toBe(false);
    expect(VitalsInput.safeParse({ pulse: Number.NaN }).success).toBe(false);
    expect(VitalsInput.safeParse({ bmi: 22 }).success).toBe(false);
  });

  it.each([
    [{ decision: 'approve' }, true],
    [{ decision: 'approve', comment: 'ดีมาก' }, true],
    [{ decision: 'return', comment: 'กรุณาแนบรูปแผลกดทับ' }, true],
    [{ decision: 'return' }, false],
    [{ decision: 'return', comment: '   ' }, false],
    [{ decision: 'return', comment: 'ก'.repeat(2001) }, false],
    [{ decision: 'return', comment: 'ก'.repeat(2000) }, true],
    [{ decision: 'reject', comment: 'x' }, false],
  ] as Array<[{ decision: string; comment?: string }, boolean]>)('VisitReview %j valid: %s', (body, ok) => {
    const r = VisitReview.safeParse(body);
    expect(r.success).toBe(ok);
    if (!ok && body.decision === 'return' && (body.comment ?? '').trim() === '') expect(r.error!.issues[0]!.path).toEqual(['comment']);
  });

  it('Visit describes what the API returns', () => {
    const out = {
      ...visit(),
      personName: 'นางสมศรี ใจดี',
      vitals: { systolic: 130, diastolic: 80 },
      alarms: [{ code: 'bp.crisis', severity: 'urgent', message: { th: 'ก', en: 'a' } }],
      note: null,
      photoCount: 0,
      recordedBy: 'อสม. มาลี',
      recordedById: 'u1',
      organisation: 'รพ.สต. บ้านเกาะแต้ว',
      receivedAt: '2026-10-15T03:00:00.000Z',
      replaces: null,
      review: { status: 'pending', comment: null, by: null, at: null },
    };
    expect(Visit.parse(out)).toMatchObject({ review: { status: 'pending' } });
    expect(Visit.safeParse({ ...out, review: { ...out.review, status: 'rejected' } }).success).toBe(false);
  });
});
