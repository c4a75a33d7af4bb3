import { describe, expect, it } from 'vitest';
import { CarePlanBody, carePlanChanges, carePlanCosts, conferenceActivityId, overdueActivities, withConferenceDecisions } from './careplans.js';
import { describeIssue } from './validation.js';

const base = CarePlanBody.parse({
  problems: [{ id: 'p1', text: 'เดินไม่ได้หลังหกล้ม' }],
  goals: [{ id: 'g1', problemIds: ['p1'], text: 'เดินด้วยไม้เท้าได้', measure: 'เดินได้ 50 เมตร', targetDate: '2027-03-31' }],
  activities: [
    { id: 'a1', goalId: 'g1', text: 'ไม้เท้าสามขา', responsible: 'รพ.สต.', cost: 450.5, funding: 'provincial_rehabilitation_fund', dueOn: '2026-11-30' },
    { id: 'a2', goalId: 'g1', text: 'ราวจับในห้องน้ำ', responsible: 'อบต.', cost: 2000, funding: 'local_government_budget', status: 'done', dueOn: '2026-10-01' },
    { id: 'a3', text: 'กายภาพที่บ้าน', responsible: 'นักกายภาพ', cost: 1000.25, funding: 'provincial_rehabilitation_fund', dueOn: '2026-12-31' },
    { id: 'a4', text: 'รถเข็น', responsible: 'พมจ.', cost: 5000, funding: 'disability_fund', status: 'cancelled' },
  ],
});

describe('care plan body', () => {
  it('fills defaults: an activity is planned and for the person unless said otherwise', () => {
    expect(base.activities[0]).toMatchObject({ status: 'planned', target: 'person' });
    expect(base.goals[0]?.status).toBe('open');
  });

  it('refuses parts that do not fit, each with a Thai and an English sentence', () => {
    const r = CarePlanBody.safeParse({
      problems: [
        { id: 'p1', text: 'a' },
        { id: 'p1', text: 'b' },
      ],
      goals: [{ id: 'g1', problemIds: ['p9'], text: 'x', measure: 'y', targetDate: '2027-02-30' }],
      activities: [{ id: 'a1', goalId: 'g9', text: 'z', cost: 10 }],
    });
    expect(r.success).toBe(false);
    const issues = r.error?.issues.map((i) => describeIssue(i)) ?? [];
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['activities.0.funding', 'activities.0.goalId', 'activities.0.responsible', 'goals.0.problemIds.0', 'goals.0.targetDate', 'problems.1.id'].sort(),
    );
    expect(issues.find((i) => i.path === 'goals.0.targetDate')).toEqual({
      path: 'goals.0.targetDate',
      message_th: 'วันที่ไม่ถูกต้อง',
      message_en: 'Not a valid date',
    });
    expect(issues.find((i) => i.path === 'activities.0.responsible')?.message_th).toBe('ระบุหน่วยงานหรือผู้รับผิดชอบ');
  });
});

describe('carePlanChanges', () => {
  it('lists what was added, changed and removed, item by item', () => {
    const next = structuredClone(base);
    next.activities[0]!.status = 'done';
    next.activities.splice(1, 1);
    next.reviews.push({ id: 'r1', on: '2026-12-01', outcome: 'เดินได้ดีขึ้น' });
    expect(carePlanChanges(base, next)).toEqual([
      { part: 'activities', id: 'a1', change: 'changed' },
      { part: 'activities', id: 'a2', change: 'removed' },
      { part: 'reviews', id: 'r1', change: 'added' },
    ]);
    expect(carePlanChanges(base, base)).toEqual([]);
    expect(carePlanChanges(null, base).every((c) => c.change === 'added')).toBe(true);
    expect(carePlanChanges(null, base)).toHaveLength(6);
  });
});

describe('carePlanCosts', () => {
  it('totals by fund in a fixed order, to the satang, leaving out cancelled activities', () => {
    expect(carePlanCosts(base)).toEqual([
      { funding: 'provincial_rehabilitation_fund', total: 1450.75 },
      { funding: 'local_government_budget', total: 2000 },
    ]);
  });
});

describe('overdueActivities', () => {
  it('are those past due and neither done nor cancelled', () => {
    expect(overdueActivities(base, '2026-12-01').map((a) => a.id)).toEqual(['a1']);
    expect(overdueActivities(base, '2026-11-30')).toEqual([]);
  });
});

describe('withConferenceDecisions', () => {
  it('adds the decisions that name an activity as planned activities, with ids tied to the conference', () => {
    const conf = '7f1c2d3e-0000-4000-8000-000000000001';
    const next = withConferenceDecisions(base, conf, [
      { text: 'ติดตามครั้งหน้า' },
      { text: 'ส่งกายภาพ', activity: { text: 'กายภาพสัปดาห์ละครั้ง', target: 'person', responsible: 'รพ.หาดใหญ่' } },
    ]);
    expect(next.activities).toHaveLength(base.activities.length + 1);
    expect(next.activities.at(-1)).toEqual({
      text: 'กายภาพสัปดาห์ละครั้ง',
      target: 'person',
      responsible: 'รพ.หาดใหญ่',
      id: conferenceActivityId(conf, 1),
      conferenceId: conf,
      status: 'planned',
    });
    expect(conferenceActivityId(conf, 1)).toBe('c7f1c2d3e-2');
    expect(base.activities).toHaveLength(4);
  });
});
