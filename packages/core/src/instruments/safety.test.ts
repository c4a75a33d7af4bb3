import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responses } from './arbitraries.testing.js';
import {
  type Answer,
  type Answers,
  alertsDiffer,
  carryAnswers,
  type InstrumentDefinition,
  type Item,
  isShown,
  PUBLISHED_VERSIONS,
  recallAlerts,
  InstrumentDefinition as Schema,
  scoreResponse,
} from './index.js';

/**
 * A self-harm or suicide answer always raises an urgent alert, whatever else was answered
 * (DESIGN.md §10; shared/domain/README.md "Confirmed or corrected after review").
 *
 * Which questions are self-harm questions is taken from every version of an instrument together (an
 * item flagged in version 2 is the same question in version 1), so the property is checked against
 * what each version was asked, not against its own flags: version 1 of 2Q/9Q/8Q must fail it.
 */
const selfHarmIds = new Map<string, Set<string>>();
for (const d of PUBLISHED_VERSIONS) for (const i of d.items) if (i.selfHarm) selfHarmIds.set(d.code, (selfHarmIds.get(d.code) ?? new Set()).add(i.id));

/** A positive answer: yes, or an option that scores above 0. */
function positive(item: Item): fc.Arbitrary<Answer> {
  if (item.type === 'yesno') return fc.constant(true);
  const values = (item.options ?? []).filter((o) => (o.score ?? 0) > 0).map((o) => o.value);
  return fc.constantFrom(...values);
}

/** Any answer set in which at least one self-harm question is answered positively (and is asked). */
function atRisk(d: InstrumentDefinition): fc.Arbitrary<Answers> {
  const ids = [...(selfHarmIds.get(d.code) ?? [])].filter((id) => d.items.some((i) => i.id === id));
  return fc
    .tuple(responses(d), fc.constantFrom(...ids))
    .chain(([answers, id]) => positive(d.items.find((i) => i.id === id)!).map((a) => ({ ...answers, [id]: a })))
    .filter((a) =>
      d.items.some(
        (i) => selfHarmIds.get(d.code)!.has(i.id) && isShown(i, a) && a[i.id] !== undefined && a[i.id] !== null && a[i.id] !== false && a[i.id] !== 0,
      ),
    );
}

const alertsUrgently = (d: InstrumentDefinition, a: Answers) => scoreResponse(d, a).alerts.some((x) => x.severity === 'urgent');

function safetyCheck(d: InstrumentDefinition) {
  return fc.check(
    fc.property(atRisk(d), (a) => alertsUrgently(d, a)),
    { numRuns: 500, seed: 16 },
  );
}

/** The versions that ask at least one self-harm question (2Q v1 never asked the suicide question at all). */
const versions = PUBLISHED_VERSIONS.filter((d) => d.items.some((i) => selfHarmIds.get(d.code)?.has(i.id)));
const newest = (d: InstrumentDefinition) => !PUBLISHED_VERSIONS.some((x) => x.code === d.code && x.version > d.version);

describe('a self-harm answer always alerts urgently', () => {
  it('covers the depression and suicide chain', () => {
    expect([...selfHarmIds.keys()].sort()).toEqual(expect.arrayContaining(['q2', 'q8', 'q9']));
    expect([...selfHarmIds.get('q9')!]).toEqual(['q9']);
    expect([...selfHarmIds.get('q8')!].sort()).toEqual(['q4', 'q5', 'q7']);
  });

  it.each(versions.filter(newest).map((d) => [`${d.code} v${d.version}`, d] as const))('%s: holds for every answer set', (_n, d) => {
    const r = safetyCheck(d);
    expect(r.failed, r.counterexample ? JSON.stringify(r.counterexample) : '').toBe(false);
  });

  it('2Q v1 never asked the suicide question; version 2 does', () => {
    const q2 = (version: number) => PUBLISHED_VERSIONS.find((d) => d.code === 'q2' && d.version === version)!;
    expect(q2(1).items.some((i) => i.id === 'q3')).toBe(false);
    expect(q2(2).items.find((i) => i.id === 'q3')?.selfHarm).toBe(true);
  });

  it.each(versions.filter((d) => d.version === 1).map((d) => [`${d.code} v1`, d] as const))('%s: is found unsafe (the reason for version 2)', (_n, d) => {
    const r = safetyCheck(d);
    expect(r.failed).toBe(true);
    // The counterexample is a real answer set in which someone at risk raised no urgent alert.
    const [a] = r.counterexample!;
    expect(alertsUrgently(d, a)).toBe(false);
  });

  it('the issue’s own cases: 9Q item 9 every day alone, 2Q plus yes, 8Q attempted alone', () => {
    const v = (code: string, version: number) => PUBLISHED_VERSIONS.find((d) => d.code === code && d.version === version)!;
    const q9 = { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 3 };
    const q8 = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: true, q8: false };
    expect(alertsUrgently(v('q9', 1), q9)).toBe(false);
    expect(alertsUrgently(v('q9', 2), q9)).toBe(true);
    expect(scoreResponse(v('q9', 2), q9).next).toEqual(['q8']);
    expect(scoreResponse(v('q2', 2), { q1: false, q2: false, q3: true })).toMatchObject({ next: ['q8'], scores: { total: 0 } });
    expect(alertsUrgently(v('q2', 2), { q1: false, q2: false, q3: true })).toBe(true);
    expect(alertsUrgently(v('q8', 1), q8)).toBe(false);
    expect(alertsUrgently(v('q8', 2), q8)).toBe(true);
  });

  it('the schema refuses a definition that flags a self-harm question no urgent alert reads', () => {
    const q9 = PUBLISHED_VERSIONS.find((d) => d.code === 'q9' && d.version === 2)!;
    const unsafe = { ...q9, alerts: q9.alerts.filter((a) => !a.when || !('item' in a.when)) };
    const r = Schema.safeParse(unsafe);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain('instrument.self_harm_without_urgent_alert');
    expect(Schema.safeParse(q9).success).toBe(true);
  });
});

describe('8Q v2 actions by total (DMH CPG 2010: 0 / 1–8 / 9–16 / ≥ 17)', () => {
  const q8 = PUBLISHED_VERSIONS.find((d) => d.code === 'q8' && d.version === 2)!;
  const none = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: false, q8: false };
  const actions = (a: Answers) =>
    scoreResponse(q8, a)
      .alerts.map((x) => `${x.severity}:${x.action}`)
      .sort();
  it.each([
    ['0: nothing', none, 0, []],
    ['1 (better off dead): notify', { ...none, q1: true }, 1, ['warning:notify']],
    ['8 (better off dead, hurt self, lifetime attempt, no… )', { ...none, q1: true, q2: true, q8: true }, 7, ['warning:notify']],
    ['8 exactly: thought of suicide and hurt self', { ...none, q3: true, q3_1: 'can', q2: true }, 8, ['warning:notify']],
    ['9: refer', { ...none, q3: true, q3_1: 'can', q2: true, q1: true }, 9, ['warning:propose_referral']],
    ['14 (cannot control the thought): refer', { ...none, q3: true, q3_1: 'cannot' }, 14, ['warning:propose_referral']],
    ['16: refer', { ...none, q3: true, q3_1: 'cannot', q2: true }, 16, ['warning:propose_referral']],
    ['17: urgent', { ...none, q3: true, q3_1: 'cannot', q2: true, q1: true }, 17, ['urgent:propose_referral']],
    ['plan alone (8): urgent', { ...none, q4: true }, 8, ['urgent:propose_referral', 'warning:notify']],
    ['prepared alone (9): urgent', { ...none, q5: true }, 9, ['urgent:propose_referral', 'warning:propose_referral']],
    ['attempted alone (10): urgent', { ...none, q7: true }, 10, ['urgent:propose_referral', 'warning:propose_referral']],
  ] as Array<[string, Answers, number, string[]]>)('%s', (_n, a, total, expected) => {
    expect(scoreResponse(q8, a).scores.total).toBe(total);
    expect(actions(a)).toEqual(expected);
  });

  it('3.1 is asked as on the form: can control scores 0, cannot 8', () => {
    expect(scoreResponse(q8, { ...none, q3: true, q3_1: 'can' }).scores.total).toBe(6);
    expect(scoreResponse(q8, { ...none, q3: true, q3_1: 'cannot' }).scores.total).toBe(14);
    expect(q8.items.find((i) => i.id === 'q3_1')!.label.th).toMatch(/สามารถควบคุม.*ได้หรือไม่/);
  });

  it('every item shows its time frame: the past month, and the lifetime for item 8', () => {
    for (const i of q8.items) expect(i.timeFrame?.th).toBe(i.id === 'q8' ? 'ตลอดชีวิตที่ผ่านมา' : 'ใน 1 เดือนที่ผ่านมา รวมทั้งวันนี้');
  });

  it('urgent messages name the hotlines and say not to leave the person alone', () => {
    for (const d of PUBLISHED_VERSIONS.filter((x) => selfHarmIds.has(x.code) && x.version > 1))
      for (const a of d.alerts.filter((x) => x.severity === 'urgent')) {
        expect(a.message.th).toMatch(/1323.*1669/);
        expect(a.message.th).toContain('อย่าปล่อยให้อยู่ตามลำพัง');
        expect(a.message.en).toMatch(/1323.*1669/);
      }
  });
});

describe('9Q v2 actions (DMH CPG 2010: ≥ 7 doctor, ≥ 19 severe)', () => {
  const q9 = PUBLISHED_VERSIONS.find((d) => d.code === 'q9' && d.version === 2)!;
  const withTotal = (total: number): Answers => {
    // Fill items 1–8 (item 9 stays 0 so only the total speaks).
    let left = total;
    return Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => {
        const v = i === 8 ? 0 : Math.min(3, left);
        left -= v;
        return [`q${i + 1}`, v];
      }),
    );
  };
  it.each([
    [6, [], []],
    [7, ['warning:propose_referral'], ['q8']],
    [18, ['warning:propose_referral'], ['q8']],
    [19, ['urgent:propose_referral'], ['q8']],
    [24, ['urgent:propose_referral'], ['q8']],
  ] as Array<[number, string[], string[]]>)('total %i', (total, expected, next) => {
    const r = scoreResponse(q9, withTotal(total));
    expect(r.scores.total).toBe(total);
    expect(r.alerts.map((x) => `${x.severity}:${x.action}`)).toEqual(expected);
    expect(r.next).toEqual(next);
  });
  it.each([0, 1, 2, 3])('item 9 = %i with all else 0', (v) => {
    const r = scoreResponse(q9, { ...withTotal(0), q9: v });
    expect(r.alerts.some((a) => a.severity === 'urgent')).toBe(v > 0);
    expect(r.next).toEqual(v > 0 ? ['q8'] : []);
  });
});

describe('safety recall: what version 2 says of a version 1 response', () => {
  const v = (code: string, version: number) => PUBLISHED_VERSIONS.find((d) => d.code === code && d.version === version)!;
  const q9none = { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0 };
  const q8none = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: false, q8: false };

  it('the alerts changed between the versions', () => {
    for (const code of ['q2', 'q9', 'q8']) expect(alertsDiffer(v(code, 1), v(code, 2))).toBe(true);
    expect(alertsDiffer(v('q9', 2), v('q9', 2))).toBe(false);
  });

  it('carries 8Q item 3.1 from yes/no to the form’s two options by score', () => {
    expect(carryAnswers(v('q8', 1), v('q8', 2), { ...q8none, q3: true, q3_1: true })).toMatchObject({ q3_1: 'cannot' });
    expect(carryAnswers(v('q8', 1), v('q8', 2), { ...q8none, q3: true, q3_1: false })).toMatchObject({ q3_1: 'can' });
  });

  it.each([
    ['9Q item 9 every day, all else 0: v1 silent, v2 urgent', 'q9', { ...q9none, q9: 3 }, ['urgent']],
    ['9Q total 10: v1 silent, v2 proposes a doctor', 'q9', { ...q9none, q1: 3, q2: 3, q3: 3, q4: 1 }, ['warning']],
    ['9Q all 0: nothing', 'q9', q9none, []],
    ['8Q attempted alone: v1 silent, v2 urgent', 'q8', { ...q8none, q7: true }, ['urgent', 'warning']],
    ['8Q 20: v1 already urgent, nothing new', 'q8', { ...q8none, q7: true, q3: true, q3_1: false, q2: true, q1: true, q6: false, q5: false }, []],
    ['8Q cannot control (14): v1 silent, v2 refer', 'q8', { ...q8none, q3: true, q3_1: true }, ['warning']],
  ] as Array<[string, string, Answers, string[]]>)('%s', (_n, code, answers, severities) => {
    expect(recallAlerts(v(code, 1), v(code, 2), answers).map((a) => a.severity)).toEqual(severities);
  });
});
