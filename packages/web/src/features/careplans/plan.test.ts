import { type CarePlanBody, CarePlanBody as CarePlanSchema, describeIssue, type IssueLike } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { cleanBody, countChanges, newId, placeIssues, samePlan, todayInThailand } from './plan';

const plan: CarePlanBody = {
  problems: [{ id: 'p1', text: ' ติดเตียง ', target: 'person', sources: [] }],
  goals: [{ id: 'g1', problemIds: ['p1'], text: 'ไม่มีแผลกดทับ', measure: 'ไม่พบแผล', targetDate: '2027-02-28', status: 'open' }],
  activities: [
    { id: 'a1', goalId: 'g1', text: 'ที่นอนลม', target: 'person', status: 'planned', responsible: '  ', cost: 3500 },
    { id: 'a2', goalId: '', text: 'สอนญาติ', target: 'family', status: 'planned', responsible: 'อสม.', dueOn: '' },
  ],
  reviews: [{ id: 'r1', on: '2026-11-20', outcome: 'ดีขึ้น', by: '' }],
};

describe('care plan editing helpers', () => {
  it('leave blank optional fields out, so the server sees no answer rather than an empty one', () => {
    const b = cleanBody(plan);
    expect(b.problems[0]!.text).toBe('ติดเตียง');
    expect(b.activities[0]).toEqual({ id: 'a1', goalId: 'g1', text: 'ที่นอนลม', target: 'person', status: 'planned', cost: 3500 });
    expect(b.activities[1]).toEqual({ id: 'a2', text: 'สอนญาติ', target: 'family', status: 'planned', responsible: 'อสม.' });
    expect(b.reviews[0]).toEqual({ id: 'r1', on: '2026-11-20', outcome: 'ดีขึ้น' });
    expect(samePlan(plan, b)).toBe(true);
    expect(samePlan(plan, { ...plan, reviews: [] })).toBe(false);
  });

  it('put the core schema’s and the server’s problems on the item they are about, by id', () => {
    const b = cleanBody(plan);
    const local = CarePlanSchema.safeParse(b);
    expect(local.success).toBe(false);
    const placed = placeIssues(
      b,
      local.error!.issues.map((i) => describeIssue(i as IssueLike)),
    );
    // A cost without a fund, and an activity with neither organisation nor person responsible.
    expect(placed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ part: 'activities', itemId: 'a1', field: 'funding', message_th: 'ระบุแหล่งงบประมาณเมื่อมีค่าใช้จ่าย' }),
        expect.objectContaining({ part: 'activities', itemId: 'a1', field: 'responsible' }),
      ]),
    );
    const server = placeIssues(b, [{ path: 'body.goals.0.problemIds.0', message_th: 'ไม่พบปัญหาที่อ้างถึง', message_en: 'Unknown problem' }]);
    expect(server[0]).toMatchObject({ part: 'goals', index: 0, itemId: 'g1', field: 'problemIds' });
    expect(placeIssues(b, [{ path: 'changeNote', message_th: 'x', message_en: 'x' }])[0]!.part).toBeUndefined();
  });

  it('count a version’s changes by part, in the plan’s order', () => {
    expect(
      countChanges([
        { part: 'activities', id: 'a1', change: 'changed' },
        { part: 'activities', id: 'a2', change: 'added' },
        { part: 'activities', id: 'a3', change: 'added' },
        { part: 'problems', id: 'p1', change: 'removed' },
      ]),
    ).toEqual([
      { part: 'problems', counts: [['removed', 1]] },
      {
        part: 'activities',
        counts: [
          ['added', 2],
          ['changed', 1],
        ],
      },
    ]);
  });

  it('make short ids not already in the plan, and know the Thai calendar day', () => {
    const id = newId('a', ['a1']);
    expect(id).toMatch(/^a[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 200 }, () => newId('x'))).size).toBe(200);
    // 23:30 UTC on 31 December is already 1 January in Thailand.
    expect(todayInThailand(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
