import {
  ADL_GROUP_LABELS,
  AGE_BAND_LABELS,
  type AreaCounts,
  addMonths,
  can,
  DASHBOARD_TABLE_LABELS,
  DASHBOARD_TABLES,
  type Dashboard,
  type DashboardArea,
  type DashboardTable,
  DISABILITY_TYPE_LABELS,
  ErrorResponse,
  formatDate,
  formatDateTime,
  formatMonth,
  GAP_LABELS,
  inScope,
  NEED_CATEGORIES,
  SMALL_CELL_MIN,
  suppressSmallCells,
  thaiMonthOf,
} from '@carehub/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import { requireActor, requirePermission } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { type CellValue, sendTable, type TableColumn, type TableSheet } from '../../http/tables.js';
import { dataTable, renderPdf } from '../../pdf.js';
import { audit } from '../audit/service.js';
import { areaSql, childAreas, resolveArea } from './areas.js';
import { aliveAtCutSql, coverage, dueSql, visitedSql } from './coverage.js';
import type { RollupRefresher } from './refresher.js';
import { defaultArea, readDashboard } from './service.js';

/**
 * Dashboard exports (issue 8): the dashboard's tables as an Excel workbook or one CSV, a monthly
 * report PDF per area, and open-data aggregates with small cells suppressed. Counts only, never a
 * name; the same scope check as the dashboard (403 outside it); every download is audited as
 * `dashboard.export` (readDashboard also records its own `dashboard.read`).
 */

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const AreaCode = z
  .string()
  .regex(/^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/)
  .describe('TH, a province, district or subdistrict code, or a village (subdistrict + 2-digit village number); default: my area');

/** Open data is served without signing in only when the operator says so (CAREHUB_OPEN_DATA=true). */
export const openDataPublic = (): boolean => process.env.CAREHUB_OPEN_DATA === 'true';

// ---------------------------------------------------------------------------------------------
// Labels

type L = { th: string; en: string };
export const COUNT_LABELS: Record<keyof AreaCounts, L> = {
  persons: { th: 'จำนวนคนในทะเบียน', en: 'Persons registered' },
  disability: { th: 'คนพิการ', en: 'Persons with disability' },
  elderly: { th: 'ผู้สูงอายุ (60 ปีขึ้นไป)', en: 'Elderly (60+)' },
  bedridden: { th: 'ผู้ป่วยติดเตียง', en: 'Bedridden' },
  awaitingRehabilitation: { th: 'รอการฟื้นฟูสมรรถภาพ', en: 'Awaiting rehabilitation' },
  withGaps: { th: 'มีช่องว่างสิทธิ', en: 'With an entitlement gap' },
  visitsThisMonth: { th: 'การเยี่ยมบ้านเดือนนี้ (ครั้ง)', en: 'Visits this month' },
  personsVisited: { th: 'คนที่ได้รับการเยี่ยมเดือนนี้', en: 'Persons visited this month' },
  visitDue: { th: 'ถึงกำหนดเยี่ยมเดือนนี้', en: 'Due a visit this month' },
  visitDueVisited: { th: 'ถึงกำหนดและได้รับการเยี่ยม', en: 'Due and visited' },
  needsFound: { th: 'ความต้องการที่พบเดือนนี้', en: 'Needs found this month' },
  needsMet: { th: 'ความต้องการที่ได้รับการช่วยเหลือ', en: 'Needs met' },
  openReferrals: { th: 'การส่งต่อที่ยังไม่ปิด', en: 'Open referrals' },
  overdueReferrals: { th: 'การส่งต่อเกินกำหนดตอบรับ', en: 'Overdue referrals' },
  openTasks: { th: 'งานที่ยังไม่ปิด', en: 'Open tasks' },
  overdueTasks: { th: 'งานเกินกำหนด', en: 'Overdue tasks' },
};
const SEX_LABELS: Record<string, L> = { male: { th: 'ชาย', en: 'Male' }, female: { th: 'หญิง', en: 'Female' }, unknown: { th: 'ไม่ระบุ', en: 'Not recorded' } };
const ADL_LABELS: Record<string, L> = { ...ADL_GROUP_LABELS, unknown: { th: 'ยังไม่ได้ประเมิน', en: 'Not assessed' } };
const NEED_LABELS: Record<string, L> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c.code, c.label]));
const COUNT_KEYS = Object.keys(COUNT_LABELS) as Array<keyof AreaCounts>;

const text = (key: string, th: string, en: string, width = 30): TableColumn => ({ key, th, en, format: 'text', width });
const int = (key: string, th: string, en: string, width = 14): TableColumn => ({ key, th, en, format: 'int', width });
const areaName = (a: Pick<DashboardArea, 'nameTh' | 'nameEn'>, lang: 'th' | 'en') => (lang === 'th' ? a.nameTh : a.nameEn);

// ---------------------------------------------------------------------------------------------
// The dashboard as tables

/** Every table of the dashboard, in sheet order, with headers in Thai and English and labels in `lang`. */
export function dashboardSheets(d: Dashboard, lang: 'th' | 'en' = 'th'): Record<DashboardTable, TableSheet> {
  const name = (t: DashboardTable) => DASHBOARD_TABLE_LABELS[t][lang];
  const label = (l: L | undefined, fallback: string) => (l ? l[lang] : fallback);
  const totalName = lang === 'th' ? `รวม ${d.area.nameTh}` : `Total ${d.area.nameEn}`;
  const areaRows = [
    { code: d.area.code, name: totalName, counts: d.counts },
    ...d.children.map((c) => ({ code: c.code, name: areaName(c, lang), counts: c.counts })),
  ];
  const coverageOf = (c: AreaCounts): CellValue => coverage(c.visitDue, c.visitDueVisited);
  const needs = (rows: Dashboard['needs']['thisMonth']) =>
    rows.map((r) => ({ category: label(NEED_LABELS[r.category], r.category), found: r.found, met: r.met }));
  const needColumns = [text('category', 'หมวดความต้องการ', 'Need category'), int('found', 'พบ', 'Found'), int('met', 'ได้รับการช่วยเหลือ', 'Met')];
  const sheets: Record<DashboardTable, Omit<TableSheet, 'name'>> = {
    counts: {
      columns: [text('measure', 'รายการ', 'Measure', 36), int('value', 'จำนวน', 'Count')],
      rows: COUNT_KEYS.map((k) => ({ measure: COUNT_LABELS[k][lang], value: d.counts[k] })),
    },
    children: {
      columns: [
        text('code', 'รหัสพื้นที่', 'Area code', 12),
        text('name', 'พื้นที่', 'Area'),
        ...COUNT_KEYS.map((k) => int(k, COUNT_LABELS[k].th, COUNT_LABELS[k].en)),
        { key: 'coverage', th: 'ความครอบคลุมการเยี่ยม', en: 'Visit coverage', format: 'percent', width: 14 },
      ],
      rows: areaRows.map((r) => ({ code: r.code, name: r.name, ...r.counts, coverage: coverageOf(r.counts) })),
    },
    disabilityTypes: {
      columns: [int('type', 'ประเภท', 'Type', 8), text('label', 'ประเภทความพิการ', 'Disability type', 36), int('count', 'จำนวนคน', 'Persons')],
      rows: d.persons.disabilityTypes.map((r) => ({ type: r.type, label: label(DISABILITY_TYPE_LABELS[r.type as 1], String(r.type)), count: r.count })),
    },
    adlGroups: {
      columns: [text('group', 'กลุ่ม ADL', 'ADL group'), int('count', 'จำนวนคน', 'Persons')],
      rows: d.persons.adlGroups.map((r) => ({ group: label(ADL_LABELS[r.group], r.group), count: r.count })),
    },
    ageBands: {
      columns: [text('band', 'ช่วงอายุ', 'Age band'), int('count', 'จำนวนคน', 'Persons')],
      rows: d.persons.ageBands.map((r) => ({ band: AGE_BAND_LABELS[r.band][lang], count: r.count })),
    },
    sex: {
      columns: [text('sex', 'เพศ', 'Sex'), int('count', 'จำนวนคน', 'Persons')],
      rows: d.persons.sex.map((r) => ({ sex: label(SEX_LABELS[r.sex], r.sex), count: r.count })),
    },
    visitsByMonth: {
      columns: [
        text('month', 'เดือน', 'Month', 10),
        text('label', 'เดือน (พ.ศ.)', 'Month (BE)', 18),
        int('visits', 'การเยี่ยม (ครั้ง)', 'Visits'),
        int('persons', 'คนที่ได้รับการเยี่ยม', 'Persons visited'),
      ],
      rows: d.visits.byMonth.map((r) => ({ month: r.month, label: formatMonth(r.month, lang), visits: r.visits, persons: r.persons })),
    },
    needsThisMonth: { columns: needColumns, rows: needs(d.needs.thisMonth) },
    needs12Months: { columns: needColumns, rows: needs(d.needs.last12Months) },
    gaps: {
      columns: [text('gap', 'ช่องว่างสิทธิ', 'Entitlement gap', 50), int('count', 'จำนวนคน', 'Persons')],
      rows: d.gaps.map((r) => ({ gap: label(GAP_LABELS[r.code], r.code), count: r.count })),
    },
    referralsTasks: {
      columns: [
        text('code', 'รหัสพื้นที่', 'Area code', 12),
        text('name', 'พื้นที่', 'Area'),
        ...(['openReferrals', 'overdueReferrals', 'openTasks', 'overdueTasks'] as const).map((k) => int(k, COUNT_LABELS[k].th, COUNT_LABELS[k].en, 18)),
      ],
      rows: areaRows.map((r) => ({
        code: r.code,
        name: r.name,
        openReferrals: r.counts.openReferrals,
        overdueReferrals: r.counts.overdueReferrals,
        openTasks: r.counts.openTasks,
        overdueTasks: r.counts.overdueTasks,
      })),
    },
  };
  return Object.fromEntries(DASHBOARD_TABLES.map((t) => [t, { name: name(t), ...sheets[t] }])) as Record<DashboardTable, TableSheet>;
}

const titleOf = (d: Dashboard, lang: 'th' | 'en') =>
  lang === 'th'
    ? `${d.area.nameTh} (${d.area.code}) · ข้อมูล ณ ${formatDate(d.asOf)}${d.refreshedAt ? ` · ปรับปรุงล่าสุด ${formatDateTime(d.refreshedAt)}` : ''}`
    : `${d.area.nameEn} (${d.area.code}) · Data as of ${formatDate(d.asOf, 'en')}${d.refreshedAt ? ` · last refreshed ${formatDateTime(d.refreshedAt, 'en')}` : ''}`;

// ---------------------------------------------------------------------------------------------
// One month's figures, for the monthly report

export interface MonthCounts {
  visits: number;
  personsVisited: number;
  visitDue: number;
  visitDueVisited: number;
  needsFound: number;
  needsMet: number;
}
export interface MonthFigures {
  month: string;
  total: MonthCounts;
  byChild: Map<string, MonthCounts>;
  needs: Array<{ category: string; found: number; met: number }>;
}
const zeroMonth = (): MonthCounts => ({ visits: 0, personsVisited: 0, visitDue: 0, visitDueVisited: 0, needsFound: 0, needsMet: 0 });

/**
 * Visits, coverage and needs of one month in an area and its children. Visits and needs come from
 * the scope-limited dashboard_visits and dashboard_needs views (they keep every month). Who was due a
 * visit, and who of them was visited, follows the one definition of coverage.ts: the rollups keep it
 * for the current month, so for an earlier month it is worked out here by the same fragments, over
 * persons and visits under row-level security, for persons alive at the month's end. Needs met counts
 * help given up to today.
 */
export async function monthFigures(tx: Tx, area: DashboardArea, month: string, current: Dashboard | null): Promise<MonthFigures> {
  const { where, child } = areaSql(area);
  const start = `${month}-01`;
  const next = `${addMonths(month, 1)}-01`;
  const byChild = new Map<string, MonthCounts>();
  const total = zeroMonth();
  const add = (key: string, field: keyof MonthCounts, n: number) => {
    total[field] += n;
    const c = byChild.get(key) ?? zeroMonth();
    c[field] += n;
    byChild.set(key, c);
  };
  const visits = await sql<{ child: string; visits: number; persons: number }>`
    SELECT ${child} AS child, sum(visits)::int AS visits, sum(persons)::int AS persons
    FROM dashboard_visits WHERE ${where} AND month = ${start}::date GROUP BY 1`.execute(tx);
  for (const r of visits.rows) {
    add(r.child, 'visits', r.visits);
    add(r.child, 'personsVisited', r.persons);
  }
  const needs = await sql<{ child: string; category: string; found: number; met: number }>`
    SELECT ${child} AS child, category, sum(found)::int AS found, sum(met)::int AS met
    FROM dashboard_needs WHERE ${where} AND month = ${start}::date GROUP BY 1, 2`.execute(tx);
  const byCategory = new Map<string, { found: number; met: number }>();
  for (const r of needs.rows) {
    add(r.child, 'needsFound', r.found);
    add(r.child, 'needsMet', r.met);
    const c = byCategory.get(r.category) ?? { found: 0, met: 0 };
    c.found += r.found;
    c.met += r.met;
    byCategory.set(r.category, c);
  }
  if (current && current.month === month) {
    // This month: the rollups' own figures, exactly as the dashboard shows them.
    total.visitDue = current.counts.visitDue;
    total.visitDueVisited = current.counts.visitDueVisited;
    for (const c of current.children) {
      const m = byChild.get(c.code) ?? zeroMonth();
      m.visitDue = c.counts.visitDue;
      m.visitDueVisited = c.counts.visitDueVisited;
      byChild.set(c.code, m);
    }
  } else {
    // An earlier month: the same rule (coverage.ts) over persons and visits, under row-level security.
    const due = await sql<{ child: string; due: number; due_visited: number }>`
      WITH d AS (
        SELECT (${start}::date - interval '7 hours') AT TIME ZONE 'UTC' AS month_from,
          (${next}::date - interval '7 hours') AT TIME ZONE 'UTC' AS month_to, ${next}::date AS next_month, (${next}::date - 1) AS last_day
      )
      SELECT ${child} AS child, (count(*) FILTER (WHERE s.due))::int AS due, (count(*) FILTER (WHERE s.due AND s.visited))::int AS due_visited
      FROM persons p
      CROSS JOIN d
      CROSS JOIN LATERAL (
        SELECT ${dueSql(sql`p.id`, sql`d.month_from`, sql`d.next_month`)} AS due, ${visitedSql(sql`p.id`, sql`d.month_from`, sql`d.month_to`)} AS visited
      ) s
      WHERE ${aliveAtCutSql('p', sql`d.last_day`)} AND ${where}
      GROUP BY 1`.execute(tx);
    for (const r of due.rows) {
      add(r.child, 'visitDue', r.due);
      add(r.child, 'visitDueVisited', r.due_visited);
    }
  }
  if (area.level === 'village') byChild.clear();
  const categories = NEED_CATEGORIES.map((c) => c.code as string);
  return {
    month,
    total,
    byChild,
    needs: [...categories, ...[...byCategory.keys()].filter((k) => !categories.includes(k))].map((category) => ({
      category,
      found: byCategory.get(category)?.found ?? 0,
      met: byCategory.get(category)?.met ?? 0,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The monthly report PDF

const n = (v: number) => v.toLocaleString('th-TH');
const pct = (num: number, den: number) => {
  const c = coverage(den, num);
  return c === null ? '-' : `${(100 * c).toFixed(1)}%`;
};
const head = (...titles: string[]) => titles.map((t) => ({ text: t, bold: true, fillColor: '#eeeeee' }));
const section = (t: string) => ({ text: t, fontSize: 13, bold: true, margin: [0, 8, 0, 2] });

/** The monthly report of an area in Thai: counts only, the month in the Buddhist era. */
export function monthlyReportPdf(d: Dashboard, m: MonthFigures, printedBy: string): Promise<Buffer> {
  const c = d.counts;
  const t = m.total;
  const isCurrent = m.month === d.month;
  const kv = (rows: Array<[string, string]>) => ({
    table: { widths: ['*', 'auto'], body: rows.map(([k, v]) => [k, { text: v, alignment: 'right', noWrap: true }]) },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  });
  const childRows = d.children.map((ch) => {
    const mc = m.byChild.get(ch.code) ?? zeroMonth();
    return [
      `${ch.nameTh} (${ch.code})`,
      n(ch.counts.persons),
      n(mc.visits),
      `${n(mc.visitDueVisited)}/${n(mc.visitDue)}`,
      `${n(mc.needsFound)}/${n(mc.needsMet)}`,
      n(ch.counts.openReferrals),
      n(ch.counts.openTasks),
    ];
  });
  // Counts are kept whole ("8,888,888/9,999,999" never wraps at its slash or commas); the area's name wraps.
  const count = (header: string) => ({ header, width: 'auto' as const, align: 'right' as const, keep: true });
  return renderPdf({
    info: { title: `รายงานประจำเดือน ${d.area.nameTh} ${formatMonth(m.month)}` },
    footer: (page: number, pages: number) => ({ text: `หน้า ${page}/${pages}`, alignment: 'center', fontSize: 8, margin: [0, 20, 0, 0] }),
    content: [
      { text: 'รายงานการดูแลกลุ่มเปราะบางประจำเดือน', fontSize: 17, bold: true },
      { text: `${d.area.nameTh} (${d.area.code}) · เดือน${formatMonth(m.month)}`, fontSize: 14 },
      {
        text: `จำนวนบุคคล การส่งต่อ และงาน ณ วันที่ ${formatDate(d.asOf)} · พิมพ์เมื่อ ${formatDateTime(new Date())} โดย ${printedBy} · ตัวเลขเป็นจำนวนนับ ไม่มีชื่อบุคคล`,
        fontSize: 9,
        margin: [0, 2, 0, 6],
      },
      section(`1. ภาพรวมกลุ่มเปราะบาง (ณ วันที่ ${formatDate(d.asOf)})`),
      kv((['persons', 'disability', 'elderly', 'bedridden', 'awaitingRehabilitation', 'withGaps'] as const).map((k) => [COUNT_LABELS[k].th, n(c[k])])),
      section(`2. การเยี่ยมบ้าน เดือน${formatMonth(m.month)}`),
      kv([
        ['การเยี่ยมบ้าน (ครั้ง)', n(t.visits)],
        ['คนที่ได้รับการเยี่ยม', n(t.personsVisited)],
        ['ถึงกำหนดเยี่ยมในเดือน', n(t.visitDue)],
        ['ถึงกำหนดและได้รับการเยี่ยม', n(t.visitDueVisited)],
        ['ความครอบคลุมการเยี่ยม', pct(t.visitDueVisited, t.visitDue)],
      ]),
      section(`3. ความต้องการที่พบและได้รับการช่วยเหลือ เดือน${formatMonth(m.month)}`),
      {
        table: {
          headerRows: 1,
          widths: ['*', 70, 90],
          body: [
            head('หมวดความต้องการ', 'พบ', 'ได้รับการช่วยเหลือ'),
            ...m.needs
              .filter((r) => r.found > 0)
              .map((r) => [
                NEED_LABELS[r.category]?.th ?? r.category,
                { text: n(r.found), alignment: 'right', noWrap: true },
                { text: n(r.met), alignment: 'right', noWrap: true },
              ]),
            [
              { text: 'รวม', bold: true },
              { text: n(t.needsFound), alignment: 'right', bold: true },
              { text: n(t.needsMet), alignment: 'right', bold: true },
            ],
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 2, 0, 6],
      },
      section(`4. การส่งต่อและงานติดตาม (ณ วันที่ ${formatDate(d.asOf)})`),
      kv((['openReferrals', 'overdueReferrals', 'openTasks', 'overdueTasks'] as const).map((k) => [COUNT_LABELS[k].th, n(c[k])])),
      ...(d.children.length
        ? [
            section('5. รายพื้นที่ย่อย'),
            dataTable(
              [
                { header: 'พื้นที่', width: '*' },
                count('จำนวนคน'),
                count('เยี่ยม (ครั้ง)'),
                count('เยี่ยมตามกำหนด'),
                count('ความต้องการ พบ/ช่วยเหลือ'),
                count('ส่งต่อค้าง'),
                count('งานค้าง'),
              ],
              childRows,
              { fontSize: 9, margin: [0, 2, 0, 6] },
            ),
          ]
        : []),
      {
        text: `${isCurrent ? 'เดือนปัจจุบัน: ตัวเลขการเยี่ยมและความต้องการนับถึงวันนี้ · ' : ''}ผู้ถึงกำหนดเยี่ยม: ทุกคนในทะเบียนที่ยังมีชีวิต ณ สิ้นเดือน เว้นแต่การเยี่ยมครั้งล่าสุดก่อนเดือนนั้นนัดครั้งถัดไปหลังสิ้นเดือน รวมผู้ที่ไม่มีอาสาสมัครดูแล · การเยี่ยมที่ถูกส่งกลับแก้ไขไม่นับ`,
        fontSize: 8,
        italics: true,
        margin: [0, 8, 0, 0],
      },
    ],
  } as never);
}

// ---------------------------------------------------------------------------------------------
// Open data

/** The categories published per child area; each child's cell adds up to the area's (a person lives in one child area). */
export const OPEN_DATA_COLUMNS = ['persons', 'disability', 'elderly', 'bedridden', 'awaiting_rehabilitation', 'with_gaps'] as const;
type OpenColumn = (typeof OPEN_DATA_COLUMNS)[number];
const OPEN_TAGS: Record<string, OpenColumn> = {
  'total:all': 'persons',
  'vulnerability:disability': 'disability',
  'vulnerability:elderly': 'elderly',
  'vulnerability:bedridden': 'bedridden',
  'vulnerability:awaiting_rehabilitation': 'awaiting_rehabilitation',
  'gap:any': 'with_gaps',
};
const OPEN_LABELS: Record<OpenColumn, L> = {
  persons: COUNT_LABELS.persons,
  disability: COUNT_LABELS.disability,
  elderly: COUNT_LABELS.elderly,
  bedridden: COUNT_LABELS.bedridden,
  awaiting_rehabilitation: COUNT_LABELS.awaitingRehabilitation,
  with_gaps: COUNT_LABELS.withGaps,
};

export type OpenDataRow = { code: string; level: DashboardArea['level']; name_th: string; name_en: string; total: boolean } & Record<OpenColumn, number | null>;

/**
 * Small-cell suppression of a table whose rows (child areas) add up to a published total row, column
 * by column: every cell from 1 to 4 is blanked (null), the total's too; and where the total is
 * published and a column lost exactly one child cell, its next smallest non-zero cell goes as well,
 * so the total minus the others cannot give the blanked cell back (suppressSmallCells with
 * `complementary`, applied to the column).
 */
export function suppressAggregates(
  total: Record<OpenColumn, number>,
  rows: Array<Record<OpenColumn, number>>,
  min = SMALL_CELL_MIN,
): { total: Record<OpenColumn, number | null>; rows: Array<Record<OpenColumn, number | null>> } {
  const outTotal = suppressSmallCells([total], min)[0]!;
  const outRows = rows.map(() => ({}) as Record<OpenColumn, number | null>);
  for (const col of OPEN_DATA_COLUMNS) {
    const column = Object.fromEntries(rows.map((r, i) => [String(i), r[col]]));
    const [kept] = suppressSmallCells([column], min, { complementary: outTotal[col] !== null });
    for (const [i, row] of outRows.entries()) row[col] = kept![String(i)] as number | null;
  }
  return { total: outTotal, rows: outRows };
}

/** The open-data table of an area: its total row first, then each child area; counts from the scope-limited dashboard_persons view. */
export async function openDataAggregates(tx: Tx, area: DashboardArea): Promise<OpenDataRow[]> {
  const { where, child } = areaSql(area);
  const res = await sql<{ child: string; tag: string; n: number }>`
    SELECT ${child} AS child, dim || ':' || key AS tag, sum(n)::int AS n FROM dashboard_persons
    WHERE ${where} AND (dim || ':' || key) IN (${sql.join(Object.keys(OPEN_TAGS))}) GROUP BY 1, 2`.execute(tx);
  const zeroRow = () => Object.fromEntries(OPEN_DATA_COLUMNS.map((c) => [c, 0])) as Record<OpenColumn, number>;
  const total = zeroRow();
  const byChild = new Map<string, Record<OpenColumn, number>>();
  for (const r of res.rows) {
    const col = OPEN_TAGS[r.tag]!;
    total[col] += r.n;
    if (area.level === 'village') continue;
    const c = byChild.get(r.child) ?? zeroRow();
    c[col] += r.n;
    byChild.set(r.child, c);
  }
  const children = await childAreas(tx, area, byChild.keys());
  const s = suppressAggregates(
    total,
    children.map((c) => byChild.get(c.code) ?? zeroRow()),
  );
  const row = (a: DashboardArea, isTotal: boolean, counts: Record<OpenColumn, number | null>): OpenDataRow => ({
    code: a.code,
    level: a.level,
    name_th: a.nameTh,
    name_en: a.nameEn,
    total: isTotal,
    ...counts,
  });
  return [row(area, true, s.total), ...children.map((c, i) => row(c, false, s.rows[i]!))];
}

// ---------------------------------------------------------------------------------------------
// Routes

/** Registered by dashboardRoutes, next to GET /api/dashboard, with its refresher. */
export async function dashboardExportRoutes(app: FastifyInstance, database: Database, refresher: RollupRefresher): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** Reads the dashboard (scope-checked and audited by readDashboard) and records the export. */
  const exportOf = async (actor: Actor, code: string, details: Record<string, unknown>) => {
    const d = await readDashboard(database, refresher, actor, code);
    await asUser(database.db, actor, (tx) => audit(tx, actor, { action: 'dashboard.export', subjectType: 'report', areaCode: d.area.code, details }));
    return d;
  };

  r.get(
    '/api/dashboard/export.xlsx',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        summary: 'The dashboard as an Excel workbook: one sheet per table, Thai headers with an English second row (or English with lang=en); counts only',
        querystring: z.object({ area: AreaCode.optional(), lang: z.enum(['th', 'en']).default('th') }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { lang } = req.query;
      const d = await exportOf(actor, req.query.area ?? defaultArea(actor), { format: 'xlsx', tables: DASHBOARD_TABLES.length, lang });
      const sheets = dashboardSheets(d, lang);
      return sendTable(reply, 'xlsx', {
        filename: `dashboard-${d.area.code}-${d.asOf}`,
        title: titleOf(d, lang),
        lang,
        sheets: DASHBOARD_TABLES.map((t) => sheets[t]),
      });
    },
  );

  r.get(
    '/api/dashboard/export.csv',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        summary: 'One table of the dashboard as CSV (UTF-8 with a byte-order mark); counts only',
        querystring: z.object({ area: AreaCode.optional(), table: z.enum(DASHBOARD_TABLES), lang: z.enum(['th', 'en']).default('th') }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { table, lang } = req.query;
      const d = await exportOf(actor, req.query.area ?? defaultArea(actor), { format: 'csv', table, lang });
      return sendTable(reply, 'csv', { filename: `dashboard-${d.area.code}-${table}-${d.asOf}`, lang, sheets: [dashboardSheets(d, lang)[table]] });
    },
  );

  r.get(
    '/api/dashboard/report.pdf',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        summary:
          "An area's monthly report in Thai (PDF): headline counts, visits and coverage, needs found and met in the month, referrals and tasks, child areas",
        querystring: z.object({
          area: AreaCode.optional(),
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
            .optional()
            .describe('YYYY-MM (Christian era), this month or earlier; default: last month'),
        }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const code = req.query.area ?? defaultArea(actor);
      const thisMonth = thaiMonthOf();
      const month = req.query.month ?? addMonths(thisMonth, -1);
      if (month > thisMonth)
        throw new AppError(400, 'validation.failed', {
          fields: [{ path: 'month', code: 'date.invalid', message_th: 'เลือกเดือนนี้หรือก่อนหน้า', message_en: 'Choose this month or an earlier one' }],
        });
      const d = await readDashboard(database, refresher, actor, code);
      const m = await asUser(database.db, actor, async (tx) => {
        const figures = await monthFigures(tx, d.area, month, d);
        await audit(tx, actor, { action: 'dashboard.export', subjectType: 'report', areaCode: d.area.code, details: { format: 'pdf', month } });
        return figures;
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="report-${d.area.code}-${month}.pdf"`)
        .send(await monthlyReportPdf(d, m, actor.displayName));
    },
  );

  r.get(
    '/api/open-data/aggregates',
    {
      // Public only when the operator turns open data on (CAREHUB_OPEN_DATA=true, read per request);
      // otherwise the handler requires dashboard.read and the area in scope.
      config: { permission: 'public' },
      schema: {
        tags: ['dashboard'],
        summary:
          'Open data: persons per child area and category (disability, elderly, bedridden, awaiting rehabilitation, with a gap), cells of 1–4 suppressed with complementary suppression. Signed in with dashboard.read (my scope), or public when CAREHUB_OPEN_DATA=true',
        querystring: z.object({ area: AreaCode.optional(), format: z.enum(['csv', 'json']).default('csv') }),
        response: { 200: z.any().describe('CSV, or JSON { area, asOf, minCell, rows }'), ...errors },
      },
    },
    async (req, reply) => {
      // Signed in: the dashboard's permission and scope. Public (if the operator turned it on): any
      // area, as nobody, since the table names nobody and blanks what could point at someone.
      let actor: Actor | null;
      let code: string;
      if (!openDataPublic()) {
        actor = requirePermission(req, 'dashboard.read');
        code = req.query.area ?? defaultArea(actor);
        if (!inScope(code, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
      } else {
        const signedIn = req.actor && can(req.actor.role, 'dashboard.read') ? req.actor : null;
        code = req.query.area ?? (signedIn ? defaultArea(signedIn) : 'TH');
        actor = signedIn && inScope(code, signedIn.scopes) ? signedIn : null;
      }
      if (await refresher.personsStale()) await refresher.refreshNow(['persons']);
      const as = actor ?? { userId: '', scopes: ['TH'] };
      const { area, rows, asOf } = await asUser(database.db, as, async (tx) => {
        const a = await resolveArea(tx, code);
        const out = await openDataAggregates(tx, a);
        const state = await sql<{ as_of: string | null }>`SELECT as_of::text AS as_of FROM rollup_state WHERE name = 'persons'`.execute(tx);
        await audit(tx, actor, {
          action: 'dashboard.export',
          subjectType: 'report',
          areaCode: a.code,
          ip: req.ip,
          details: { format: req.query.format, openData: true, public: !actor, rows: out.length },
        });
        return { area: a, rows: out, asOf: state.rows[0]?.as_of ?? new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10) };
      });
      if (req.query.format === 'json') return { area: area.code, asOf, minCell: SMALL_CELL_MIN, rows };
      const columns: TableColumn[] = [
        text('code', 'รหัสพื้นที่', 'area_code'),
        text('level', 'ระดับ', 'level'),
        text('name_th', 'ชื่อพื้นที่', 'area_name_th'),
        text('name_en', 'ชื่อพื้นที่ (อังกฤษ)', 'area_name_en'),
        ...OPEN_DATA_COLUMNS.map((c) => int(c, OPEN_LABELS[c].th, c)),
      ];
      return sendTable(reply, 'csv', {
        filename: `open-data-${area.code}-${asOf}`,
        csvHeader: 'en',
        sheets: [{ name: 'open data', columns, rows: rows.map(({ total: _t, ...r }) => r) }],
      });
    },
  );
}
