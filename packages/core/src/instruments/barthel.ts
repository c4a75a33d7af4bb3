import type { InstrumentInput } from './schema.js';

const o = (value: number, th: string, en: string) => ({ value, score: value, label: { th, en } });

/**
 * Barthel ADL index, Thai 20-point version: 10 items, total 0–20, with the groups used across Thai
 * elderly care. Scoring and groups: shared/domain/README.md. The option wording follows the Thai
 * form in common use (Department of Health, กรมอนามัย); it is marked unverified until checked
 * against the published form.
 */
export const BARTHEL: InstrumentInput = {
  code: 'barthel',
  version: 1,
  title: { th: 'ดัชนีบาร์เธลเอดีแอล (Barthel ADL)', en: 'Barthel ADL index (Thai 20-point)' },
  source: {
    citation: 'Barthel ADL index, Thai version (กรมอนามัย กระทรวงสาธารณสุข); item score ranges and groups from shared/domain/README.md',
    verified: false,
    note: 'Scoring verified against the domain facts; option wording to be checked against the published Thai form.',
  },
  items: [
    {
      id: 'feeding',
      type: 'single',
      label: { th: 'การรับประทานอาหาร (Feeding)', en: 'Feeding' },
      options: [
        o(0, 'ไม่สามารถตักอาหารเข้าปากได้ ต้องมีคนป้อนให้', 'Unable; must be fed'),
        o(1, 'ตักอาหารเองได้แต่ต้องมีคนช่วย', 'Needs help (e.g. cutting, spreading)'),
        o(2, 'ตักอาหารและช่วยตัวเองได้เป็นปกติ', 'Independent'),
      ],
    },
    {
      id: 'grooming',
      type: 'single',
      label: { th: 'การล้างหน้า หวีผม แปรงฟัน โกนหนวด (Grooming)', en: 'Grooming' },
      options: [o(0, 'ต้องการความช่วยเหลือ', 'Needs help'), o(1, 'ทำเองได้', 'Independent')],
    },
    {
      id: 'transfer',
      type: 'single',
      label: { th: 'การลุกนั่งจากที่นอนหรือจากเตียงไปยังเก้าอี้ (Transfer)', en: 'Transfer bed ↔ chair' },
      options: [
        o(0, 'ไม่สามารถนั่งได้ หรือต้องใช้คนสองคนช่วยยก', 'Unable; needs two people to lift'),
        o(1, 'ต้องการความช่วยเหลืออย่างมากจึงจะนั่งได้', 'Major help to sit'),
        o(2, 'ต้องการความช่วยเหลือบ้าง', 'Minor help'),
        o(3, 'ทำเองได้', 'Independent'),
      ],
    },
    {
      id: 'toilet',
      type: 'single',
      label: { th: 'การใช้ห้องน้ำ (Toilet use)', en: 'Toilet use' },
      options: [o(0, 'ช่วยตัวเองไม่ได้', 'Dependent'), o(1, 'ทำเองได้บ้าง ต้องการความช่วยเหลือในบางเรื่อง', 'Needs some help'), o(2, 'ช่วยตัวเองได้ดี', 'Independent')],
    },
    {
      id: 'mobility',
      type: 'single',
      label: { th: 'การเคลื่อนที่ภายในห้องหรือบ้าน (Mobility)', en: 'Mobility indoors' },
      options: [
        o(0, 'เคลื่อนที่ไปไหนไม่ได้', 'Immobile'),
        o(1, 'ใช้รถเข็นช่วยตัวเองได้', 'Wheelchair independent'),
        o(2, 'เดินหรือเคลื่อนที่โดยมีคนช่วย', 'Walks with help'),
        o(3, 'เดินหรือเคลื่อนที่ได้เอง', 'Independent'),
      ],
    },
    {
      id: 'dressing',
      type: 'single',
      label: { th: 'การสวมใส่เสื้อผ้า (Dressing)', en: 'Dressing' },
      options: [o(0, 'ต้องมีคนสวมใส่ให้', 'Dependent'), o(1, 'ช่วยตัวเองได้ประมาณร้อยละ 50', 'Does about half'), o(2, 'ช่วยตัวเองได้ดี', 'Independent')],
    },
    {
      id: 'stairs',
      type: 'single',
      label: { th: 'การขึ้นลงบันได 1 ชั้น (Stairs)', en: 'Stairs (one floor)' },
      options: [o(0, 'ไม่สามารถทำได้', 'Unable'), o(1, 'ต้องการคนช่วย', 'Needs help'), o(2, 'ขึ้นลงได้เอง', 'Independent')],
    },
    {
      id: 'bathing',
      type: 'single',
      label: { th: 'การอาบน้ำ (Bathing)', en: 'Bathing' },
      options: [o(0, 'ต้องมีคนช่วยหรือทำให้', 'Needs help'), o(1, 'อาบน้ำเองได้', 'Independent')],
    },
    {
      id: 'bowels',
      type: 'single',
      label: { th: 'การกลั้นการถ่ายอุจจาระ (Bowels)', en: 'Bowels' },
      options: [
        o(0, 'กลั้นไม่ได้ หรือต้องสวนอุจจาระ', 'Incontinent or needs enemas'),
        o(1, 'กลั้นไม่ได้บางครั้ง (ไม่เกินสัปดาห์ละ 1 ครั้ง)', 'Occasional accident (≤ once a week)'),
        o(2, 'กลั้นได้เป็นปกติ', 'Continent'),
      ],
    },
    {
      id: 'bladder',
      type: 'single',
      label: { th: 'การกลั้นปัสสาวะ (Bladder)', en: 'Bladder' },
      options: [
        o(0, 'กลั้นไม่ได้ หรือใส่สายสวนปัสสาวะ', 'Incontinent or catheterised'),
        o(1, 'กลั้นไม่ได้บางครั้ง (ไม่เกินวันละ 1 ครั้ง)', 'Occasional accident (≤ once a day)'),
        o(2, 'กลั้นได้เป็นปกติ', 'Continent'),
      ],
    },
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนนรวม ADL', en: 'ADL total' },
      method: 'sum',
      items: ['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder'],
      min: 0,
      max: 20,
    },
  ],
  bands: [
    { score: 'total', min: 12, max: 20, code: 'social', label: { th: 'ติดสังคม', en: 'Socially active' }, severity: 'none' },
    { score: 'total', min: 5, max: 11, code: 'homebound', label: { th: 'ติดบ้าน', en: 'Homebound' }, severity: 'moderate' },
    { score: 'total', min: 0, max: 4, code: 'bedridden', label: { th: 'ติดเตียง', en: 'Bedridden' }, severity: 'high' },
  ],
  alerts: [
    {
      when: { score: 'total', lte: 11 },
      severity: 'warning',
      action: 'notify',
      message: { th: 'ADL ≤ 11: เข้าเกณฑ์การดูแลระยะยาว (LTC)', en: 'ADL ≤ 11: a long-term care candidate' },
    },
  ],
  feeds: { adlGroup: 'total' },
};
