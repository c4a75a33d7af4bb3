import type { InstrumentInput } from '../schema.js';

type Level = [score: number, th: string, en: string];

const subscale = (id: string, th: string, en: string, levels: Level[]) => ({
  id,
  type: 'single' as const,
  label: { th, en },
  options: levels.map(([score, lth, len]) => ({ value: score, score, label: { th: lth, en: len } })),
});

/**
 * Braden scale for predicting pressure-sore risk: six subscales (five scored 1–4, friction and shear
 * 1–3), total 6–23; a lower total is a higher risk.
 */
export const BRADEN: InstrumentInput = {
  code: 'braden',
  version: 1,
  title: { th: 'แบบประเมินความเสี่ยงต่อการเกิดแผลกดทับ (Braden Scale)', en: 'Braden Scale for predicting pressure sore risk' },
  source: {
    citation:
      'Bergstrom N, Braden BJ, Laguzza A, Holman V. The Braden Scale for predicting pressure sore risk. Nurs Res 1987;36(4):205–210; ' +
      'risk levels (≤ 9 very high, 10–12 high, 13–14 moderate, 15–18 mild, 19–23 no risk) as in Ayello EA, Braden B. How and why to do pressure ulcer risk assessment. Adv Skin Wound Care 2002;15(3):125–131.',
    verified: true,
    note:
      'Confirmed: the six subscales, their score ranges (1–4, friction and shear 1–3), the 6–23 total and the five risk levels, read on two independent Braden calculators that reproduce the published scale ' +
      '(the primary papers themselves were not read; one nursing quiz site uses other bands, 13–15 moderate, which CareHub does not follow). ' +
      'The Thai option wording is CareHub’s own short form of each level, not a published Thai translation. The scale is copyrighted by B. Braden and N. Bergstrom: ' +
      'use in an electronic record may need their permission (not verified here).',
  },
  items: [
    subscale('sensory', 'การรับรู้ความรู้สึก (Sensory perception)', 'Sensory perception', [
      [1, 'ไม่ตอบสนองต่อความเจ็บปวดเลย หรือรับรู้ความเจ็บปวดไม่ได้เกือบทั้งตัว', 'Completely limited: unresponsive to pain, or cannot feel pain over most of the body'],
      [
        2,
        'ตอบสนองเฉพาะความเจ็บปวด บอกความไม่สบายได้แค่ครางหรือกระสับกระส่าย หรือรับรู้ไม่ได้ครึ่งตัว',
        'Very limited: responds only to pain, or cannot feel it over half the body',
      ],
      [
        3,
        'ตอบสนองต่อคำพูดแต่บอกความไม่สบายไม่ได้ทุกครั้ง หรือรับรู้ไม่ได้ที่แขนขา 1–2 ข้าง',
        'Slightly limited: responds to voice but cannot always say so, or cannot feel 1–2 limbs',
      ],
      [4, 'ตอบสนองต่อคำพูด รับรู้และบอกความเจ็บปวดได้ปกติ', 'No impairment: responds to voice, feels and reports pain'],
    ]),
    subscale('moisture', 'ความเปียกชื้นของผิวหนัง (Moisture)', 'Moisture', [
      [1, 'ผิวหนังเปียกชื้นตลอดเวลา', 'Constantly moist'],
      [2, 'ผิวหนังเปียกชื้นบ่อย ต้องเปลี่ยนผ้าอย่างน้อยเวรละครั้ง', 'Very moist: linen changed at least once a shift'],
      [3, 'ผิวหนังเปียกชื้นเป็นบางครั้ง ต้องเปลี่ยนผ้าเพิ่มวันละครั้ง', 'Occasionally moist: an extra linen change a day'],
      [4, 'ผิวหนังแห้งเป็นส่วนใหญ่', 'Rarely moist: skin usually dry'],
    ]),
    subscale('activity', 'การทำกิจกรรม (Activity)', 'Activity', [
      [1, 'อยู่บนเตียงตลอด', 'Bedfast'],
      [2, 'เดินไม่ได้หรือแทบไม่ได้ ต้องนั่งเก้าอี้หรือรถเข็น', 'Chairfast: walking severely limited or impossible'],
      [3, 'เดินได้บ้างเป็นครั้งคราว ระยะสั้น ๆ', 'Walks occasionally, short distances'],
      [4, 'เดินได้บ่อยทั้งในและนอกห้อง', 'Walks frequently, in and out of the room'],
    ]),
    subscale('mobility', 'การเคลื่อนไหว/เปลี่ยนท่า (Mobility)', 'Mobility', [
      [1, 'เปลี่ยนท่าเองไม่ได้เลย', 'Completely immobile'],
      [2, 'เปลี่ยนท่าได้เล็กน้อยเป็นครั้งคราว', 'Very limited: occasional slight changes'],
      [3, 'เปลี่ยนท่าได้บ่อยแต่เพียงเล็กน้อย', 'Slightly limited: frequent but slight changes'],
      [4, 'เปลี่ยนท่าได้เองบ่อยและเต็มที่', 'No limitation'],
    ]),
    subscale('nutrition', 'ภาวะโภชนาการ (Nutrition)', 'Nutrition', [
      [1, 'กินได้น้อยมาก ไม่เกิน 1/3 ของมื้อ หรืองดอาหาร/ได้แต่น้ำเกลือเกิน 5 วัน', 'Very poor: never eats more than a third of a meal, or nil by mouth over 5 days'],
      [2, 'กินได้ไม่เพียงพอ ประมาณครึ่งมื้อ หรือได้อาหารทางสายน้อยกว่าที่ควร', 'Probably inadequate: about half a meal, or less tube feeding than needed'],
      [3, 'กินได้เกินครึ่งมื้อเกือบทุกมื้อ หรือได้อาหารทางสายเพียงพอ', 'Adequate: over half of most meals, or adequate tube feeding'],
      [4, 'กินได้หมดทุกมื้อ', 'Excellent: eats most of every meal'],
    ]),
    subscale('friction_shear', 'แรงเสียดทานและแรงเฉือน (Friction and shear)', 'Friction and shear', [
      [1, 'ต้องมีคนช่วยยกตัวมาก ลื่นไถลบ่อย', 'Problem: needs much help to move, slides down often'],
      [2, 'เคลื่อนไหวได้อ่อนแรง ต้องช่วยเล็กน้อย มีไถลบ้าง', 'Potential problem: moves feebly, needs some help, slides sometimes'],
      [3, 'เคลื่อนไหวได้เองและยกตัวได้ ไม่ลื่นไถล', 'No apparent problem: moves and lifts self independently'],
    ]),
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนน Braden รวม', en: 'Braden total' },
      method: 'sum',
      items: ['sensory', 'moisture', 'activity', 'mobility', 'nutrition', 'friction_shear'],
      min: 6,
      max: 23,
    },
  ],
  bands: [
    { score: 'total', min: 6, max: 9, code: 'very_high', label: { th: 'เสี่ยงสูงมาก', en: 'Very high risk' }, severity: 'high' },
    { score: 'total', min: 10, max: 12, code: 'high', label: { th: 'เสี่ยงสูง', en: 'High risk' }, severity: 'high' },
    { score: 'total', min: 13, max: 14, code: 'moderate', label: { th: 'เสี่ยงปานกลาง', en: 'Moderate risk' }, severity: 'moderate' },
    { score: 'total', min: 15, max: 18, code: 'mild', label: { th: 'เสี่ยงเล็กน้อย', en: 'Mild risk' }, severity: 'low' },
    { score: 'total', min: 19, max: 23, code: 'none', label: { th: 'ไม่มีความเสี่ยง', en: 'No risk' }, severity: 'none' },
  ],
  alerts: [
    {
      when: { score: 'total', lte: 12 },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'Braden 12 คะแนนหรือต่ำกว่า: เสี่ยงสูงต่อแผลกดทับ พลิกตะแคงตัว ใช้ที่นอนลดแรงกด และตรวจผิวหนังทุกวัน',
        en: 'Braden 12 or less: high pressure-sore risk; reposition, use a pressure-relieving mattress and check the skin daily',
      },
    },
  ],
};
