import {
  auditActionLabel,
  CONSENT_PURPOSE_LABELS,
  DISABILITY_TYPE_LABELS,
  type DisabilityType,
  ENTITLEMENT_LABELS,
  ENTITLEMENT_STATUS_LABELS,
  formatDate,
  formatDateTime,
  GAP_LABELS,
  PERSON_STATUS_LABELS,
  type Person,
  SOURCE_LABELS,
  VULNERABILITY_LABELS,
} from '@carehub/core';
import type { Content } from 'pdfmake';
import { renderPdf } from '../../pdf.js';

interface ExportData {
  exportedAt: string;
  exportedBy: string;
  person: Person;
  provenance: Array<{ field: string; value: unknown; source: string; recorded_at: string }>;
  timeline: Array<{ at: string; action: string; actor: string | null; actorName: string | null; count: number }>;
}

const d = (iso: string | null | undefined) => (iso ? formatDate(iso.length === 4 ? `${iso}-07-01` : iso.length === 7 ? `${iso}-15` : iso) : '—');
const SEX = { male: 'ชาย', female: 'หญิง', unknown: 'ไม่ระบุ' } as const;

function table(header: string[], rows: string[][]): Content {
  return rows.length
    ? {
        table: { headerRows: 1, widths: header.map(() => '*'), body: [header.map((h) => ({ text: h, bold: true })), ...rows] },
        layout: 'lightHorizontalLines',
        margin: [0, 4, 0, 12],
      }
    : { text: 'ไม่มีข้อมูล', italics: true, margin: [0, 4, 0, 12] };
}

/** The person's data as a readable Thai PDF, for a data-subject access request (PDPA). */
export function personPdf(data: ExportData): Promise<Buffer> {
  const p = data.person;
  const h = (text: string): Content => ({ text, bold: true, fontSize: 13, margin: [0, 8, 0, 2] });
  return renderPdf({
    info: { title: `ข้อมูลส่วนบุคคล ${p.firstNameTh} ${p.lastNameTh}` },
    content: [
      { text: 'ข้อมูลส่วนบุคคลที่ CareHub เก็บรักษา', fontSize: 16, bold: true },
      {
        text: `ส่งออกเมื่อ ${formatDateTime(data.exportedAt)} โดย ${data.exportedBy} ตามคำขอเข้าถึงข้อมูล (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)`,
        fontSize: 9,
        margin: [0, 0, 0, 8],
      },
      h('ข้อมูลบุคคล'),
      table(
        ['รายการ', 'ข้อมูล'],
        [
          ['ชื่อ-นามสกุล', `${p.titleTh ?? ''}${p.firstNameTh} ${p.lastNameTh}`],
          ['เลขประจำตัวประชาชน', p.cid ?? `ไม่มี (${p.cidMissingReason ?? '—'})`],
          ['วันเกิด', d(p.birthDate)],
          ['เพศ', SEX[p.sex]],
          ['สถานะ', PERSON_STATUS_LABELS[p.status].th],
          [
            'ที่อยู่',
            [p.address.houseNo && `บ้านเลขที่ ${p.address.houseNo}`, p.address.villageNo && `หมู่ ${p.address.villageNo}`, p.areaPath, p.address.text]
              .filter(Boolean)
              .join(' '),
          ],
          ['โทรศัพท์', p.phones.join(', ') || '—'],
        ],
      ),
      h('กลุ่มเปราะบาง'),
      table(
        ['ประเภท', 'รายละเอียด', 'ที่มา', 'บันทึกเมื่อ'],
        p.vulnerabilities.map((v) => [
          VULNERABILITY_LABELS[v.kind].th + (v.endedAt ? ' (สิ้นสุดแล้ว)' : ''),
          [
            v.disabilityTypes?.map((t) => DISABILITY_TYPE_LABELS[t as DisabilityType]?.th).join(', '),
            v.cardNumber && `บัตร ${v.cardNumber} หมดอายุ ${d(v.cardExpiry)}`,
            v.condition,
            v.note,
          ]
            .filter(Boolean)
            .join(' · '),
          SOURCE_LABELS[v.source].th,
          d(v.recordedAt),
        ]),
      ),
      h('สิทธิและสวัสดิการ'),
      table(
        ['สิทธิ', 'สถานะ', 'รายละเอียด'],
        p.entitlements.map((e) => [ENTITLEMENT_LABELS[e.kind].th, ENTITLEMENT_STATUS_LABELS[e.status].th, e.detail ?? '']),
      ),
      ...(p.gapDetails.length
        ? [
            {
              text: p.gapDetails.map((g) => `• ${GAP_LABELS[g.code].th}${g.baht ? ` (${g.baht.toLocaleString('en-US')} บาท/เดือน)` : ''}`).join('\n'),
              margin: [0, 0, 0, 8],
            } as Content,
          ]
        : []),
      h('ครอบครัวและผู้ดูแล'),
      table(
        ['ชื่อ', 'ความสัมพันธ์', 'ผู้ดูแลหลัก', 'โทรศัพท์'],
        p.household.map((m) => [m.name, m.relation, m.isMainCaregiver ? 'ใช่' : '', m.phone ?? '']),
      ),
      h('ความยินยอม'),
      table(
        ['วัตถุประสงค์', 'ผู้ให้', 'วันที่ให้', 'ถอนเมื่อ'],
        p.consents.map((c) => [
          CONSENT_PURPOSE_LABELS[c.purpose].th,
          c.givenBy === 'self' ? 'เจ้าของข้อมูล' : `ผู้แทน: ${c.guardianName ?? ''}`,
          d(c.givenAt),
          d(c.withdrawnAt),
        ]),
      ),
      h('ที่มาของข้อมูล'),
      table(
        ['ช่องข้อมูล', 'ค่า', 'ที่มา', 'เมื่อ'],
        data.provenance.map((r) => [r.field, JSON.stringify(r.value), SOURCE_LABELS[r.source as 'user']?.th ?? r.source, formatDateTime(r.recorded_at)]),
      ),
      h('ประวัติการเข้าถึงและแก้ไข'),
      table(
        ['เมื่อ', 'การกระทำ', 'ผู้ใช้'],
        data.timeline.map((t) => [
          formatDateTime(t.at),
          t.count > 1 ? `${auditActionLabel(t.action, 'th')} (${t.count} ครั้ง)` : auditActionLabel(t.action, 'th'),
          t.actorName ?? t.actor ?? '',
        ]),
      ),
    ],
  });
}
