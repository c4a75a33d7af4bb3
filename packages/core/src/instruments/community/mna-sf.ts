import type { InstrumentInput } from '../schema.js';

const opt = (value: string, score: number, th: string, en: string) => ({ value, score, label: { th, en } });
const PAST_3_MONTHS = { th: 'ใน 3 เดือนที่ผ่านมา', en: 'In the past 3 months' };

/**
 * Mini Nutritional Assessment short form (MNA-SF): six items, 0–14; 12–14 normal, 8–11 at risk of
 * malnutrition, 0–7 malnourished.
 *
 * Item F is BMI (F1) or, when BMI cannot be had, calf circumference (F2). The form's rule is "answer
 * F1, or F2 instead; never both". Two items with `showIf` cannot express this here: a score's
 * declared range is the sum of what each of its items can add, so F1 (0–3) and F2 (0–3) in one score
 * would declare 0–17 for a 0–14 total. F is therefore one item whose options are the F1 bands and the
 * F2 bands: a single choice gives exactly one of them, as the form requires.
 */
export const MNA_SF: InstrumentInput = {
  code: 'mna_sf',
  version: 1,
  title: { th: 'แบบประเมินภาวะโภชนาการฉบับย่อ (MNA-SF)', en: 'Mini Nutritional Assessment – Short Form (MNA-SF)' },
  source: {
    citation:
      'Kaiser MJ, Bauer JM, Ramsch C, et al. Validation of the Mini Nutritional Assessment short-form (MNA-SF): a practical tool for identification of nutritional status. ' +
      'J Nutr Health Aging 2009;13(9):782–788; form: Nestlé Nutrition Institute, MNA® short form (revision 2009).',
    verified: true,
    note:
      'Confirmed: items A–F with their option scores (A 0–2, B 0/1/2/3 with "does not know" 1, C 0–2, D yes 0 / no 2, E 0–2, F1 BMI < 19/19–< 21/21–< 23/≥ 23 → 0–3, ' +
      'F2 calf < 31 cm 0 / ≥ 31 cm 3), the F1-or-F2 rule, the 14-point total and the bands 12–14 / 8–11 / 0–7, read on the form as reproduced in Ann Saudi Med 2016;36(5):346 (PMC6074319, table 1) ' +
      'and in a 2020 BMC Geriatrics table. The Thai wording is CareHub’s own, not the official Thai MNA. MNA® is a trademark of Société des Produits Nestlé: ' +
      'permission for electronic use is not verified here.',
  },
  items: [
    {
      id: 'a_intake',
      type: 'single',
      label: {
        th: 'A. กินอาหารได้น้อยลง เพราะเบื่ออาหาร ปัญหาการย่อย การเคี้ยว หรือการกลืน',
        en: 'A. Food intake declined because of loss of appetite, digestive problems, or chewing or swallowing difficulties',
      },
      timeFrame: PAST_3_MONTHS,
      options: [
        opt('severe', 0, 'กินน้อยลงมาก', 'Severe decrease'),
        opt('moderate', 1, 'กินน้อยลงปานกลาง', 'Moderate decrease'),
        opt('none', 2, 'กินได้เท่าเดิม', 'No decrease'),
      ],
    },
    {
      id: 'b_weight_loss',
      type: 'single',
      label: { th: 'B. น้ำหนักลดลง', en: 'B. Weight loss' },
      timeFrame: PAST_3_MONTHS,
      options: [
        opt('over_3kg', 0, 'ลดลงมากกว่า 3 กก.', 'More than 3 kg'),
        opt('unknown', 1, 'ไม่ทราบ', 'Does not know'),
        opt('1_to_3kg', 2, 'ลดลง 1–3 กก.', 'Between 1 and 3 kg'),
        opt('none', 3, 'น้ำหนักไม่ลด', 'No weight loss'),
      ],
    },
    {
      id: 'c_mobility',
      type: 'single',
      label: { th: 'C. การเคลื่อนไหว', en: 'C. Mobility' },
      options: [
        opt('bed_chair', 0, 'นอนบนเตียงหรือนั่งเก้าอี้/รถเข็นตลอด', 'Bed or chair bound'),
        opt('indoors', 1, 'ลุกจากเตียงหรือเก้าอี้ได้ แต่ไม่ออกนอกบ้าน', 'Gets out of bed or chair but does not go out'),
        opt('goes_out', 2, 'ออกนอกบ้านได้', 'Goes out'),
      ],
    },
    {
      id: 'd_stress',
      type: 'single',
      label: { th: 'D. มีความเครียดทางจิตใจ หรือเจ็บป่วยเฉียบพลัน', en: 'D. Psychological stress or acute disease' },
      timeFrame: PAST_3_MONTHS,
      options: [opt('yes', 0, 'มี', 'Yes'), opt('no', 2, 'ไม่มี', 'No')],
    },
    {
      id: 'e_neuropsych',
      type: 'single',
      label: { th: 'E. ปัญหาทางระบบประสาทและจิตใจ', en: 'E. Neuropsychological problems' },
      options: [
        opt('severe', 0, 'สมองเสื่อมหรือซึมเศร้ารุนแรง', 'Severe dementia or depression'),
        opt('mild_dementia', 1, 'สมองเสื่อมเล็กน้อย', 'Mild dementia'),
        opt('none', 2, 'ไม่มีปัญหา', 'No psychological problems'),
      ],
    },
    {
      id: 'f_anthropometry',
      type: 'single',
      label: {
        th: 'F. ดัชนีมวลกาย (F1) หรือ ถ้าหา BMI ไม่ได้ ใช้เส้นรอบวงน่อง (F2) แทน',
        en: 'F. Body mass index (F1) or, if BMI is not available, calf circumference (F2) instead',
      },
      help: {
        th: 'BMI = น้ำหนัก (กก.) ÷ ส่วนสูง (ม.)² ถ้าชั่งหรือวัดส่วนสูงไม่ได้ ให้วัดรอบน่องส่วนที่ใหญ่ที่สุด เลือกเพียงข้อเดียว',
        en: 'BMI = weight (kg) ÷ height (m)². If weight or height cannot be measured, measure the calf at its widest. Choose one option only.',
      },
      options: [
        opt('bmi_under_19', 0, 'F1: BMI น้อยกว่า 19', 'F1: BMI under 19'),
        opt('bmi_19_21', 1, 'F1: BMI 19 ถึงน้อยกว่า 21', 'F1: BMI 19 to under 21'),
        opt('bmi_21_23', 2, 'F1: BMI 21 ถึงน้อยกว่า 23', 'F1: BMI 21 to under 23'),
        opt('bmi_23_plus', 3, 'F1: BMI 23 ขึ้นไป', 'F1: BMI 23 or more'),
        opt('calf_under_31', 0, 'F2 (ไม่มี BMI): รอบน่องน้อยกว่า 31 ซม.', 'F2 (no BMI): calf under 31 cm'),
        opt('calf_31_plus', 3, 'F2 (ไม่มี BMI): รอบน่อง 31 ซม. ขึ้นไป', 'F2 (no BMI): calf 31 cm or more'),
      ],
    },
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนนคัดกรอง MNA-SF', en: 'MNA-SF screening score' },
      method: 'sum',
      items: ['a_intake', 'b_weight_loss', 'c_mobility', 'd_stress', 'e_neuropsych', 'f_anthropometry'],
      min: 0,
      max: 14,
    },
  ],
  bands: [
    { score: 'total', min: 0, max: 7, code: 'malnourished', label: { th: 'ขาดสารอาหาร', en: 'Malnourished' }, severity: 'high' },
    { score: 'total', min: 8, max: 11, code: 'at_risk', label: { th: 'เสี่ยงต่อการขาดสารอาหาร', en: 'At risk of malnutrition' }, severity: 'moderate' },
    { score: 'total', min: 12, max: 14, code: 'normal', label: { th: 'ภาวะโภชนาการปกติ', en: 'Normal nutritional status' }, severity: 'none' },
  ],
  alerts: [
    {
      when: { score: 'total', lte: 7 },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'MNA-SF 7 คะแนนหรือต่ำกว่า: ขาดสารอาหาร ประเมินภาวะโภชนาการเต็มรูปแบบและวางแผนอาหารร่วมกับนักโภชนาการ',
        en: 'MNA-SF 7 or less: malnourished; do a full nutritional assessment and plan meals with a dietitian',
      },
    },
  ],
};
