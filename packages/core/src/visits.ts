/**
 * Home visits, the pure part (DESIGN.md §4, §6): the coded taxonomy of needs and help, vital signs
 * with their plausible ranges and alarm thresholds, the next-visit suggestion, the follow-up rules and
 * the API shapes. No I/O: the server and the phone (offline) run the same rules.
 */
import { z } from 'zod';
import type { FieldIssue } from './errors.js';
import type { AdlGroup } from './person.js';
import { CLOCK_SKEW_MS, eventTimeProblem, inThailand, photoMatchesType } from './plausible.js';

export type Label = { th: string; en: string };
const l = (th: string, en: string): Label => ({ th, en });

// ---------------------------------------------------------------------------------------------
// Need and help taxonomy
// ---------------------------------------------------------------------------------------------

/**
 * Needs by category; a code is `category.item`. Every code an instrument's `Item.needs` can create
 * (social needs, INHOMESSS, long-term-care group) is here: visits.test.ts walks STANDARD_INSTRUMENTS.
 * Codes are stored with visits, so a code, once shipped, is never renamed or removed.
 */
const NEED_TAXONOMY = {
  device: {
    label: l('อุปกรณ์ช่วยเหลือคนพิการ/ผู้สูงอายุ', 'Assistive devices'),
    needs: {
      'device.wheelchair': l('รถเข็นนั่ง', 'Wheelchair'),
      'device.walker': l('โครงเหล็กช่วยเดิน', 'Walker'),
      'device.cane': l('ไม้เท้า', 'Cane'),
      'device.white_cane': l('ไม้เท้าขาว', 'White cane'),
      'device.prosthesis': l('แขนขาเทียม/กายอุปกรณ์เสริม', 'Prosthesis or orthosis'),
      'device.hospital_bed': l('เตียงผู้ป่วย', 'Hospital bed'),
      'device.air_mattress': l('ที่นอนลม', 'Air mattress'),
      'device.commode': l('เก้าอี้นั่งถ่าย', 'Commode chair'),
      'device.diapers': l('ผ้าอ้อมผู้ใหญ่', 'Adult diapers'),
      'device.hearing_aid': l('เครื่องช่วยฟัง', 'Hearing aid'),
      'device.glasses': l('แว่นตา', 'Glasses'),
    },
  },
  housing: {
    label: l('ที่อยู่อาศัยและการปรับสภาพบ้าน', 'Housing and home modification'),
    needs: {
      'housing.needs_repair': l('บ้านชำรุด ต้องซ่อมแซม', 'Home needs repair'),
      'housing.unsafe': l('บ้านไม่ปลอดภัย', 'Unsafe home'),
      'housing.homeless': l('ไม่มีที่อยู่อาศัย', 'No place to live'),
      'housing.adaptation': l('ปรับสภาพบ้าน (ราวจับ ทางลาด ห้องน้ำ)', 'Home adaptation (rails, ramp, bathroom)'),
      'housing.no_utilities': l('ไม่มีน้ำประปาหรือไฟฟ้าใช้', 'No running water or electricity'),
    },
  },
  income: {
    label: l('รายได้และอาชีพ', 'Income and work'),
    needs: {
      'income.no_income': l('ไม่มีรายได้', 'No income'),
      'income.insufficient': l('รายได้ไม่เพียงพอ', 'Income not enough'),
      'income.debt': l('หนี้สินเป็นภาระ', 'Debt burden'),
      'income.needs_work': l('ต้องการอาชีพหรืองานทำ', 'Needs work or a livelihood'),
    },
  },
  rights: {
    label: l('สิทธิและสวัสดิการ', 'Rights and welfare'),
    needs: {
      'rights.disability_allowance': l('ยังไม่ได้รับเบี้ยความพิการ', 'Disability allowance not received'),
      'rights.elderly_allowance': l('ยังไม่ได้รับเบี้ยยังชีพผู้สูงอายุ', 'Elderly allowance not received'),
      'rights.health_coverage': l('ไม่มีสิทธิการรักษาพยาบาล', 'No health coverage'),
      'rights.state_welfare_card': l('ยังไม่มีบัตรสวัสดิการแห่งรัฐ', 'No state welfare card'),
      'rights.legal_aid': l('ต้องการความช่วยเหลือทางกฎหมาย', 'Needs legal aid'),
    },
  },
  documents: {
    label: l('เอกสารประจำตัว', 'Identity documents'),
    needs: {
      'documents.no_id_card': l('ไม่มีบัตรประชาชน', 'No national ID card'),
      'documents.no_house_registration': l('ไม่มีทะเบียนบ้าน', 'No house registration'),
      'documents.no_birth_certificate': l('ไม่มีสูติบัตร', 'No birth certificate'),
      'documents.no_disability_card': l('ยังไม่มีบัตรคนพิการ', 'No disability card'),
      'documents.disability_card_expired': l('บัตรคนพิการหมดอายุ', 'Disability card expired'),
    },
  },
  family: {
    label: l('ครอบครัวและผู้ดูแล', 'Family and caregivers'),
    needs: {
      'family.no_caregiver': l('ไม่มีผู้ดูแล', 'No caregiver'),
      'family.caregiver_inadequate': l('ผู้ดูแลดูแลได้ไม่เพียงพอ', 'Caregiver cannot cope'),
      'family.caregiver_strain': l('ผู้ดูแลมีภาระหรือความเครียดสูง', 'Caregiver under heavy strain'),
      'family.lives_alone': l('อยู่ลำพัง', 'Lives alone'),
      'family.abuse_risk': l('เสี่ยงถูกทำร้ายหรือทอดทิ้ง', 'Risk of abuse or neglect'),
    },
  },
  care: {
    label: l('การดูแลกิจวัตรประจำวัน', 'Personal care'),
    needs: {
      'care.eating': l('ต้องช่วยเรื่องการกินอาหาร', 'Needs help with eating'),
      'care.toileting': l('ต้องช่วยเรื่องการขับถ่าย', 'Needs help with toileting'),
      'care.bathing': l('ต้องช่วยเรื่องการอาบน้ำ', 'Needs help with bathing'),
      'care.transfer': l('ต้องช่วยพลิกตัว/เคลื่อนย้าย', 'Needs help turning or transferring'),
    },
  },
  medical: {
    label: l('การรักษาพยาบาล', 'Medical care'),
    needs: {
      'medical.follow_up': l('ต้องพบแพทย์/ติดตามการรักษา', 'Needs a doctor or follow-up'),
      'medical.medication': l('ปัญหาการใช้ยา', 'Medication problem'),
      'medical.wound_care': l('ต้องทำแผล/แผลกดทับ', 'Wound or pressure-sore care'),
      'medical.tube_care': l('ต้องดูแลสายให้อาหาร/สายสวนปัสสาวะ', 'Feeding tube or catheter care'),
      'medical.uncontrolled_chronic': l('โรคเรื้อรังควบคุมไม่ได้', 'Chronic illness not controlled'),
      'medical.transport': l('ไม่มีรถไปโรงพยาบาล', 'No transport to hospital'),
    },
  },
  rehab: {
    label: l('การฟื้นฟูสมรรถภาพ', 'Rehabilitation'),
    needs: {
      'rehab.physiotherapy': l('ต้องการกายภาพบำบัด', 'Needs physiotherapy'),
      'rehab.occupational_therapy': l('ต้องการกิจกรรมบำบัด', 'Needs occupational therapy'),
      'rehab.speech_therapy': l('ต้องการอรรถบำบัด/ฝึกพูด', 'Needs speech therapy'),
      'rehab.training': l('ฝึกทักษะการดำรงชีวิต', 'Daily-living skills training'),
    },
  },
  food: {
    label: l('อาหาร', 'Food'),
    needs: {
      'food.insecure': l('อาหารไม่เพียงพอ', 'Not enough food'),
      'food.cannot_prepare': l('ทำอาหารเองไม่ได้', 'Cannot prepare meals'),
      'food.special_diet': l('ต้องการอาหารเฉพาะโรค/อาหารทางสายยาง', 'Special or tube feeding'),
    },
  },
  mental: {
    label: l('สุขภาพจิต', 'Mental health'),
    needs: {
      'mental.depression': l('ซึมเศร้า/ต้องการการดูแลด้านจิตใจ', 'Depression; needs mental-health care'),
      'mental.suicide_risk': l('เสี่ยงฆ่าตัวตาย', 'Suicide risk'),
      'mental.cognitive': l('ความจำเสื่อม/สมองเสื่อม', 'Memory loss or dementia'),
      'mental.substance': l('ปัญหาสุราหรือสารเสพติด', 'Alcohol or drug problem'),
      'mental.isolation': l('แยกตัว ขาดการติดต่อสังคม', 'Social isolation'),
    },
  },
  social: {
    label: l('การมีส่วนร่วมทางสังคม', 'Social participation'),
    needs: {
      'social.no_participation': l('ไม่ได้ร่วมกิจกรรมในชุมชน', 'Takes no part in community life'),
      'social.discrimination': l('ถูกเลือกปฏิบัติ', 'Faces discrimination'),
      'social.education': l('ไม่ได้รับการศึกษาที่เหมาะสม', 'Not in suitable education'),
    },
  },
  safety: {
    label: l('ความปลอดภัยและการถูกกระทำ', 'Safety and abuse'),
    needs: {
      'safety.fall_risk': l('เสี่ยงหกล้ม', 'Risk of falls'),
      'safety.violence': l('ถูกทำร้ายร่างกายหรือจิตใจ', 'Physical or emotional abuse'),
      'safety.neglect': l('ถูกทอดทิ้ง/ละเลย', 'Neglect'),
      'safety.exploitation': l('ถูกแสวงประโยชน์ (เงิน ทรัพย์สิน แรงงาน)', 'Exploitation (money, property, labour)'),
    },
  },
  inhomesss: {
    label: l('การประเมินเยี่ยมบ้าน INHOMESSS', 'INHOMESSS home assessment'),
    needs: {
      'inhomesss.immobility': l('ปัญหาการเคลื่อนไหว', 'Immobility'),
      'inhomesss.nutrition': l('ปัญหาโภชนาการ', 'Nutrition'),
      'inhomesss.home_environment': l('ปัญหาสภาพแวดล้อมในบ้าน', 'Home environment'),
      'inhomesss.other_people': l('ปัญหาคนในครอบครัว/ผู้ดูแล', 'Other people'),
      // Named as the INHOMESSS form names its "M" component (instruments/inhomesss.ts), so it is not a
      // second "ปัญหาการใช้ยา" beside medical.medication in the same list.
      'inhomesss.medications': l('ยา (Medications): พบปัญหาจากการประเมิน INHOMESSS', 'Medications: problem found in the INHOMESSS assessment'),
      'inhomesss.examination': l('ผลตรวจร่างกายผิดปกติ', 'Examination'),
      'inhomesss.safety': l('ปัญหาความปลอดภัย', 'Safety'),
      'inhomesss.spiritual_health': l('ปัญหาด้านจิตวิญญาณ', 'Spiritual health'),
      'inhomesss.services': l('ยังไม่ได้รับบริการที่ควรได้', 'Services'),
    },
  },
  other: {
    label: l('อื่น ๆ', 'Other'),
    needs: { 'other.unspecified': l('ความต้องการอื่น (ระบุในบันทึก)', 'Other need (see note)') },
  },
} as const satisfies Record<string, { label: Label; needs: Record<string, Label> }>;

type Taxonomy = typeof NEED_TAXONOMY;
export type NeedCategory = keyof Taxonomy;
export type NeedCode = { [C in NeedCategory]: keyof Taxonomy[C]['needs'] & string }[NeedCategory];

/** The categories in display order, each with its needs (code → label). */
export const NEED_CATEGORIES: ReadonlyArray<{ code: NeedCategory; label: Label; needs: Readonly<Record<string, Label>> }> = (
  Object.entries(NEED_TAXONOMY) as Array<[NeedCategory, { label: Label; needs: Record<string, Label> }]>
).map(([code, c]) => ({ code, label: c.label, needs: c.needs }));

const NEEDS = new Map<string, Label>(NEED_CATEGORIES.flatMap((c) => Object.entries(c.needs)));
/** Every need code, for `z.enum(NEED_CODES)`. */
export const NEED_CODES = [...NEEDS.keys()] as [NeedCode, ...NeedCode[]];

const needsIn = (...categories: NeedCategory[]): NeedCode[] => NEED_CODES.filter((c) => categories.some((cat) => c.startsWith(`${cat}.`)));

/** Help given at a visit, each with the needs it answers (a need answered by help is no longer "unmet"). */
const HELP_TAXONOMY = {
  'help.device_lent': { label: l('ให้ยืม/มอบอุปกรณ์ช่วยเหลือ', 'Device lent or given'), addresses: [...needsIn('device'), 'inhomesss.immobility'] },
  'help.home_repair_requested': {
    label: l('ประสานซ่อม/ปรับสภาพบ้าน', 'Home repair or adaptation requested'),
    addresses: [...needsIn('housing'), 'safety.fall_risk', 'inhomesss.home_environment', 'inhomesss.safety'],
  },
  'help.allowance_applied': {
    label: l('ช่วยยื่นขอเบี้ยยังชีพ/สิทธิ', 'Helped apply for an allowance or right'),
    addresses: [...needsIn('rights', 'income'), 'inhomesss.services'],
  },
  'help.documents_arranged': { label: l('ช่วยทำเอกสาร/บัตร', 'Helped with documents or cards'), addresses: needsIn('documents') },
  'help.referred_hospital': {
    label: l('ส่งต่อโรงพยาบาล/รพ.สต.', 'Referred to a hospital or health centre'),
    addresses: [...needsIn('medical', 'rehab'), 'inhomesss.examination', 'inhomesss.services'],
  },
  'help.referred_social': {
    label: l('ส่งต่อหน่วยงานสังคม (พมจ./อปท.)', 'Referred to social services'),
    addresses: [...needsIn('family', 'income', 'safety', 'social'), 'housing.homeless', 'rights.legal_aid', 'inhomesss.services'],
  },
  'help.referred_mental_health': {
    label: l('ส่งต่อบริการสุขภาพจิต', 'Referred to mental-health services'),
    addresses: [...needsIn('mental'), 'inhomesss.spiritual_health'],
  },
  'help.abuse_reported': {
    label: l('แจ้งเหตุความรุนแรง/ทอดทิ้ง (ศูนย์ช่วยเหลือสังคม 1300)', 'Abuse or neglect reported (social assistance hotline 1300)'),
    addresses: ['family.abuse_risk', 'safety.violence', 'safety.neglect', 'safety.exploitation'],
  },
  'help.counselling': {
    label: l('ให้คำปรึกษา/พูดคุยให้กำลังใจ', 'Counselling and support'),
    addresses: ['mental.depression', 'mental.isolation', 'family.caregiver_strain', 'inhomesss.spiritual_health'],
  },
  'help.food_parcel': { label: l('มอบถุงยังชีพ/อาหาร', 'Food parcel'), addresses: [...needsIn('food'), 'inhomesss.nutrition'] },
  'help.personal_care': { label: l('ช่วยดูแลกิจวัตรประจำวัน', 'Personal care given'), addresses: needsIn('care') },
  'help.caregiver_training': {
    label: l('สอนผู้ดูแล', 'Caregiver coached'),
    addresses: [...needsIn('care'), 'family.caregiver_inadequate', 'medical.tube_care', 'inhomesss.other_people'],
  },
  'help.caregiver_arranged': {
    label: l('จัดหาผู้ดูแล (CG/อาสาสมัคร)', 'Caregiver arranged'),
    addresses: ['family.no_caregiver', 'family.caregiver_inadequate', 'family.lives_alone', 'inhomesss.other_people'],
  },
  'help.medication_check': { label: l('ตรวจสอบการใช้ยา', 'Medication checked'), addresses: ['medical.medication', 'inhomesss.medications'] },
  'help.wound_care': { label: l('ทำแผล', 'Wound dressed'), addresses: ['medical.wound_care'] },
  'help.physio_at_home': {
    label: l('กายภาพบำบัดที่บ้าน', 'Physiotherapy at home'),
    addresses: ['rehab.physiotherapy', 'care.transfer', 'inhomesss.immobility'],
  },
  'help.transport_arranged': { label: l('จัดรถรับส่งไปโรงพยาบาล', 'Transport arranged'), addresses: ['medical.transport'] },
  'help.health_education': {
    label: l('ให้ความรู้ด้านสุขภาพ', 'Health education'),
    addresses: ['safety.fall_risk', 'inhomesss.nutrition', 'inhomesss.safety', 'inhomesss.home_environment'],
  },
  'help.community_activity': {
    label: l('ชวนร่วมกิจกรรมชุมชน/ชมรม', 'Linked to community activities'),
    addresses: ['social.no_participation', 'mental.isolation'],
  },
  'help.other': { label: l('อื่น ๆ (ระบุในบันทึก)', 'Other (see note)'), addresses: ['other.unspecified'] },
} as const satisfies Record<`help.${string}`, { label: Label; addresses: readonly NeedCode[] }>;

export type HelpCode = keyof typeof HELP_TAXONOMY;
/** Help codes → label and the need codes each answers. */
export const HELP: Readonly<Record<HelpCode, { label: Label; addresses: readonly NeedCode[] }>> = HELP_TAXONOMY;
/** Every help code, for `z.enum(HELP_CODES)`. */
export const HELP_CODES = Object.keys(HELP_TAXONOMY) as [HelpCode, ...HelpCode[]];

export const isNeedCode = (code: unknown): code is NeedCode => typeof code === 'string' && NEEDS.has(code);
export const isHelpCode = (code: unknown): code is HelpCode => typeof code === 'string' && Object.hasOwn(HELP_TAXONOMY, code);
export const needLabel = (code: string): Label | undefined => NEEDS.get(code);
export const helpLabel = (code: string): Label | undefined => (isHelpCode(code) ? HELP[code].label : undefined);
/** Whether any of the help given answers the need. */
export const helpAddresses = (help: Iterable<string>, need: string): boolean =>
  [...help].some((h) => isHelpCode(h) && (HELP[h].addresses as readonly string[]).includes(need));

// ---------------------------------------------------------------------------------------------
// Vital signs
// ---------------------------------------------------------------------------------------------

/**
 * The vital signs a visit may record. A value outside `plausible` cannot be a reading of a living
 * person taken at a home visit: it is taken as a typing or measuring error and refused at entry (the
 * form and the server run the same `checkVitals`). A value inside the range but alarming (220/120,
 * 40.5 °C) is accepted and raises its alarm (VITAL_ALARMS). Where a limit is cited, the source is
 * beside it; the others are our own conventional limits, wide enough for any living person a
 * volunteer could measure, narrow enough to catch a slipped digit (e.g. 1200 for 120).
 *
 * Blood pressure (the limits narrowed in 2026-12, issue 17, when 300/20 was accepted as an alarm):
 * - Systolic at most 280 mmHg. A home upper-arm monitor reads up to 299 mmHg (e.g. the stated
 *   measuring range of the Omron HEM-7120, 0–299 mmHg) and a sphygmomanometer's scale ends at 300,
 *   so 300 is off the scale, not a reading. The editing criteria for ambulatory monitoring of
 *   Omboni S, Parati G, Zanchetti A, Mancia G (J Hypertens 1995;13:1105–12), as the `bp` R package
 *   applies them, drop a systolic above 240 or below 50 mmHg as artefact; we keep 40 mmHg above 240
 *   so that a real hypertensive emergency measured at rest (e.g. 250/140) is still recorded and
 *   raises bp.crisis.
 * - Diastolic at least 30 mmHg, with any systolic. The same criteria drop a diastolic below 40; a
 *   cuff reading under 30 is a failed measurement (Korotkoff sounds heard down to zero, or an
 *   oscillometric misfit), not a living person's pressure at rest, so 300/20 is refused on both
 *   counts.
 * - Diastolic below systolic (checkVitals: otherwise the two fields are probably swapped). No rule
 *   on the pulse pressure beyond that: we found no clinical source that fixes an impossible one.
 *
 * Temperature at most 43.0 °C. Clinical thermometers need only cover 35.5–42.0 °C (ISO
 * 80601-2-56:2017, rated output range) and household ones stop at about 42–43.9 °C (showing "H"
 * above). Heat stroke is a core temperature above 40 °C, and the critical thermal maximum of
 * humans is put at 41.6–42 °C for 45 minutes to 8 hours (Bouchama A, Knochel JP. Heat stroke.
 * N Engl J Med 2002;346:1978–88). Higher core temperatures have been survived in hospital, but a
 * reading above 43 °C from a home thermometer at a home visit is a slipped digit (45 for 40.5, 46
 * for 36) or a thermometer left in the sun. 40.5 °C is accepted and raises the fever alarm.
 */
export const VITALS = {
  systolic: { label: l('ความดันตัวบน', 'Systolic BP'), unit: 'mmHg', plausible: [50, 280], decimals: 0 },
  diastolic: { label: l('ความดันตัวล่าง', 'Diastolic BP'), unit: 'mmHg', plausible: [30, 200], decimals: 0 },
  pulse: { label: l('ชีพจร', 'Pulse'), unit: '/min', plausible: [20, 250], decimals: 0 },
  // A capillary reading with no fast (or none known: visits before `sugarFasting` existed): the
  // 7-colour tiers, which are fasting values, do not apply to it (see GLUCOSE_TIER_RULE).
  sugar: { label: l('น้ำตาลปลายนิ้ว (ไม่ได้งดอาหาร)', 'Blood sugar (capillary, not fasting)'), unit: 'mg/dL', plausible: [10, 900], decimals: 0 },
  // After at least 8 hours without food or caloric drinks (ADA Standards of Care, section 2).
  sugarFasting: {
    label: l('น้ำตาลปลายนิ้ว (งดอาหาร 8 ชม.)', 'Fasting blood sugar (capillary, 8 h)'),
    unit: 'mg/dL',
    plausible: [10, 900],
    decimals: 0,
  },
  weight: { label: l('น้ำหนัก', 'Weight'), unit: 'kg', plausible: [0.5, 350], decimals: 1 },
  temperature: { label: l('อุณหภูมิ', 'Temperature'), unit: '°C', plausible: [30, 43], decimals: 1 },
  spo2: { label: l('ออกซิเจนปลายนิ้ว', 'SpO₂'), unit: '%', plausible: [50, 100], decimals: 0 },
} as const satisfies Record<string, { label: Label; unit: string; plausible: readonly [number, number]; decimals: number }>;
export type VitalKey = keyof typeof VITALS;
export const VITAL_KEYS = Object.keys(VITALS) as VitalKey[];
/** Measured values; a missing (or null) value was not measured. */
export type Vitals = Partial<Record<VitalKey, number | null>>;

export type AlarmSeverity = 'warning' | 'urgent';
export interface VitalAlarm {
  code: string;
  severity: AlarmSeverity;
  message: Label;
}

type Plausible = Partial<Record<VitalKey, number>>;

// ---------------------------------------------------------------------------------------------
// The Thai 7-colour tiers, "ปิงปองจราจรชีวิต 7 สี"
// ---------------------------------------------------------------------------------------------

/*
 * Sources:
 * - Department of Disease Control, Ministry of Public Health (กรมควบคุมโรค กระทรวงสาธารณสุข), the
 *   community manual "ปิงปองจราจรชีวิต 7 สี" for hypertension and diabetes: the colours, their names
 *   and the fasting-glucose cut-offs 100 / 126 / 155 / 183 mg/dL.
 * - Thai Hypertension Society, 2019 Thai Guidelines on the Treatment of Hypertension: the blood
 *   pressure grades 140–159/90–99, 160–179/100–109, ≥ 180/≥ 110, and that when systolic and
 *   diastolic fall in different grades the higher one applies.
 * - CareHub's domain notes (shared/domain/README.md, "Confirmed or corrected after review").
 *
 * white ปกติ < 120/80, FBS < 100 · light green กลุ่มเสี่ยง 120–139/80–89, FBS 100–125 · dark green ป่วย
 * ควบคุมได้: a known patient below 140/90 or FBS < 126 · yellow ป่วยระดับ 1 · orange ป่วยระดับ 2 ·
 * red ป่วยระดับ 3. The seventh colour, black (ป่วยมีโรคแทรกซ้อน: heart, brain, kidney, eye, foot), is
 * a diagnosis of complications, not a reading, so no function here returns it.
 *
 * Dark green needs to know that the person has the disease. Neither the visit form nor the person
 * record holds that (a person record has "chronic condition", not which one), so the callers pass
 * nothing and a reading is never called "controlled" on a guess.
 *
 * Severity: yellow is a warning shown on the form only; orange (warning) and red (urgent) are also
 * alarms (VITAL_ALARMS), so a follow-up task opens for them. The scheme starts where its readings
 * make sense: no tier below systolic 90 or glucose 70 (hypotension and hypoglycaemia have alarms of
 * their own, and calling them "ปกติ" would mislead).
 */

export const TIER_COLOURS = ['white', 'light_green', 'dark_green', 'yellow', 'orange', 'red'] as const;
export type TierColour = (typeof TIER_COLOURS)[number];
export type TierSeverity = 'none' | AlarmSeverity;
export type TierCode = 'normal' | 'at_risk' | 'controlled' | 'level1' | 'level2' | 'level3' | 'random_high' | 'random_crisis';
export interface VitalTier {
  code: TierCode;
  colour: TierColour;
  /** The colour's name as a volunteer says it, e.g. "สีส้ม". */
  colourLabel: Label;
  /** The tier's name, e.g. "ป่วยระดับ 2". */
  label: Label;
  severity: TierSeverity;
}

export const TIER_COLOUR_LABELS: Readonly<Record<TierColour, Label>> = {
  white: l('สีขาว', 'White'),
  light_green: l('สีเขียวอ่อน', 'Light green'),
  dark_green: l('สีเขียวเข้ม', 'Dark green'),
  yellow: l('สีเหลือง', 'Yellow'),
  orange: l('สีส้ม', 'Orange'),
  red: l('สีแดง', 'Red'),
};

const TIERS: Readonly<Record<TierCode, { colour: TierColour; label: Label; severity: TierSeverity; rank: number }>> = {
  normal: { colour: 'white', label: l('ปกติ', 'Normal'), severity: 'none', rank: 0 },
  at_risk: { colour: 'light_green', label: l('กลุ่มเสี่ยง', 'At risk'), severity: 'none', rank: 1 },
  controlled: { colour: 'dark_green', label: l('ป่วย ควบคุมได้', 'Patient, controlled'), severity: 'none', rank: 2 },
  level1: { colour: 'yellow', label: l('ป่วยระดับ 1', 'Patient, level 1'), severity: 'warning', rank: 3 },
  level2: { colour: 'orange', label: l('ป่วยระดับ 2', 'Patient, level 2'), severity: 'warning', rank: 4 },
  level3: { colour: 'red', label: l('ป่วยระดับ 3', 'Patient, level 3'), severity: 'urgent', rank: 5 },
  // Not 7-colour tiers: a non-fasting reading past the cited random-glucose thresholds (GLUCOSE_TIER_RULE).
  random_high: { colour: 'orange', label: l('น้ำตาลสูง (ไม่ได้งดอาหาร)', 'High sugar (not fasting)'), severity: 'warning', rank: 4 },
  random_crisis: { colour: 'red', label: l('น้ำตาลสูงวิกฤต', 'Sugar in crisis range'), severity: 'urgent', rank: 5 },
};

const tier = (code: TierCode): VitalTier => {
  const { colour, label, severity } = TIERS[code];
  return { code, colour, colourLabel: TIER_COLOUR_LABELS[colour], label, severity };
};
/** Level by the lower bounds of yellow / orange / red; below yellow, light green from `atRisk`. */
const graded = (x: number, atRisk: number, [l1, l2, l3]: readonly [number, number, number], known: boolean): TierCode => {
  if (x >= l3) return 'level3';
  if (x >= l2) return 'level2';
  if (x >= l1) return 'level1';
  if (known) return 'controlled';
  return x >= atRisk ? 'at_risk' : 'normal';
};

/**
 * How a glucose reading is tiered. The visit records a fasting reading (`sugarFasting`) apart from
 * any other (`sugar`): vitals are stored as a record of numbers, so a second number was the small,
 * honest addition, where a fasting flag would have changed the stored shape. Only a fasting reading
 * gets the 7-colour tiers, which are defined on fasting glucose. A non-fasting reading (or one from
 * before the split, fasting unknown) has no 7-colour tier; it is flagged from 200 mg/dL, the random
 * glucose at which, with symptoms, diabetes is diagnosed (ADA Standards of Care in Diabetes,
 * section 2; Diabetes Association of Thailand, Clinical Practice Guideline for Diabetes 2023), shown
 * orange (warning: confirm with a fasting test or a doctor), and red from 600 mg/dL (the HHS range,
 * as sugar.crisis). A capillary reading is a screening value, never a diagnosis.
 */
export const GLUCOSE_TIER_RULE = { fasting: [126, 155, 183], fastingAtRisk: 100, randomHigh: 200, randomCrisis: 600, floor: 70 } as const;
/** Systolic and diastolic lower bounds of yellow / orange / red, and of light green. */
export const BP_TIER_RULE = {
  systolic: { atRisk: 120, levels: [140, 160, 180] },
  diastolic: { atRisk: 80, levels: [90, 100, 110] },
  floor: 90,
} as const;

/** What the record knows of the person's diseases; without it a reading is never dark green. */
export interface KnownConditions {
  hypertension?: boolean;
  diabetes?: boolean;
}
export interface VitalTiers {
  systolic?: VitalTier;
  diastolic?: VitalTier;
  /** Blood pressure: the higher tier of systolic and diastolic. */
  bp?: VitalTier;
  sugarFasting?: VitalTier;
  sugar?: VitalTier;
}

/** The plausible, consistent values only (the rest are errors `checkVitals` reports). */
function plausibleVitals(v: Vitals): Plausible {
  const ok: Plausible = {};
  for (const key of VITAL_KEYS) {
    const x = v?.[key];
    const [lo, hi] = VITALS[key].plausible;
    if (typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi) ok[key] = x;
  }
  if (ok.systolic !== undefined && ok.diastolic !== undefined && ok.diastolic >= ok.systolic) {
    delete ok.systolic;
    delete ok.diastolic;
  }
  return ok;
}

function tiersOf(ok: Plausible, known: KnownConditions): VitalTiers {
  const out: VitalTiers = {};
  const bpKnown = known.hypertension === true;
  if (ok.systolic === undefined || ok.systolic >= BP_TIER_RULE.floor) {
    const { systolic: s, diastolic: d } = BP_TIER_RULE;
    if (ok.systolic !== undefined) out.systolic = tier(graded(ok.systolic, s.atRisk, s.levels, bpKnown));
    if (ok.diastolic !== undefined) out.diastolic = tier(graded(ok.diastolic, d.atRisk, d.levels, bpKnown));
    const both = [out.systolic, out.diastolic].filter((t): t is VitalTier => t !== undefined);
    if (both.length) out.bp = both.reduce((a, b) => (TIERS[b.code].rank > TIERS[a.code].rank ? b : a));
  }
  const g = GLUCOSE_TIER_RULE;
  if (ok.sugarFasting !== undefined && ok.sugarFasting >= g.floor)
    out.sugarFasting = tier(graded(ok.sugarFasting, g.fastingAtRisk, g.fasting, known.diabetes === true));
  if (ok.sugar !== undefined && ok.sugar >= g.randomHigh) out.sugar = tier(ok.sugar >= g.randomCrisis ? 'random_crisis' : 'random_high');
  return out;
}

/**
 * The 7-colour tier of each blood-pressure and glucose reading (sources and rules above). Readings
 * that are missing, implausible or swapped get none; neither does a non-fasting glucose under 200.
 * Never throws.
 */
export function vitalTier(v: Vitals, known: KnownConditions = {}): VitalTiers {
  return tiersOf(plausibleVitals(v), known);
}

const lowestSugar = (v: Plausible): number | undefined => {
  const xs = [v.sugar, v.sugarFasting].filter((x): x is number => x !== undefined);
  return xs.length ? Math.min(...xs) : undefined;
};
const TIER_SOURCE = 'กรมควบคุมโรค กระทรวงสาธารณสุข, คู่มือ "ปิงปองจราจรชีวิต 7 สี"; Thai Hypertension Society, 2019 Thai Guidelines on the Treatment of Hypertension';
/**
 * The alarm rules, each with its source. A rule sees only plausible values. Where two rules of one
 * sign overlap (urgent and warning), only the urgent one fires.
 */
export const VITAL_ALARMS: ReadonlyArray<{ code: string; severity: AlarmSeverity; when: (v: Plausible) => boolean; message: Label; source: string }> = [
  {
    code: 'bp.crisis',
    severity: 'urgent',
    // The 7-colour red tier: systolic ≥ 180 or diastolic ≥ 110.
    when: (v) => tiersOf(v, {}).bp?.code === 'level3',
    message: l('ความดันโลหิตสูงวิกฤต (≥ 180/110 มม.ปรอท): ส่งพบแพทย์ทันที', 'Hypertensive crisis (≥ 180/110 mmHg): see a doctor now'),
    source:
      'Thai Hypertension Society, 2019 Thai Guidelines on the Treatment of Hypertension: hypertensive urgency/emergency at SBP ≥ 180 and/or DBP ≥ 110 mmHg; the red tier (ป่วยระดับ 3) of ปิงปองจราจรชีวิต 7 สี',
  },
  {
    code: 'bp.level2',
    severity: 'warning',
    when: (v) => tiersOf(v, {}).bp?.code === 'level2',
    message: l(
      'ความดันโลหิตสูง ป่วยระดับ 2 สีส้ม (160–179/100–109 มม.ปรอท): นัดพบแพทย์',
      'High blood pressure, level 2, orange (160–179/100–109 mmHg): arrange a doctor visit',
    ),
    source: `${TIER_SOURCE}: grade 2 / orange at SBP 160–179 or DBP 100–109 mmHg, the higher of the two deciding`,
  },
  {
    code: 'bp.low',
    severity: 'warning',
    when: (v) => v.systolic !== undefined && v.systolic < 90,
    message: l('ความดันโลหิตต่ำ (ตัวบน < 90 มม.ปรอท)', 'Low blood pressure (systolic < 90 mmHg)'),
    source: 'Conventional hypotension cut-off, no single guideline; NEWS2 (Royal College of Physicians, 2017) gives SBP ≤ 90 its highest score',
  },
  {
    code: 'sugar.very_low',
    severity: 'urgent',
    when: (v) => (lowestSugar(v) ?? 54) < 54,
    message: l('น้ำตาลในเลือดต่ำมาก (< 54 มก./ดล.): ให้น้ำหวานและส่งพบแพทย์', 'Very low blood sugar (< 54 mg/dL): give sugar, get medical help'),
    source: 'ADA Standards of Care in Diabetes, section 6 (Glycemic Goals and Hypoglycemia): level 2 hypoglycaemia < 54 mg/dL',
  },
  {
    code: 'sugar.low',
    severity: 'warning',
    when: (v) => {
      const x = lowestSugar(v);
      return x !== undefined && x >= 54 && x < 70;
    },
    message: l('น้ำตาลในเลือดต่ำ (< 70 มก./ดล.)', 'Low blood sugar (< 70 mg/dL)'),
    source: 'ADA Standards of Care in Diabetes, section 6: level 1 hypoglycaemia < 70 mg/dL',
  },
  {
    code: 'sugar.high',
    severity: 'warning',
    // Until 2026-12 this fired above 300 mg/dL on a conventional threshold; now the cited random-glucose one.
    when: (v) => tiersOf(v, {}).sugar?.code === 'random_high',
    message: l(
      'น้ำตาลในเลือดสูง ไม่ได้งดอาหาร (≥ 200 มก./ดล.): ตรวจน้ำตาลขณะงดอาหารหรือพบแพทย์',
      'High blood sugar, not fasting (≥ 200 mg/dL): check fasting sugar or see a doctor',
    ),
    source:
      'ADA Standards of Care in Diabetes, section 2, and Diabetes Association of Thailand CPG for Diabetes 2023: random plasma glucose ≥ 200 mg/dL with symptoms diagnoses diabetes (a capillary reading only screens)',
  },
  {
    code: 'sugar.fasting_level3',
    severity: 'urgent',
    when: (v) => tiersOf(v, {}).sugarFasting?.code === 'level3' && (v.sugarFasting ?? 0) < 600,
    message: l('น้ำตาลขณะงดอาหารสูง ป่วยระดับ 3 สีแดง (≥ 183 มก./ดล.): ส่งพบแพทย์โดยเร็ว', 'Fasting sugar level 3, red (≥ 183 mg/dL): see a doctor soon'),
    source: `${TIER_SOURCE}: fasting glucose ≥ 183 mg/dL is the red tier`,
  },
  {
    code: 'sugar.fasting_level2',
    severity: 'warning',
    when: (v) => tiersOf(v, {}).sugarFasting?.code === 'level2',
    message: l('น้ำตาลขณะงดอาหารสูง ป่วยระดับ 2 สีส้ม (155–182 มก./ดล.): นัดพบแพทย์', 'Fasting sugar level 2, orange (155–182 mg/dL): arrange a doctor visit'),
    source: `${TIER_SOURCE}: fasting glucose 155–182 mg/dL is the orange tier`,
  },
  {
    code: 'sugar.crisis',
    severity: 'urgent',
    when: (v) => Math.max(v.sugar ?? 0, v.sugarFasting ?? 0) >= 600,
    message: l('น้ำตาลในเลือดสูงวิกฤต (≥ 600 มก./ดล.): ส่งพบแพทย์ทันที', 'Hyperglycaemic crisis range (≥ 600 mg/dL): see a doctor now'),
    source: 'ADA/EASD/JBDS/AACE/DTS consensus on hyperglycemic crises in adults (Diabetes Care 2024): HHS glucose ≥ 600 mg/dL',
  },
  {
    code: 'pulse.very_low',
    severity: 'urgent',
    when: (v) => v.pulse !== undefined && v.pulse <= 40,
    message: l('ชีพจรช้ามาก (≤ 40 ครั้ง/นาที)', 'Very slow pulse (≤ 40/min)'),
    source: 'NEWS2 (Royal College of Physicians, 2017): pulse ≤ 40 scores 3, a single-parameter trigger for urgent review',
  },
  {
    code: 'pulse.low',
    severity: 'warning',
    when: (v) => v.pulse !== undefined && v.pulse > 40 && v.pulse < 50,
    message: l('ชีพจรช้า (< 50 ครั้ง/นาที)', 'Slow pulse (< 50/min)'),
    source: 'Conventional bradycardia cut-off for community screening, not from a guideline',
  },
  {
    code: 'pulse.high',
    severity: 'warning',
    when: (v) => v.pulse !== undefined && v.pulse > 120 && v.pulse < 131,
    message: l('ชีพจรเร็ว (> 120 ครั้ง/นาที)', 'Fast pulse (> 120/min)'),
    source: 'Conventional tachycardia cut-off for community screening, not from a guideline',
  },
  {
    code: 'pulse.very_high',
    severity: 'urgent',
    when: (v) => v.pulse !== undefined && v.pulse >= 131,
    message: l('ชีพจรเร็วมาก (≥ 131 ครั้ง/นาที)', 'Very fast pulse (≥ 131/min)'),
    source: 'NEWS2 (Royal College of Physicians, 2017): pulse ≥ 131 scores 3, a single-parameter trigger for urgent review',
  },
  {
    code: 'spo2.critical',
    severity: 'urgent',
    when: (v) => v.spo2 !== undefined && v.spo2 < 90,
    message: l('ออกซิเจนในเลือดต่ำมาก (< 90%): ส่งพบแพทย์ทันที', 'Very low oxygen (< 90%): see a doctor now'),
    source: 'WHO clinical management of COVID-19 (living guideline): SpO2 < 90% on room air marks severe disease and the need for oxygen',
  },
  {
    code: 'spo2.low',
    severity: 'warning',
    when: (v) => v.spo2 !== undefined && v.spo2 >= 90 && v.spo2 < 94,
    message: l('ออกซิเจนในเลือดต่ำ (< 94%)', 'Low oxygen (< 94%)'),
    source:
      'BTS guideline for oxygen use in adults (2017): target 94–98% for most patients (88–92% if at risk of hypercapnia, e.g. COPD: a known COPD reading here may be their usual)',
  },
  {
    code: 'temperature.fever',
    severity: 'warning',
    when: (v) => v.temperature !== undefined && v.temperature >= 38,
    message: l('มีไข้ (≥ 38.0 °C)', 'Fever (≥ 38.0 °C)'),
    source: 'Conventional definition of fever (≥ 38.0 °C), not from a single guideline; frail elders may be infected with less fever',
  },
  {
    code: 'temperature.low',
    severity: 'warning',
    when: (v) => v.temperature !== undefined && v.temperature < 35,
    message: l('อุณหภูมิกายต่ำ (< 35.0 °C): วัดซ้ำ', 'Low body temperature (< 35.0 °C): measure again'),
    source: 'Conventional definition of hypothermia (core < 35 °C); a skin or ear reading this low is often a measuring error',
  },
];

/**
 * Plausibility errors (the input is refused) and alarms (recorded with the visit and turned into
 * follow-ups). Alarms are worked out from the plausible values only, so a form can show them while
 * another field is still wrong. Never throws.
 */
export function checkVitals(v: Vitals): { errors: FieldIssue[]; alarms: VitalAlarm[] } {
  const errors: FieldIssue[] = [];
  const ok: Plausible = {};
  for (const key of VITAL_KEYS) {
    const x = v?.[key];
    if (x === undefined || x === null) continue;
    const spec = VITALS[key];
    const [lo, hi] = spec.plausible;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      errors.push({ path: `vitals.${key}`, message_th: `${spec.label.th} ต้องเป็นตัวเลข`, message_en: `${spec.label.en} must be a number` });
    } else if (x < lo || x > hi) {
      errors.push({
        path: `vitals.${key}`,
        message_th: `${spec.label.th} ${x} ${spec.unit} เป็นค่าที่วัดได้จริงไม่ได้ ต้องอยู่ระหว่าง ${lo}–${hi} ${spec.unit}: ตรวจสอบตัวเลขหรือวัดซ้ำ`,
        message_en: `${spec.label.en} ${x} ${spec.unit} is not a possible reading; it must be ${lo}–${hi} ${spec.unit}: check the number or measure again`,
      });
    } else ok[key] = x;
  }
  if (ok.systolic !== undefined && ok.diastolic !== undefined && ok.diastolic >= ok.systolic) {
    errors.push({
      path: 'vitals.diastolic',
      message_th: 'ความดันตัวล่างต้องน้อยกว่าตัวบน (อาจกรอกสลับช่อง)',
      message_en: 'Diastolic must be lower than systolic (are they swapped?)',
    });
    delete ok.systolic;
    delete ok.diastolic;
  }
  const alarms = VITAL_ALARMS.filter((a) => a.when(ok)).map(({ code, severity, message }) => ({ code, severity, message }));
  return { errors, alarms };
}

// ---------------------------------------------------------------------------------------------
// Dates, next visit, follow-ups
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Whether `s` is a real calendar day written yyyy-mm-dd. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}
function dayNumber(iso: string, what: string): number {
  if (!isIsoDate(iso)) throw new RangeError(`${what} must be an ISO date (yyyy-mm-dd), got ${JSON.stringify(iso)}`);
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}
const fromDayNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** The ISO date `days` after `iso` (calendar days, no time zone involved). */
export const addDays = (iso: string, days: number): string => fromDayNumber(dayNumber(iso, 'date') + days);
/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to, 'to') - dayNumber(from, 'from');

export type VisitIntervals = Record<AdlGroup | 'unknown', number>;
/** Days between routine visits by ADL group (configurable per installation). */
export const DEFAULT_VISIT_INTERVALS: Readonly<VisitIntervals> = { bedridden: 7, homebound: 14, social: 30, unknown: 30 };
/** After an alarm or an urgent need, come back within this many days. */
export const URGENT_REVISIT_DAYS = 3;

/**
 * The suggested date of the next visit: the ADL group's interval, or within URGENT_REVISIT_DAYS
 * after an alarm or an urgent need, never later than the group's interval. Throws a RangeError on a
 * date that is not yyyy-mm-dd. A negative or fractional interval is read as whole days ≥ 0.
 */
export function suggestNextVisit(
  s: { visitedOn: string; adlGroup: AdlGroup | null; urgentNeed: boolean; alarms: boolean },
  intervals: Readonly<VisitIntervals> = DEFAULT_VISIT_INTERVALS,
): string {
  const raw = intervals[s.adlGroup ?? 'unknown'] ?? intervals.unknown;
  const regular = Number.isFinite(raw) ? Math.max(0, Math.floor(raw)) : DEFAULT_VISIT_INTERVALS.unknown;
  return addDays(s.visitedOn, s.urgentNeed || s.alarms ? Math.min(URGENT_REVISIT_DAYS, regular) : regular);
}

export interface FollowUpState {
  personId: string;
  lastVisitOn: string | null;
  nextVisitDue: string | null;
  openNeeds: ReadonlyArray<{ code: string; foundOn: string; helped: boolean }>;
  lastAlarms: ReadonlyArray<{ code: string; severity: AlarmSeverity }>;
}

export type FollowUpKind = 'visit_due' | 'visit_overdue' | 'need_unmet' | 'vital_alarm';
export interface FollowUp {
  kind: FollowUpKind;
  severity: 'info' | 'warning' | 'urgent';
  /** The day the follow-up fell due. */
  due: string;
  /** Stable across runs (`kind:personId:…`), so running the rules again opens nothing twice. */
  key: string;
  /** What the rule saw. */
  detail: { daysLate?: number; daysLeft?: number; needCode?: string; foundOn?: string; alarmCode?: string };
  /** The same in words, for a task list. */
  message: Label;
}

export const FOLLOW_UP_DEFAULTS = { dueSoonDays: 2, unmetNeedDays: 14, urgentAfterDaysLate: 7 } as const;

/**
 * The follow-up rules, a pure function of the person's visit state and today's date:
 * - visit_due (info): the next visit is due today or within `dueSoonDays`;
 * - visit_overdue: the due day has passed; warning, urgent when more than 7 days late;
 * - need_unmet (warning): a need found more than `unmetNeedDays` days ago and not helped;
 * - vital_alarm: each alarm of the last visit, with its own severity.
 * Dates are ISO yyyy-mm-dd; a malformed date throws a RangeError.
 */
export function followUps(s: FollowUpState, today: string, opts: { dueSoonDays?: number; unmetNeedDays?: number } = {}): FollowUp[] {
  const dueSoon = opts.dueSoonDays ?? FOLLOW_UP_DEFAULTS.dueSoonDays;
  const unmetDays = opts.unmetNeedDays ?? FOLLOW_UP_DEFAULTS.unmetNeedDays;
  dayNumber(today, 'today');
  const out: FollowUp[] = [];
  if (s.nextVisitDue) {
    const late = daysBetween(s.nextVisitDue, today);
    const left = daysBetween(today, s.nextVisitDue);
    if (late > 0)
      out.push({
        kind: 'visit_overdue',
        severity: late > FOLLOW_UP_DEFAULTS.urgentAfterDaysLate ? 'urgent' : 'warning',
        due: s.nextVisitDue,
        key: `visit_overdue:${s.personId}:${s.nextVisitDue}`,
        detail: { daysLate: late },
        message: l(`เลยกำหนดเยี่ยมบ้าน ${late} วัน`, `Home visit ${late} ${late === 1 ? 'day' : 'days'} overdue`),
      });
    else if (left <= dueSoon)
      out.push({
        kind: 'visit_due',
        severity: 'info',
        due: s.nextVisitDue,
        key: `visit_due:${s.personId}:${s.nextVisitDue}`,
        detail: { daysLeft: left },
        message:
          left === 0
            ? l('ถึงกำหนดเยี่ยมบ้านวันนี้', 'Home visit due today')
            : l(`ถึงกำหนดเยี่ยมบ้านในอีก ${left} วัน`, `Home visit due in ${left} ${left === 1 ? 'day' : 'days'}`),
      });
  }
  for (const n of s.openNeeds) {
    if (n.helped || daysBetween(n.foundOn, today) <= unmetDays) continue;
    const label = needLabel(n.code) ?? l(n.code, n.code);
    out.push({
      kind: 'need_unmet',
      severity: 'warning',
      due: addDays(n.foundOn, unmetDays),
      key: `need_unmet:${s.personId}:${n.code}:${n.foundOn}`,
      detail: { needCode: n.code, foundOn: n.foundOn },
      message: l(`ความต้องการยังไม่ได้รับการช่วยเหลือ: ${label.th}`, `Need still unmet: ${label.en}`),
    });
  }
  const alarmDay = s.lastVisitOn ?? today;
  for (const a of s.lastAlarms)
    out.push({
      kind: 'vital_alarm',
      severity: a.severity,
      due: alarmDay,
      key: `vital_alarm:${s.personId}:${alarmDay}:${a.code}`,
      detail: { alarmCode: a.code },
      message: VITAL_ALARMS.find((r) => r.code === a.code)?.message ?? l('สัญญาณชีพผิดปกติจากการเยี่ยมบ้าน', 'Abnormal vital signs at the home visit'),
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// API shapes
// ---------------------------------------------------------------------------------------------

const num = (key: VitalKey) => z.number().describe(`${VITALS[key].label.en} (${VITALS[key].unit})`).optional();
/** Each vital sign optional; ranges are checked by `checkVitals` (in VisitInput's refinement). */
export const VitalsInput = z
  .object({
    systolic: num('systolic'),
    diastolic: num('diastolic'),
    pulse: num('pulse'),
    sugar: num('sugar'),
    sugarFasting: num('sugarFasting'),
    weight: num('weight'),
    temperature: num('temperature'),
    spo2: num('spo2'),
  })
  .strict();
export type VitalsInput = z.infer<typeof VitalsInput>;

export const MAX_VISIT_PHOTOS = 6;
export const MAX_PHOTO_CHARS = 400_000;
export const MAX_PRESENT = 10;
/**
 * Phone clocks run a little fast; a visit up to this far "in the future" is still accepted. Ten minutes
 * (core plausible.ts CLOCK_SKEW_MS): a queued visit is in the past, so the outbox is never stuck by it.
 */
export const VISIT_CLOCK_SKEW_MS = CLOCK_SKEW_MS;
const PHOTO = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** A visit's point: in Thailand (THAILAND_BOUNDS), with the device's accuracy in metres. */
const Gps = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000).optional(),
  })
  .superRefine((p, ctx) => {
    if (!inThailand(p.lat, p.lng)) ctx.addIssue({ code: 'custom', message: 'gps.outside_thailand' });
  });

type Issue = { path: Array<string | number>; th: string; en: string };
/** The refinements of a visit beyond field shapes; the messages are Thai and English. */
function visitIssues(
  v: { vitals: Vitals; visitedAt: string; nextVisitOn: string; needs: Array<{ code: string }>; help: Array<{ code: string }> },
  now: number,
): Issue[] {
  const issues: Issue[] = checkVitals(v.vitals).errors.map((e) => ({ path: e.path.split('.'), th: e.message_th, en: e.message_en }));
  // The visit's own calendar day, as written with its offset (a Thai visit at 06:00 +07:00 is that day).
  if (v.nextVisitOn < v.visitedAt.slice(0, 10))
    issues.push({ path: ['nextVisitOn'], th: 'วันนัดเยี่ยมครั้งถัดไปต้องไม่ก่อนวันที่เยี่ยม', en: 'The next visit cannot be before this one' });
  const when = eventTimeProblem(v.visitedAt, now);
  if (when === 'date.future') issues.push({ path: ['visitedAt'], th: 'วันเวลาที่เยี่ยมต้องไม่อยู่ในอนาคต', en: 'A visit cannot be in the future' });
  if (when === 'date.too_early')
    issues.push({
      path: ['visitedAt'],
      th: 'วันที่เยี่ยมเก่าเกินกว่าที่เป็นไปได้ (ต้องไม่ก่อน พ.ศ. 2543) กรุณาตรวจสอบวันที่และนาฬิกาของเครื่อง',
      en: "The visit date is earlier than possible (not before 2000); check the date and the phone's clock",
    });
  for (const list of ['needs', 'help'] as const) {
    const seen = new Set<string>();
    for (const [i, x] of v[list].entries()) {
      if (seen.has(x.code)) issues.push({ path: [list, i, 'code'], th: 'รายการซ้ำ', en: 'Listed twice' });
      seen.add(x.code);
    }
  }
  return issues;
}

/**
 * A home visit as the phone submits it. `id` is generated on the phone and is the idempotency key:
 * a repeated submission returns the first result. Custom issues carry the Thai text in
 * `params.message_th`.
 */
export const VisitInput = z
  .object({
    id: z.string().uuid(),
    personId: z.string().uuid(),
    visitedAt: z.iso.datetime({ offset: true }),
    gps: Gps.nullable(),
    present: z.array(z.string().trim().min(1).max(100)).max(MAX_PRESENT),
    vitals: VitalsInput,
    needs: z.array(z.object({ code: z.enum(NEED_CODES), note: z.string().max(500).optional() })).max(NEED_CODES.length),
    help: z.array(z.object({ code: z.enum(HELP_CODES), note: z.string().max(500).optional() })).max(HELP_CODES.length),
    photos: z.array(z.string().max(MAX_PHOTO_CHARS).regex(PHOTO).refine(photoMatchesType, { message: 'photo.not_image' })).max(MAX_VISIT_PHOTOS),
    note: z.string().max(4000),
    nextVisitOn: z.iso.date(),
    assessmentIds: z.array(z.string().uuid()).max(20),
    /** A correction of a returned visit: the visit it replaces (visits are append-only). */
    replaces: z.string().uuid().optional(),
  })
  .superRefine((v, ctx) => {
    for (const i of visitIssues(v, Date.now())) ctx.addIssue({ code: 'custom', path: i.path, message: i.en, params: { message_th: i.th } });
  });
export type VisitInput = z.infer<typeof VisitInput>;

export const REVIEW_STATUSES = ['pending', 'approved', 'returned'] as const;
const Coded = z.object({ code: z.string(), note: z.string().optional() });

const LabelOut = z.object({ th: z.string(), en: z.string() });
/**
 * An assessment recorded in a visit (the visit names it, or it names the visit), as the reviewer
 * sees it beside the visit: which instrument, the scores, their bands and the alerts they raised.
 */
export const VisitAssessment = z.object({
  id: z.string(),
  instrumentCode: z.string(),
  instrumentTitle: LabelOut,
  status: z.enum(['draft', 'signed']),
  performedAt: z.string(),
  scores: z.record(z.string(), z.number()),
  bands: z.array(z.object({ score: z.string(), code: z.string(), severity: z.string(), label: LabelOut })),
  alerts: z.array(z.object({ severity: z.enum(['warning', 'urgent']), message: LabelOut })),
});
export type VisitAssessment = z.infer<typeof VisitAssessment>;

/** A visit as the API returns it: the input plus who recorded it, when it arrived, its review and alarms. */
export const Visit = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  visitedAt: z.string(),
  gps: z.object({ lat: z.number(), lng: z.number(), accuracy: z.number().optional() }).nullable(),
  present: z.array(z.string()),
  vitals: z.record(z.string(), z.number()),
  needs: z.array(Coded),
  help: z.array(Coded),
  alarms: z.array(z.object({ code: z.string(), severity: z.enum(['warning', 'urgent']), message: z.object({ th: z.string(), en: z.string() }) })),
  note: z.string().nullable(),
  nextVisitOn: z.string(),
  assessmentIds: z.array(z.string()),
  photoCount: z.number().int(),
  /** The photos themselves, only where the endpoint includes them (a list gives the count only). */
  photos: z.array(z.string()).optional(),
  /** The assessments recorded in the visit, where the endpoint includes them (the list and one visit do). */
  assessments: z.array(VisitAssessment).optional(),
  recordedBy: z.string().nullable(),
  recordedById: z.string(),
  organisation: z.string().nullable(),
  receivedAt: z.string(),
  replaces: z.string().nullable(),
  review: z.object({
    status: z.enum(REVIEW_STATUSES),
    comment: z.string().nullable(),
    by: z.string().nullable(),
    at: z.string().nullable(),
  }),
});
export type Visit = z.infer<typeof Visit>;

/** A supervisor's review: approve, or return with a comment saying what to correct. */
export const VisitReview = z.object({ decision: z.enum(['approve', 'return']), comment: z.string().trim().max(2000).optional() }).superRefine((r, ctx) => {
  if (r.decision === 'return' && !r.comment)
    ctx.addIssue({
      code: 'custom',
      path: ['comment'],
      message: 'A returned visit needs a comment',
      params: { message_th: 'กรุณาระบุเหตุผลที่ส่งกลับให้แก้ไข' },
    });
});
export type VisitReview = z.infer<typeof VisitReview>;

/** The most visits one batch review decides. */
export const MAX_REVIEW_BATCH = 200;
/**
 * A supervisor's decision on several visits at once: all approved or all returned with the one
 * reason, or none (a batch is one transaction). Returning needs a reason, as for one visit.
 */
export const VisitBatchReview = z
  .object({
    visitIds: z.array(z.string().uuid()).min(1).max(MAX_REVIEW_BATCH),
    decision: z.enum(['approve', 'return']),
    comment: z.string().trim().max(2000).optional(),
  })
  .superRefine((r, ctx) => {
    if (new Set(r.visitIds).size !== r.visitIds.length)
      ctx.addIssue({ code: 'custom', path: ['visitIds'], message: 'A visit is listed twice', params: { message_th: 'มีการเยี่ยมซ้ำในรายการ' } });
    if (r.decision === 'return' && !r.comment)
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'Returned visits need a reason',
        params: { message_th: 'กรุณาระบุเหตุผลที่ส่งกลับให้แก้ไข' },
      });
  });
export type VisitBatchReview = z.infer<typeof VisitBatchReview>;

/** Visits of different households by one volunteer closer in time than this are flagged for review. */
export const TOO_FAST_MINUTES = 5;
/**
 * A plausibility flag for the supervisor: `same_place`, three or more households recorded at one
 * point (GPS rounded to 4 decimals, about 10 m) by one volunteer; `too_fast`, two households visited
 * less than TOO_FAST_MINUTES apart by one volunteer. The numbers are given apart so that each
 * language words them (review.flag.* in the web's strings).
 */
export const PlausibilityFlag = z.object({
  kind: z.enum(['same_place', 'too_fast']),
  volunteer: z.string(),
  visits: z.array(z.string()),
  /** same_place: how many households, and the point. */
  households: z.number().int().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  /** too_fast: whole minutes between the two visits (0 when under half a minute). */
  minutes: z.number().int().optional(),
});
export type PlausibilityFlag = z.infer<typeof PlausibilityFlag>;

/** One volunteer in a supervisor's overview of home visits. */
export const VisitOverviewRow = z.object({
  userId: z.string(),
  volunteer: z.string(),
  organisation: z.string(),
  persons: z.number(),
  overdue: z.number(),
  visits30: z.number(),
  pending: z.number(),
  overdueTasks: z.number(),
});
export type VisitOverviewRow = z.infer<typeof VisitOverviewRow>;
