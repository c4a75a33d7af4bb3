import type { InstrumentInput } from './schema.js';

/**
 * Mini-Cog: three-word recall (one point a word, 0–3) and a clock drawing (normal 2, abnormal 0);
 * total 0–5, and a total below 3 is a positive screen.
 */
export const MINI_COG: InstrumentInput = {
  code: 'mini_cog',
  version: 1,
  title: { th: 'แบบคัดกรองภาวะสมองเสื่อม Mini-Cog', en: 'Mini-Cog cognitive screen' },
  description: {
    th: 'ให้จำคำ 3 คำ วาดหน้าปัดนาฬิกาบอกเวลา 11 นาฬิกา 10 นาที แล้วให้ทวนคำทั้ง 3 คำ',
    en: 'Three words to remember, a clock set to ten past eleven, then recall of the three words',
  },
  source: {
    citation:
      'Borson S, Scanlan J, Brush M, Vitaliano P, Dokmak A. The Mini-Cog: a cognitive "vital signs" measure for dementia screening in multi-lingual elderly. ' +
      'Int J Geriatr Psychiatry 2000;15(11):1021–1027; scoring as published with the instrument (mini-cog.com): 1 point per recalled word, clock 2 (normal) or 0 (abnormal), total 0–5, 0–2 positive screen.',
    verified: true,
    note: 'Scoring and the < 3 cut-off verified against the published scoring. The Thai instructions are CareHub’s own wording; Mini-Cog is a screen, not a diagnosis.',
  },
  items: [
    {
      id: 'recall',
      type: 'single',
      label: { th: 'จำคำได้กี่คำ (โดยไม่บอกใบ้)', en: 'Words recalled without cues' },
      options: [0, 1, 2, 3].map((n) => ({ value: n, score: n, label: { th: `${n} คำ`, en: `${n} word${n === 1 ? '' : 's'}` } })),
    },
    {
      id: 'clock',
      type: 'single',
      label: { th: 'การวาดหน้าปัดนาฬิกา', en: 'Clock drawing' },
      help: {
        th: 'ปกติ: มีตัวเลข 1–12 ครบ เรียงถูกตามเข็มนาฬิกา และเข็มชี้เลข 11 และเลข 2',
        en: 'Normal: all numbers 1–12, once each, in order, clockwise, with hands pointing to 11 and 2',
      },
      options: [
        { value: 'normal', score: 2, label: { th: 'ปกติ', en: 'Normal' } },
        { value: 'abnormal', score: 0, label: { th: 'ผิดปกติ หรือวาดไม่ได้', en: 'Abnormal or unable' } },
      ],
    },
  ],
  scores: [{ id: 'total', label: { th: 'คะแนน Mini-Cog รวม', en: 'Mini-Cog total' }, method: 'sum', items: ['recall', 'clock'], min: 0, max: 5 }],
  bands: [
    {
      score: 'total',
      min: 0,
      max: 2,
      code: 'positive',
      label: { th: 'ผลคัดกรองผิดปกติ: อาจมีภาวะสมองเสื่อม', en: 'Positive screen: possible cognitive impairment' },
      severity: 'moderate',
    },
    { score: 'total', min: 3, max: 5, code: 'negative', label: { th: 'ผลคัดกรองปกติ', en: 'Negative screen' }, severity: 'none' },
  ],
  alerts: [
    {
      when: { score: 'total', lte: 2 },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'Mini-Cog ผิดปกติ: ประเมินสมรรถภาพสมองเพิ่มเติม (เช่น TMSE) และพิจารณาส่งพบแพทย์',
        en: 'Positive Mini-Cog: assess cognition further (e.g. TMSE) and consider a medical review',
      },
    },
  ],
  next: [{ when: { score: 'total', lte: 2 }, instrument: 'tmse' }],
};

const section = (id: string, max: number, th: string, en: string) => ({
  id,
  type: 'number' as const,
  min: 0,
  max,
  label: { th: `${th} (0–${max})`, en: `${en} (0–${max})` },
});

/**
 * Thai Mental State Examination (TMSE), version 1 as first shipped: six sections entered as section
 * scores, total 0–30; a total below 24 suggests cognitive impairment. Kept unchanged for the
 * responses made with it.
 */
export const TMSE_V1: InstrumentInput = {
  code: 'tmse',
  version: 1,
  title: { th: 'แบบทดสอบสมรรถภาพสมองของไทย (TMSE)', en: 'Thai Mental State Examination (TMSE)' },
  description: {
    th: 'ทำแบบทดสอบตามแบบฟอร์ม TMSE แล้วบันทึกคะแนนแต่ละหมวด',
    en: 'Administer the TMSE form and record each section’s score',
  },
  source: {
    citation:
      'Train the Brain Forum Committee. Thai Mental State Examination (TMSE). Siriraj Hosp Gaz 1993;45:359–374; ' +
      'section maxima also as in the Modified TMSE (Siriraj Med J; orientation 6, registration 3, attention 5, calculation 3, recall 3); ' +
      'score distribution: Muangpaisan W, et al. J Med Assoc Thai 2015.',
    verified: false,
    note:
      'Confirmed: orientation 6, registration 3, attention 5, calculation 3 and recall 3 (the MTMSE paper, which derives from TMSE); language 10 follows from the 30-point total. ' +
      'Not confirmed: the cut-off (< 24 suggests impairment, as commonly quoted from the 1993 paper) — Muangpaisan et al. report lower scores in illiterate people, so a single cut-off may misclassify them. ' +
      'The item-level TMSE questions are administered on the paper form; only section scores are recorded here.',
  },
  items: [
    section('orientation', 6, 'การรับรู้สถานที่และเวลา (Orientation)', 'Orientation'),
    section('registration', 3, 'การจดจำ (Registration)', 'Registration'),
    section('attention', 5, 'ความตั้งใจ (Attention)', 'Attention'),
    section('calculation', 3, 'การคำนวณ (Calculation)', 'Calculation'),
    section('language', 10, 'ภาษา (Language)', 'Language'),
    section('recall', 3, 'การระลึก (Recall)', 'Recall'),
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนน TMSE รวม', en: 'TMSE total' },
      method: 'sum',
      items: ['orientation', 'registration', 'attention', 'calculation', 'language', 'recall'],
      min: 0,
      max: 30,
    },
  ],
  bands: [
    { score: 'total', min: 0, max: 23, code: 'impaired', label: { th: 'สงสัยมีภาวะสมองเสื่อม', en: 'Suggests cognitive impairment' }, severity: 'moderate' },
    { score: 'total', min: 24, max: 30, code: 'normal', label: { th: 'ปกติ', en: 'Normal' }, severity: 'none' },
  ],
  alerts: [
    {
      when: { score: 'total', lte: 23 },
      severity: 'warning',
      action: 'propose_referral',
      message: { th: 'TMSE ต่ำกว่า 24: ส่งต่อแพทย์เพื่อวินิจฉัยภาวะสมองเสื่อม', en: 'TMSE below 24: refer to a doctor to assess for dementia' },
    },
  ],
};

const LITERATE = { item: 'illiterate', equals: false } as const;
const ILLITERATE = { item: 'illiterate', equals: true } as const;
const TOTAL_23_DOWN = { score: 'total', lte: 23 } as const;

/**
 * TMSE version 2: schooling is asked first, because a total of 23 or less suggests impairment only in
 * people who can read and write. Among healthy illiterate elders the median total is 23, so for them
 * the total alone raises no alert and proposes no referral.
 */
export const TMSE: InstrumentInput = {
  ...TMSE_V1,
  version: 2,
  description: {
    th: 'ถามการศึกษาก่อน แล้วทำแบบทดสอบตามแบบฟอร์ม TMSE และบันทึกคะแนนแต่ละหมวด; เกณฑ์ ≤ 23 ใช้กับผู้ที่อ่านออกเขียนได้เท่านั้น',
    en: 'Ask about schooling first, then administer the TMSE form and record each section’s score; the ≤ 23 cut-off applies only to people who can read and write',
  },
  source: {
    citation:
      `${TMSE_V1.source.citation} ` +
      'Literacy: Muangpaisan W, Assantachai P, Sitthichai K, Richardson K, Brayne C. The distribution of Thai Mental State Examination scores among non-demented elderly ' +
      'in suburban Bangkok metropolitan and associated factors. J Med Assoc Thai 2015;98(9):916–924.',
    verified: false,
    note:
      'Confirmed (the abstract of Muangpaisan et al. 2015, Mahidol University repository): among 4,459 community-dwelling people aged 50 and over with no condition affecting cognition, ' +
      'the median (IQR) TMSE was 27 (25–29) in literate and 23 (19–26) in illiterate participants — half of healthy illiterate people score 23 or less, so the ≤ 23 cut-off is not applied to them. ' +
      'Section maxima as in version 1 (the MTMSE paper). Not confirmed: the < 24 cut-off for literate people (the 1993 paper, as commonly quoted); ' +
      'any cut-off for illiterate people (the 2015 paper reports cut-points by literacy, not read here); the Modified TMSE for people without schooling is a different 29-point test and is not implemented.',
  },
  items: [
    {
      id: 'illiterate',
      type: 'yesno',
      label: { th: 'ผู้รับการทดสอบอ่านหนังสือและเขียนหนังสือไม่ได้', en: 'The person cannot read or write (illiterate)' },
    },
    {
      id: 'education_years',
      type: 'number',
      min: 0,
      max: 30,
      required: false,
      showIf: LITERATE,
      label: { th: 'จำนวนปีที่เรียนหนังสือ', en: 'Years of schooling' },
    },
    ...TMSE_V1.items,
  ],
  bands: [
    {
      score: 'total',
      min: 0,
      max: 23,
      code: 'below_24',
      label: { th: 'ต่ำกว่า 24 คะแนน: แปลผลตามการศึกษา', en: 'Below 24: read with schooling' },
      severity: 'low',
    },
    { score: 'total', min: 24, max: 30, code: 'normal', label: { th: 'ปกติ', en: 'Normal' }, severity: 'none' },
  ],
  classifications: [
    {
      id: 'screen',
      label: { th: 'ผลการคัดกรอง', en: 'Screening result' },
      rules: [
        {
          when: { allOf: [LITERATE, TOTAL_23_DOWN] },
          code: 'impaired',
          label: { th: 'สงสัยมีภาวะสมองเสื่อม (อ่านออกเขียนได้ คะแนน ≤ 23)', en: 'Suggests cognitive impairment (literate, total ≤ 23)' },
          severity: 'moderate',
        },
        {
          when: { allOf: [ILLITERATE, TOTAL_23_DOWN] },
          code: 'no_cutoff_illiterate',
          label: {
            th: 'อ่านเขียนไม่ได้ คะแนน ≤ 23: ไม่ใช้เกณฑ์นี้ตัดสิน ประเมินร่วมกับประวัติและการทำกิจวัตรประจำวัน',
            en: 'Illiterate, total ≤ 23: the cut-off does not apply; judge with the history and daily functioning',
          },
          severity: 'low',
        },
        { when: { score: 'total', gte: 24 }, code: 'normal', label: { th: 'ปกติ', en: 'Normal' }, severity: 'none' },
      ],
    },
  ],
  alerts: [
    {
      when: { allOf: [LITERATE, TOTAL_23_DOWN] },
      severity: 'warning',
      action: 'propose_referral',
      message: {
        th: 'TMSE ต่ำกว่า 24 ในผู้ที่อ่านออกเขียนได้: ส่งต่อแพทย์เพื่อวินิจฉัยภาวะสมองเสื่อม',
        en: 'TMSE below 24 in a literate person: refer to a doctor to assess for dementia',
      },
    },
  ],
};

/** Every shipped TMSE version, oldest first. */
export const TMSE_VERSIONS: InstrumentInput[] = [TMSE_V1, TMSE];
