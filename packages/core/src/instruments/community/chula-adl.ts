import type { InstrumentInput } from '../schema.js';

const o = (score: number, th: string, en: string) => ({ value: score, score, label: { th, en } });

/**
 * Chula ADL index: five extended (instrumental) activities of daily living, total 0–9. It has no
 * published cut-off that could be confirmed here, so its one band only names the score.
 */
export const CHULA_ADL: InstrumentInput = {
  code: 'chula_adl',
  version: 1,
  title: { th: 'ดัชนีจุฬาเอดีแอล (Chula ADL index)', en: 'Chula ADL index (extended ADL)' },
  description: {
    th: 'ประเมินสิ่งที่ทำอยู่จริง ไม่ใช่สิ่งที่คิดว่าทำได้ ถ้าต้องมีคนช่วยหรือคอยดูแลขณะทำ ไม่ได้คะแนนเต็ม',
    en: 'Rate what the person actually does, not what they could do; needing help or supervision is not full marks',
  },
  source: {
    citation:
      'Jitapunkul S, Kamolratanakul P, Ebrahim S. The meaning of activities of daily living in a Thai elderly population: development of a new index. Age Ageing 1994;23(2):97–101.',
    verified: false,
    note:
      'Confirmed: the index was developed in that paper as an extended ADL index for Thai elders (abstract read). Not confirmed against the paper or a printed form: ' +
      'the five items and their ranges (walking outdoors 0–3, cooking 0–2, heavy housework 0–1, money exchange 0–1, public transport 0–2; total 0–9) follow the form as commonly used in Thai clinics ' +
      '(seen only on an unofficial web form), and the usual time frame of the questions (often given as the past 1–2 weeks) is to be verified. No cut-off is applied. Wording is CareHub’s own.',
  },
  items: [
    {
      id: 'walking_outdoors',
      type: 'single',
      label: { th: 'การเดินหรือเคลื่อนที่นอกบ้าน', en: 'Walking outdoors' },
      options: [
        o(0, 'เดินไม่ได้', 'Unable'),
        o(1, 'ใช้รถเข็นได้เอง หรือต้องมีคนพยุง 2 คน', 'Wheelchair by self, or two people to support'),
        o(2, 'ต้องมีคนพยุงหรือเดินไปด้วยตลอด', 'Needs one person to support or accompany throughout'),
        o(3, 'เดินได้เอง (รวมการใช้อุปกรณ์ช่วยเดิน)', 'Independent (walking aid allowed)'),
      ],
    },
    {
      id: 'cooking',
      type: 'single',
      label: { th: 'การทำหรือเตรียมอาหาร หุงข้าว', en: 'Cooking or preparing food' },
      options: [
        o(0, 'ทำไม่ได้', 'Unable'),
        o(1, 'ทำได้ถ้ามีคนช่วยหรือเตรียมบางอย่างไว้ให้', 'Can if helped or if some things are prepared beforehand'),
        o(2, 'ทำได้เอง', 'Independent'),
      ],
    },
    {
      id: 'heavy_housework',
      type: 'single',
      label: { th: 'งานบ้านหนัก เช่น ถูบ้าน ซักรีดเสื้อผ้า', en: 'Heavy housework (e.g. mopping, laundry)' },
      options: [o(0, 'ทำไม่ได้ หรือต้องมีคนช่วย', 'Unable, or needs help'), o(1, 'ทำได้เอง', 'Independent')],
    },
    {
      id: 'money_exchange',
      type: 'single',
      label: { th: 'การทอนเงิน แลกเงิน', en: 'Handling change and exchanging money' },
      options: [o(0, 'ทำไม่ได้ หรือต้องมีคนช่วย', 'Unable, or needs help'), o(1, 'ทำได้เอง', 'Independent')],
    },
    {
      id: 'public_transport',
      type: 'single',
      label: { th: 'การใช้บริการรถโดยสาร เช่น รถเมล์ รถสองแถว', en: 'Using public transport (e.g. bus, songthaew)' },
      options: [o(0, 'ไปไม่ได้', 'Unable'), o(1, 'ไปได้ถ้ามีคนไปด้วย', 'Only when accompanied'), o(2, 'ไปมาได้เอง', 'Independent')],
    },
  ],
  scores: [
    {
      id: 'total',
      label: { th: 'คะแนนจุฬาเอดีแอลรวม', en: 'Chula ADL total' },
      method: 'sum',
      items: ['walking_outdoors', 'cooking', 'heavy_housework', 'money_exchange', 'public_transport'],
      min: 0,
      max: 9,
    },
  ],
  bands: [
    {
      score: 'total',
      min: 0,
      max: 9,
      code: 'recorded',
      label: { th: 'คะแนน 0–9 (ยิ่งสูงยิ่งทำเองได้มาก ไม่มีเกณฑ์แบ่งระดับ)', en: 'Score 0–9 (higher is more independent; no cut-off applied)' },
      severity: 'none',
    },
  ],
};
