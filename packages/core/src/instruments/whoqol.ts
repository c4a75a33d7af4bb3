import type { InstrumentInput } from './schema.js';

const LEVELS: Array<[string, string]> = [
  ['ไม่เลย', 'Not at all'],
  ['เล็กน้อย', 'A little'],
  ['ปานกลาง', 'Moderately'],
  ['มาก', 'Very much'],
  ['มากที่สุด', 'Extremely'],
];
/** The answer is the response category 1–5; a negatively worded item scores it reversed (6 − answer). */
const options = (negative: boolean) => LEVELS.map(([th, en], i) => ({ value: i + 1, score: negative ? 5 - i : i + 1, label: { th, en } }));

/** The Thai form's 26 items in its order; `true` marks the negatively worded items 2, 9 and 11. */
const ITEMS: Array<[string, string, boolean?]> = [
  ['ท่านพอใจกับสุขภาพของท่านในตอนนี้เพียงใด', 'How satisfied are you with your health now?'],
  [
    'การเจ็บปวดตามร่างกาย เช่น ปวดหัว ปวดท้อง ปวดตามตัว ทำให้ท่านไม่สามารถทำในสิ่งที่ต้องการมากน้อยเพียงใด',
    'How much does bodily pain (headache, stomach ache, aches) stop you doing what you need to?',
    true,
  ],
  ['ท่านมีกำลังเพียงพอที่จะทำสิ่งต่าง ๆ ในแต่ละวันไหม (ทั้งเรื่องงาน หรือการดำเนินชีวิตประจำวัน)', 'Do you have enough energy for each day (work and daily life)?'],
  ['ท่านพอใจกับการนอนหลับของท่านมากน้อยเพียงใด', 'How satisfied are you with your sleep?'],
  ['ท่านรู้สึกพึงพอใจในชีวิต (เช่น มีความสุข ความสงบ มีความหวัง) มากน้อยเพียงใด', 'How much do you enjoy life (happiness, peace, hope)?'],
  ['ท่านมีสมาธิในการทำงานต่าง ๆ ดีเพียงใด', 'How well are you able to concentrate?'],
  ['ท่านรู้สึกพอใจในตนเองมากน้อยแค่ไหน', 'How satisfied are you with yourself?'],
  ['ท่านยอมรับรูปร่างหน้าตาของตัวเองได้ไหม', 'Are you able to accept your bodily appearance?'],
  ['ท่านมีความรู้สึกไม่ดี เช่น รู้สึกเหงา เศร้า หดหู่ สิ้นหวัง วิตกกังวล บ่อยแค่ไหน', 'How often do you have bad feelings such as loneliness, sadness, despair or anxiety?', true],
  ['ท่านรู้สึกพอใจมากน้อยแค่ไหนที่สามารถทำอะไร ๆ ผ่านไปได้ในแต่ละวัน', 'How satisfied are you with your ability to get through each day?'],
  ['ท่านจำเป็นต้องไปรับการรักษาพยาบาลมากน้อยเพียงใด เพื่อที่จะทำงานหรือมีชีวิตอยู่ไปได้ในแต่ละวัน', 'How much do you need medical treatment to function in daily life?', true],
  ['ท่านพอใจกับความสามารถในการทำงานได้อย่างที่เคยทำมามากน้อยเพียงใด', 'How satisfied are you with your capacity to work as before?'],
  ['ท่านพอใจต่อการผูกมิตรหรือเข้ากับคนอื่น อย่างที่ผ่านมาแค่ไหน', 'How satisfied are you with your personal relationships?'],
  ['ท่านพอใจกับการช่วยเหลือที่เคยได้รับจากเพื่อน ๆ แค่ไหน', 'How satisfied are you with the support you get from your friends?'],
  ['ท่านรู้สึกว่าชีวิตมีความมั่นคงปลอดภัยดีไหมในแต่ละวัน', 'How safe do you feel in your daily life?'],
  ['ท่านพอใจกับสภาพบ้านเรือนที่อยู่ตอนนี้มากน้อยเพียงใด', 'How satisfied are you with the conditions of your home?'],
  ['ท่านมีเงินพอใช้จ่ายตามความจำเป็นมากน้อยเพียงใด', 'Do you have enough money to meet your needs?'],
  ['ท่านพอใจที่จะสามารถไปใช้บริการสาธารณสุขได้ตามความจำเป็นเพียงใด', 'How satisfied are you with your access to health services?'],
  ['ท่านได้รู้เรื่องราวข่าวสารที่จำเป็นในชีวิตแต่ละวันมากน้อยเพียงใด', 'How available is the information you need in daily life?'],
  ['ท่านมีโอกาสได้พักผ่อนคลายเครียดมากน้อยเพียงใด', 'How much opportunity do you have for leisure and relaxation?'],
  ['สภาพแวดล้อมดีต่อสุขภาพของท่านมากน้อยเพียงใด', 'How healthy is your physical environment?'],
  ['ท่านพอใจกับการเดินทางไปไหนมาไหนของท่าน (หมายถึงการคมนาคม) มากน้อยเพียงใด', 'How satisfied are you with your transport?'],
  ['ท่านรู้สึกว่าชีวิตท่านมีความหมายมากน้อยแค่ไหน', 'To what extent do you feel your life is meaningful?'],
  ['ท่านสามารถไปไหนมาไหนด้วยตนเองได้ดีเพียงใด', 'How well are you able to get around on your own?'],
  ['ท่านพอใจในชีวิตทางเพศของท่านแค่ไหน', 'How satisfied are you with your sex life?'],
  ['ท่านคิดว่าท่านมีคุณภาพชีวิต (ชีวิตความเป็นอยู่) อยู่ในระดับใด', 'How would you rate your quality of life?'],
];

const q = (...n: number[]) => n.map((i) => `q${i}`);
const band = (score: string, min: number, max: number, level: 'poor' | 'moderate' | 'good') => ({
  score,
  min,
  max,
  code: level,
  label: {
    poor: { th: 'คุณภาพชีวิตไม่ดี', en: 'Poor quality of life' },
    moderate: { th: 'คุณภาพชีวิตกลาง ๆ', en: 'Moderate quality of life' },
    good: { th: 'คุณภาพชีวิตดี', en: 'Good quality of life' },
  }[level],
  severity: ({ poor: 'moderate', moderate: 'low', good: 'none' } as const)[level],
});

/**
 * WHOQOL-BREF-THAI (Department of Mental Health): 26 items answered 1–5 for the past two weeks; the
 * three negatively worded items (2, 9, 11) are reversed through their option scores. Total 26–130
 * and four domain sub-scales, each banded poor / moderate / good. Version 1 as first shipped, kept
 * unchanged for the responses made with it.
 */
export const WHOQOL_BREF_THAI_V1: InstrumentInput = {
  code: 'whoqol_bref_thai',
  version: 1,
  title: {
    th: 'เครื่องชี้วัดคุณภาพชีวิตขององค์การอนามัยโลกชุดย่อ ฉบับภาษาไทย (WHOQOL-BREF-THAI)',
    en: 'WHO quality of life, brief Thai version (WHOQOL-BREF-THAI)',
  },
  description: {
    th: 'ในช่วง 2 สัปดาห์ที่ผ่านมา ให้ประเมินความรู้สึกของท่านในแต่ละข้อ',
    en: 'Over the past two weeks: rate how you felt about each item',
  },
  source: {
    citation:
      'สุวัฒน์ มหัตนิรันดร์กุล, วิระวรรณ ตันติพิวัฒนสกุล, วนิดา พุ่มไพศาลชัย, กรองจิตต์ วงศ์สุวรรณ, ราณี พรมานะจิรังกุล. ' +
      'เปรียบเทียบแบบวัดคุณภาพชีวิตขององค์การอนามัยโลกชุด 100 ตัวชี้วัด และ 26 ตัวชี้วัด. วารสารสุขภาพจิตแห่งประเทศไทย 2541;5(3):4–15; ' +
      'form and manual: กรมสุขภาพจิต (dmh.go.th/test/whoqol). Total bands 26–60 / 61–95 / 96–130 from shared/domain/README.md.',
    verified: false,
    note:
      'Confirmed: the 26 Thai items in this order and the 5-point scale 1 ไม่เลย … 5 มากที่สุด (the Department of Mental Health form as reproduced), ' +
      'total 26–130 with bands 26–60 poor, 61–95 moderate, 96–130 good (domain facts). ' +
      'Not confirmed against the manual in this session: the reversed items (2, 9, 11), the domain membership ' +
      '(physical 2 3 4 10 11 12 24; psychological 5 6 7 8 9 23; social 13 14 25; environment 15–22; items 1 and 26 only in the total) ' +
      'and the domain cut-offs (physical 7–16 / 17–26 / 27–35; psychological 6–14 / 15–22 / 23–30; social 3–7 / 8–11 / 12–15; environment 8–18 / 19–29 / 30–40), ' +
      'which follow the manual as commonly reproduced.',
  },
  items: ITEMS.map(([th, en, negative], i) => ({ id: `q${i + 1}`, type: 'single' as const, label: { th, en }, options: options(negative === true) })),
  scores: [
    { id: 'total', label: { th: 'คะแนนคุณภาพชีวิตรวม', en: 'Quality of life total' }, method: 'sum', items: ITEMS.map((_, i) => `q${i + 1}`), min: 26, max: 130 },
    { id: 'physical', label: { th: 'ด้านสุขภาพกาย', en: 'Physical health' }, method: 'sum', items: q(2, 3, 4, 10, 11, 12, 24), min: 7, max: 35 },
    { id: 'psychological', label: { th: 'ด้านจิตใจ', en: 'Psychological' }, method: 'sum', items: q(5, 6, 7, 8, 9, 23), min: 6, max: 30 },
    { id: 'social', label: { th: 'ด้านสัมพันธภาพทางสังคม', en: 'Social relationships' }, method: 'sum', items: q(13, 14, 25), min: 3, max: 15 },
    { id: 'environment', label: { th: 'ด้านสิ่งแวดล้อม', en: 'Environment' }, method: 'sum', items: q(15, 16, 17, 18, 19, 20, 21, 22), min: 8, max: 40 },
  ],
  bands: [
    band('total', 26, 60, 'poor'),
    band('total', 61, 95, 'moderate'),
    band('total', 96, 130, 'good'),
    band('physical', 7, 16, 'poor'),
    band('physical', 17, 26, 'moderate'),
    band('physical', 27, 35, 'good'),
    band('psychological', 6, 14, 'poor'),
    band('psychological', 15, 22, 'moderate'),
    band('psychological', 23, 30, 'good'),
    band('social', 3, 7, 'poor'),
    band('social', 8, 11, 'moderate'),
    band('social', 12, 15, 'good'),
    band('environment', 8, 18, 'poor'),
    band('environment', 19, 29, 'moderate'),
    band('environment', 30, 40, 'good'),
  ],
  alerts: [
    {
      when: { score: 'total', lte: 60 },
      severity: 'warning',
      action: 'notify',
      message: { th: 'คุณภาพชีวิตโดยรวมไม่ดี: ทบทวนปัญหาและแผนการดูแล', en: 'Poor overall quality of life: review problems and the care plan' },
    },
  ],
};

/**
 * Version 2: the same items, scoring and bands; only the source changes. The reversed items and the
 * domain membership of version 1 match the published Thai structure (Summart et al. 2025), so they
 * are now marked verified — a metadata-only correction is still a new version.
 */
export const WHOQOL_BREF_THAI: InstrumentInput = {
  ...WHOQOL_BREF_THAI_V1,
  version: 2,
  source: {
    citation:
      `${WHOQOL_BREF_THAI_V1.source.citation} ` +
      'Item structure: Summart U, Sangruangake M, Charoensaen J, Suebsoontorn W, Songthamwat M. Validation of the Thai version of the World Health Organization’s ' +
      'Quality of Life Scale (WHOQOL-BREF-THAI) among Thai nursing students in northeast Thailand: a multi-centre study. F1000Research 2025;14:241 (version 3), doi:10.12688/f1000research.161251.3.',
    verified: true,
    note:
      'Verified: items 2, 9 and 11 of the Thai form are reversed (6 − answer); the domains are physical 2, 3, 4, 10, 11, 12, 24; psychological 5, 6, 7, 8, 9, 23; ' +
      'social 13, 14, 25; environment 15–22; items 1 and 26 count only in the total — as stated in shared/domain/README.md (review of 2026-12, citing Summart et al. 2025); ' +
      'the article’s abstract, read here, confirms a four-factor model of 24 items in the original four domains. Version 1 already scored exactly this way. ' +
      'Also confirmed: the 26 items in this order and the 1–5 scale (the Department of Mental Health form). ' +
      'The band cut-offs (total 26–60 / 61–95 / 96–130 and the domain bands) follow the department’s manual as commonly reproduced and were not re-read here.',
  },
};

/** Every shipped version, oldest first. */
export const WHOQOL_VERSIONS: InstrumentInput[] = [WHOQOL_BREF_THAI_V1, WHOQOL_BREF_THAI];
