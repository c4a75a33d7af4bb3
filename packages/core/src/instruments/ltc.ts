import type { Condition, InstrumentInput } from './schema.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** ADL ≤ 11 (Barthel, Thai 20-point): a long-term care candidate (shared/domain/README.md). */
const DEPENDENT: Condition = { item: 'adl_total', in: range(0, 11) };
const MOVES_SOME = { item: 'mobility', equals: 'some' } as const;
const MOVES_NONE = { item: 'mobility', equals: 'none' } as const;
const dependentAnd = (...rest: Array<{ item: string; equals: string | boolean }>): Condition => ({ allOf: [DEPENDENT, ...rest] });

/**
 * The National Health Security Office's (สปสช.) long-term-care dependency grouping of older people
 * (ผู้สูงอายุที่มีภาวะพึ่งพิง): group 0 moves and does daily activities on their own; among the
 * dependent (Barthel ADL ≤ 11), group 1 moves somewhat and may have eating or toileting problems but
 * no confusion; group 2 is group 1 with confusion; group 3 cannot move on their own and may have
 * eating or toileting problems; group 4 is group 3 with a severe illness or at the end of life.
 *
 * Chosen over TAI (Typology of Aged with Illustration) because TAI's scoring rules (its mobility,
 * confusion, eating and toileting levels and how they combine into B/C/I groups) could not be
 * confirmed from a published source here, while the four group definitions could.
 */
export const LTC_GROUP: InstrumentInput = {
  code: 'ltc_group',
  version: 1,
  title: {
    th: 'การจัดกลุ่มผู้สูงอายุที่มีภาวะพึ่งพิงเพื่อการดูแลระยะยาว (LTC)',
    en: 'Long-term care dependency group (NHSO LTC grouping)',
  },
  description: {
    th: 'ใช้คะแนน ADL (บาร์เธล) ร่วมกับการเคลื่อนไหว ภาวะสับสน และการเจ็บป่วยรุนแรง เพื่อจัดกลุ่ม 0–4 ตามเกณฑ์ สปสช.',
    en: 'Combines the Barthel ADL total with mobility, confusion and severe illness into the NHSO groups 0–4.',
  },
  source: {
    citation:
      'สำนักงานหลักประกันสุขภาพแห่งชาติ (สปสช.): คู่มือสนับสนุนการบริหารจัดการระบบบริการดูแลระยะยาวด้านสาธารณสุขสำหรับผู้สูงอายุที่มีภาวะพึ่งพิงในระบบหลักประกันสุขภาพแห่งชาติ, มิถุนายน 2559; ' +
      'group definitions as printed on the NHSO region 8 LTC report (udonthani.nhso.go.th/ltc/ltc_re_group.php); LTC eligibility ADL ≤ 11 from shared/domain/README.md',
    verified: false,
    note:
      'Confirmed: the wording of groups 0–4 (NHSO region 8 LTC report) and ADL ≤ 11 as the LTC threshold (domain facts). ' +
      'Not confirmed against the NHSO manual itself: (1) that mobility, confusion and severe illness/end of life are assessed as the yes/no questions used here; ' +
      '(2) how the manual separates group 3 ("may have … or severe illness") from group 4 ("and severe illness or end of life") — here a yes to "severe illness or end of life" gives group 4; ' +
      '(3) the ADL ranges often quoted with the groups (1–2: ADL 5–11, 3–4: ADL 0–4), which are therefore not used. TAI was not implemented (rules unconfirmed).',
  },
  items: [
    {
      id: 'adl_total',
      type: 'number',
      min: 0,
      max: 20,
      label: { th: 'คะแนน ADL (ดัชนีบาร์เธลเอดีแอล 0–20) จากการประเมินล่าสุด', en: 'Barthel ADL total (0–20) from the latest assessment' },
    },
    {
      id: 'mobility',
      type: 'single',
      showIf: DEPENDENT,
      label: { th: 'การเคลื่อนไหว', en: 'Mobility' },
      options: [
        { value: 'some', label: { th: 'เคลื่อนไหวได้บ้าง', en: 'Moves somewhat on their own' } },
        { value: 'none', label: { th: 'เคลื่อนไหวเองไม่ได้', en: 'Cannot move on their own' } },
      ],
    },
    {
      id: 'confusion',
      type: 'yesno',
      showIf: dependentAnd(MOVES_SOME),
      label: { th: 'มีภาวะสับสนทางสมอง (เช่น สมองเสื่อม)', en: 'Has cognitive confusion (e.g. dementia)' },
    },
    {
      id: 'severe_illness',
      type: 'yesno',
      showIf: dependentAnd(MOVES_NONE),
      label: { th: 'มีอาการเจ็บป่วยรุนแรง หรืออยู่ในระยะท้ายของชีวิต', en: 'Has a severe illness or is at the end of life' },
    },
    {
      id: 'eating_problem',
      type: 'yesno',
      showIf: DEPENDENT,
      label: { th: 'มีปัญหาการกิน', en: 'Has eating problems' },
      needs: { true: 'care.eating' },
    },
    {
      id: 'toileting_problem',
      type: 'yesno',
      showIf: DEPENDENT,
      label: { th: 'มีปัญหาการขับถ่าย', en: 'Has toileting (continence) problems' },
      needs: { true: 'care.toileting' },
    },
  ],
  classifications: [
    {
      id: 'group',
      label: { th: 'กลุ่มผู้สูงอายุที่มีภาวะพึ่งพิง', en: 'Dependency group' },
      rules: [
        {
          when: { item: 'adl_total', in: range(12, 20) },
          code: 'group0',
          label: { th: 'กลุ่ม 0: เคลื่อนไหวได้เอง และปฏิบัติกิจวัตรประจำวันได้ด้วยตัวเอง', en: 'Group 0: moves and does daily activities on their own' },
          severity: 'none',
        },
        {
          when: dependentAnd(MOVES_SOME, { item: 'confusion', equals: false }),
          code: 'group1',
          label: {
            th: 'กลุ่ม 1: เคลื่อนไหวได้บ้าง และอาจมีปัญหาการกิน หรือการขับถ่าย แต่ไม่มีภาวะสับสนทางสมอง',
            en: 'Group 1: moves somewhat, may have eating or toileting problems, no confusion',
          },
          severity: 'low',
        },
        {
          when: dependentAnd(MOVES_SOME, { item: 'confusion', equals: true }),
          code: 'group2',
          label: { th: 'กลุ่ม 2: เหมือนกลุ่มที่ 1 แต่มีภาวะสับสนทางสมอง', en: 'Group 2: as group 1, with confusion' },
          severity: 'moderate',
        },
        {
          when: dependentAnd(MOVES_NONE, { item: 'severe_illness', equals: false }),
          code: 'group3',
          label: {
            th: 'กลุ่ม 3: เคลื่อนไหวเองไม่ได้ และอาจมีปัญหาการกิน หรือการขับถ่าย',
            en: 'Group 3: cannot move on their own, may have eating or toileting problems',
          },
          severity: 'high',
        },
        {
          when: dependentAnd(MOVES_NONE, { item: 'severe_illness', equals: true }),
          code: 'group4',
          label: {
            th: 'กลุ่ม 4: เหมือนกลุ่มที่ 3 และมีอาการเจ็บป่วยรุนแรง หรืออยู่ในระยะท้ายของชีวิต',
            en: 'Group 4: as group 3, with a severe illness or at the end of life',
          },
          severity: 'urgent',
        },
      ],
    },
  ],
  alerts: [
    {
      when: dependentAnd(MOVES_NONE, { item: 'severe_illness', equals: true }),
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'กลุ่ม 4 (ติดเตียง เจ็บป่วยรุนแรงหรือระยะท้าย): ทบทวนแผนการดูแลและการดูแลแบบประคับประคอง',
        en: 'Group 4 (bedbound, severely ill or at the end of life): review the care plan and palliative care',
      },
    },
  ],
};
