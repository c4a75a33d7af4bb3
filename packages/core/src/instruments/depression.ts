import type { InstrumentInput } from './schema.js';

/**
 * The Department of Mental Health's depression and suicide screening chain: 2Q → 9Q → 8Q.
 * Scoring, cut-offs and chains: shared/domain/README.md. Item wording follows the Department of
 * Mental Health forms as commonly reproduced; marked unverified until checked against the manual.
 */
const SOURCE_NOTE = 'Scoring and cut-offs as in the domain facts; item wording to be verified against the Department of Mental Health manual.';

export const Q2_V1: InstrumentInput = {
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

export const Q9_V1: InstrumentInput = {
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

export const Q8_V1: InstrumentInput = {
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

// ---------------------------------------------------------------------------------------------
// Version 2: a self-harm or suicide answer always alerts, whatever the total (issue 16; DESIGN §10).
//
// Sources: กรมสุขภาพจิต, แนวทางการจัดการโรคซึมเศร้าสำหรับแพทย์เวชปฏิบัติทั่วไป (CPG-MDD-GP), 2553, and the
// department's 2Q/9Q/8Q forms (9Q ≥ 7 → 8Q and a doctor; 8Q 0 / 1–8 / 9–16 / ≥ 17); 2Q plus:
// Rortseanglum et al., Int J Community Med Public Health 2025, doi 10.18203/2394-6040.ijcmph20250734.
// Version 1 stays published: responses made with it keep scoring as they were asked, and the safety
// recall compares the two (packages/server/src/modules/assessments/recall.ts).

const DMH_CPG = 'กรมสุขภาพจิต กระทรวงสาธารณสุข: แนวทางการจัดการโรคซึมเศร้าสำหรับแพทย์เวชปฏิบัติทั่วไป (CPG-MDD-GP) พ.ศ. 2553';

/** What anyone who meets a person at risk must do now: stay, and call the hotlines. */
const STAY = {
  th: 'อย่าปล่อยให้อยู่ตามลำพัง โทรสายด่วนสุขภาพจิต 1323 หรือแจ้งเหตุฉุกเฉิน 1669',
  en: 'Do not leave the person alone; call the mental health hotline 1323 or emergency 1669',
};
const urgentText = (th: string, en: string) => ({ th: `${th} — ${STAY.th}`, en: `${en}. ${STAY.en}` });

const PAST_2_WEEKS = { th: 'ใน 2 สัปดาห์ที่ผ่านมา รวมทั้งวันนี้', en: 'In the past 2 weeks, including today' };
const PAST_MONTH = { th: 'ใน 1 เดือนที่ผ่านมา รวมทั้งวันนี้', en: 'In the past month, including today' };
const LIFETIME = { th: 'ตลอดชีวิตที่ผ่านมา', en: 'In your whole life' };

export const Q2: InstrumentInput = {
  ...Q2_V1,
  version: 2,
  title: { th: 'แบบคัดกรองโรคซึมเศร้า 2 คำถาม และคำถามความคิดฆ่าตัวตาย (2Q plus)', en: 'Depression screening, 2 questions, with the suicide question (2Q plus)' },
  source: {
    citation: `กรมสุขภาพจิต: แบบคัดกรองโรคซึมเศร้า 2Q; ${DMH_CPG}; 2Q plus: Rortseanglum et al., IJCMPH 2025, doi 10.18203/2394-6040.ijcmph20250734`,
    verified: false,
    note:
      'Confirmed: any "yes" of the two questions is positive and leads to 9Q (DMH form and CPG). To verify: the suicide question\'s wording, ' +
      'taken from the issue and the domain facts as Rortseanglum et al. 2025 give it (the paper was not read here); it is asked of everyone, ' +
      'stands outside the 2Q total, and a "yes" leads straight to 8Q with an urgent alert.',
  },
  items: [
    ...Q2_V1.items.map((i) => ({ ...i, timeFrame: PAST_2_WEEKS })),
    {
      id: 'q3',
      type: 'yesno',
      selfHarm: true,
      timeFrame: PAST_MONTH,
      label: {
        th: 'ใน 1 เดือนที่ผ่านมา รวมวันนี้ ท่านมีความรู้สึกทุกข์ใจจนไม่อยากมีชีวิตอยู่หรือไม่',
        en: 'In the past month, including today, have you felt so distressed that you did not want to live?',
      },
    },
  ],
  alerts: [
    {
      when: { item: 'q3', equals: true },
      severity: 'urgent',
      action: 'notify',
      message: urgentText('ไม่อยากมีชีวิตอยู่: ประเมินความเสี่ยงฆ่าตัวตาย (8Q) ทันที', 'Does not want to live: assess suicide risk (8Q) now'),
    },
  ],
  next: [...(Q2_V1.next ?? []), { when: { item: 'q3', equals: true }, instrument: 'q8' }],
};

export const Q9: InstrumentInput = {
  ...Q9_V1,
  version: 2,
  source: {
    citation: `กรมสุขภาพจิต: แบบประเมินโรคซึมเศร้า 9Q; ${DMH_CPG}`,
    verified: true,
    note:
      "Confirmed: the nine items, their 0–3 frequency scale and the time frame, against the DMH's own online 9Q form (dmh.go.th). " +
      'Bands < 7 / 7–12 / 13–18 / ≥ 19 and 9Q ≥ 7 → 8Q and a doctor as in the DMH CPG (2010) and the domain facts. ' +
      'Item 9 (thoughts of self-harm) at any frequency leads to 8Q and an urgent alert whatever the total.',
  },
  items: Q9_ITEMS.map(([th, en], i) => ({
    id: `q${i + 1}`,
    type: 'single' as const,
    label: { th, en },
    timeFrame: PAST_2_WEEKS,
    options: freq,
    ...(i === 8 && { selfHarm: true }),
  })),
  alerts: [
    {
      when: { item: 'q9', in: [1, 2, 3] },
      severity: 'urgent',
      action: 'notify',
      message: urgentText('คิดทำร้ายตนเอง (9Q ข้อ 9): ประเมินความเสี่ยงฆ่าตัวตาย (8Q) ทันที', 'Thoughts of self-harm (9Q item 9): assess suicide risk (8Q) now'),
    },
    {
      when: { score: 'total', gte: 19 },
      severity: 'urgent',
      action: 'propose_referral',
      message: urgentText('ซึมเศร้าระดับรุนแรง (9Q ≥ 19): ส่งพบแพทย์โดยเร็ว', 'Severe depression (9Q ≥ 19): refer to a doctor urgently'),
    },
    {
      when: {
        allOf: [
          { score: 'total', gte: 7 },
          { score: 'total', lte: 18 },
        ],
      },
      severity: 'warning',
      action: 'propose_referral',
      message: { th: 'มีอาการซึมเศร้า (9Q ≥ 7): ส่งพบแพทย์เพื่อวินิจฉัยและรักษา', en: 'Depression (9Q ≥ 7): refer to a doctor for diagnosis and treatment' },
    },
  ],
  next: [...(Q9_V1.next ?? []), { when: { item: 'q9', in: [1, 2, 3] }, instrument: 'q8' }],
};

const Q8_V1_ITEMS = Q8_V1.items;
const q8Item = (id: string) => Q8_V1_ITEMS.find((i) => i.id === id)!;
/** The 8Q form's own wording (กรมสุขภาพจิต), the time frame shown apart from the question. */
const Q8_FORM: Record<string, string> = {
  q1: 'คิดอยากตาย หรือ คิดว่าตายไปจะดีกว่า',
  q2: 'อยากทำร้ายตัวเอง หรือ ทำให้ตัวเองบาดเจ็บ',
  q3: 'คิดเกี่ยวกับการฆ่าตัวตาย',
  q4: 'มีแผนการที่จะฆ่าตัวตาย',
  q5: 'ได้เตรียมการที่จะทำร้ายตนเองหรือเตรียมการจะฆ่าตัวตายโดยตั้งใจว่าจะให้ตายจริง ๆ',
  q6: 'ได้ทำให้ตนเองบาดเจ็บแต่ไม่ตั้งใจที่จะทำให้เสียชีวิต',
  q7: 'ได้พยายามฆ่าตัวตายโดยคาดหวัง/ตั้งใจที่จะให้ตาย',
  q8: 'ท่านเคยพยายามฆ่าตัวตาย',
};
/** Plan, preparation or an attempt in the past month: urgent on its own, whatever the total. */
const ACTS = ['q4', 'q5', 'q7'];
const q8yes = (id: string) => ({
  ...q8Item(id),
  label: { th: Q8_FORM[id]!, en: q8Item(id).label.en },
  timeFrame: id === 'q8' ? LIFETIME : PAST_MONTH,
  ...(ACTS.includes(id) && { selfHarm: true }),
});

export const Q8: InstrumentInput = {
  ...Q8_V1,
  version: 2,
  source: {
    citation: `กรมสุขภาพจิต: แบบประเมินการฆ่าตัวตาย 8Q; ${DMH_CPG}`,
    verified: true,
    note:
      'Confirmed against a reproduction of the DMH 8Q form: item wording, weights 1, 2, 6 (+ 3.1: can control 0 / cannot 8), 8, 9, 4, 10, 4, total 0–52, ' +
      'and item 3.1 asked as on the form ("can you control…?": yes 0, no 8); bands 0 / 1–8 / 9–16 / ≥ 17 as in the DMH CPG and the domain facts. ' +
      'Version 1 asked 3.1 the other way round. Actions: ≥ 1 notify the team; 9–16 refer to a doctor; ≥ 17 urgent; a plan, preparation or attempt urgent on its own.',
  },
  items: [
    q8yes('q1'),
    q8yes('q2'),
    q8yes('q3'),
    {
      id: 'q3_1',
      type: 'single',
      showIf: { item: 'q3', equals: true },
      timeFrame: PAST_MONTH,
      label: {
        th: 'ท่านสามารถควบคุมความอยากฆ่าตัวตายที่ท่านคิดอยู่นั้นได้หรือไม่ หรือบอกได้ไหมว่าคงจะไม่ทำตามความคิดนั้นในขณะนี้',
        en: 'Can you control the urge to kill yourself, or say that you will not act on the thought now?',
      },
      options: [
        { value: 'can', score: 0, label: { th: 'ได้', en: 'Yes, can control it' } },
        { value: 'cannot', score: 8, label: { th: 'ไม่ได้', en: 'No, cannot control it' } },
      ],
    },
    ...['q4', 'q5', 'q6', 'q7', 'q8'].map(q8yes),
  ],
  alerts: [
    {
      when: { anyOf: ACTS.map((item) => ({ item, equals: true })) },
      severity: 'urgent',
      action: 'propose_referral',
      message: urgentText('มีแผน เตรียมการ หรือพยายามฆ่าตัวตาย: ส่งต่อเร่งด่วนทันที', 'A plan, preparation or attempt of suicide: refer urgently now'),
    },
    {
      when: { score: 'total', gte: 17 },
      severity: 'urgent',
      action: 'propose_referral',
      message: urgentText('ความเสี่ยงฆ่าตัวตายระดับรุนแรง (8Q ≥ 17): ส่งต่อเร่งด่วนทันที', 'Severe suicide risk (8Q ≥ 17): refer urgently now'),
    },
    {
      when: {
        allOf: [
          { score: 'total', gte: 9 },
          { score: 'total', lte: 16 },
        ],
      },
      severity: 'warning',
      action: 'propose_referral',
      message: { th: 'ความเสี่ยงฆ่าตัวตายระดับปานกลาง (8Q 9–16): ส่งพบแพทย์', en: 'Moderate suicide risk (8Q 9–16): refer to a doctor' },
    },
    {
      when: {
        allOf: [
          { score: 'total', gte: 1 },
          { score: 'total', lte: 8 },
        ],
      },
      severity: 'warning',
      action: 'notify',
      message: { th: 'มีแนวโน้มฆ่าตัวตายระดับน้อย (8Q 1–8): แจ้งทีมเพื่อติดตามดูแลใกล้ชิด', en: 'Low suicide risk (8Q 1–8): the team follows up closely' },
    },
  ],
};

/** Every shipped version, oldest first. */
export const Q2_VERSIONS: InstrumentInput[] = [Q2_V1, Q2];
export const Q9_VERSIONS: InstrumentInput[] = [Q9_V1, Q9];
export const Q8_VERSIONS: InstrumentInput[] = [Q8_V1, Q8];
