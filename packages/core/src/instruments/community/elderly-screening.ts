import type { InstrumentInput } from '../schema.js';

const PAST_3_MONTHS = { th: 'ใน 3 เดือนที่ผ่านมา', en: 'In the past 3 months' };

/**
 * The MOPH elderly screening as one chained visit: a short entry screen over the nine areas the
 * ministry's manual screens (cognition, falls, nutrition, vision, hearing, depression, urinary
 * incontinence, ADL, oral health), whose answers open the full instruments (`next`) and record the
 * problems found as coded needs of the visits' taxonomy (core visits.ts), so they join the person's
 * other needs: a vision problem asks for glasses and an eye check, poor oral health for a follow-up.
 *
 * An annual screening opens 2Q and Barthel for everyone, as the manual does; a follow-up visit opens
 * them only when the entry question finds a problem.
 */
export const ELDERLY_SCREENING: InstrumentInput = {
  code: 'elderly_screening',
  version: 1,
  title: { th: 'การคัดกรองสุขภาพผู้สูงอายุ (กระทรวงสาธารณสุข)', en: 'Elderly health screening (Ministry of Public Health)' },
  description: {
    th: 'คัดกรองเบื้องต้นทุกด้าน แล้วทำแบบประเมินต่อเนื่องที่ระบบเปิดให้ตามคำตอบ',
    en: 'Screen every area briefly, then complete the follow-up instruments the answers open',
  },
  source: {
    citation:
      'กระทรวงสาธารณสุข (คณะกรรมการพัฒนานโยบายและขับเคลื่อนระบบสุขภาพเพื่อรองรับสังคมสูงอายุ). คู่มือการคัดกรองและประเมินสุขภาพผู้สูงอายุ พ.ศ. 2564 ' +
      '(Ministry of Public Health. Manual for screening and assessing the health of older persons, 2021).',
    verified: false,
    note:
      'Confirmed only that the 2564 manual exists (its title page and preface could be read). Not confirmed: its screening questions, time frames and referral rules, because its text could not be read here. ' +
      'The nine areas follow the brief and the well-known structure of the MOPH screening; the entry questions, time frames and the annual/follow-up rule are CareHub’s own design, ' +
      'and the follow-up instruments (Mini-Cog, Thai-FRAT, TUG, MNA-SF, 2Q, Barthel) are chained as the brief asks. To be verified against the manual before relying on it.',
  },
  items: [
    {
      id: 'visit_type',
      type: 'single',
      label: { th: 'ประเภทการคัดกรอง', en: 'Kind of screening' },
      options: [
        { value: 'annual', label: { th: 'คัดกรองประจำปี (ทำ 2Q และ ADL ทุกคน)', en: 'Annual screening (2Q and ADL for everyone)' } },
        {
          value: 'follow_up',
          label: { th: 'ติดตามระหว่างปี (ประเมินต่อเฉพาะด้านที่พบปัญหา)', en: 'Follow-up during the year (full instruments only where a problem is found)' },
        },
      ],
    },
    {
      id: 'memory',
      type: 'yesno',
      label: {
        th: 'ผู้สูงอายุหรือญาติสังเกตว่าหลงลืมบ่อยขึ้น หรือความจำแย่ลงกว่าเดิม',
        en: 'The person or family notice more forgetfulness or worse memory than before',
      },
      help: {
        th: 'ถ้าใช่ ทำ Mini-Cog ต่อ (หรือ AMT ตามที่หน่วยบริการใช้) และ TMSE เมื่อ Mini-Cog ผิดปกติ',
        en: 'If yes, go on to the Mini-Cog (or the AMT where the unit uses it), and the TMSE when the Mini-Cog is positive',
      },
      needs: { true: 'mental.cognitive' },
    },
    {
      id: 'fell',
      type: 'yesno',
      label: { th: 'เคยหกล้ม', en: 'Has had a fall' },
      timeFrame: { th: 'ใน 6 เดือนที่ผ่านมา', en: 'In the past 6 months' },
      needs: { true: 'safety.fall_risk' },
    },
    {
      id: 'unsteady',
      type: 'yesno',
      label: { th: 'รู้สึกไม่มั่นคงเวลายืนหรือเดิน หรือกลัวหกล้ม', en: 'Feels unsteady when standing or walking, or is afraid of falling' },
      needs: { true: 'safety.fall_risk' },
    },
    {
      id: 'weight_loss',
      type: 'yesno',
      label: { th: 'น้ำหนักลดลงโดยไม่ได้ตั้งใจ (เช่น เสื้อผ้าหลวมขึ้น)', en: 'Unintended weight loss (e.g. clothes have become loose)' },
      timeFrame: PAST_3_MONTHS,
      needs: { true: 'inhomesss.nutrition' },
    },
    {
      id: 'eating_less',
      type: 'yesno',
      label: { th: 'กินอาหารได้น้อยลง หรือเบื่ออาหาร', en: 'Eating less, or loss of appetite' },
      timeFrame: PAST_3_MONTHS,
      needs: { true: 'inhomesss.nutrition' },
    },
    {
      id: 'vision',
      type: 'yesno',
      label: {
        th: 'มีปัญหาการมองเห็น เช่น มองไกลหรืออ่านหนังสือไม่ชัด แม้สวมแว่นตาที่ใช้อยู่',
        en: 'Vision problem, e.g. cannot see far or read clearly even with their usual glasses',
      },
      needs: { true: 'device.glasses' },
    },
    {
      id: 'hearing',
      type: 'yesno',
      label: { th: 'มีปัญหาการได้ยิน เช่น ต้องให้พูดซ้ำหรือพูดเสียงดัง', en: 'Hearing problem, e.g. needs things repeated or said loudly' },
      needs: { true: 'device.hearing_aid' },
    },
    {
      id: 'low_mood',
      type: 'yesno',
      label: {
        th: 'ดูเศร้า ท้อแท้ หรือเบื่อหน่ายไม่อยากทำอะไร (จากการสังเกตหรือคำบอกเล่า)',
        en: 'Seems sad, hopeless or uninterested in doing things (observed or reported)',
      },
      timeFrame: { th: 'ใน 2 สัปดาห์ที่ผ่านมา', en: 'In the past 2 weeks' },
      showIf: { item: 'visit_type', equals: 'follow_up' },
    },
    {
      id: 'incontinence',
      type: 'yesno',
      label: { th: 'ปัสสาวะเล็ดหรือราดจนมีผลต่อชีวิตประจำวัน', en: 'Urine leakage that affects daily life' },
      timeFrame: PAST_3_MONTHS,
      needs: { true: 'care.toileting' },
    },
    {
      id: 'adl_help',
      type: 'yesno',
      label: {
        th: 'ต้องมีคนช่วยในกิจวัตรประจำวันอย่างน้อย 1 อย่าง (กิน อาบน้ำ แต่งตัว เข้าห้องน้ำ ลุกเดิน)',
        en: 'Needs help with at least one daily activity (eating, bathing, dressing, toilet, getting up and walking)',
      },
      showIf: { item: 'visit_type', equals: 'follow_up' },
    },
    {
      id: 'oral',
      type: 'yesno',
      label: {
        th: 'มีปัญหาช่องปาก เช่น เคี้ยวลำบาก ปวดฟัน เหงือกบวมหรือมีเลือดออก ฟันโยก หรือฟันเทียมหลวมหรือเจ็บ',
        en: 'Oral problem, e.g. difficulty chewing, toothache, swollen or bleeding gums, loose teeth, or loose or painful dentures',
      },
      needs: { true: 'medical.follow_up' },
    },
  ],
  next: [
    { when: { item: 'memory', equals: true }, instrument: 'mini_cog' },
    {
      when: {
        anyOf: [
          { item: 'fell', equals: true },
          { item: 'unsteady', equals: true },
        ],
      },
      instrument: 'thai_frat',
    },
    {
      when: {
        anyOf: [
          { item: 'fell', equals: true },
          { item: 'unsteady', equals: true },
        ],
      },
      instrument: 'tug',
    },
    {
      when: {
        anyOf: [
          { item: 'weight_loss', equals: true },
          { item: 'eating_less', equals: true },
        ],
      },
      instrument: 'mna_sf',
    },
    {
      when: {
        anyOf: [
          { item: 'visit_type', equals: 'annual' },
          { item: 'low_mood', equals: true },
        ],
      },
      instrument: 'q2',
    },
    {
      when: {
        anyOf: [
          { item: 'visit_type', equals: 'annual' },
          { item: 'adl_help', equals: true },
        ],
      },
      instrument: 'barthel',
    },
  ],
};
