import type { InstrumentInput } from './schema.js';

const o = (value: number, th: string, en: string) => ({ value, score: value, label: { th, en } });

/**
 * Barthel ADL index, Thai 20-point version, as first shipped (version 1): 10 items, total 0–20, with
 * the groups used across Thai elderly care. Kept unchanged for the responses made with it; version 2
 * below follows the Department of Health form.
 */
export const BARTHEL_V1: InstrumentInput = {
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

type BarthelItem = InstrumentInput['items'][number];
const t = (th: string, en: string) => ({ th, en });
const PAST_WEEK = t('ในระยะ 1 สัปดาห์ที่ผ่านมา', 'in the past week');

/**
 * Version 2's wording: each item's heading, time frame and options as on the Department of Health
 * (กรมอนามัย) form. Scores are those of version 1.
 */
const V2_WORDING: Record<string, Partial<BarthelItem>> = {
  feeding: {
    label: t('รับประทานอาหารเมื่อเตรียมสำรับไว้ให้เรียบร้อยต่อหน้า (Feeding)', 'Feeding, once the meal is set out in front of the person'),
    options: [
      o(0, 'ไม่สามารถตักอาหารเข้าปากได้ ต้องมีคนป้อนให้', 'Cannot bring food to the mouth; must be fed'),
      o(
        1,
        'ตักอาหารเองได้แต่ต้องมีคนช่วย เช่น ช่วยใช้ช้อนตักเตรียมไว้ให้ หรือตัดเป็นชิ้นเล็ก ๆ ไว้ล่วงหน้า',
        'Eats alone with help, e.g. food put on the spoon or cut small beforehand',
      ),
      o(2, 'ตักอาหารและช่วยตัวเองได้เป็นปกติ', 'Eats alone as normal'),
    ],
  },
  grooming: {
    label: t('ล้างหน้า หวีผม แปรงฟัน โกนหนวด (Grooming)', 'Grooming: washing the face, combing hair, brushing teeth, shaving'),
    timeFrame: t('ในระยะเวลา 24–48 ชั่วโมงที่ผ่านมา', 'in the past 24–48 hours'),
    options: [
      o(0, 'ต้องการความช่วยเหลือ', 'Needs help'),
      o(1, 'ทำเองได้ (รวมทั้งที่ทำได้เองถ้าเตรียมอุปกรณ์ไว้ให้)', 'Does it alone (also when the things needed are set out for them)'),
    ],
  },
  transfer: {
    label: t('ลุกนั่งจากที่นอน หรือจากเตียงไปยังเก้าอี้ (Transfer)', 'Transfer: sitting up in bed, or moving from bed to chair'),
    options: [
      o(0, 'ไม่สามารถนั่งได้ (นั่งแล้วจะล้มเสมอ) หรือต้องใช้คนสองคนช่วยกันยกขึ้น', 'Cannot sit (always falls when seated), or two people must lift them'),
      o(
        1,
        'ต้องการความช่วยเหลืออย่างมากจึงจะนั่งได้ เช่น ต้องใช้คนที่แข็งแรงหรือมีทักษะ 1 คน หรือใช้คนทั่วไป 2 คนพยุงหรือดันขึ้นมาจึงจะนั่งอยู่ได้',
        'Sits only with major help: one strong or skilled helper, or two ordinary helpers, must support or push them up',
      ),
      o(
        2,
        'ต้องการความช่วยเหลือบ้าง เช่น บอกให้ทำตาม หรือช่วยพยุงเล็กน้อย หรือต้องมีคนดูแลเพื่อความปลอดภัย',
        'Needs some help: prompting, a little support, or someone watching for safety',
      ),
      o(3, 'ทำได้เอง', 'Does it alone'),
    ],
  },
  toilet: {
    label: t('ใช้ห้องน้ำ (Toilet use)', 'Toilet use'),
    options: [
      o(0, 'ช่วยตัวเองไม่ได้', 'Cannot manage alone'),
      o(
        1,
        'ทำเองได้บ้าง (อย่างน้อยทำความสะอาดตัวเองได้หลังจากเสร็จธุระ) แต่ต้องการความช่วยเหลือในบางสิ่ง',
        'Manages partly (at least cleans themselves afterwards) but needs help with some things',
      ),
      o(
        2,
        'ช่วยตัวเองได้ดี (ขึ้นนั่งและลงจากโถส้วมเองได้ ทำความสะอาดได้เรียบร้อยหลังจากเสร็จธุระ ถอดใส่เสื้อผ้าได้เรียบร้อย)',
        'Manages well (gets on and off the toilet, cleans themselves, takes clothes off and puts them back on)',
      ),
    ],
  },
  mobility: {
    label: t('การเคลื่อนที่ภายในห้องหรือบ้าน (Mobility)', 'Mobility within the room or house'),
    options: [
      o(0, 'เคลื่อนที่ไปไหนไม่ได้', 'Cannot move about'),
      o(
        1,
        'ต้องใช้รถเข็นช่วยตัวเองให้เคลื่อนที่ได้เอง (ไม่ต้องมีคนเข็นให้) และจะต้องเข้าออกมุมห้องหรือประตูได้',
        'Moves in a wheelchair on their own (nobody pushing), and can get round corners and through doors',
      ),
      o(
        2,
        'เดินหรือเคลื่อนที่โดยมีคนช่วย เช่น พยุง หรือบอกให้ทำตาม หรือต้องให้ความสนใจดูแลเพื่อความปลอดภัย',
        'Walks or moves with help: support, prompting, or someone watching for safety',
      ),
      o(3, 'เดินหรือเคลื่อนที่ได้เอง', 'Walks or moves on their own'),
    ],
  },
  dressing: {
    label: t('การสวมใส่เสื้อผ้า (Dressing)', 'Dressing'),
    options: [
      o(0, 'ต้องมีคนสวมใส่ให้ ช่วยตัวเองแทบไม่ได้หรือได้น้อย', 'Must be dressed; does little or nothing'),
      o(1, 'ช่วยตัวเองได้ประมาณร้อยละ 50 ที่เหลือต้องมีคนช่วย', 'Does about half; needs help with the rest'),
      o(2, 'ช่วยตัวเองได้ดี (รวมทั้งการติดกระดุม รูดซิป หรือใช้เสื้อผ้าที่ดัดแปลงให้เหมาะสมก็ได้)', 'Dresses well (buttons and zips included; adapted clothes are fine)'),
    ],
  },
  stairs: {
    label: t('การขึ้นลงบันได 1 ชั้น (Stairs)', 'Stairs: up and down one floor'),
    options: [
      o(0, 'ไม่สามารถทำได้', 'Cannot'),
      o(1, 'ต้องการคนช่วย', 'Needs someone to help'),
      o(
        2,
        'ขึ้นลงได้เอง (ถ้าต้องใช้เครื่องช่วยเดิน เช่น walker จะต้องเอาขึ้นลงได้ด้วย)',
        'Goes up and down alone (and carries their walking aid, e.g. a walker, if they use one)',
      ),
    ],
  },
  bathing: {
    label: t('การอาบน้ำ (Bathing)', 'Bathing'),
    options: [o(0, 'ต้องมีคนช่วยหรือทำให้', 'Needs help, or is bathed'), o(1, 'อาบน้ำเองได้', 'Bathes alone')],
  },
  bowels: {
    label: t('การกลั้นการถ่ายอุจจาระ (Bowels)', 'Bowel control'),
    timeFrame: PAST_WEEK,
    options: [
      o(0, 'กลั้นไม่ได้ หรือต้องการการสวนอุจจาระอยู่เสมอ', 'Incontinent, or always needs an enema'),
      o(1, 'กลั้นไม่ได้บางครั้ง (เป็นน้อยกว่า 1 ครั้งต่อสัปดาห์)', 'Occasional accident (less than once a week)'),
      o(2, 'กลั้นได้เป็นปกติ', 'Continent'),
    ],
  },
  bladder: {
    label: t('การกลั้นปัสสาวะ (Bladder)', 'Bladder control'),
    timeFrame: PAST_WEEK,
    help: t(
      'ผู้ที่ใส่สายสวนปัสสาวะและดูแลสายสวนได้เอง นับว่ากลั้นได้เป็นปกติ (2 คะแนน)',
      'A person with a urinary catheter who manages it alone counts as continent (2 points)',
    ),
    options: [
      o(0, 'กลั้นไม่ได้ หรือใส่สายสวนปัสสาวะแต่ไม่สามารถดูแลเองได้', 'Incontinent, or has a urinary catheter and cannot manage it alone'),
      o(1, 'กลั้นไม่ได้บางครั้ง (เป็นน้อยกว่าวันละ 1 ครั้ง)', 'Occasional accident (less than once a day)'),
      o(2, 'กลั้นได้เป็นปกติ', 'Continent'),
    ],
  },
};

/**
 * Barthel ADL index, Thai 20-point version 2: the Department of Health form's wording and time
 * frames, a self-managed urinary catheter counted as continent, and the HDC screening codes with the
 * groups. Item ids, scores, band codes (social, homebound, bedridden, which feed the person's ADL
 * group) and the ADL ≤ 11 alert are those of version 1.
 */
export const BARTHEL: InstrumentInput = {
  ...BARTHEL_V1,
  version: 2,
  description: {
    th: 'กลุ่มตามคะแนน ADL (รหัส HDC): ติดสังคม 12–20 (1B1280) · ติดบ้าน 5–11 (1B1281) · ติดเตียง 0–4 (1B1282)',
    en: 'Groups by ADL total (HDC code): socially active 12–20 (1B1280) · homebound 5–11 (1B1281) · bedridden 0–4 (1B1282)',
  },
  source: {
    citation:
      'กรมอนามัย กระทรวงสาธารณสุข: แบบประเมินความสามารถในการดำเนินชีวิตประจำวัน ดัชนีบาร์เธลเอดีแอล (Barthel ADL index) 20 คะแนน ' +
      'และการจำแนกผู้สูงอายุตามกลุ่มศักยภาพ (ติดสังคม ≥ 12, ติดบ้าน 5–11, ติดเตียง 0–4); ' +
      'HDC (Health Data Center, กระทรวงสาธารณสุข) screening codes 1B1280 (ADL 12–20), 1B1281 (5–11), 1B1282 (0–4).',
    verified: true,
    note:
      'Verified (scoring and groups): ten items with the score ranges 2/1/3/2/3/2/2/1/2/2, total 0–20, and the Department of Health groups ' +
      '≥ 12 ติดสังคม, 5–11 ติดบ้าน, 0–4 ติดเตียง — read in a reproduction of the DoH definitions (tahwan.exteen.com/20150603/barthel-adl-index) and in shared/domain/README.md. ' +
      'Also read: the ten item headings with their time frames (grooming 24–48 hours; bowels and bladder the past week) on the form as reproduced at dvolunteer.com/familyvolunteer/adl, ' +
      'and the feeding options on a health centre’s copy of the form (pentiva01.blogspot.com/2011/08/adl.html). ' +
      'From the domain facts (review of 2026-12), not re-read here: the bladder rule (a catheter the person manages alone is continent; 0 = incontinent or cannot manage the catheter) and the HDC codes 1B1280/1B1281/1B1282. ' +
      'Not confirmed word for word in this session: the other options’ Thai wording, taken from the DoH form as commonly reproduced; the English labels are CareHub translations. ' +
      'The catheter note on the bladder item (help) is CareHub’s wording of the rule, not the form’s.',
  },
  items: BARTHEL_V1.items.map((item) => ({ ...item, ...V2_WORDING[item.id] })),
  bands: [
    { score: 'total', min: 12, max: 20, code: 'social', label: { th: 'ติดสังคม (1B1280)', en: 'Socially active (1B1280)' }, severity: 'none' },
    { score: 'total', min: 5, max: 11, code: 'homebound', label: { th: 'ติดบ้าน (1B1281)', en: 'Homebound (1B1281)' }, severity: 'moderate' },
    { score: 'total', min: 0, max: 4, code: 'bedridden', label: { th: 'ติดเตียง (1B1282)', en: 'Bedridden (1B1282)' }, severity: 'high' },
  ],
};

/** Every shipped version, oldest first. */
export const BARTHEL_VERSIONS: InstrumentInput[] = [BARTHEL_V1, BARTHEL];
