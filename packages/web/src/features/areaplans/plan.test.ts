import type { AreaPlan } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { emptyProject, fiscalYearChoices, placeIssues, sameDraft, toDraft, toSave } from './plan';

const ORG = '7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c';
const plan = {
  title: 'แผนพัฒนาคุณภาพชีวิตตำบลบ่อยาง ปีงบประมาณ 2570',
  notes: null,
  projects: [
    {
      id: 'a0000000-0000-4000-8000-000000000001',
      title: 'จัดหารถเข็น',
      description: null,
      needCategories: ['device'],
      targetPersons: 37,
      budget: 150000.5,
      fundingSource: 'disability_fund',
      organisationId: ORG,
      organisation: 'รพ.สต.บ่อยาง',
      startOn: '2026-12-01',
      endOn: null,
      status: 'planned',
    },
  ],
} as unknown as AreaPlan;

describe('area plan editor state', () => {
  it('sends what the form holds: blanks as null, text trimmed, new projects without an id', () => {
    const draft = toDraft(plan);
    draft.projects.push({ ...emptyProject(['housing'], 12), title: '  ปรับสภาพบ้าน ', description: '  ' });
    expect(toSave(draft, 3)).toEqual({
      version: 3,
      title: plan.title,
      notes: null,
      projects: [
        {
          id: 'a0000000-0000-4000-8000-000000000001',
          title: 'จัดหารถเข็น',
          description: null,
          needCategories: ['device'],
          targetPersons: 37,
          budget: 150000.5,
          fundingSource: 'disability_fund',
          organisationId: ORG,
          startOn: '2026-12-01',
          endOn: null,
        },
        {
          title: 'ปรับสภาพบ้าน',
          description: null,
          needCategories: ['housing'],
          targetPersons: 12,
          budget: null,
          fundingSource: null,
          organisationId: null,
          startOn: null,
          endOn: null,
        },
      ],
    });
    expect(sameDraft(toDraft(plan), toDraft(plan))).toBe(true);
    expect(sameDraft(toDraft(plan), draft)).toBe(false);
  });

  it('puts a server problem on the project it is about, by its key on the screen', () => {
    const draft = toDraft(plan);
    const extra = emptyProject();
    draft.projects.push(extra);
    const placed = placeIssues(draft, [
      { path: 'projects.1.fundingSource', message_th: 'ก', message_en: 'a' },
      { path: 'title', message_th: 'ข', message_en: 'b' },
    ]);
    expect(placed.map((i) => [i.projectKey, i.projectIndex, i.field])).toEqual([
      [extra.key, 1, 'fundingSource'],
      [undefined, undefined, 'title'],
    ]);
  });

  it('offers last, this and the next two fiscal years, in the Buddhist era', () => {
    expect(fiscalYearChoices('2026-11-23')).toEqual([2569, 2570, 2571, 2572]);
    expect(fiscalYearChoices('2026-09-30')).toEqual([2568, 2569, 2570, 2571]);
  });
});
