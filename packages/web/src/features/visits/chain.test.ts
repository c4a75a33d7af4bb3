import { STANDARD_INSTRUMENTS } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { answerInVisit, inVisit } from './chain';

const def = (code: string) => STANDARD_INSTRUMENTS.find((d) => d.code === code);
const NONE = { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0 };

describe('assessments inside a visit', () => {
  it('a self-harm answer to 9Q adds 8Q at once, and only once', () => {
    const q9 = inVisit(def('q9')!);
    const once = answerInVisit([q9], q9.id, { ...NONE, q9: 3 }, def);
    expect(once.map((a) => a.definition.code)).toEqual(['q9', 'q8']);
    const again = answerInVisit(once, q9.id, { ...NONE, q9: 2 }, def);
    expect(again.map((a) => a.definition.code)).toEqual(['q9', 'q8']);
  });

  it('2Q plus "yes" adds 8Q; a positive 2Q without it leaves 9Q to the volunteer', () => {
    const q2 = inVisit(def('q2')!);
    expect(answerInVisit([q2], q2.id, { q1: false, q2: false, q3: true }, def).map((a) => a.definition.code)).toEqual(['q2', 'q8']);
    expect(answerInVisit([q2], q2.id, { q1: true, q2: false, q3: false }, def).map((a) => a.definition.code)).toEqual(['q2']);
  });

  it('no urgent alert: the list only records the answer', () => {
    const q9 = inVisit(def('q9')!);
    const after = answerInVisit([q9], q9.id, { ...NONE, q1: 1 }, def);
    expect(after).toHaveLength(1);
    expect(after[0]!.answers).toMatchObject({ q1: 1 });
  });
});
