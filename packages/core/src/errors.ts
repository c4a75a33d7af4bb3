/**
 * Error catalogue shared by server and web. Every API error is
 * `{ code, message_th, message_en, details }`; the web shows the message in the user's language.
 */
export const ERRORS = {
  'validation.failed': { th: 'ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบช่องที่ระบุ', en: 'Some fields are invalid; please check them' },
  'request.malformed': { th: 'คำขอไม่ถูกต้อง', en: 'The request is malformed' },
  'auth.required': { th: 'กรุณาเข้าสู่ระบบ', en: 'Please sign in' },
  'auth.invalid_credentials': { th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง', en: 'Wrong username or password' },
  'auth.account_disabled': { th: 'บัญชีนี้ถูกปิดใช้งาน', en: 'This account is disabled' },
  'auth.session_expired': { th: 'หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบใหม่', en: 'Your session has expired; please sign in again' },
  'auth.slow_down': {
    th: 'ใส่รหัสผ่านผิดหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่',
    en: 'Several wrong passwords; wait {seconds} seconds and try again',
  },
  'auth.address_slowed': {
    th: 'มีการเข้าสู่ระบบไม่สำเร็จจากเครือข่ายนี้จำนวนมาก กรุณารอ {seconds} วินาทีแล้วลองใหม่',
    en: 'Many failed sign-ins from this network; wait {seconds} seconds and try again',
  },
  'auth.current_password_required': {
    th: 'กรุณากรอกรหัสผ่านปัจจุบันเพื่อเปลี่ยนรหัสผ่านของตนเอง',
    en: 'Enter your current password to change your own password',
  },
  'auth.current_password_wrong': { th: 'รหัสผ่านปัจจุบันไม่ถูกต้อง', en: 'The current password is wrong' },
  'user.password_weak': {
    th: 'รหัสผ่านนี้เดาได้ง่ายเกินไป ลองใช้วลีหลายคำที่คนอื่นเดาไม่ได้',
    en: 'This password is too easy to guess; try a phrase of several uncommon words',
  },
  forbidden: { th: 'คุณไม่มีสิทธิ์ทำรายการนี้', en: 'You are not allowed to do this' },
  'forbidden.out_of_scope': {
    th: 'รายการนี้อยู่นอกพื้นที่ที่คุณรับผิดชอบ',
    en: 'This record is outside your area of responsibility',
  },
  'forbidden.role_too_high': {
    th: 'คุณไม่สามารถกำหนดบทบาทที่สูงกว่าหรือเท่ากับของตนเองได้',
    en: 'You cannot grant a role at or above your own',
  },
  'forbidden.caseload_only': {
    th: 'อาสาสมัครเห็นเฉพาะผู้ที่ได้รับมอบหมาย กรุณาแจ้งเจ้าหน้าที่ในพื้นที่ให้ลงทะเบียนบุคคลใหม่',
    en: 'Volunteers see only the people assigned to them; ask the area staff to register a new person',
  },
  not_found: { th: 'ไม่พบข้อมูลที่ต้องการ', en: 'Not found' },
  'conflict.stale': {
    th: 'ข้อมูลถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดใหม่ก่อนแก้ไข',
    en: 'Someone else changed this record; reload it before editing',
  },
  'conflict.duplicate': { th: 'มีข้อมูลนี้อยู่แล้ว', en: 'This already exists' },
  'person.cid_invalid': {
    th: 'เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องมี 13 หลักและหลักตรวจสอบถูกต้อง)',
    en: 'Invalid national ID (13 digits with a valid check digit)',
  },
  'person.cid_or_reason': {
    th: 'กรุณากรอกเลขประจำตัวประชาชน หรือเลือกเหตุผลที่ไม่มี',
    en: 'Enter the national ID, or choose why there is none',
  },
  'person.exists_elsewhere': {
    th: 'มีบุคคลนี้ในพื้นที่อื่น ติดต่อหน่วยงานเจ้าของข้อมูล',
    en: 'This person exists elsewhere — ask the owning organisation',
  },
  'person.possible_duplicate': {
    th: 'อาจมีบุคคลนี้ในทะเบียนแล้ว กรุณาตรวจสอบก่อนบันทึก',
    en: 'This person may already be registered; check before saving',
  },
  'date.invalid': { th: 'วันที่ไม่ถูกต้อง (เช่น 1/3/2493, 2493-03 หรือ 2493)', en: 'Invalid date (e.g. 1/3/2493, 2493-03 or 1950)' },
  'date.order': { th: 'วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น', en: 'The end date cannot be before the start date' },
  'date.future': { th: 'วันที่ต้องไม่อยู่ในอนาคต', en: 'The date cannot be in the future' },
  'date.too_early': {
    th: 'วันที่เก่าเกินกว่าที่เป็นไปได้ (การเยี่ยม การประเมิน และแผนการดูแลต้องไม่ก่อน พ.ศ. 2543; วันอื่นไม่ก่อน พ.ศ. 2443) กรุณาตรวจสอบปี พ.ศ./ค.ศ. และนาฬิกาของเครื่อง',
    en: "The date is earlier than possible (visits, assessments and care plans not before 2000; other dates not before 1900); check the year's era and the device's clock",
  },
  'date.too_late': { th: 'วันที่ไกลเกินกว่าที่เป็นไปได้ (ต้องไม่เกิน พ.ศ. 2742)', en: 'The date is later than possible (not after 2199)' },
  'birthdate.too_early': {
    th: 'วันเกิดต้องไม่ก่อน พ.ศ. 2443 (ค.ศ. 1900) กรุณาตรวจสอบปีและปฏิทิน (พ.ศ./ค.ศ.)',
    en: 'A birth date cannot be before 1900; check the year and the era (BE/CE)',
  },
  'gps.outside_thailand': {
    th: 'พิกัดอยู่นอกประเทศไทย กรุณาตรวจสอบตำแหน่ง (ละติจูด 5.4–20.7, ลองจิจูด 97.1–105.9)',
    en: 'The location is outside Thailand; check the coordinates (latitude 5.4–20.7, longitude 97.1–105.9)',
  },
  'photo.not_image': {
    th: 'ไฟล์รูปไม่ใช่ภาพตามชนิดที่ระบุ (รับเฉพาะ JPEG, PNG หรือ WebP) กรุณาถ่ายหรือเลือกรูปใหม่',
    en: 'The photo is not an image of the type it claims (only JPEG, PNG or WebP); take or choose it again',
  },
  'input.control_character': {
    th: 'ข้อมูลมีอักขระควบคุม (เช่น NUL) ที่บันทึกไม่ได้ กรุณาลบออกจากช่องที่ระบุแล้วส่งใหม่',
    en: 'The input holds a control character (such as NUL) that cannot be stored; remove it from the field named and send again',
  },
  'phone.invalid': { th: 'หมายเลขโทรศัพท์ไม่ถูกต้อง', en: 'Invalid phone number' },
  'disability.types_required': { th: 'กรุณาเลือกประเภทความพิการอย่างน้อย 1 ประเภท', en: 'Choose at least one disability type' },
  'rehab.condition_required': { th: 'กรุณาระบุภาวะที่ต้องฟื้นฟู', en: 'Enter the condition needing rehabilitation' },
  'consent.guardian_required': { th: 'กรุณาระบุชื่อผู้แทนโดยชอบธรรม', en: "Enter the guardian's name" },
  'consent.required': {
    th: 'ยังไม่ได้รับความยินยอมให้แบ่งปันข้อมูลของบุคคลนี้',
    en: 'This person has not consented to sharing their data',
  },
  'area.unknown': { th: 'ไม่พบรหัสพื้นที่นี้', en: 'Unknown area code' },
  'user.scope_outside_organisation': {
    th: 'พื้นที่รับผิดชอบต้องอยู่ในพื้นที่ของหน่วยงานของผู้ใช้ หากจำเป็นต้องเกินพื้นที่ ให้ยืนยันข้อยกเว้นพร้อมเหตุผล',
    en: "A user's areas must lie within their organisation's area; to go beyond it, confirm an exception with a reason",
  },
  'organisation.unknown': { th: 'ไม่พบหน่วยงานนี้', en: 'Unknown organisation' },
  'share.not_owner': {
    th: 'เฉพาะหน่วยงานเจ้าของข้อมูลของบุคคลนี้ (หรือผู้ดูแลระบบที่รับผิดชอบพื้นที่ของบุคคล) เท่านั้นที่แบ่งปันหรือยกเลิกการแบ่งปันได้',
    en: "Only the organisation that owns this person's record (or an administrator whose area covers the person) may share it or stop sharing it",
  },
  'share.self_grant': {
    th: 'ไม่สามารถแบ่งปันข้อมูลบุคคลให้หน่วยงานของตนเองได้ เพราะหน่วยงานของคุณไม่ใช่เจ้าของข้อมูล',
    en: "You cannot share a person with your own organisation: your organisation does not own this person's record",
  },
  'events.too_many_streams': {
    th: 'เปิดการแจ้งเตือนสดไว้หลายหน้าต่างเกินไป กรุณาปิดหน้าต่างที่ไม่ใช้แล้วโหลดหน้านี้ใหม่',
    en: 'Too many live-update windows are open for your account; close the ones you do not use and reload this page',
  },
  'instrument.invalid': {
    th: 'แบบประเมินไม่ถูกต้องตามรูปแบบ กรุณาแก้ไขตามรายการที่ระบุ',
    en: 'The instrument definition is invalid; fix the listed problems',
  },
  'instrument.unknown': { th: 'ไม่พบแบบประเมินนี้', en: 'Unknown instrument' },
  'assessment.incomplete': {
    th: 'ยังตอบไม่ครบทุกข้อที่จำเป็น จึงลงนามไม่ได้ (บันทึกเป็นฉบับร่างได้)',
    en: 'Some required items are unanswered, so it cannot be signed (you can save a draft)',
  },
  'assessment.answer_invalid': { th: 'คำตอบไม่ตรงกับตัวเลือกของแบบประเมิน', en: 'An answer does not fit the instrument' },
  'assessment.signed': {
    th: 'แบบประเมินที่ลงนามแล้วแก้ไขไม่ได้ ให้บันทึกฉบับแก้ไขใหม่แทน',
    en: 'A signed assessment cannot change; record a correction instead',
  },
  'assessment.not_author': { th: 'แก้ไขได้เฉพาะฉบับร่างของตนเอง', en: 'Only your own drafts can be changed' },
  'visit.own_review': { th: 'ตรวจรับรองการเยี่ยมบ้านของตนเองไม่ได้', en: 'You cannot review your own visit' },
  'import.source_unknown': { th: 'ไม่พบแหล่งข้อมูลนี้ในหน่วยงานของคุณ', en: 'No such data source in your organisation' },
  'import.mapping_required': {
    th: 'แหล่งข้อมูลนี้ยังไม่มีการจับคู่คอลัมน์ (ต้องมีอย่างน้อยคอลัมน์ชื่อ)',
    en: 'This source has no column mapping yet (at least a name column is needed)',
  },
  'import.columns_missing': { th: 'แฟ้มไม่มีคอลัมน์ที่กำหนดไว้ในการจับคู่', en: 'The file lacks columns the mapping names' },
  'import.not_latest': { th: 'ย้อนกลับได้เฉพาะชุดนำเข้าล่าสุดของแหล่งข้อมูล', en: "Only a source's latest import can be rolled back" },
  'import.empty': { th: 'แฟ้มว่างเปล่า', en: 'The file is empty' },
  'import.interrupted': {
    th: 'การนำเข้าถูกขัดจังหวะ นำเข้าแฟ้มเดิมอีกครั้งเพื่อทำต่อให้เสร็จ',
    en: 'The import was cut off; import the same file again to finish it',
  },
  'import.file_too_large': {
    th: 'แฟ้มมีขนาดใหญ่เกินกว่าที่ระบบรับได้ กรุณาแบ่งเป็นหลายแฟ้ม',
    en: 'The file is larger than the server accepts; split it into several files',
  },
  'import.too_many_rows': {
    th: 'แฟ้มมีจำนวนแถวเกินกว่าที่ระบบรับได้ กรุณาแบ่งเป็นหลายแฟ้ม',
    en: 'The file has more rows than the server accepts; split it into several files',
  },
  'import.too_many_columns': {
    th: 'แฟ้มมีจำนวนคอลัมน์เกินกว่าที่ระบบรับได้ กรุณาตรวจสอบแถวที่ระบุ',
    en: 'A row of the file has more columns than the server accepts; check the row given',
  },
  'import.cell_too_large': {
    th: 'ข้อมูลในช่องหนึ่งของแฟ้มยาวเกินกว่าที่ระบบรับได้ กรุณาตรวจสอบแถวที่ระบุ',
    en: 'A cell of the file is longer than the server accepts; check the row given',
  },
  'import.file_type': {
    th: 'รับเฉพาะแฟ้ม CSV หรือ Excel (.xlsx) และชื่อแฟ้มต้องตรงกับชนิดของแฟ้ม',
    en: 'Only CSV or Excel (.xlsx) files are accepted, and the file name must agree with its type',
  },
  'import.not_xlsx': {
    th: 'แฟ้มนี้ไม่ใช่แฟ้ม Excel (.xlsx) ที่ถูกต้อง กรุณาบันทึกใหม่เป็น .xlsx หรือ CSV',
    en: 'This file is not a valid Excel workbook (.xlsx); save it again as .xlsx or CSV',
  },
  'import.not_text': {
    th: 'แฟ้มนี้ไม่ใช่แฟ้มข้อความ CSV (UTF-8, TIS-620 หรือ UTF-16) กรุณาส่งออกจากโปรแกรมเดิมเป็น CSV อีกครั้ง',
    en: 'This file is not CSV text (UTF-8, TIS-620 or UTF-16); export it from its program as CSV again',
  },
  'import.encoding_mismatch': {
    th: 'แฟ้มนี้อ่านด้วยการเข้ารหัสที่เลือกไม่ได้ (มีอักขระที่ไม่ใช่ของการเข้ารหัสนั้น) กรุณาเลือกการเข้ารหัสอื่นหรือใช้ค่าที่ระบบตรวจพบ',
    en: 'The file does not read in the chosen encoding (it has bytes that encoding has no character for); choose another or use the one found',
  },
  'import.file_unreadable': {
    th: 'อ่านแฟ้มไม่ได้ แฟ้มอาจเสียหาย กรุณาตรวจสอบแถวที่ระบุหรือส่งออกแฟ้มใหม่',
    en: 'The file could not be read and may be damaged; check the row given or export it again',
  },
  'import.stalled': {
    th: 'การนำเข้าหยุดทำงานไปกลางคัน (เครื่องแม่ข่ายหยุดหรือขัดข้อง) นำเข้าแฟ้มเดิมอีกครั้งเพื่อทำต่อให้เสร็จ',
    en: 'The import stopped partway (its server stopped or failed); import the same file again to finish it',
  },
  'referral.illegal_transition': { th: 'ทำรายการนี้กับการส่งต่อในสถานะปัจจุบันไม่ได้', en: 'This move is not allowed in the referral’s current state' },
  'referral.wrong_side': { th: 'รายการนี้ต้องทำโดยหน่วยงานอีกฝั่งของการส่งต่อ', en: 'The other organisation of the referral makes this move' },
  'referral.reason_required': { th: 'กรุณาระบุเหตุผล', en: 'Give a reason' },
  'referral.outcome_required': { th: 'กรุณาระบุผลการดำเนินการ', en: 'Give the outcome' },
  'areaplan.exists': {
    th: 'ตำบลนี้มีแผนพัฒนาคุณภาพชีวิตของปีงบประมาณนี้แล้ว กรุณาเปิดแผนเดิมเพื่อแก้ไข',
    en: 'This subdistrict already has a quality-of-life plan for this fiscal year; open it to edit',
  },
  'areaplan.subdistrict_only': { th: 'แผนพัฒนาคุณภาพชีวิตจัดทำรายตำบล กรุณาเลือกตำบล', en: 'A quality-of-life plan is made per subdistrict; choose a subdistrict' },
  'areaplan.closed': { th: 'แผนนี้ปิดแล้ว จึงแก้ไขไม่ได้', en: 'This plan is closed and cannot be changed' },
  'areaplan.not_draft': { th: 'ลบได้เฉพาะแผนที่ยังเป็นฉบับร่าง', en: 'Only a draft plan can be deleted' },
  'areaplan.not_approved': {
    th: 'ติดตามความคืบหน้าโครงการได้เมื่อแผนได้รับอนุมัติแล้ว',
    en: 'Project progress is tracked once the plan is approved',
  },
  'areaplan.illegal_transition': { th: 'เปลี่ยนเป็นสถานะนี้จากสถานะปัจจุบันไม่ได้', en: 'This status change is not allowed from the current status' },
  'areaplan.project_tracked': {
    th: 'ลบโครงการของแผนที่อนุมัติแล้วไม่ได้ ให้เปลี่ยนสถานะโครงการเป็นยกเลิกแทน',
    en: 'A project of an approved plan cannot be removed; cancel it instead',
  },
  'areaplan.confirm_required': { th: 'กรุณายืนยันการลบแผน', en: 'Confirm that the plan should be deleted' },
  'stipend.month_signed': {
    th: 'เดือนนี้ของตำบลนี้ลงนามรับรองแล้วจึงแก้ไขไม่ได้ หากจำเป็นต้องแก้ไข ให้เปิดการรับรองใหม่พร้อมระบุเหตุผล',
    en: 'This month of this subdistrict is signed off and locked; re-open it with a reason to change it',
  },
  'stipend.not_signed': { th: 'เดือนนี้ยังไม่ได้ลงนามรับรอง', en: 'This month has not been signed off' },
  'caseload.preview_changed': {
    th: 'รายชื่อในความรับผิดชอบเปลี่ยนไปหลังจากแสดงตัวอย่าง กรุณาตรวจสอบตัวอย่างใหม่แล้วยืนยันอีกครั้ง',
    en: 'The caseloads changed after the preview; check the new preview and confirm again',
  },
  rate_limited: { th: 'มีคำขอมากเกินไป กรุณารอสักครู่', en: 'Too many requests; please wait a moment' },
  internal: { th: 'ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง', en: 'Something went wrong; please try again' },
} as const satisfies Record<string, { th: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ApiErrorBody {
  code: ErrorCode | string;
  message_th: string;
  message_en: string;
  details?: unknown;
}

/** One field problem inside `details.fields` of a `validation.failed` error. */
export interface FieldIssue {
  path: string;
  message_th: string;
  message_en: string;
}

export function errorBody(code: ErrorCode, details?: unknown): ApiErrorBody {
  const m = ERRORS[code];
  return { code, message_th: m.th, message_en: m.en, ...(details === undefined ? {} : { details }) };
}
