import type { InstrumentInput } from './schema.js';

const freq = [
  { value: 0, score: 0, label: { th: 'ไม่เคยเลย', en: 'Never' } },
  { value: 1, score: 1, label: { th: 'นาน ๆ ครั้ง', en: 'Rarely' } },
  { value: 2, score: 2, label: { th: 'บางครั้ง', en: 'Sometimes' } },
  { value: 3, score: 3, label: { th: 'ค่อนข้างบ่อย', en: 'Quite frequently' } },
  { value: 4, score: 4, label: { th: 'เกือบตลอดเวลา', en: 'Nearly always' } },
];

/** The 12 items of Bédard et al.'s short form, in its order (ZBI-22 items 2, 3, 5, 6, 9, 10, 11, 12, 17, 19, 20, 21). */
const ITEMS: Array<[string, string]> = [
  ['เพราะเวลาที่ใช้ดูแลญาติ ท่านรู้สึกว่าไม่มีเวลาเพียงพอสำหรับตัวเอง', 'Because of the time spent with your relative, you do not have enough time for yourself'],
  ['ท่านรู้สึกเครียดระหว่างการดูแลญาติกับความรับผิดชอบอื่นต่อครอบครัวหรืองาน', 'Stressed between caring for your relative and other responsibilities for family or work'],
  ['ท่านรู้สึกโกรธเมื่ออยู่ใกล้ญาติ', 'Angry when you are around your relative'],
  ['ท่านรู้สึกว่าญาติทำให้ความสัมพันธ์ของท่านกับสมาชิกครอบครัวคนอื่นหรือเพื่อนแย่ลง', 'Your relative affects your relationships with other family members or friends negatively'],
  ['ท่านรู้สึกตึงเครียดเมื่ออยู่ใกล้ญาติ', 'Strained when you are around your relative'],
  ['ท่านรู้สึกว่าสุขภาพของท่านแย่ลงเพราะการดูแลญาติ', 'Your health has suffered because of your involvement with your relative'],
  ['ท่านรู้สึกว่าไม่มีความเป็นส่วนตัวเท่าที่ต้องการเพราะญาติ', 'You do not have as much privacy as you would like because of your relative'],
  ['ท่านรู้สึกว่าชีวิตทางสังคมของท่านแย่ลงเพราะต้องดูแลญาติ', 'Your social life has suffered because you are caring for your relative'],
  ['ท่านรู้สึกว่าควบคุมชีวิตตัวเองไม่ได้ตั้งแต่ญาติเจ็บป่วย', 'You have lost control of your life since your relative’s illness'],
  ['ท่านรู้สึกไม่แน่ใจว่าจะทำอย่างไรกับญาติดี', 'Uncertain about what to do about your relative'],
  ['ท่านรู้สึกว่าควรทำอะไรให้ญาติมากกว่านี้', 'You should be doing more for your relative'],
  ['ท่านรู้สึกว่าน่าจะดูแลญาติได้ดีกว่านี้', 'You could do a better job in caring for your relative'],
];
const ids = ITEMS.map((_, i) => `q${i + 1}`);

/**
 * Zarit Burden Interview, 12-item short form (ZBI-12), asked of the caregiver: each item 0–4,
 * total 0–48, higher is more burden. Version 1 as first shipped, kept unchanged for the responses
 * made with it.
 */
export const ZARIT12_V1: InstrumentInput = {
  code: 'zarit12',
  version: 1,
  title: { th: 'แบบประเมินภาระการดูแลของผู้ดูแล (Zarit ฉบับย่อ 12 ข้อ)', en: 'Zarit Burden Interview, 12-item short form (ZBI-12)' },
  description: {
    th: 'ถามผู้ดูแลหลัก: ในการดูแลญาติ ท่านรู้สึกเช่นนี้บ่อยเพียงใด',
    en: 'Asked of the main caregiver: how often do you feel this way about caring for your relative?',
  },
  source: {
    citation:
      'Bédard M, Molloy DW, Squire L, et al. The Zarit Burden Interview: a new short version and screening version. Gerontologist 2001;41(5):652–657. ' +
      'Thai 12-item version: Silpakit O, Silpakit C, Chomchuen R. Psychometric study of the Thai version of Zarit Burden Interview in psychiatric caregivers. J Ment Health Thai (Srithanya Hospital). ' +
      'Cut-offs (total 0–48: 0–10 no to mild, 10–20 mild to moderate, > 20 high burden) as the suggested scoring of the ZBI-12 reproduced with the Zarit Caregiver Burden Assessment Instruments.',
    verified: false,
    note:
      'Confirmed: the 12-item short form (Bédard 2001), its 0–4 items and 0–48 total, that a Thai 12-item version was validated (Silpakit et al.; α 0.88), and the suggested cut-offs 0–10 / 10–20 / > 20. ' +
      'Not confirmed: (1) the licensed Thai wording (MAPI Research Trust holds the ZBI copyright; the Thai labels here are CareHub paraphrases to be replaced by the licensed text); ' +
      '(2) any cut-off validated for Thai caregivers — the 0–10 / 10–20 / > 20 bands are not from a Thai validation; the published bands overlap at 10, here 10 is counted as no-to-mild burden.',
  },
  items: ITEMS.map(([th, en], i) => ({ id: ids[i]!, type: 'single' as const, label: { th, en }, options: freq })),
  scores: [{ id: 'total', label: { th: 'คะแนนภาระการดูแลรวม', en: 'Burden total' }, method: 'sum', items: ids, min: 0, max: 48 }],
  bands: [
    { score: 'total', min: 0, max: 10, code: 'none_mild', label: { th: 'ไม่มีภาระหรือมีภาระน้อย', en: 'No to mild burden' }, severity: 'none' },
    { score: 'total', min: 11, max: 20, code: 'mild_moderate', label: { th: 'มีภาระเล็กน้อยถึงปานกลาง', en: 'Mild to moderate burden' }, severity: 'moderate' },
    { score: 'total', min: 21, max: 48, code: 'high', label: { th: 'มีภาระการดูแลสูง', en: 'High burden' }, severity: 'high' },
  ],
  alerts: [
    {
      when: { score: 'total', gte: 21 },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'ผู้ดูแลมีภาระการดูแลสูง: วางแผนช่วยเหลือผู้ดูแล (เช่น การดูแลทดแทน การสนับสนุนทางจิตใจ)',
        en: 'High caregiver burden: plan support for the caregiver (e.g. respite, psychological support)',
      },
    },
  ],
};

/**
 * ZBI-12 version 2: the same items and scoring, labelled as not validated in Thai. The Thai items are
 * CareHub paraphrases, not the licensed Thai translation that Silpakit et al. validated, so the form
 * says so until the licensed wording replaces them.
 */
export const ZARIT12: InstrumentInput = {
  ...ZARIT12_V1,
  version: 2,
  title: {
    th: 'แบบประเมินภาระการดูแลของผู้ดูแล (Zarit ฉบับย่อ 12 ข้อ) — ยังไม่ผ่านการตรวจสอบความตรงในภาษาไทย',
    en: 'Zarit Burden Interview, 12-item short form (ZBI-12) — not validated in Thai',
  },
  description: {
    th:
      'ถามผู้ดูแลหลัก: ในการดูแลญาติ ท่านรู้สึกเช่นนี้บ่อยเพียงใด — ข้อความภาษาไทยเป็นการถอดความของ CareHub ยังไม่ผ่านการตรวจสอบความตรงในภาษาไทย ' +
      'ใช้เพื่อประกอบการวางแผนช่วยเหลือผู้ดูแล ไม่ใช่คะแนนมาตรฐาน',
    en:
      'Asked of the main caregiver: how often do you feel this way about caring for your relative? — The Thai wording is a CareHub paraphrase, not validated in Thai; ' +
      'use it to plan support for the caregiver, not as a standard score.',
  },
  source: {
    ...ZARIT12_V1.source,
    verified: false,
    note:
      `${ZARIT12_V1.source.note} ` +
      'Version 2 labels the form "not validated in Thai" (ยังไม่ผ่านการตรวจสอบความตรงในภาษาไทย) until the licensed Thai wording, whose validation is the one confirmed above, replaces the paraphrases.',
  },
};

/** Every shipped version, oldest first. */
export const ZARIT_VERSIONS: InstrumentInput[] = [ZARIT12_V1, ZARIT12];
