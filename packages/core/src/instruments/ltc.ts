import type { Condition, InstrumentInput, SimpleCondition } from './schema.js';

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
 *
 * Version 1, as first shipped; kept unchanged for the responses made with it.
 */
export const LTC_GROUP_V1: InstrumentInput = {
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

const v1Item = (id: string) => LTC_GROUP_V1.items.find((i) => i.id === id)!;
const v1Rule = (code: string) => LTC_GROUP_V1.classifications!.find((c) => c.id === 'group')!.rules.find((r) => r.code === code)!;

/** Universal Coverage (บัตรทอง): the only scheme whose members the NHSO long-term-care fund pays for. */
const UC: SimpleCondition = { item: 'scheme', equals: 'uc' };
const NOT_UC: SimpleCondition = { item: 'scheme', in: ['sss', 'csmbs', 'other'] };
const ADL_12_UP: SimpleCondition = { item: 'adl_total', in: range(12, 20) };
const ADL_11_DOWN: SimpleCondition = { item: 'adl_total', in: range(0, 11) };
const PALLIATIVE: SimpleCondition = { item: 'palliative', equals: true };
const NOT_PALLIATIVE: SimpleCondition = { item: 'palliative', equals: false };
const DEMENTIA_MODERATE_UP: SimpleCondition = { item: 'dementia', in: ['moderate', 'severe'] };
const DEMENTIA_BELOW_MODERATE: SimpleCondition = { item: 'dementia', in: ['none', 'mild'] };

/**
 * The NHSO long-term-care grouping as published now (version 2). Only Universal Coverage members are
 * eligible for the NHSO fund, and a member of another scheme is told so instead of being grouped
 * silently. Dependent people (ADL ≤ 11) of every age qualify; since the NHSO board's July 2024
 * expansion so do people with moderate dementia and palliative patients whose ADL is above 11.
 * Group 3 includes a severe illness (the v1 question "severe illness or end of life" gave group 4);
 * the end of life is its own outcome, whatever the group.
 */
export const LTC_GROUP: InstrumentInput = {
  ...LTC_GROUP_V1,
  version: 2,
  description: {
    th:
      'สิทธิกองทุนดูแลระยะยาวของ สปสช. เฉพาะสิทธิบัตรทอง: ผู้ที่มีภาวะพึ่งพิง ADL ≤ 11 ทุกกลุ่มอายุ และตั้งแต่ ก.ค. 2567 ผู้มีภาวะสมองเสื่อมระดับปานกลางและผู้ป่วยระยะประคับประคองแม้ ADL เกิน 11; ' +
      'จัดกลุ่มภาวะพึ่งพิง 0–3 ตามการเคลื่อนไหวและภาวะสับสน; ระยะท้ายของชีวิตแยกเป็นอีกผลหนึ่ง',
    en:
      'NHSO long-term-care fund, Universal Coverage members only: dependent people (ADL ≤ 11) of every age, and since July 2024 people with moderate dementia and palliative patients even with ADL above 11; ' +
      'dependency groups 0–3 by mobility and confusion; the end of life is a separate outcome',
  },
  source: {
    citation:
      'สำนักงานหลักประกันสุขภาพแห่งชาติ (สปสช.): คู่มือสนับสนุนการบริหารจัดการระบบบริการดูแลระยะยาวด้านสาธารณสุขสำหรับผู้สูงอายุที่มีภาวะพึ่งพิงในระบบหลักประกันสุขภาพแห่งชาติ, มิถุนายน 2559; ' +
      'group definitions as printed on the NHSO region 8 LTC report (udonthani.nhso.go.th/ltc/ltc_re_group.php); ' +
      'มติคณะกรรมการหลักประกันสุขภาพแห่งชาติ (บอร์ด สปสช.) กรกฎาคม 2567: ค่าบริการดูแลระยะยาว 10,442 บาทต่อคนต่อปี และขยายกลุ่มเป้าหมายผู้มีภาวะสมองเสื่อมและผู้ป่วยระยะประคับประคอง ' +
      '(as reported by the government spokesman, คมชัดลึก 3 ก.ค. 2567, and กรุงเทพธุรกิจ); eligibility rules also from shared/domain/README.md (review of 2026-12).',
    verified: false,
    note:
      'Confirmed by reading: the wording of groups 0–4 on the NHSO region 8 report, whose group 3 already includes "หรือมีอาการเจ็บป่วยรุนแรง" (so a severe illness alone is group 3 here); ' +
      'that the July 2024 decision raised the rate to 10,442 baht a year and extended LTC to people with dementia and palliative (end-stage) patients who need care like those with ADL ≤ 11 (news reports of the board decision). ' +
      'From the domain facts, not re-read here: UC-only eligibility, ADL ≤ 11 for dependent people of all ages, "moderate" as the dementia level, and the end of life as an outcome separate from the groups. ' +
      'Not confirmed: the board resolution text itself; whether severe dementia with ADL above 11 qualifies (counted here as moderate or worse); ' +
      'which dependency group the July 2024 groups belong to when their ADL is above 11 (group 0 by ADL here, their eligibility named separately); ' +
      'and that the NHSO assesses mobility, confusion, severe illness, dementia level, palliative status and the end of life as the questions used here. TAI was not implemented (rules unconfirmed).',
  },
  items: [
    {
      id: 'scheme',
      type: 'single',
      label: { th: 'สิทธิการรักษาพยาบาล', en: 'Health coverage scheme' },
      options: [
        { value: 'uc', label: { th: 'หลักประกันสุขภาพแห่งชาติ (บัตรทอง, UC)', en: 'Universal Coverage (gold card, UC)' } },
        { value: 'sss', label: { th: 'ประกันสังคม', en: 'Social Security' } },
        { value: 'csmbs', label: { th: 'สวัสดิการข้าราชการ หรือรัฐวิสาหกิจ/องค์กรปกครองส่วนท้องถิ่น', en: 'Civil servant, state enterprise or local government scheme' } },
        { value: 'other', label: { th: 'อื่น ๆ หรือไม่มีสิทธิ', en: 'Other, or none' } },
      ],
    },
    v1Item('adl_total'),
    v1Item('mobility'),
    v1Item('confusion'),
    { ...v1Item('severe_illness'), label: { th: 'มีอาการเจ็บป่วยรุนแรง', en: 'Has a severe illness' } },
    v1Item('eating_problem'),
    v1Item('toileting_problem'),
    {
      id: 'dementia',
      type: 'single',
      showIf: ADL_12_UP,
      label: { th: 'ภาวะสมองเสื่อม (ตามการวินิจฉัยของแพทย์)', en: 'Dementia (as diagnosed by a doctor)' },
      options: [
        { value: 'none', label: { th: 'ไม่มี หรือยังไม่ได้รับการวินิจฉัย', en: 'None, or not diagnosed' } },
        { value: 'mild', label: { th: 'ระดับเล็กน้อย', en: 'Mild' } },
        { value: 'moderate', label: { th: 'ระดับปานกลาง', en: 'Moderate' } },
        { value: 'severe', label: { th: 'ระดับรุนแรง', en: 'Severe' } },
      ],
    },
    {
      id: 'palliative',
      type: 'yesno',
      label: { th: 'เป็นผู้ป่วยที่ต้องได้รับการดูแลแบบประคับประคอง (palliative care)', en: 'Is a palliative care patient' },
    },
    {
      id: 'end_of_life',
      type: 'yesno',
      showIf: PALLIATIVE,
      label: { th: 'อยู่ในระยะท้ายของชีวิต', en: 'Is at the end of life' },
    },
  ],
  classifications: [
    {
      id: 'group',
      label: { th: 'กลุ่มผู้ที่มีภาวะพึ่งพิง', en: 'Dependency group' },
      rules: [
        v1Rule('group0'),
        v1Rule('group1'),
        v1Rule('group2'),
        {
          when: dependentAnd(MOVES_NONE),
          code: 'group3',
          label: {
            th: 'กลุ่ม 3: เคลื่อนไหวเองไม่ได้ และอาจมีปัญหาการกิน หรือการขับถ่าย หรือมีอาการเจ็บป่วยรุนแรง',
            en: 'Group 3: cannot move on their own, may have eating or toileting problems or a severe illness',
          },
          severity: 'high',
        },
      ],
    },
    {
      id: 'end_of_life',
      label: { th: 'ระยะท้ายของชีวิต', en: 'End of life' },
      rules: [
        {
          when: { item: 'end_of_life', equals: true },
          code: 'end_of_life',
          label: { th: 'อยู่ในระยะท้ายของชีวิต: ดูแลแบบประคับประคองระยะท้าย', en: 'At the end of life: end-of-life palliative care' },
          severity: 'urgent',
        },
      ],
    },
    {
      id: 'nhso_ltc',
      label: { th: 'สิทธิกองทุนดูแลระยะยาว (LTC) ของ สปสช.', en: 'NHSO long-term-care (LTC) fund eligibility' },
      rules: [
        {
          when: NOT_UC,
          code: 'not_uc',
          label: { th: 'ไม่มีสิทธิกองทุน LTC ของ สปสช.: ไม่ใช่สิทธิบัตรทอง', en: 'Not eligible for the NHSO LTC fund: not a UC member' },
          severity: 'none',
        },
        {
          when: { allOf: [UC, ADL_11_DOWN] },
          code: 'dependent',
          label: { th: 'มีสิทธิ: ผู้ที่มีภาวะพึ่งพิง ADL ≤ 11', en: 'Eligible: dependent, ADL ≤ 11' },
          severity: 'moderate',
        },
        {
          when: { allOf: [UC, ADL_12_UP, PALLIATIVE] },
          code: 'palliative',
          label: { th: 'มีสิทธิ: ผู้ป่วยระยะประคับประคอง (ขยายสิทธิ ก.ค. 2567)', en: 'Eligible: palliative patient (July 2024 expansion)' },
          severity: 'moderate',
        },
        {
          when: { allOf: [UC, ADL_12_UP, NOT_PALLIATIVE, DEMENTIA_MODERATE_UP] },
          code: 'dementia',
          label: { th: 'มีสิทธิ: ภาวะสมองเสื่อมระดับปานกลางขึ้นไป (ขยายสิทธิ ก.ค. 2567)', en: 'Eligible: moderate or worse dementia (July 2024 expansion)' },
          severity: 'moderate',
        },
        {
          when: { allOf: [UC, ADL_12_UP, NOT_PALLIATIVE, DEMENTIA_BELOW_MODERATE] },
          code: 'not_eligible',
          label: {
            th: 'ยังไม่เข้าเกณฑ์: ADL เกิน 11 ไม่มีภาวะสมองเสื่อมระดับปานกลาง และไม่ใช่ผู้ป่วยระยะประคับประคอง',
            en: 'Not eligible: ADL above 11, no moderate dementia, not palliative',
          },
          severity: 'none',
        },
      ],
    },
  ],
  alerts: [
    {
      when: { allOf: [NOT_UC, ADL_11_DOWN] },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'ADL ≤ 11 แต่ไม่มีสิทธิกองทุน LTC ของ สปสช. (ไม่ใช่สิทธิบัตรทอง): ตรวจสอบสิทธิตามกองทุนของผู้รับบริการ และการช่วยเหลือจากท้องถิ่น',
        en: 'ADL ≤ 11 but not eligible for the NHSO LTC fund (not UC): check the person’s own scheme and local support',
      },
    },
    {
      when: dependentAnd(MOVES_NONE, { item: 'severe_illness', equals: true }),
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'กลุ่ม 3 ที่มีอาการเจ็บป่วยรุนแรง: ทบทวนแผนการดูแล',
        en: 'Group 3 with a severe illness: review the care plan',
      },
    },
    {
      when: { item: 'end_of_life', equals: true },
      severity: 'warning',
      action: 'notify',
      message: {
        th: 'ระยะท้ายของชีวิต: วางแผนการดูแลแบบประคับประคองระยะท้ายร่วมกับครอบครัว',
        en: 'End of life: plan end-of-life palliative care with the family',
      },
    },
  ],
};

/** Every shipped version, oldest first. */
export const LTC_VERSIONS: InstrumentInput[] = [LTC_GROUP_V1, LTC_GROUP];
