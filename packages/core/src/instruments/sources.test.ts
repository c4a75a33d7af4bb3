import { describe, expect, it } from 'vitest';
import { BARTHEL, BARTHEL_V1, BARTHEL_VERSIONS } from './barthel.js';
import { TMSE, TMSE_V1, TMSE_VERSIONS } from './cognition.js';
import { type Answers, InstrumentDefinition, type InstrumentInput, PUBLISHED_VERSIONS, STANDARD_INSTRUMENTS, scoreResponse } from './index.js';
import { LTC_GROUP, LTC_GROUP_V1, LTC_VERSIONS } from './ltc.js';
import { WHOQOL_BREF_THAI, WHOQOL_BREF_THAI_V1, WHOQOL_VERSIONS } from './whoqol.js';
import { ZARIT_VERSIONS, ZARIT12, ZARIT12_V1 } from './zarit.js';

// Issue 16 part 2: Thai wording and cut-offs from their sources. Each definition's `source` says what
// was read and where; the facts tested here are those of shared/domain/README.md ("Confirmed or
// corrected after review", 2026-12): the Department of Health Barthel form and HDC codes, the NHSO
// long-term-care eligibility (manual 2559 and the board's July 2024 expansion), TMSE in illiterate
// elders (Muangpaisan et al., J Med Assoc Thai 2015;98:916–924), the Zarit paraphrase, and the
// WHOQOL-BREF-THAI structure (Summart et al., F1000Research 2025, doi 10.12688/f1000research.161251.3).

const parse = (d: InstrumentInput) => InstrumentDefinition.parse(d);
const newest = (code: string) => STANDARD_INSTRUMENTS.find((d) => d.code === code)!;
const optionTh = (d: InstrumentDefinition, item: string, score: number) =>
  d.items.find((i) => i.id === item)!.options!.find((o) => o.score === score)!.label.th;

describe('versions: the new one is the standard, version 1 stays published unchanged', () => {
  it.each([
    ['barthel', BARTHEL_VERSIONS],
    ['ltc_group', LTC_VERSIONS],
    ['tmse', TMSE_VERSIONS],
    ['zarit12', ZARIT_VERSIONS],
    ['whoqol_bref_thai', WHOQOL_VERSIONS],
  ] as const)('%s: versions 1 and 2, oldest first, 2 the newest', (code, versions) => {
    expect(versions.map((v) => [v.code, v.version])).toEqual([
      [code, 1],
      [code, 2],
    ]);
    for (const v of versions) expect(parse(v).code).toBe(code);
    expect(newest(code).version).toBe(2);
  });

  it.each(['barthel', 'ltc_group', 'tmse', 'zarit12'])('%s: version 1 is still published next to version 2', (code) => {
    expect(
      PUBLISHED_VERSIONS.filter((d) => d.code === code)
        .map((d) => d.version)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('Barthel v1 keeps its wording: bladder 0 still counts any catheter, no time frames, unverified', () => {
    const v1 = parse(BARTHEL_V1);
    expect(optionTh(v1, 'bladder', 0)).toBe('กลั้นไม่ได้ หรือใส่สายสวนปัสสาวะ');
    expect(v1.items.every((i) => i.timeFrame === undefined)).toBe(true);
    expect(v1.bands.map((b) => b.label.th)).toEqual(['ติดสังคม', 'ติดบ้าน', 'ติดเตียง']);
    expect(v1.source.verified).toBe(false);
  });

  it('LTC v1 keeps group 4 for "severe illness or end of life" and asks no health scheme', () => {
    const v1 = parse(LTC_GROUP_V1);
    expect(v1.classifications.map((c) => c.id)).toEqual(['group']);
    expect(v1.classifications[0]!.rules.map((r) => r.code)).toEqual(['group0', 'group1', 'group2', 'group3', 'group4']);
    expect(v1.items.map((i) => i.id)).not.toContain('scheme');
    const r = scoreResponse(v1, { adl_total: 3, mobility: 'none', severe_illness: true, eating_problem: false, toileting_problem: false });
    expect(r.classes).toEqual([{ classification: 'group', code: 'group4', severity: 'urgent' }]);
  });

  it('TMSE v1 keeps the single cut-off: 23 proposes a referral, whatever the schooling', () => {
    const v1 = parse(TMSE_V1);
    expect(v1.items.map((i) => i.id)).toEqual(['orientation', 'registration', 'attention', 'calculation', 'language', 'recall']);
    const r = scoreResponse(v1, { orientation: 6, registration: 3, attention: 5, calculation: 3, language: 6, recall: 0 });
    expect(r.scores.total).toBe(23);
    expect(r.alerts.map((a) => a.action)).toEqual(['propose_referral']);
  });

  it('Zarit v1 keeps its title; WHOQOL v1 stays unverified', () => {
    expect(ZARIT12_V1.title.en).toBe('Zarit Burden Interview, 12-item short form (ZBI-12)');
    expect(WHOQOL_BREF_THAI_V1.source.verified).toBe(false);
  });
});

describe('Barthel ADL v2: the Department of Health form', () => {
  const d = parse(BARTHEL);
  const ids = ['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder'];
  const max = [2, 1, 3, 2, 3, 2, 2, 1, 2, 2];
  const full = (): Answers => Object.fromEntries(ids.map((id, i) => [id, max[i]!]));
  /** Answers that add up to `total`, taking points off items from the last one back. */
  function answersFor(total: number): Answers {
    const a = full();
    let drop = 20 - total;
    for (let i = ids.length - 1; i >= 0 && drop > 0; i--) {
      const take = Math.min(max[i]!, drop);
      a[ids[i]!] = max[i]! - take;
      drop -= take;
    }
    return a;
  }

  it('keeps version 1’s item ids, score ranges, band codes and the ADL-group feed the server reads', () => {
    const v1 = parse(BARTHEL_V1);
    expect(d.items.map((i) => i.id)).toEqual(ids);
    expect(d.items.map((i) => i.options!.map((o) => o.score))).toEqual(v1.items.map((i) => i.options!.map((o) => o.score)));
    expect(d.bands.map((b) => [b.code, b.min, b.max])).toEqual(v1.bands.map((b) => [b.code, b.min, b.max]));
    expect(d.feeds.adlGroup).toBe('total');
    expect(d.source.verified).toBe(true);
    expect(d.source.note).toMatch(/confirm|verif/i);
  });

  it.each([
    [20, 'social', '1B1280', false],
    [12, 'social', '1B1280', false],
    [11, 'homebound', '1B1281', true],
    [5, 'homebound', '1B1281', true],
    [4, 'bedridden', '1B1282', true],
    [0, 'bedridden', '1B1282', true],
  ] as const)('total %i is %s (HDC %s), LTC alert %s', (total, code, hdc, alert) => {
    const r = scoreResponse(d, answersFor(total));
    expect(r.scores.total).toBe(total);
    expect(r.bands.map((b) => b.code)).toEqual([code]);
    const band = d.bands.find((b) => b.code === code)!;
    expect(band.label.th).toContain(hdc);
    expect(band.label.en).toContain(hdc);
    expect(d.description!.th).toContain(`${band.min}–${band.max} (${hdc})`);
    expect(r.alerts.length).toBe(alert ? 1 : 0);
  });

  it('a urinary catheter the person manages alone scores 2 on bladder; one they cannot manage scores 0', () => {
    const bladder = d.items.find((i) => i.id === 'bladder')!;
    expect(bladder.help!.th).toContain('สายสวนปัสสาวะและดูแลสายสวนได้เอง');
    expect(bladder.help!.th).toContain('2 คะแนน');
    expect(optionTh(d, 'bladder', 2)).toBe('กลั้นได้เป็นปกติ');
    expect(optionTh(d, 'bladder', 0)).toBe('กลั้นไม่ได้ หรือใส่สายสวนปัสสาวะแต่ไม่สามารถดูแลเองได้');
    const selfManaged = { ...full(), bladder: 2 };
    expect(scoreResponse(d, selfManaged).scores.total).toBe(20);
    expect(scoreResponse(d, { ...selfManaged, bladder: 0 }).scores.total).toBe(18);
  });

  it.each([
    ['grooming', 'ในระยะเวลา 24–48 ชั่วโมงที่ผ่านมา'],
    ['bowels', 'ในระยะ 1 สัปดาห์ที่ผ่านมา'],
    ['bladder', 'ในระยะ 1 สัปดาห์ที่ผ่านมา'],
  ])('%s asks about %s', (id, th) => {
    expect(d.items.find((i) => i.id === id)!.timeFrame!.th).toBe(th);
  });

  it('only grooming, bowels and bladder carry a time frame', () => {
    expect(d.items.filter((i) => i.timeFrame).map((i) => i.id)).toEqual(['grooming', 'bowels', 'bladder']);
  });

  it.each([
    ['transfer', 0, 'ไม่สามารถนั่งได้ (นั่งแล้วจะล้มเสมอ) หรือต้องใช้คนสองคนช่วยกันยกขึ้น'],
    ['transfer', 1, 'ต้องการความช่วยเหลืออย่างมากจึงจะนั่งได้ เช่น ต้องใช้คนที่แข็งแรงหรือมีทักษะ 1 คน หรือใช้คนทั่วไป 2 คนพยุงหรือดันขึ้นมาจึงจะนั่งอยู่ได้'],
    ['transfer', 3, 'ทำได้เอง'],
    ['mobility', 0, 'เคลื่อนที่ไปไหนไม่ได้'],
    ['mobility', 3, 'เดินหรือเคลื่อนที่ได้เอง'],
    ['feeding', 0, 'ไม่สามารถตักอาหารเข้าปากได้ ต้องมีคนป้อนให้'],
    ['feeding', 2, 'ตักอาหารและช่วยตัวเองได้เป็นปกติ'],
  ] as const)('%s option %i reads the form’s words', (item, score, th) => {
    expect(optionTh(d, item, score)).toBe(th);
  });

  it('the mobility wheelchair option and the transfer help option carry the form’s criteria', () => {
    expect(optionTh(d, 'mobility', 1)).toContain('ไม่ต้องมีคนเข็นให้');
    expect(optionTh(d, 'mobility', 2)).toContain('เพื่อความปลอดภัย');
    expect(optionTh(d, 'transfer', 2)).toContain('ช่วยพยุงเล็กน้อย');
  });
});

describe('LTC v2: NHSO long-term-care eligibility and groups', () => {
  const d = parse(LTC_GROUP);
  const classOf = (a: Answers, id: string) => scoreResponse(d, a).classes.find((c) => c.classification === id)?.code ?? null;
  const none = { eating_problem: false, toileting_problem: false };
  /** A complete response: the health scheme, the ADL total and whatever that ADL asks. */
  const person = (scheme: string, adl: number, rest: Answers = {}): Answers => ({
    scheme,
    adl_total: adl,
    palliative: false,
    ...(adl <= 11 ? { mobility: 'some', confusion: false, ...none } : { dementia: 'none' }),
    ...rest,
  });
  const NOT_UC_ALERT = /not UC/;

  it.each([
    // scheme, ADL, other answers, eligibility, dependency group, not-UC alert
    ['uc', 11, {}, 'dependent', 'group1', false],
    ['uc', 12, {}, 'not_eligible', 'group0', false],
    ['uc', 0, { mobility: 'none', severe_illness: false }, 'dependent', 'group3', false],
    ['sss', 11, {}, 'not_uc', 'group1', true],
    ['sss', 12, {}, 'not_uc', 'group0', false],
    ['csmbs', 5, {}, 'not_uc', 'group1', true],
    ['other', 11, { mobility: 'some', confusion: true }, 'not_uc', 'group2', true],
    ['csmbs', 15, { palliative: true, end_of_life: false }, 'not_uc', 'group0', false],
    ['uc', 15, { dementia: 'moderate' }, 'dementia', 'group0', false],
    ['uc', 20, { dementia: 'severe' }, 'dementia', 'group0', false],
    ['uc', 15, { dementia: 'mild' }, 'not_eligible', 'group0', false],
    ['uc', 12, { palliative: true, end_of_life: false }, 'palliative', 'group0', false],
    ['uc', 15, { palliative: true, end_of_life: false, dementia: 'moderate' }, 'palliative', 'group0', false],
    ['uc', 11, { palliative: true, end_of_life: false }, 'dependent', 'group1', false],
  ] as Array<[string, number, Answers, string, string, boolean]>)('%s with ADL %i and %j: %s, %s', (scheme, adl, rest, eligibility, group, alert) => {
    const a = person(scheme, adl, rest);
    const r = scoreResponse(d, a);
    expect(r.missing).toEqual([]);
    expect(classOf(a, 'nhso_ltc')).toBe(eligibility);
    expect(classOf(a, 'group')).toBe(group);
    expect(classOf(a, 'end_of_life')).toBeNull();
    expect(r.alerts.some((x) => NOT_UC_ALERT.test(x.message.en))).toBe(alert);
  });

  it('says a non-UC member is not eligible for the NHSO fund, in both languages', () => {
    const rule = d.classifications.find((c) => c.id === 'nhso_ltc')!.rules.find((r) => r.code === 'not_uc')!;
    expect(rule.label.en).toBe('Not eligible for the NHSO LTC fund: not a UC member');
    expect(rule.label.th).toContain('ไม่ใช่สิทธิบัตรทอง');
  });

  it('names no eligibility until the scheme is known, and no expansion group until dementia and palliative status are', () => {
    expect(classOf({ adl_total: 8 }, 'nhso_ltc')).toBeNull();
    expect(classOf({ scheme: 'uc', adl_total: 15 }, 'nhso_ltc')).toBeNull();
    expect(classOf({ scheme: 'uc', adl_total: 15, palliative: false }, 'nhso_ltc')).toBeNull();
    expect(scoreResponse(d, { scheme: 'uc', adl_total: 15 }).missing).toEqual(['dementia', 'palliative']);
    expect(scoreResponse(d, { scheme: 'uc', adl_total: 11 }).missing).toEqual(['mobility', 'eating_problem', 'toileting_problem', 'palliative']);
  });

  it('asks dementia only above ADL 11 and the end of life only of palliative patients', () => {
    expect(scoreResponse(d, person('uc', 11)).missing).toEqual([]);
    expect(scoreResponse(d, { scheme: 'uc', adl_total: 12, palliative: false }).missing).toEqual(['dementia']);
    expect(scoreResponse(d, person('uc', 12, { palliative: true })).missing).toEqual(['end_of_life']);
  });

  it('a severe illness stays in group 3; there is no group 4', () => {
    const a = person('uc', 2, { mobility: 'none', severe_illness: true });
    expect(classOf(a, 'group')).toBe('group3');
    expect(classOf(person('uc', 2, { mobility: 'none', severe_illness: false }), 'group')).toBe('group3');
    expect(scoreResponse(d, a).alerts.map((x) => x.message.en)).toEqual(['Group 3 with a severe illness: review the care plan']);
    expect(d.classifications.flatMap((c) => c.rules.map((r) => r.code))).not.toContain('group4');
  });

  it.each([
    [2, { mobility: 'none', severe_illness: true }, 'group3'],
    [9, {}, 'group1'],
    [18, {}, 'group0'],
  ] as Array<[number, Answers, string]>)('the end of life is its own outcome, beside the group (ADL %i)', (adl, rest, group) => {
    const a = person('uc', adl, { ...rest, palliative: true, end_of_life: true });
    const r = scoreResponse(d, a);
    expect(r.missing).toEqual([]);
    expect(classOf(a, 'group')).toBe(group);
    expect(classOf(a, 'end_of_life')).toBe('end_of_life');
    expect(r.alerts.some((x) => x.message.en.startsWith('End of life'))).toBe(true);
    expect(classOf({ ...a, end_of_life: false }, 'end_of_life')).toBeNull();
  });

  it('cites the NHSO manual (2559) and the July 2024 board decision, and says what is unconfirmed', () => {
    expect(d.source.citation).toContain('มิถุนายน 2559');
    expect(d.source.citation).toContain('กรกฎาคม 2567');
    expect(d.source.verified).toBe(false);
    expect(d.source.note).toMatch(/confirm|verif/i);
  });
});

describe('TMSE v2: the ≤ 23 cut-off only for people who can read and write', () => {
  const d = parse(TMSE);
  const sections = ['orientation', 'registration', 'attention', 'calculation', 'language', 'recall'];
  const max = [6, 3, 5, 3, 10, 3];
  function sectionsFor(total: number): Answers {
    let left = total;
    return Object.fromEntries(
      sections.map((id, i) => {
        const v = Math.min(max[i]!, left);
        left -= v;
        return [id, v];
      }),
    );
  }

  it.each([
    // total, illiterate, band, screen, referral
    [23, false, 'below_24', 'impaired', true],
    [24, false, 'normal', 'normal', false],
    [0, false, 'below_24', 'impaired', true],
    [30, false, 'normal', 'normal', false],
    [23, true, 'below_24', 'no_cutoff_illiterate', false],
    [24, true, 'normal', 'normal', false],
    [0, true, 'below_24', 'no_cutoff_illiterate', false],
    [30, true, 'normal', 'normal', false],
  ] as const)('total %i, illiterate %s: band %s, screen %s, referral %s', (total, illiterate, band, screen, referral) => {
    const a: Answers = { illiterate, ...(illiterate ? {} : { education_years: 6 }), ...sectionsFor(total) };
    const r = scoreResponse(d, a);
    expect(r.scores.total).toBe(total);
    expect(r.missing).toEqual([]);
    expect(r.bands.map((b) => b.code)).toEqual([band]);
    expect(r.classes).toEqual([expect.objectContaining({ classification: 'screen', code: screen })]);
    expect(r.alerts.map((x) => x.action)).toEqual(referral ? ['propose_referral'] : []);
  });

  it('raises nothing on the total alone while schooling is not known', () => {
    const r = scoreResponse(d, sectionsFor(10));
    expect(r.missing).toEqual(['illiterate']);
    expect(r.alerts).toEqual([]);
    expect(r.classes).toEqual([]);
  });

  it('asks years of schooling of literate people only, and does not require them', () => {
    expect(scoreResponse(d, { illiterate: false, ...sectionsFor(26) }).missing).toEqual([]);
    const item = d.items.find((i) => i.id === 'education_years')!;
    expect(item.showIf).toEqual({ item: 'illiterate', equals: false });
    expect(item.required).toBe(false);
  });

  it('the ≤ 23 alert is conditional on schooling (allOf), and the bands still tile 0–30', () => {
    expect(d.alerts.map((a) => a.when)).toEqual([
      {
        allOf: [
          { item: 'illiterate', equals: false },
          { score: 'total', lte: 23 },
        ],
      },
    ]);
    const bands = [...d.bands].sort((a, b) => a.min - b.min).map((b) => [b.min, b.max]);
    expect(bands).toEqual([
      [0, 23],
      [24, 30],
    ]);
  });

  it('cites Muangpaisan et al. 2015 and stays unverified with a note', () => {
    expect(d.source.citation).toContain('J Med Assoc Thai 2015;98(9):916–924');
    expect(d.source.note).toContain('23 (19–26)');
    expect(d.source.verified).toBe(false);
  });
});

describe('Zarit v2: labelled not validated in Thai', () => {
  const d = parse(ZARIT12);

  it('says so in the title and description, in Thai and English', () => {
    expect(d.title.th).toContain('ยังไม่ผ่านการตรวจสอบความตรงในภาษาไทย');
    expect(d.title.en).toContain('not validated in Thai');
    expect(d.description!.th).toContain('ยังไม่ผ่านการตรวจสอบความตรงในภาษาไทย');
    expect(d.description!.en).toContain('not validated in Thai');
    expect(d.source.verified).toBe(false);
    expect(d.source.note).toMatch(/confirm|verif/i);
  });

  it('scores exactly as version 1', () => {
    const v1 = parse(ZARIT12_V1);
    expect([d.items, d.scores, d.bands, d.alerts]).toEqual([v1.items, v1.scores, v1.bands, v1.alerts]);
  });
});

describe('WHOQOL-BREF-THAI v2: the published Thai structure, verified', () => {
  const d = parse(WHOQOL_BREF_THAI);
  const domainOf = (n: number) => d.scores.filter((s) => s.id !== 'total' && s.items.includes(`q${n}`)).map((s) => s.id);

  it('cites Summart et al. 2025 and is verified', () => {
    expect(d.source.citation).toContain('10.12688/f1000research.161251.3');
    expect(d.source.verified).toBe(true);
  });

  it('scores exactly as version 1 (a metadata-only correction)', () => {
    const v1 = parse(WHOQOL_BREF_THAI_V1);
    expect([d.items, d.scores, d.bands, d.alerts]).toEqual([v1.items, v1.scores, v1.bands, v1.alerts]);
  });

  it.each(Array.from({ length: 26 }, (_, i) => i + 1))('item %i is reversed only if it is 2, 9 or 11', (n) => {
    const scores = d.items.find((i) => i.id === `q${n}`)!.options!.map((o) => o.score);
    expect(scores).toEqual([2, 9, 11].includes(n) ? [5, 4, 3, 2, 1] : [1, 2, 3, 4, 5]);
  });

  it.each([
    ['physical', [2, 3, 4, 10, 11, 12, 24]],
    ['psychological', [5, 6, 7, 8, 9, 23]],
    ['social', [13, 14, 25]],
    ['environment', [15, 16, 17, 18, 19, 20, 21, 22]],
  ] as const)('the %s domain holds items %j', (domain, items) => {
    expect(d.scores.find((s) => s.id === domain)!.items).toEqual(items.map((n) => `q${n}`));
    for (const n of items) expect(domainOf(n)).toEqual([domain]);
  });

  it('items 1 and 26 count only in the total', () => {
    expect(domainOf(1)).toEqual([]);
    expect(domainOf(26)).toEqual([]);
    expect(d.scores.find((s) => s.id === 'total')!.items).toHaveLength(26);
  });

  it('a reversed item counts reversed in its domain: no pain (1) on item 2 gives 5, feeling bad always (5) on item 9 gives 1', () => {
    const threes = Object.fromEntries(d.items.map((i) => [i.id, 3]));
    expect(scoreResponse(d, { ...threes, q2: 1 }).scores.physical).toBe(7 * 3 - 3 + 5);
    expect(scoreResponse(d, { ...threes, q9: 5 }).scores.psychological).toBe(6 * 3 - 3 + 1);
    expect(scoreResponse(d, { ...threes, q11: 5 }).scores.physical).toBe(7 * 3 - 3 + 1);
  });
});
