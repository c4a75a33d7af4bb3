import {
  ADL_GROUP_LABELS,
  type AdlGroup,
  ageOn,
  DISABILITY_TYPE_LABELS,
  type DisabilityType,
  ErrorResponse,
  formatDate,
  formatDateTime,
  GAP_LABELS,
  type GapCode,
  inScope,
  LIST_EXPORT_HEADERS,
  LIST_EXPORT_MAX_ROWS,
  type Locale,
  maskCid,
  PERSON_STATUS_LABELS,
  PersonSearch,
  partialDateString,
  VULNERABILITY_LABELS,
} from '@carehub/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { type Actor, asUser } from '../../db/context.js';
import { requireActor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { sendTable, type TableColumn, type TableFile } from '../../http/tables.js';
import { audit } from '../audit/service.js';
import { PURPOSE, personFlags, personListQuery, todayIso } from './service.js';

/**
 * The persons list as a download (issue 8, "every table to XLSX/CSV"): every person the list shows
 * for the same filters and user, not one page, up to LIST_EXPORT_MAX_ROWS; the same query as
 * GET /api/persons under the same row-level security (area scope, caseload, shares that need a
 * standing data-sharing consent), the national ID masked as the list shows it. One audit event,
 * `persons.export`, with the filters (never the search text: it may be a name or an ID) and the count.
 */

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };
export const ExportLang = z.enum(['th', 'en']).default('th');
const PersonsExportQuery = PersonSearch.omit({ page: true, pageSize: true }).extend({ lang: ExportLang });

/** The cap in force (LIST_EXPORT_MAX_ROWS); a test lowers it to see a cut file without 50,000 persons. */
export const listExportLimits = { maxRows: LIST_EXPORT_MAX_ROWS };

export const text = (key: string, th: string, en: string, width = 24): TableColumn => ({ key, th, en, format: 'text', width });
export const int = (key: string, th: string, en: string, width = 10): TableColumn => ({ key, th, en, format: 'int', width });
type L = { th: string; en: string };
export const label = (l: L | undefined, code: string, lang: Locale) => (l ? l[lang] : code);
const SEX_LABELS: Record<string, L> = { male: { th: 'ชาย', en: 'Male' }, female: { th: 'หญิง', en: 'Female' }, unknown: { th: 'ไม่ระบุ', en: 'Not recorded' } };
const MONTHS: Record<Locale, string[]> = {
  th: ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** A birth date known to the year, month or day, in the Buddhist era, as the list page shows it: "พ.ศ. 2493", "มี.ค. 2493", "1 มี.ค. 2493". */
export function formatPartialBe(iso: string, lang: Locale): string {
  const year = Number(iso.slice(0, 4)) + 543;
  if (iso.length === 4) return lang === 'th' ? `พ.ศ. ${year}` : `${year} BE`;
  if (iso.length === 7) return `${MONTHS[lang][Number(iso.slice(5, 7)) - 1]} ${year}${lang === 'en' ? ' BE' : ''}`;
  return formatDate(iso, lang);
}

export const PERSON_COLUMNS: TableColumn[] = [
  text('name', 'ชื่อ-นามสกุล', 'Name', 30),
  text('cid', 'เลขประจำตัวประชาชน (ปิดบางส่วน)', 'National ID (masked)', 22),
  text('sex', 'เพศ', 'Sex', 10),
  text('birthDate', 'วันเกิด (พ.ศ.)', 'Birth date (BE)', 16),
  int('age', 'อายุ (ปี)', 'Age (years)'),
  text('status', 'สถานะ', 'Status', 14),
  text('areaCode', 'รหัสพื้นที่', 'Area code', 12),
  text('area', 'พื้นที่', 'Area', 22),
  text('flags', 'กลุ่มเปราะบาง', 'Vulnerability', 34),
  text('disabilityTypes', 'ประเภทความพิการ', 'Disability types', 28),
  text('adlGroup', 'กลุ่ม ADL', 'ADL group', 16),
  text('gaps', 'ช่องว่างสิทธิ', 'Entitlement gaps', 40),
  text('id', 'รหัสในระบบ', 'CareHub ID', 38),
];

/** "50,000 คนแรกจากทั้งหมด 61,234 คน ..." when cut, for the file's title line. */
export function cappedNote(rows: number, total: number, lang: Locale, unit: L = { th: 'แถว', en: 'rows' }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return lang === 'th'
    ? `มีเพียง ${n(rows)} ${unit.th}แรกจากทั้งหมด ${n(total)} ${unit.th} (ไฟล์หนึ่งมีได้ไม่เกิน ${n(listExportLimits.maxRows)} แถว โปรดกรองให้แคบลง)`
    : `Only the first ${n(rows)} of ${n(total)} ${unit.en} (a file holds at most ${n(listExportLimits.maxRows)} rows; narrow the filters)`;
}

/** The export's own title line: what, for whom, when, by whom, how many, and that it is personal data. */
export function exportTitle(what: L, actor: Actor, rows: number, total: number, lang: Locale, unit?: L): string {
  const at = formatDateTime(new Date(), lang);
  const count = rows.toLocaleString('en-US');
  const main =
    lang === 'th'
      ? `${what.th} · ส่งออกเมื่อ ${at} โดย ${actor.username} · ${count} ${unit?.th ?? 'แถว'} · ข้อมูลส่วนบุคคล ใช้เพื่อการดูแลตามหน้าที่เท่านั้น`
      : `${what.en} · exported ${at} by ${actor.username} · ${count} ${unit?.en ?? 'rows'} · personal data, for care duties only`;
  return rows < total ? `${main} · ${cappedNote(rows, total, lang, unit)}` : main;
}

/** Sends a list export, with its row count, the matching total and whether it was cut as headers for the page. */
export function sendListExport(reply: FastifyReply, format: 'xlsx' | 'csv', file: TableFile, counts: { rows: number; total: number }) {
  reply
    .header(LIST_EXPORT_HEADERS.rows, String(counts.rows))
    .header(LIST_EXPORT_HEADERS.total, String(counts.total))
    .header(LIST_EXPORT_HEADERS.capped, String(counts.rows < counts.total));
  return sendTable(reply, format, file);
}

/** Registered by personRoutes: GET /api/persons/export.xlsx and /api/persons/export.csv. */
export async function personListExportRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const format of ['xlsx', 'csv'] as const) {
    r.get(
      `/api/persons/export.${format}`,
      {
        config: { permission: 'persons.export' },
        schema: {
          tags: ['persons'],
          summary: `The persons list with the list's filters as ${format.toUpperCase()}: every matching person in my scope (at most ${LIST_EXPORT_MAX_ROWS}), national IDs masked`,
          querystring: PersonsExportQuery,
          response: { 200: z.any(), ...errors },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const f = req.query;
        const lang = f.lang;
        if (f.area && !inScope(f.area, actor.scopes) && !actor.scopes.some((s) => s.startsWith(f.area!))) throw new AppError(403, 'forbidden.out_of_scope');
        const today = todayIso();
        const { rows, total, areaName } = await asUser(database.db, actor, async (tx) => {
          const { ordered: query, by } = personListQuery(tx, f, today);
          const found = await query.limit(listExportLimits.maxRows).execute();
          const total = Number(found[0]?.total ?? 0);
          const area = f.area ? await tx.selectFrom('areas').select(['name_th', 'name_en']).where('code', '=', f.area).executeTakeFirst() : undefined;
          await audit(tx, actor, {
            action: 'persons.export',
            subjectType: 'person',
            areaCode: f.area ?? actor.areaCode,
            purpose: PURPOSE,
            details: {
              format,
              lang,
              area: f.area,
              by,
              filters: { vulnerability: f.vulnerability, disabilityType: f.disabilityType, adlGroup: f.adlGroup, gap: f.gap, status: f.status },
              rows: found.length,
              total,
              capped: found.length < total,
            },
          });
          return { rows: found, total, areaName: area ? (lang === 'th' ? area.name_th : area.name_en) : null };
        });
        const where = areaName ?? (lang === 'th' ? 'ทุกพื้นที่ของฉัน' : 'all my areas');
        const filterText = [
          f.vulnerability && label(VULNERABILITY_LABELS[f.vulnerability], f.vulnerability, lang),
          f.disabilityType && label(DISABILITY_TYPE_LABELS[f.disabilityType as DisabilityType], String(f.disabilityType), lang),
          f.adlGroup && label(ADL_GROUP_LABELS[f.adlGroup], f.adlGroup, lang),
          f.gap && label(GAP_LABELS[f.gap], f.gap, lang),
          f.status && label(PERSON_STATUS_LABELS[f.status], f.status, lang),
          f.q && (lang === 'th' ? 'ค้นหาตามคำค้น' : 'search text'),
        ]
          .filter(Boolean)
          .join(', ');
        const what = {
          th: `ทะเบียนบุคคล ${where}${filterText ? ` (${filterText})` : ''}`,
          en: `Persons, ${where}${filterText ? ` (${filterText})` : ''}`,
        };
        const list = (codes: Array<string | number>, labels: Record<string, L>) => codes.map((c) => label(labels[String(c)], String(c), lang)).join(', ');
        return sendListExport(
          reply,
          format,
          {
            filename: `persons-${f.area ?? 'my-areas'}-${today}`,
            title: exportTitle(what, actor, rows.length, total, lang, { th: 'คน', en: 'persons' }),
            lang,
            sheets: [
              {
                name: lang === 'th' ? 'ทะเบียนบุคคล' : 'Persons',
                columns: PERSON_COLUMNS,
                rows: rows.map((p) => {
                  const age = p.birth_date ? ageOn(p.birth_date, today) : null;
                  return {
                    name: [p.title_th, p.first_name_th, p.last_name_th].filter(Boolean).join(' '),
                    cid: p.cid ? maskCid(p.cid) : lang === 'th' ? 'ไม่มีเลข' : 'None',
                    sex: label(SEX_LABELS[p.sex], p.sex, lang),
                    birthDate: p.birth_date ? formatPartialBe(partialDateString(p.birth_date, p.birth_precision), lang) : null,
                    age,
                    status: label(PERSON_STATUS_LABELS[p.status], p.status, lang),
                    areaCode: p.area_code,
                    area: p.area_name,
                    flags: list(personFlags(p.flags, age), VULNERABILITY_LABELS as Record<string, L>),
                    disabilityTypes: list(p.disability_types ?? [], DISABILITY_TYPE_LABELS as Record<string, L>),
                    adlGroup: p.adl_group ? label(ADL_GROUP_LABELS[p.adl_group as AdlGroup], p.adl_group, lang) : null,
                    gaps: list(p.gaps, GAP_LABELS as Record<GapCode, L>),
                    id: p.id,
                  };
                }),
              },
            ],
          },
          { rows: rows.length, total },
        );
      },
    );
  }
}
