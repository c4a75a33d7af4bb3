import type { InstrumentInput } from '../schema.js';

/**
 * Timed Up and Go: the seconds a person takes to stand up from a chair, walk 3 metres at their usual
 * pace, turn, walk back and sit down. CDC STEADI reads 12 seconds or more as a risk of falling.
 *
 * Bands need whole numbers (the band-tiling rule adds 1 between bands), so the time is recorded in
 * whole seconds with the fraction dropped: 11.8 s is recorded as 11, and "≥ 12 s" then means exactly
 * "recorded ≥ 12". The alert reads the raw number, so it is right even if a fraction is entered.
 */
export const TUG: InstrumentInput = {
  code: 'tug',
  version: 1,
  title: { th: 'การทดสอบลุกเดินไปกลับ (Timed Up and Go: TUG)', en: 'Timed Up and Go (TUG)' },
  description: {
    th: 'ให้นั่งเก้าอี้มีพนักพิง เมื่อบอก "เริ่ม" ให้ลุกขึ้น เดินด้วยความเร็วปกติไปถึงเส้นที่ห่าง 3 เมตร หมุนตัว เดินกลับมานั่งลง จับเวลาตั้งแต่เริ่มจนนั่งลง ใช้อุปกรณ์ช่วยเดินที่ใช้ประจำได้',
    en: 'Seated in a chair with a back; on "go" the person stands, walks at their usual pace to a line 3 metres away, turns, walks back and sits down. Time from "go" to seated; their usual walking aid is allowed.',
  },
  source: {
    citation:
      'Podsiadlo D, Richardson S. The timed "Up & Go": a test of basic functional mobility for frail elderly persons. J Am Geriatr Soc 1991;39(2):142–148; ' +
      'cut-off from the CDC STEADI "Assessment: Timed Up & Go (TUG)" form (Centers for Disease Control and Prevention, 2017): an older adult who takes ≥ 12 seconds is at risk for falling.',
    verified: true,
    note:
      'Confirmed: the test procedure (3 m, usual pace, turn, sit) and the ≥ 12 s cut-off, read on the CDC STEADI TUG form as reproduced online and on two physiotherapy pages that quote it. ' +
      'Not confirmed: the cut-off printed in the MOPH elderly screening manual 2564 (its text could not be read here); other studies use 13.5 s or 14 s. ' +
      'The Thai instructions are CareHub’s own wording.',
  },
  items: [
    {
      id: 'seconds',
      type: 'number',
      min: 0,
      max: 300,
      label: { th: 'เวลาที่ใช้ (วินาทีเต็ม ตัดเศษทิ้ง)', en: 'Time taken (whole seconds, fraction dropped)' },
      help: {
        th: 'บันทึกเป็นวินาทีเต็มโดยตัดเศษทิ้ง เช่น 11.8 วินาที บันทึก 11 ถ้าลุกเดินเองไม่ได้ อย่าทดสอบ ให้บันทึกในแบบคัดกรองแทน',
        en: 'Record whole seconds, dropping the fraction (11.8 s → 11). If the person cannot stand and walk, do not test; note it in the screening instead.',
      },
    },
    {
      id: 'walking_aid',
      type: 'yesno',
      required: false,
      label: { th: 'ใช้อุปกรณ์ช่วยเดินระหว่างทดสอบ (เช่น ไม้เท้า วอล์กเกอร์)', en: 'Used a walking aid during the test (e.g. cane, walker)' },
    },
  ],
  scores: [{ id: 'seconds', label: { th: 'เวลา TUG (วินาที)', en: 'TUG time (seconds)' }, method: 'sum', items: ['seconds'], min: 0, max: 300 }],
  bands: [
    { score: 'seconds', min: 0, max: 11, code: 'normal', label: { th: 'น้อยกว่า 12 วินาที: ปกติ', en: 'Under 12 seconds: normal' }, severity: 'none' },
    {
      score: 'seconds',
      min: 12,
      max: 300,
      code: 'fall_risk',
      label: { th: '12 วินาทีขึ้นไป: เสี่ยงต่อการหกล้ม', en: '12 seconds or more: at risk of falling' },
      severity: 'moderate',
    },
  ],
  alerts: [
    {
      when: { score: 'seconds', gte: 12 },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'TUG 12 วินาทีขึ้นไป: เสี่ยงหกล้ม ประเมินปัจจัยเสี่ยงเพิ่มเติมและวางแผนป้องกันการหกล้ม',
        en: 'TUG 12 seconds or more: at risk of falling; assess fall risk factors further and plan fall prevention',
      },
    },
  ],
};

/**
 * Thai Fall Risk Assessment Test (Thai-FRAT): six risk factors weighted 5, 1, 1, 1, 2 and 1, total
 * 0–11; 4 or more is a high risk of falling.
 */
export const THAI_FRAT: InstrumentInput = {
  code: 'thai_frat',
  version: 1,
  title: { th: 'แบบประเมินความเสี่ยงต่อการหกล้มในผู้สูงอายุไทย (Thai-FRAT)', en: 'Thai Fall Risk Assessment Test (Thai-FRAT)' },
  source: {
    citation:
      'Thiamwong L, Thamarpirat J, Maneesriwongul W, Jitapunkul S. Thai falls risk assessment test (Thai-FRAT) developed for community-dwelling Thai elderly. ' +
      'J Med Assoc Thai 2008;91(12):1823–1831; recommended in the Department of Medical Services (กรมการแพทย์) geriatric screening guidance.',
    verified: false,
    note:
      'Not confirmed against the paper or a printed form: the paper and form could not be read here. The six factors, their weights (previous fall 5, female 1, ' +
      'fall-risk medicines 1, impaired vision 1, impaired tandem walk 2, Thai-style raised house 1), the 0–11 total and the ≥ 4 high-risk cut-off follow the tool as commonly taught ' +
      'and the brief; the 6-month fall window and the medicine list are to be verified against the published form. Item wording is CareHub’s own.',
  },
  items: [
    {
      id: 'previous_fall',
      type: 'yesno',
      yesScore: 5,
      label: { th: 'เคยหกล้ม', en: 'Has fallen' },
      timeFrame: { th: 'ใน 6 เดือนที่ผ่านมา', en: 'In the past 6 months' },
    },
    { id: 'female', type: 'yesno', yesScore: 1, label: { th: 'เพศหญิง', en: 'Female' } },
    {
      id: 'medicines',
      type: 'yesno',
      yesScore: 1,
      label: { th: 'ใช้ยาที่เพิ่มความเสี่ยงต่อการหกล้ม', en: 'Takes medicines that raise the risk of falling' },
      help: {
        th: 'เช่น ยานอนหลับ ยาคลายกังวล ยาต้านซึมเศร้า ยาลดความดันโลหิต ยาขับปัสสาวะ (ตรวจรายการยาตามแบบฟอร์ม)',
        en: 'For example sleeping pills, anxiolytics, antidepressants, blood-pressure medicines, diuretics (check the list on the form)',
      },
    },
    {
      id: 'vision',
      type: 'yesno',
      yesScore: 1,
      label: { th: 'การมองเห็นบกพร่อง', en: 'Impaired vision' },
    },
    {
      id: 'tandem_walk',
      type: 'yesno',
      yesScore: 2,
      label: { th: 'การทรงตัวบกพร่อง: เดินต่อส้นเท้าเป็นเส้นตรงไม่ได้', en: 'Impaired balance: cannot walk heel-to-toe in a straight line' },
    },
    {
      id: 'thai_house',
      type: 'yesno',
      yesScore: 1,
      label: { th: 'อาศัยอยู่ในบ้านทรงไทยยกพื้นสูง ต้องขึ้นลงบันได', en: 'Lives in a raised Thai-style house with stairs' },
    },
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนน Thai-FRAT รวม', en: 'Thai-FRAT total' },
      method: 'sum',
      items: ['previous_fall', 'female', 'medicines', 'vision', 'tandem_walk', 'thai_house'],
      min: 0,
      max: 11,
    },
  ],
  bands: [
    { score: 'total', min: 0, max: 3, code: 'low', label: { th: 'ความเสี่ยงต่ำ', en: 'Low risk' }, severity: 'none' },
    { score: 'total', min: 4, max: 11, code: 'high', label: { th: 'เสี่ยงสูงต่อการหกล้ม', en: 'High risk of falling' }, severity: 'high' },
  ],
  alerts: [
    {
      when: { score: 'total', gte: 4 },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'Thai-FRAT 4 คะแนนขึ้นไป: เสี่ยงสูงต่อการหกล้ม วางแผนป้องกันการหกล้มและปรับสภาพบ้าน',
        en: 'Thai-FRAT 4 or more: high risk of falling; plan fall prevention and home adaptation',
      },
    },
  ],
};
