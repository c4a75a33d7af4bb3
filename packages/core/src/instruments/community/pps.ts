import type { InstrumentInput } from '../schema.js';

/** One PPS level: percentage, then CareHub's Thai and English summary of its row on the form. */
const LEVELS: Array<[number, string, string]> = [
  [
    100,
    'เดินได้ปกติ ทำกิจกรรมและงานได้ปกติ ไม่มีอาการของโรค ดูแลตนเองได้ กินได้ปกติ รู้สึกตัวดี',
    'Full ambulation; normal activity and work, no evidence of disease; full self-care; normal intake; fully conscious',
  ],
  [
    90,
    'เดินได้ปกติ ทำกิจกรรมและงานได้ปกติ มีอาการของโรคบ้าง ดูแลตนเองได้ กินได้ปกติ รู้สึกตัวดี',
    'Full ambulation; normal activity and work, some evidence of disease; full self-care; normal intake; fully conscious',
  ],
  [
    80,
    'เดินได้ปกติ ทำกิจกรรมได้แต่ต้องออกแรงมากขึ้น มีอาการของโรคบ้าง ดูแลตนเองได้ กินได้ปกติหรือลดลง รู้สึกตัวดี',
    'Full ambulation; normal activity with effort, some evidence of disease; full self-care; normal or reduced intake; fully conscious',
  ],
  [
    70,
    'เดินได้ลดลง ทำงานตามปกติไม่ได้ โรคเป็นมากขึ้นชัดเจน ดูแลตนเองได้ กินได้ปกติหรือลดลง รู้สึกตัวดี',
    'Reduced ambulation; unable to do normal job or work, significant disease; full self-care; normal or reduced intake; fully conscious',
  ],
  [
    60,
    'เดินได้ลดลง ทำงานบ้านหรืองานอดิเรกไม่ได้ โรคเป็นมากขึ้นชัดเจน ต้องช่วยเป็นบางครั้ง กินได้ปกติหรือลดลง รู้สึกตัวดีหรือสับสน',
    'Reduced ambulation; unable to do hobby or housework, significant disease; occasional assistance; normal or reduced intake; full or confusion',
  ],
  [
    50,
    'นั่งหรือนอนเป็นส่วนใหญ่ ทำงานใดไม่ได้ โรคลุกลามมาก ต้องช่วยมาก กินได้ปกติหรือลดลง รู้สึกตัวดี ง่วงซึม หรือสับสน',
    'Mainly sit or lie; unable to do any work, extensive disease; considerable assistance; normal or reduced intake; full, drowsy or confused',
  ],
  [
    40,
    'อยู่บนเตียงเป็นส่วนใหญ่ ทำกิจกรรมส่วนใหญ่ไม่ได้ โรคลุกลามมาก ต้องช่วยเกือบทั้งหมด กินได้ปกติหรือลดลง รู้สึกตัวดีหรือง่วงซึม อาจสับสน',
    'Mainly in bed; unable to do most activity, extensive disease; mainly assistance; normal or reduced intake; full or drowsy, ± confusion',
  ],
  [
    30,
    'อยู่บนเตียงตลอด ทำกิจกรรมใดไม่ได้ โรคลุกลามมาก ต้องดูแลทั้งหมด กินได้ลดลง รู้สึกตัวดีหรือง่วงซึม อาจสับสน',
    'Totally bed bound; unable to do any activity, extensive disease; total care; reduced intake; full or drowsy, ± confusion',
  ],
  [
    20,
    'อยู่บนเตียงตลอด ทำกิจกรรมใดไม่ได้ โรคลุกลามมาก ต้องดูแลทั้งหมด จิบน้ำได้เล็กน้อย รู้สึกตัวดีหรือง่วงซึม อาจสับสน',
    'Totally bed bound; unable to do any activity, extensive disease; total care; minimal to sips; full or drowsy, ± confusion',
  ],
  [
    10,
    'อยู่บนเตียงตลอด ทำกิจกรรมใดไม่ได้ โรคลุกลามมาก ต้องดูแลทั้งหมด ทำได้เพียงดูแลความชุ่มชื้นในช่องปาก ง่วงซึมหรือไม่รู้สึกตัว',
    'Totally bed bound; unable to do any activity, extensive disease; total care; mouth care only; drowsy or coma',
  ],
  [0, 'เสียชีวิต', 'Death'],
];

/**
 * Palliative Performance Scale version 2 (PPSv2): one level from 100% to 0% in steps of 10, chosen
 * as the row that fits best, reading the columns left to right (ambulation first).
 */
export const PPS: InstrumentInput = {
  code: 'pps',
  version: 1,
  title: { th: 'แบบประเมินระดับผู้ป่วยแบบประคับประคอง (PPS v2)', en: 'Palliative Performance Scale, version 2 (PPSv2)' },
  description: {
    th: 'เลือกระดับที่ตรงที่สุด โดยพิจารณาการเคลื่อนไหวก่อน แล้วจึงกิจกรรมและความรุนแรงของโรค การดูแลตนเอง การกิน และระดับความรู้สึกตัว ตามลำดับ (คอลัมน์ด้านซ้ายมีน้ำหนักมากกว่า)',
    en: 'Choose the best-fitting level: ambulation first, then activity and evidence of disease, self-care, intake and conscious level, in that order (leftward columns take precedence).',
  },
  source: {
    citation:
      'Victoria Hospice Society. Palliative Performance Scale version 2 (PPSv2), 2001; Anderson F, Downing GM, Hill J, Casorso L, Lerch N. ' +
      'Palliative Performance Scale (PPS): a new tool. J Palliat Care 1996;12(1):5–11.',
    verified: true,
    note:
      'Confirmed: the eleven levels (100% to 0% in steps of 10), the five columns of each row and the best-horizontal-fit instruction, read on several reproductions of the PPSv2 form ' +
      '(e.g. the INCTR palliative care handbook) and on the Victoria Hospice tools page. The Thai row summaries are CareHub’s own, not the official Thai translation. ' +
      'Victoria Hospice asks that use of PPSv2 in an electronic record be requested from them (victoriahospice.org, "Other Requests"): that permission is to be confirmed before release. ' +
      'PPS has no score bands; the one band only names the level.',
  },
  items: [
    {
      id: 'level',
      type: 'single',
      label: { th: 'ระดับ PPS', en: 'PPS level' },
      options: LEVELS.map(([pct, th, en]) => ({ value: pct, score: pct, label: { th: `${pct}%: ${th}`, en: `${pct}%: ${en}` } })),
    },
  ],
  scores: [{ id: 'level', label: { th: 'ระดับ PPS (%)', en: 'PPS level (%)' }, method: 'sum', items: ['level'], min: 0, max: 100 }],
  bands: [
    {
      score: 'level',
      min: 0,
      max: 100,
      code: 'recorded',
      label: { th: 'ระดับ PPS 0–100% (ความหมายดูที่ตัวเลือก)', en: 'PPS 0–100% (meaning given by the level chosen)' },
      severity: 'none',
    },
  ],
};
