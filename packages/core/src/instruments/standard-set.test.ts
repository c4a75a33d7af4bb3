import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type InstrumentDefinition,
  InstrumentDefinition as InstrumentSchema,
  NEED_CODE,
  PUBLISHED_VERSIONS,
  STANDARD_INSTRUMENTS,
  scoreResponse,
} from './index.js';

const def = (code: string) => {
  const d = STANDARD_INSTRUMENTS.find((x) => x.code === code);
  if (!d) throw new Error(`no instrument ${code}`);
  return d;
};
/** A published version that is no longer the newest (its rules are kept for the responses made with it). */
const published = (code: string, version: number) => {
  const d = PUBLISHED_VERSIONS.find((x) => x.code === code && x.version === version);
  if (!d) throw new Error(`no instrument ${code} v${version}`);
  return d;
};
const bandOf = (d: InstrumentDefinition, answers: Answers, score = 'total') =>
  scoreResponse(d, answers)
    .bands.filter((b) => b.score === score)
    .map((b) => b.code);

/**
 * Answers to `itemIds` whose scores add up to `total`: every item starts at its lowest score and the
 * rest is handed out in item order. Works for single-choice items (the option with that score) and
 * number items (the number itself).
 */
function answersFor(d: InstrumentDefinition, itemIds: string[], total: number): Answers {
  const items = itemIds.map((id) => d.items.find((i) => i.id === id)!);
  const range = (i: (typeof items)[number]) =>
    (i.type === 'number' ? [i.min!, i.max!] : [Math.min(...i.options!.map((o) => o.score!)), Math.max(...i.options!.map((o) => o.score!))]) as [number, number];
  let left = total - items.reduce((s, i) => s + range(i)[0], 0);
  if (left < 0 || left > items.reduce((s, i) => s + range(i)[1] - range(i)[0], 0)) throw new Error(`total ${total} is out of reach`);
  return Object.fromEntries(
    items.map((i) => {
      const [lo, hi] = range(i);
      const score = lo + Math.min(hi - lo, left);
      left -= score - lo;
      return [i.id, i.type === 'number' ? score : i.options!.find((o) => o.score === score)!.value];
    }),
  );
}

describe('the standard set', () => {
  it('every definition passes the schema again and has a unique code', () => {
    for (const d of STANDARD_INSTRUMENTS) expect(InstrumentSchema.safeParse(d).success).toBe(true);
    const codes = STANDARD_INSTRUMENTS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(['ltc_group', 'zarit12', 'whoqol_bref_thai', 'inhomesss', 'mini_cog', 'tmse', 'social_needs']));
  });

  it('every `next` names an instrument of the set', () => {
    const codes = new Set(STANDARD_INSTRUMENTS.map((d) => d.code));
    for (const d of STANDARD_INSTRUMENTS) for (const n of d.next) expect(codes.has(n.instrument)).toBe(true);
  });

  it('labels are bilingual, Thai first: every th label has Thai script, every en label has Latin letters', () => {
    const thai = /[\u0E00-\u0E7F]/;
    for (const d of STANDARD_INSTRUMENTS) {
      const texts = [d.title, ...d.items.flatMap((i) => [i.label, ...(i.options ?? []).map((o) => o.label)]), ...d.bands.map((b) => b.label)];
      for (const t of texts) {
        expect(t.th, `${d.code}: ${t.en}`).toMatch(thai);
        expect(t.en, `${d.code}: ${t.th}`).toMatch(/[A-Za-z]/);
      }
    }
  });

  it('says which source it follows and, when unverified, what is unconfirmed', () => {
    for (const d of STANDARD_INSTRUMENTS) {
      expect(d.source.citation.length).toBeGreaterThan(20);
      if (!d.source.verified) expect(d.source.note ?? '').toMatch(/confirm|verif/i);
    }
  });

  it('every need code is a stable dotted code', () => {
    const codes = STANDARD_INSTRUMENTS.flatMap((d) => d.items.flatMap((i) => Object.values(i.needs ?? {})));
    expect(codes.length).toBeGreaterThan(20);
    for (const c of codes) expect(c).toMatch(NEED_CODE);
  });
});

// NHSO long-term-care grouping, version 1: group definitions from สปสช. (LTC manual 2559, as printed on
// the NHSO region 8 LTC report); ADL ≤ 11 as the LTC threshold from shared/domain/README.md. Version 2
// (UC eligibility, the July 2024 expansion, end of life apart) is tested in sources.test.ts.
describe('LTC dependency group (NHSO), version 1', () => {
  const d = published('ltc_group', 1);
  const groupOf = (a: Answers) => scoreResponse(d, a).classes.find((c) => c.classification === 'group')?.code ?? null;
  const base = { eating_problem: false, toileting_problem: false };

  it.each([
    [20, {}, 'group0'],
    [12, {}, 'group0'],
    [11, { mobility: 'some', confusion: false }, 'group1'],
    [11, { mobility: 'some', confusion: true }, 'group2'],
    [5, { mobility: 'some', confusion: false }, 'group1'],
    [4, { mobility: 'some', confusion: true }, 'group2'],
    [11, { mobility: 'none', severe_illness: false }, 'group3'],
    [0, { mobility: 'none', severe_illness: false }, 'group3'],
    [0, { mobility: 'none', severe_illness: true }, 'group4'],
    [11, { mobility: 'none', severe_illness: true }, 'group4'],
  ] as const)('ADL %i with %j is %s', (adl, rest, group) => {
    const answers = { adl_total: adl, ...(adl <= 11 ? base : {}), ...rest } as Answers;
    const r = scoreResponse(d, answers);
    expect(r.missing).toEqual([]);
    expect(groupOf(answers)).toBe(group);
    expect(r.classes).toHaveLength(1);
    expect(r.alerts.length).toBe(group === 'group4' ? 1 : 0);
  });

  it('asks the dependency questions only at ADL ≤ 11 (both sides of the threshold)', () => {
    expect(scoreResponse(d, { adl_total: 12 }).missing).toEqual([]);
    expect(scoreResponse(d, { adl_total: 11 }).missing).toEqual(['mobility', 'eating_problem', 'toileting_problem']);
    expect(scoreResponse(d, { adl_total: 11, mobility: 'some', ...base }).missing).toEqual(['confusion']);
    expect(scoreResponse(d, { adl_total: 11, mobility: 'none', ...base }).missing).toEqual(['severe_illness']);
  });

  it('names no group until the deciding answer is given', () => {
    expect(groupOf({})).toBeNull();
    expect(groupOf({ adl_total: 8, mobility: 'some' })).toBeNull();
    expect(groupOf({ adl_total: 8, mobility: 'none' })).toBeNull();
  });

  it('ignores answers left on questions that are no longer asked', () => {
    const stale = { adl_total: 12, mobility: 'none', severe_illness: true, eating_problem: true, toileting_problem: true };
    const r = scoreResponse(d, stale);
    expect(groupOf(stale)).toBe('group0');
    expect(r.alerts).toEqual([]);
    expect(r.needs).toEqual([]);
  });

  it('eating and toileting problems create care needs', () => {
    const r = scoreResponse(d, { adl_total: 3, mobility: 'none', severe_illness: false, eating_problem: true, toileting_problem: true });
    expect(r.needs).toEqual(['care.eating', 'care.toileting']);
    expect(scoreResponse(d, { adl_total: 3, mobility: 'none', severe_illness: false, eating_problem: false, toileting_problem: true }).needs).toEqual([
      'care.toileting',
    ]);
  });

  it('an ADL outside 0–20 is not an answer', () => {
    const r = scoreResponse(d, { adl_total: 21 });
    expect(r.missing).toEqual(['adl_total']);
    expect(r.classes).toEqual([]);
  });
});

// ZBI-12 (Bédard et al., Gerontologist 2001;41:652–7; Thai version Silpakit et al.): total 0–48;
// suggested bands 0–10 no to mild, 10–20 mild to moderate, > 20 high (the overlap at 10 is read as
// no-to-mild).
describe('Zarit Burden Interview, 12 items', () => {
  const d = def('zarit12');
  const ids = d.items.map((i) => i.id);

  it('has 12 items scored 0–4', () => {
    expect(ids).toHaveLength(12);
    for (const i of d.items) expect(i.options!.map((o) => o.score)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    [0, 'none_mild'],
    [10, 'none_mild'],
    [11, 'mild_moderate'],
    [20, 'mild_moderate'],
    [21, 'high'],
    [48, 'high'],
  ])('total %i is %s', (total, band) => {
    const a = answersFor(d, ids, total);
    const r = scoreResponse(d, a);
    expect(r.scores.total).toBe(total);
    expect(bandOf(d, a)).toEqual([band]);
    expect(r.alerts.map((x) => [x.severity, x.action])).toEqual(band === 'high' ? [['warning', 'notify']] : []);
  });
});

// WHOQOL-BREF-THAI (Department of Mental Health; Mahatnirunkul et al. 1998): total 26–130 banded
// 26–60 poor, 61–95 moderate, 96–130 good (shared/domain/README.md); domain cut-offs as in the
// department's manual (see the definition's source note for what is unconfirmed).
describe('WHOQOL-BREF-THAI', () => {
  const d = def('whoqol_bref_thai');
  const all = d.items.map((i) => i.id);
  const domainItems = (score: string) => d.scores.find((s) => s.id === score)!.items;

  it('has 26 items on a 1–5 scale and reverses items 2, 9 and 11 through their option scores', () => {
    expect(all).toHaveLength(26);
    for (const i of d.items) {
      expect(i.options!.map((o) => o.value)).toEqual([1, 2, 3, 4, 5]);
      expect(i.options!.map((o) => o.score)).toEqual(['q2', 'q9', 'q11'].includes(i.id) ? [5, 4, 3, 2, 1] : [1, 2, 3, 4, 5]);
    }
    // No pain at all (answer 1) is the best score on item 2.
    const allThree = Object.fromEntries(all.map((id) => [id, 3]));
    expect(scoreResponse(d, { ...allThree, q2: 1 }).scores.total).toBe(78 - 3 + 5);
    expect(scoreResponse(d, { ...allThree, q1: 1 }).scores.total).toBe(78 - 3 + 1);
  });

  it('domains are disjoint and with items 1 and 26 make up the total', () => {
    const domains = ['physical', 'psychological', 'social', 'environment'].flatMap(domainItems);
    expect(new Set(domains).size).toBe(24);
    expect([...domains, 'q1', 'q26'].sort()).toEqual([...all].sort());
  });

  it.each([
    ['total', 26, 'poor'],
    ['total', 60, 'poor'],
    ['total', 61, 'moderate'],
    ['total', 95, 'moderate'],
    ['total', 96, 'good'],
    ['total', 130, 'good'],
    ['physical', 7, 'poor'],
    ['physical', 16, 'poor'],
    ['physical', 17, 'moderate'],
    ['physical', 26, 'moderate'],
    ['physical', 27, 'good'],
    ['physical', 35, 'good'],
    ['psychological', 6, 'poor'],
    ['psychological', 14, 'poor'],
    ['psychological', 15, 'moderate'],
    ['psychological', 22, 'moderate'],
    ['psychological', 23, 'good'],
    ['psychological', 30, 'good'],
    ['social', 3, 'poor'],
    ['social', 7, 'poor'],
    ['social', 8, 'moderate'],
    ['social', 11, 'moderate'],
    ['social', 12, 'good'],
    ['social', 15, 'good'],
    ['environment', 8, 'poor'],
    ['environment', 18, 'poor'],
    ['environment', 19, 'moderate'],
    ['environment', 29, 'moderate'],
    ['environment', 30, 'good'],
    ['environment', 40, 'good'],
  ])('%s %i is %s', (score, value, band) => {
    const items = domainItems(score);
    const rest = Object.fromEntries(all.filter((id) => !items.includes(id)).map((id) => [id, 3]));
    const a = { ...rest, ...answersFor(d, items, value) };
    const r = scoreResponse(d, a);
    expect(r.scores[score]).toBe(value);
    expect(r.incomplete).toEqual([]);
    expect(bandOf(d, a, score)).toEqual([band]);
    if (score === 'total') expect(r.alerts.length).toBe(band === 'poor' ? 1 : 0);
  });

  it('an unfinished form is a lower bound: within range, marked incomplete, and no "poor" alert yet', () => {
    const r = scoreResponse(d, { q1: 5, q26: 5 });
    expect(r.scores.total).toBe(5 + 5 + 24);
    expect(r.incomplete).toEqual(['total', 'physical', 'psychological', 'social', 'environment']);
    expect(r.alerts).toEqual([]);
    expect(r.missing).toHaveLength(24);
  });
});

// INHOMESSS (Unwin & Jerant, Am Fam Physician 1999;60:1481–8; AFP 2011, 2020): nine components, no score.
describe('INHOMESSS home-visit checklist', () => {
  const d = def('inhomesss');
  const components = ['immobility', 'nutrition', 'home_environment', 'other_people', 'medications', 'examination', 'safety', 'spiritual_health', 'services'];
  const none = Object.fromEntries(components.map((c) => [c, false]));

  it('asks the nine components in the mnemonic order', () => {
    expect(d.items.filter((i) => i.type === 'yesno').map((i) => i.id)).toEqual(components);
    expect(d.scores).toEqual([]);
  });

  it('no problem found creates no need and no alert', () => {
    const r = scoreResponse(d, none);
    expect(r).toMatchObject({ needs: [], alerts: [], missing: [] });
  });

  it('each problem found creates its need, in checklist order', () => {
    const r = scoreResponse(d, { ...none, safety: true, nutrition: true, services: true, safety_note: 'พื้นห้องน้ำลื่น' });
    expect(r.needs).toEqual(['inhomesss.nutrition', 'inhomesss.safety', 'inhomesss.services']);
    expect(r.alerts.map((a) => a.severity)).toEqual(['warning']);
    for (const c of components) expect(scoreResponse(d, { ...none, [c]: true }).needs).toEqual([`inhomesss.${c}`]);
  });

  it('a note is asked only for a problem found, and is optional', () => {
    expect(scoreResponse(d, { ...none, medications: true }).missing).toEqual([]);
    expect(scoreResponse(d, { nutrition: true }).missing).toEqual(components.filter((c) => c !== 'nutrition'));
  });
});

// Mini-Cog (Borson et al., Int J Geriatr Psychiatry 2000;15:1021–7): recall 0–3 + clock 0 or 2,
// total 0–5, < 3 positive. TMSE (Train the Brain Forum, Siriraj Hosp Gaz 1993): total 0–30, < 24
// suggests impairment.
describe('cognition', () => {
  const mini = def('mini_cog');

  it.each([0, 1, 2, 3].flatMap((recall) => (['normal', 'abnormal'] as const).map((clock) => [recall, clock] as const)))(
    'Mini-Cog: %i words, %s clock',
    (recall, clock) => {
      const r = scoreResponse(mini, { recall, clock });
      const total = recall + (clock === 'normal' ? 2 : 0);
      expect(r.scores.total).toBe(total);
      // The total-score cut-off agrees with Borson's original algorithm: 0 words positive, 3 words
      // negative, 1–2 words positive only with an abnormal clock.
      const positive = recall === 0 || (recall < 3 && clock === 'abnormal');
      expect(total < 3).toBe(positive);
      expect(bandOf(mini, { recall, clock })).toEqual([positive ? 'positive' : 'negative']);
      expect(r.next).toEqual(positive ? ['tmse'] : []);
      expect(r.alerts.length).toBe(positive ? 1 : 0);
    },
  );

  // Version 1's single cut-off; version 2 (the cut-off only for literate people) is in sources.test.ts.
  const tmse = published('tmse', 1);
  const sections = tmse.items.map((i) => i.id);
  it('TMSE sections add up to 30', () => {
    expect(tmse.items.map((i) => i.max)).toEqual([6, 3, 5, 3, 10, 3]);
  });

  it.each([
    [0, 'impaired'],
    [23, 'impaired'],
    [24, 'normal'],
    [30, 'normal'],
  ])('TMSE total %i is %s', (total, band) => {
    const a = answersFor(tmse, sections, total);
    const r = scoreResponse(tmse, a);
    expect(r.scores.total).toBe(total);
    expect(bandOf(tmse, a)).toEqual([band]);
    expect(r.alerts.map((x) => x.action)).toEqual(band === 'impaired' ? ['propose_referral'] : []);
  });

  it('TMSE: a section score above its maximum is not accepted', () => {
    const r = scoreResponse(tmse, { ...answersFor(tmse, sections, 30), orientation: 7 });
    expect(r.missing).toEqual(['orientation']);
    expect(r.incomplete).toEqual(['total']);
    expect(r.scores.total).toBe(24);
  });
});

describe('social needs assessment', () => {
  const d = def('social_needs');
  const fine: Answers = {
    income: 'enough',
    debt: false,
    housing: 'safe',
    home_adaptation: false,
    lives_alone: false,
    caregiver: 'adequate',
    abuse_concern: false,
    documents_missing: [],
    rights_missing: [],
    devices_needed: [],
  };

  it('no gap, no need', () => {
    expect(scoreResponse(d, fine)).toMatchObject({ needs: [], alerts: [], missing: [] });
  });

  it.each([
    [{ income: 'none' }, ['income.no_income']],
    [{ income: 'not_enough', debt: true }, ['income.insufficient', 'income.debt']],
    [{ housing: 'unsafe' }, ['housing.unsafe']],
    [{ housing: 'needs_repair', home_adaptation: true }, ['housing.needs_repair', 'housing.adaptation']],
    [{ lives_alone: true, caregiver: 'none' }, ['family.lives_alone', 'family.no_caregiver']],
    [{ documents_missing: ['id_card'] }, ['documents.no_id_card']],
    [{ rights_missing: ['disability_allowance', 'elderly_allowance'] }, ['rights.elderly_allowance', 'rights.disability_allowance']],
    [{ devices_needed: ['diapers', 'wheelchair'] }, ['device.wheelchair', 'device.diapers']],
  ] as Array<[Answers, string[]]>)('%j creates %j', (gaps, needs) => {
    expect(scoreResponse(d, { ...fine, ...gaps }).needs).toEqual(needs);
  });

  it('needs follow item order whatever order the answers come in', () => {
    const answers: Answers = { ...fine, devices_needed: ['walker'], housing: 'none', income: 'none' };
    const reversed = Object.fromEntries(Object.entries(answers).reverse());
    expect(Object.keys(reversed)[0]).toBe('devices_needed');
    expect(scoreResponse(d, reversed).needs).toEqual(['income.no_income', 'housing.homeless', 'device.walker']);
  });

  it('suspected abuse proposes an urgent referral; no income or home raises a warning', () => {
    expect(scoreResponse(d, { ...fine, abuse_concern: true }).alerts.map((a) => [a.severity, a.action])).toEqual([['urgent', 'propose_referral']]);
    expect(scoreResponse(d, { ...fine, housing: 'none' }).alerts.map((a) => a.severity)).toEqual(['warning']);
    expect(scoreResponse(d, { ...fine, income: 'none' }).alerts.map((a) => a.severity)).toEqual(['warning']);
  });

  it('an unknown option creates nothing and counts as unanswered', () => {
    const r = scoreResponse(d, { ...fine, devices_needed: ['jetpack'] });
    expect(r.needs).toEqual([]);
    expect(r.missing).toEqual(['devices_needed']);
  });
});

describe('engine: needs, allOf, incomplete scores', () => {
  const tiny = InstrumentSchema.parse({
    code: 'tiny',
    version: 1,
    title: { th: 'ทดสอบ', en: 'Test' },
    source: { citation: 'test fixture', verified: true },
    items: [
      { id: 'a', type: 'yesno', label: { th: 'ก', en: 'a' }, needs: { true: 'x.same' } },
      { id: 'b', type: 'single', label: { th: 'ข', en: 'b' }, options: [{ value: 1, score: 1, label: { th: 'หนึ่ง', en: 'one' } }], needs: { '1': 'x.same' } },
      {
        id: 'c',
        type: 'yesno',
        label: { th: 'ค', en: 'c' },
        showIf: {
          allOf: [
            { item: 'a', equals: true },
            { item: 'b', equals: 1 },
          ],
        },
        needs: { false: 'x.c_no' },
      },
    ],
    scores: [{ id: 's', label: { th: 'ส', en: 's' }, method: 'sum', items: ['a', 'b'], min: 0, max: 2 }],
    alerts: [
      {
        when: {
          allOf: [
            { score: 's', gte: 2 },
            { item: 'c', equals: false },
          ],
        },
        severity: 'warning',
        message: { th: 'เตือน', en: 'warn' },
      },
    ],
  });

  it('a need created twice is listed once', () => {
    expect(scoreResponse(tiny, { a: true, b: 1, c: true }).needs).toEqual(['x.same']);
  });

  it('allOf shows an item and raises an alert only when every part holds', () => {
    expect(scoreResponse(tiny, { a: true, b: 1 }).missing).toEqual(['c']);
    expect(scoreResponse(tiny, { a: false, b: 1 }).missing).toEqual([]);
    expect(scoreResponse(tiny, { a: true, b: 1, c: false })).toMatchObject({ needs: ['x.same', 'x.c_no'], alerts: [{ severity: 'warning' }] });
    expect(scoreResponse(tiny, { a: true, b: 1, c: true }).alerts).toEqual([]);
    expect(scoreResponse(tiny, { a: false, b: 1, c: false })).toMatchObject({ needs: ['x.same'], alerts: [] });
  });

  it('the schema refuses a need keyed by an answer the item cannot have, or a badly formed code', () => {
    const bad = (needs: Record<string, string>) =>
      InstrumentSchema.safeParse({ ...tiny, items: [{ ...tiny.items[0], needs }, ...tiny.items.slice(1)] }).success;
    expect(bad({ true: 'x.ok' })).toBe(true);
    expect(bad({ yes: 'x.ok' })).toBe(false);
    expect(bad({ true: 'Not A Code' })).toBe(false);
  });

  it('Barthel: "ADL ≤ 11" is not concluded while ADL items are unanswered', () => {
    const barthel = def('barthel');
    const partial = scoreResponse(barthel, { feeding: 0 });
    expect(partial.incomplete).toEqual(['total']);
    expect(partial.alerts).toEqual([]);
    const zero = Object.fromEntries(barthel.items.map((i) => [i.id, 0]));
    expect(scoreResponse(barthel, zero)).toMatchObject({ incomplete: [], alerts: [{ severity: 'warning' }] });
  });
});
