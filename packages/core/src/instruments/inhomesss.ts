import type { InstrumentInput, Item } from './schema.js';

/** The nine INHOMESSS components: id, Thai and English name, and what to look at (CareHub's summary). */
const COMPONENTS: Array<[string, string, string, string, string]> = [
  [
    'immobility',
    'การเคลื่อนไหว (Immobility)',
    'Immobility / impairments',
    'กิจวัตรประจำวัน (ADL/IADL) การลุก เดิน การใช้อุปกรณ์ช่วยเดิน',
    'Daily activities (ADL/IADL), getting up, walking, walking aids',
  ],
  ['nutrition', 'โภชนาการ (Nutrition)', 'Nutrition', 'อาหารในบ้าน การเตรียมอาหาร การกิน น้ำหนักตัว', 'Food in the home, preparing meals, eating, weight'],
  [
    'home_environment',
    'สภาพบ้านและสิ่งแวดล้อม (Home environment)',
    'Home environment',
    'ทางเข้าออก ความสะอาด ห้องน้ำ แสงสว่าง ความเป็นอยู่',
    'Access, cleanliness, bathroom, lighting, living conditions',
  ],
  [
    'other_people',
    'บุคคลอื่นในบ้าน/ผู้ดูแล (Other people)',
    'Other people',
    'ผู้ดูแล ความสัมพันธ์ในครอบครัว แรงสนับสนุนทางสังคม ภาระของผู้ดูแล',
    'Caregivers, family relationships, social support, caregiver strain',
  ],
  [
    'medications',
    'ยา (Medications)',
    'Medications',
    'ยาทั้งหมดที่มีในบ้าน การกินยาตามสั่ง การเก็บยา ยาหมดอายุ',
    'All medicines in the home, taking them as prescribed, storage, expired medicines',
  ],
  [
    'examination',
    'การตรวจร่างกาย (Examination)',
    'Examination',
    'สัญญาณชีพ การตรวจร่างกายตามปัญหา แผลกดทับ',
    'Vital signs, problem-focused examination, pressure sores',
  ],
  ['safety', 'ความปลอดภัย (Safety)', 'Safety', 'ความเสี่ยงต่อการหกล้ม ไฟ ไฟฟ้า ก๊าซ การถูกทำร้ายหรือทอดทิ้ง', 'Fall risks, fire, electricity, gas, abuse or neglect'],
  [
    'spiritual_health',
    'จิตวิญญาณ (Spiritual health)',
    'Spiritual health',
    'ความเชื่อ ศาสนา ความหมายของชีวิต ความต้องการเมื่อสิ้นสุดชีวิต',
    'Beliefs, religion, meaning of life, wishes at the end of life',
  ],
  [
    'services',
    'บริการที่ได้รับ/ที่ต้องการ (Services)',
    'Services',
    'บริการสุขภาพและสังคมที่ได้รับอยู่และที่ยังขาด สิทธิ การส่งต่อ',
    'Health and social services received and lacking, entitlements, referrals',
  ],
];

const items: Item[] = COMPONENTS.flatMap(([id, th, en, helpTh, helpEn]): Item[] => [
  {
    id,
    type: 'yesno',
    required: true,
    label: { th: `${th}: พบปัญหาหรือไม่`, en: `${en}: problem found?` },
    help: { th: helpTh, en: helpEn },
    needs: { true: `inhomesss.${id}` },
  },
  {
    id: `${id}_note`,
    type: 'text',
    required: false,
    showIf: { item: id, equals: true },
    label: { th: `${th}: ปัญหาที่พบ`, en: `${en}: the problem found` },
  },
]);

/**
 * INHOMESSS home-visit assessment: a checklist of nine components; each problem found creates a
 * coded need (`inhomesss.<component>`). It has no published score, so it has none here.
 */
export const INHOMESSS: InstrumentInput = {
  code: 'inhomesss',
  version: 1,
  title: { th: 'การประเมินระหว่างการเยี่ยมบ้าน INHOMESSS', en: 'INHOMESSS home-visit assessment' },
  description: {
    th: 'ประเมินทั้ง 9 ด้านระหว่างเยี่ยมบ้าน และบันทึกปัญหาที่พบ',
    en: 'Assess all nine components during a home visit and record any problem found',
  },
  source: {
    citation:
      'Unwin BK, Jerant AF. The home visit. Am Fam Physician 1999;60(5):1481–1488; Unwin BK, Tatum PE. House calls. Am Fam Physician 2011;83(8):925–931; ' +
      'House calls. Am Fam Physician 2020;102(4):211–220 (impairments/immobility, nutrition, home environment, other people, medications, examination, safety, spiritual health, services)',
    verified: true,
    note:
      'Verified: the nine components and their order (AFP 1999, 2011, 2020). INHOMESSS is a mnemonic checklist with no published score or cut-off, so none is defined; ' +
      'the "what to look at" prompts are CareHub summaries of the AFP tables, and the need codes (inhomesss.<component>) are CareHub’s own.',
  },
  items,
  alerts: [
    {
      when: { item: 'safety', equals: true },
      severity: 'warning',
      action: 'notify',
      message: { th: 'พบปัญหาความปลอดภัยในบ้าน: วางแผนแก้ไขกับครอบครัว', en: 'A home safety problem was found: plan the fix with the family' },
    },
  ],
};
