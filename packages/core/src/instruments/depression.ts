import type { InstrumentInput } from './schema.js';

/**
 * The Department of Mental Health's depression and suicide screening chain: 2Q → 9Q → 8Q.
 * Scoring, cut-offs and chains: shared/domain/README.md. Item wording follows the Department of
 * Mental Health forms as commonly reproduced; marked unverified until checked against the manual.
 */
const SOURCE_NOTE = 'Scoring and cut-offs as in the domain facts; item wording to be verified against the Department of Mental Health manual.';

export const Q2: InstrumentInput = {
  code: 'q2',
  version: 1,
  title: { th: 'แบบคัดกรองโรคซึมเศร้า 2 คำถาม (2Q)', en: 'Depression screening, 2 questions (2Q)' },
  source: { citation: 'กรมสุขภาพจิต กระทรวงสาธารณสุข: แบบคัดกรองโรคซึมเศร้า 2Q', verified: false, note: SOURCE_NOTE },
  items: [
    {
      id: 'q1',
      type: 'yesno',
      yesScore: 1,
      label: {
        th: 'ใน 2 สัปดาห์ที่ผ่านมา รวมวันนี้ ท่านรู้สึก หดหู่ เศร้า หรือท้อแท้สิ้นหวัง หรือไม่',
        en: 'In the past 2 weeks, including today, have you felt down, depressed or hopeless?',
      },
    },
    {
      id: 'q2',
      type: 'yesno',
      yesScore: 1,
      label: {
        th: 'ใน 2 สัปดาห์ที่ผ่านมา รวมวันนี้ ท่านรู้สึก เบื่อ ทำอะไรก็ไม่เพลิดเพลิน หรือไม่',
        en: 'In the past 2 weeks, including today, have you had little interest or pleasure in doing things?',
      },
    },
  ],
  scores: [{ id: 'total', label: { th: 'จำนวนคำตอบ "มี"', en: 'Number of "yes"' }, method: 'sum', items: ['q1', 'q2'], min: 0, max: 2 }],
  bands: [
    { score: 'total', min: 0, max: 0, code: 'negative', label: { th: 'ปกติ ไม่เป็นโรคซึมเศร้า', en: 'Negative' }, severity: 'none' },
    {
      score: 'total',
      min: 1,
      max: 2,
      code: 'positive',
      label: { th: 'เป็นผู้มีความเสี่ยง หรือมีแนวโน้มเป็นโรคซึมเศร้า', en: 'Positive: at risk of depression' },
      severity: 'moderate',
    },
  ],
  next: [{ when: { score: 'total', gte: 1 }, instrument: 'q9' }],
};

const freq = [
  { value: 0, score: 0, label: { th: 'ไม่มีเลย', en: 'Never' } },
  { value: 1, score: 1, label: { th: 'เป็นบางวัน (1–7 วัน)', en: 'Some days (1–7 days)' } },
  { value: 2, score: 2, label: { th: 'เป็นบ่อย (มากกว่า 7 วัน)', en: 'Often (more than 7 days)' } },
  { value: 3, score: 3, label: { th: 'เป็นทุกวัน', en: 'Nearly every day' } },
];
const Q9_ITEMS: Array<[string, string]> = [
  ['เบื่อ ไม่สนใจอยากทำอะไร', 'Little interest or pleasure in doing things'],
  ['ไม่สบายใจ ซึมเศร้า ท้อแท้', 'Feeling down, depressed or hopeless'],
  ['หลับยาก หรือหลับ ๆ ตื่น ๆ หรือหลับมากไป', 'Trouble sleeping, or sleeping too much'],
  ['เหนื่อยง่าย หรือไม่ค่อยมีแรง', 'Feeling tired or having little energy'],
  ['เบื่ออาหาร หรือกินมากเกินไป', 'Poor appetite or overeating'],
  ['รู้สึกไม่ดีกับตัวเอง คิดว่าตัวเองล้มเหลว หรือทำให้ตนเองหรือครอบครัวผิดหวัง', 'Feeling bad about yourself, a failure, or letting others down'],
  ['สมาธิไม่ดีเวลาทำอะไร เช่น ดูโทรทัศน์ ฟังวิทยุ หรือทำงานที่ต้องใช้ความตั้งใจ', 'Trouble concentrating'],
  ['พูดช้า ทำอะไรช้าลงจนคนอื่นสังเกตเห็นได้ หรือกระสับกระส่ายไม่สามารถอยู่นิ่งได้เหมือนที่เคยเป็น', 'Moving or speaking slowly, or being restless'],
  ['คิดทำร้ายตนเอง หรือคิดว่าถ้าตาย ๆ ไปเสียคงจะดี', 'Thoughts of self-harm or of being better off dead'],
];

export const Q9: InstrumentInput = {
  code: 'q9',
  version: 1,
  title: { th: 'แบบประเมินโรคซึมเศร้า 9 คำถาม (9Q)', en: 'Depression assessment, 9 questions (9Q)' },
  source: { citation: 'กรมสุขภาพจิต กระทรวงสาธารณสุข: แบบประเมินโรคซึมเศร้า 9Q', verified: false, note: SOURCE_NOTE },
  items: Q9_ITEMS.map(([th, en], i) => ({
    id: `q${i + 1}`,
    type: 'single' as const,
    label: { th: `ในช่วง 2 สัปดาห์ที่ผ่านมา รวมทั้งวันนี้ ท่านมีอาการ: ${th}`, en },
    options: freq,
  })),
  scores: [{ id: 'total', label: { th: 'คะแนนรวม 9Q', en: '9Q total' }, method: 'sum', items: Q9_ITEMS.map((_, i) => `q${i + 1}`), min: 0, max: 27 }],
  bands: [
    { score: 'total', min: 0, max: 6, code: 'none', label: { th: 'ไม่มีอาการหรือมีอาการน้อยมาก', en: 'None or very mild' }, severity: 'none' },
    { score: 'total', min: 7, max: 12, code: 'mild', label: { th: 'มีอาการของโรคซึมเศร้า ระดับน้อย', en: 'Mild depression' }, severity: 'low' },
    { score: 'total', min: 13, max: 18, code: 'moderate', label: { th: 'มีอาการของโรคซึมเศร้า ระดับปานกลาง', en: 'Moderate depression' }, severity: 'moderate' },
    { score: 'total', min: 19, max: 27, code: 'severe', label: { th: 'มีอาการของโรคซึมเศร้า ระดับรุนแรง', en: 'Severe depression' }, severity: 'high' },
  ],
  next: [{ when: { score: 'total', gte: 7 }, instrument: 'q8' }],
};

const yes = (id: string, th: string, en: string, weight: number, showIf?: { item: string; equals: boolean }) => ({
  id,
  type: 'yesno' as const,
  yesScore: weight,
  label: { th, en },
  ...(showIf && { showIf }),
});

export const Q8: InstrumentInput = {
  code: 'q8',
  version: 1,
  title: { th: 'แบบประเมินการฆ่าตัวตาย 8 คำถาม (8Q)', en: 'Suicide risk assessment, 8 questions (8Q)' },
  source: { citation: 'กรมสุขภาพจิต กระทรวงสาธารณสุข: แบบประเมินการฆ่าตัวตาย 8Q', verified: false, note: SOURCE_NOTE },
  items: [
    yes('q1', 'ในช่วง 1 เดือนที่ผ่านมารวมวันนี้ คิดอยากตาย หรือคิดว่าตายไปจะดีกว่า', 'In the past month, thought you would be better off dead', 1),
    yes('q2', 'อยากทำร้ายตัวเอง หรือทำให้ตัวเองบาดเจ็บ', 'Wanted to hurt yourself', 2),
    yes('q3', 'คิดเกี่ยวกับการฆ่าตัวตาย', 'Thought about suicide', 6),
    yes('q3_1', 'ท่านไม่สามารถควบคุมความอยากฆ่าตัวตายที่ท่านคิดอยู่ได้ (ถ้าควบคุมได้ ตอบ "ไม่ใช่")', 'Could not control the thought of suicide', 8, {
      item: 'q3',
      equals: true,
    }),
    yes('q4', 'มีแผนการที่จะฆ่าตัวตาย', 'Had a plan to kill yourself', 8),
    yes('q5', 'ได้เตรียมการที่จะทำร้ายตนเอง หรือเตรียมการจะฆ่าตัวตาย โดยตั้งใจว่าจะให้ตายจริง ๆ', 'Prepared the means to kill yourself', 9),
    yes('q6', 'ได้ทำให้ตนเองบาดเจ็บ แต่ไม่ตั้งใจที่จะทำให้เสียชีวิต', 'Hurt yourself without intending to die', 4),
    yes('q7', 'ได้พยายามฆ่าตัวตาย โดยคาดหวัง/ตั้งใจที่จะให้ตาย', 'Attempted suicide', 10),
    yes('q8', 'ตลอดชีวิตที่ผ่านมา ท่านเคยพยายามฆ่าตัวตาย', 'Ever attempted suicide in your lifetime', 4),
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนนรวม 8Q', en: '8Q total' },
      method: 'sum',
      items: ['q1', 'q2', 'q3', 'q3_1', 'q4', 'q5', 'q6', 'q7', 'q8'],
      min: 0,
      max: 52,
    },
  ],
  bands: [
    { score: 'total', min: 0, max: 0, code: 'none', label: { th: 'ไม่มีแนวโน้มฆ่าตัวตายในปัจจุบัน', en: 'No current suicide risk' }, severity: 'none' },
    { score: 'total', min: 1, max: 8, code: 'low', label: { th: 'มีแนวโน้มที่จะฆ่าตัวตายในปัจจุบัน ระดับน้อย', en: 'Low suicide risk' }, severity: 'low' },
    {
      score: 'total',
      min: 9,
      max: 16,
      code: 'moderate',
      label: { th: 'มีแนวโน้มที่จะฆ่าตัวตายในปัจจุบัน ระดับปานกลาง', en: 'Moderate suicide risk' },
      severity: 'moderate',
    },
    { score: 'total', min: 17, max: 52, code: 'severe', label: { th: 'มีแนวโน้มที่จะฆ่าตัวตายในปัจจุบัน ระดับรุนแรง', en: 'Severe suicide risk' }, severity: 'urgent' },
  ],
  alerts: [
    {
      when: { score: 'total', gte: 17 },
      severity: 'urgent',
      action: 'propose_referral',
      message: { th: 'ความเสี่ยงฆ่าตัวตายระดับรุนแรง: ส่งต่อเร่งด่วนทันที', en: 'Severe suicide risk: refer urgently now' },
    },
  ],
};
