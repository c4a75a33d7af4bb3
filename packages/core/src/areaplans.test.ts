import { describe, expect, it } from 'vitest';
import {
  AREA_PROJECT_STATUSES,
  type AreaNeedsSummary,
  AreaPlanSave,
  AreaProjectInput,
  AreaProjectProgress,
  approvalIssues,
  budgetByFunding,
  canMoveProject,
  fiscalYearOf,
  fiscalYearRange,
  needCoverage,
  proposeProjects,
} from './areaplans.js';
import { describeIssue } from './validation.js';
import { needLabel } from './visits.js';

const needs: AreaNeedsSummary = {
  asOf: '2026-11-23T10:00:00.000Z',
  persons: 120,
  personsVisited: 80,
  personsWithNeeds: 45,
  categories: [
    // Out of taxonomy order on purpose: the proposal follows the taxonomy (device before housing).
    { category: 'housing', persons: 12, needs: [{ code: 'housing.adaptation', persons: 12 }] },
    {
      category: 'device',
      persons: 37,
      needs: [
        { code: 'device.cane', persons: 8 },
        { code: 'device.wheelchair', persons: 30 },
      ],
    },
    { category: 'food', persons: 0, needs: [] },
  ],
  vulnerability: [{ key: 'disability', persons: 40 }],
};

describe('fiscal year', () => {
  it('runs October to September and is named in the Buddhist era after the year it ends in', () => {
    expect(fiscalYearOf('2026-09-30')).toBe(2569);
    expect(fiscalYearOf('2026-10-01')).toBe(2570);
    expect(fiscalYearOf('2027-01-15')).toBe(2570);
    expect(fiscalYearRange(2570)).toEqual({ start: '2026-10-01', end: '2027-09-30' });
    expect(fiscalYearOf(fiscalYearRange(2570).start)).toBe(2570);
    expect(fiscalYearOf(fiscalYearRange(2570).end)).toBe(2570);
    expect(() => fiscalYearOf('2026-02-30')).toThrow(RangeError);
  });
});

describe('the draft proposed from needs', () => {
  it('is one project per category anyone needs, in taxonomy order, with its count and the needs behind it (most first)', () => {
    expect(proposeProjects(needs, needLabel)).toEqual([
      {
        title: 'อุปกรณ์ช่วยเหลือคนพิการ/ผู้สูงอายุ (37 คน)',
        description: 'ความต้องการจากการเยี่ยมบ้าน: รถเข็นนั่ง 30 คน, ไม้เท้า 8 คน',
        needCategories: ['device'],
        targetPersons: 37,
      },
      {
        title: 'ที่อยู่อาศัยและการปรับสภาพบ้าน (12 คน)',
        description: 'ความต้องการจากการเยี่ยมบ้าน: ปรับสภาพบ้าน (ราวจับ ทางลาด ห้องน้ำ) 12 คน',
        needCategories: ['housing'],
        targetPersons: 12,
      },
    ]);
  });
});

describe('coverage of needs by projects', () => {
  it('counts the persons projects plan to reach per category, ignoring cancelled projects', () => {
    const rows = needCoverage(needs, [
      { needCategories: ['device'], targetPersons: 20 },
      { needCategories: ['device', 'rehab'], targetPersons: 5 },
      { needCategories: ['housing'], targetPersons: 30, status: 'cancelled' },
    ]);
    expect(rows).toEqual([
      { category: 'device', persons: 37, planned: 25, uncovered: 12 },
      { category: 'housing', persons: 12, planned: 0, uncovered: 12 },
      { category: 'rehab', persons: 0, planned: 5, uncovered: 0 },
    ]);
  });
});

describe('budget by funding source', () => {
  it('adds to the satang, in the list order, leaves out cancelled projects, and keeps unfunded zero budgets apart', () => {
    const b = budgetByFunding([
      { budget: 0.1, fundingSource: 'local_health_fund' },
      { budget: 0.2, fundingSource: 'local_health_fund' },
      { budget: 150_000, fundingSource: 'disability_fund' },
      { budget: 99_999, fundingSource: 'nhso_ltc', status: 'cancelled' },
      { budget: 0, fundingSource: null },
      { budget: null, fundingSource: 'donation_other' },
    ]);
    expect(b).toEqual({
      rows: [
        { fundingSource: 'local_health_fund', total: 0.3 },
        { fundingSource: 'disability_fund', total: 150_000 },
      ],
      total: 150_000.3,
    });
  });
});

describe('project status', () => {
  it('moves planned → in_progress → done, or to cancelled before it is done; done and cancelled are final', () => {
    const allowed = AREA_PROJECT_STATUSES.flatMap((from) => AREA_PROJECT_STATUSES.filter((to) => canMoveProject(from, to)).map((to) => `${from}>${to}`));
    expect(allowed).toEqual(['planned>in_progress', 'planned>cancelled', 'in_progress>done', 'in_progress>cancelled']);
  });

  it('a progress report is a status, a note, or both', () => {
    expect(AreaProjectProgress.safeParse({ version: 3 }).success).toBe(false);
    expect(AreaProjectProgress.safeParse({ version: 3, note: 'สั่งซื้อแล้ว' }).success).toBe(true);
    expect(AreaProjectProgress.safeParse({ version: 3, status: 'done' }).success).toBe(true);
  });
});

describe('inputs', () => {
  const project = { title: 'จัดหารถเข็น', targetPersons: 30, needCategories: ['device'] };

  it('a budget needs a fund, an end is not before the start, budgets are to the satang', () => {
    const r = AreaProjectInput.safeParse({ ...project, budget: 1000.005, startOn: '2027-01-10', endOn: '2027-01-09' });
    expect(r.success).toBe(false);
    const issues = r.success ? [] : r.error.issues.map((i) => describeIssue(i as never));
    expect(issues.map((i) => i.path).sort()).toEqual(['budget', 'endOn', 'fundingSource']);
    expect(issues.find((i) => i.path === 'fundingSource')?.message_th).toBe('ระบุแหล่งงบประมาณเมื่อมีงบประมาณ');
    expect(AreaProjectInput.safeParse({ ...project, budget: 1000.5, fundingSource: 'local_government' }).success).toBe(true);
    expect(AreaProjectInput.safeParse({ ...project, needCategories: ['nonsense'] }).success).toBe(false);
  });

  it('a save names each existing project once', () => {
    const id = '7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c';
    expect(
      AreaPlanSave.safeParse({
        version: 1,
        title: 'แผน',
        projects: [
          { ...project, id },
          { ...project, id },
        ],
      }).success,
    ).toBe(false);
    expect(AreaPlanSave.safeParse({ version: 1, title: 'แผน', projects: [{ ...project, id }, project] }).success).toBe(true);
  });

  it('approval needs, per live project, a budget, a fund for a non-zero budget and a responsible organisation', () => {
    const org = '7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c';
    expect(approvalIssues([]).map((i) => i.path)).toEqual(['projects']);
    expect(
      approvalIssues([
        { budget: 0, organisationId: org },
        { budget: 500, organisationId: org },
        { budget: null, organisationId: null },
        { budget: null, status: 'cancelled' },
      ]).map((i) => i.path),
    ).toEqual(['projects.1.fundingSource', 'projects.2.budget', 'projects.2.organisationId']);
  });
});
