import type { InstrumentInput } from './schema.js';

type Choice = [value: string, th: string, en: string, need?: string];

const choices = (list: Choice[]) => ({
  options: list.map(([value, th, en]) => ({ value, label: { th, en } })),
  needs: Object.fromEntries(list.filter((c) => c[3]).map(([value, , , need]) => [value, need!])),
});

/**
 * A social worker's needs assessment: income, housing, family support, rights and documents, and
 * assistive devices. It has no score: each answer that shows a gap creates a stable coded need
 * (`income.no_income`, `housing.unsafe`, `documents.no_id_card`, `device.wheelchair` …) for the
 * care plan and for reports.
 */
export const SOCIAL_NEEDS: InstrumentInput = {
  code: 'social_needs',
  version: 1,
  title: { th: 'แบบประเมินความต้องการทางสังคม', en: 'Social needs assessment' },
  description: {
    th: 'สอบถามและสังเกตระหว่างเยี่ยมบ้าน: รายได้ ที่อยู่อาศัย ครอบครัวและผู้ดูแล สิทธิและเอกสาร อุปกรณ์ช่วยเหลือ',
    en: 'Ask and observe during a home visit: income, housing, family and caregivers, rights and documents, assistive devices',
  },
  source: {
    citation: 'CareHub social-work needs checklist; its domains (income, housing, family support, rights and documents) from shared/domain/README.md',
    verified: false,
    note:
      'Cannot be verified: not a published instrument, and it has no validated score. The questions and the need codes are CareHub’s own, to be reviewed by the social-work lead. ' +
      'Allowances and documents named here are those of the domain facts (elderly and disability allowance, national ID card, disability card).',
  },
  items: [
    {
      id: 'income',
      type: 'single',
      label: { th: 'รายได้ของครัวเรือนเพียงพอต่อค่าใช้จ่ายจำเป็นหรือไม่', en: 'Does household income cover essential expenses?' },
      ...choices([
        ['enough', 'เพียงพอ', 'Enough'],
        ['not_enough', 'ไม่เพียงพอ', 'Not enough', 'income.insufficient'],
        ['none', 'ไม่มีรายได้', 'No income', 'income.no_income'],
      ]),
    },
    {
      id: 'debt',
      type: 'yesno',
      label: { th: 'มีหนี้สินที่เป็นภาระหนัก', en: 'Has a heavy debt burden' },
      needs: { true: 'income.debt' },
    },
    {
      id: 'housing',
      type: 'single',
      label: { th: 'สภาพที่อยู่อาศัย', en: 'Housing' },
      ...choices([
        ['safe', 'มั่นคง ปลอดภัย', 'Secure and safe'],
        ['needs_repair', 'ชำรุด ต้องซ่อมแซม', 'Needs repair', 'housing.needs_repair'],
        ['unsafe', 'ไม่ปลอดภัย (เช่น ผุพัง เสี่ยงถล่ม น้ำท่วมซ้ำ)', 'Unsafe (e.g. collapsing, repeatedly flooded)', 'housing.unsafe'],
        ['none', 'ไม่มีที่อยู่อาศัยเป็นของตนเองหรือไม่มีที่พักอาศัย', 'No secure place to live', 'housing.homeless'],
      ]),
    },
    {
      id: 'home_adaptation',
      type: 'yesno',
      label: {
        th: 'บ้านต้องปรับให้เหมาะกับผู้สูงอายุหรือคนพิการ (เช่น ราวจับ ทางลาด ห้องน้ำ)',
        en: 'The home needs adapting for an older or disabled person (e.g. grab rails, ramp, bathroom)',
      },
      needs: { true: 'housing.adaptation' },
    },
    {
      id: 'lives_alone',
      type: 'yesno',
      label: { th: 'อยู่ลำพัง', en: 'Lives alone' },
      needs: { true: 'family.lives_alone' },
    },
    {
      id: 'caregiver',
      type: 'single',
      label: { th: 'ผู้ดูแลในครอบครัว', en: 'Family caregiver' },
      ...choices([
        ['not_needed', 'ยังไม่ต้องการผู้ดูแล', 'No caregiver needed yet'],
        ['adequate', 'มีผู้ดูแลเพียงพอ', 'Has an adequate caregiver'],
        ['inadequate', 'มีผู้ดูแลแต่ไม่เพียงพอ', 'Has a caregiver, but not enough care', 'family.caregiver_inadequate'],
        ['none', 'ต้องการผู้ดูแลแต่ไม่มี', 'Needs a caregiver but has none', 'family.no_caregiver'],
      ]),
    },
    {
      id: 'abuse_concern',
      type: 'yesno',
      label: { th: 'สงสัยถูกทำร้าย ถูกละเลยทอดทิ้ง หรือถูกเอาเปรียบ', en: 'Suspected abuse, neglect or exploitation' },
      needs: { true: 'family.abuse_risk' },
    },
    {
      id: 'documents_missing',
      type: 'multiple',
      label: { th: 'เอกสารที่ยังไม่มีหรือหมดอายุ', en: 'Documents missing or expired' },
      help: { th: 'เลือกทุกข้อที่ตรง (ไม่เลือกเลย = ครบ)', en: 'Select all that apply (none selected = all in order)' },
      ...choices([
        ['id_card', 'บัตรประจำตัวประชาชน', 'National ID card', 'documents.no_id_card'],
        ['house_registration', 'ทะเบียนบ้าน (ไม่มีชื่อในทะเบียนบ้าน)', 'House registration (not registered)', 'documents.no_house_registration'],
        [
          'disability_card',
          'บัตรประจำตัวคนพิการ (ไม่มีหรือหมดอายุ ทั้งที่มีความพิการ)',
          'Disability card (none or expired although disabled)',
          'documents.no_disability_card',
        ],
        ['birth_certificate', 'สูติบัตร', 'Birth certificate', 'documents.no_birth_certificate'],
      ]),
    },
    {
      id: 'rights_missing',
      type: 'multiple',
      label: { th: 'สิทธิที่ควรได้แต่ยังไม่ได้รับ', en: 'Entitlements due but not received' },
      help: { th: 'เลือกทุกข้อที่ตรง', en: 'Select all that apply' },
      ...choices([
        ['elderly_allowance', 'เบี้ยยังชีพผู้สูงอายุ', 'Elderly allowance', 'rights.elderly_allowance'],
        ['disability_allowance', 'เบี้ยความพิการ', 'Disability allowance', 'rights.disability_allowance'],
        ['health_coverage', 'สิทธิหลักประกันสุขภาพ (บัตรทอง) หรือสิทธิการรักษาอื่น', 'Health coverage (UCS or other scheme)', 'rights.health_coverage'],
        ['state_welfare_card', 'บัตรสวัสดิการแห่งรัฐ', 'State welfare card', 'rights.state_welfare_card'],
      ]),
    },
    {
      id: 'devices_needed',
      type: 'multiple',
      label: { th: 'อุปกรณ์ช่วยเหลือที่จำเป็นแต่ยังไม่มี', en: 'Assistive devices needed but not available' },
      help: { th: 'เลือกทุกข้อที่ตรง', en: 'Select all that apply' },
      ...choices([
        ['wheelchair', 'รถเข็นนั่ง', 'Wheelchair', 'device.wheelchair'],
        ['walker', 'ไม้เท้าสี่ขา / โครงช่วยเดิน', 'Walker', 'device.walker'],
        ['cane', 'ไม้เท้า', 'Walking stick', 'device.cane'],
        ['hospital_bed', 'เตียงผู้ป่วย', 'Hospital bed', 'device.hospital_bed'],
        ['air_mattress', 'ที่นอนลม / ที่นอนป้องกันแผลกดทับ', 'Pressure-relief mattress', 'device.air_mattress'],
        ['commode', 'เก้าอี้นั่งถ่าย', 'Commode chair', 'device.commode'],
        ['hearing_aid', 'เครื่องช่วยฟัง', 'Hearing aid', 'device.hearing_aid'],
        ['glasses', 'แว่นตา', 'Glasses', 'device.glasses'],
        ['diapers', 'ผ้าอ้อมผู้ใหญ่', 'Adult diapers', 'device.diapers'],
      ]),
    },
    {
      id: 'other',
      type: 'text',
      required: false,
      label: { th: 'ความต้องการอื่น ๆ', en: 'Other needs' },
    },
  ],
  alerts: [
    {
      when: { item: 'abuse_concern', equals: true },
      severity: 'urgent',
      action: 'propose_referral',
      message: {
        th: 'สงสัยถูกทำร้ายหรือทอดทิ้ง: แจ้งนักสังคมสงเคราะห์และพิจารณาส่งต่อเพื่อคุ้มครองทันที',
        en: 'Suspected abuse or neglect: tell the social worker and consider a protection referral now',
      },
    },
    {
      when: {
        anyOf: [
          { item: 'housing', equals: 'none' },
          { item: 'income', equals: 'none' },
        ],
      },
      severity: 'warning',
      action: 'notify',
      message: { th: 'ไม่มีที่อยู่อาศัยหรือไม่มีรายได้: ประสานความช่วยเหลือเร่งด่วน', en: 'No place to live or no income: arrange emergency help' },
    },
  ],
};
