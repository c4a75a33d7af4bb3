/**
 * The audit log in words. Every action the server records has a Thai and an English label here, so
 * the audit page, a person's timeline and the PDPA export say what happened instead of showing codes
 * (packages/server/src/modules/audit/labels.test.ts fails when the server records an action with no
 * label). `read: true` marks reads of lists and searches: the audit page and the timeline summarise
 * a run of them by the same user in the same hour as one line with a count.
 */
export interface AuditActionLabel {
  th: string;
  en: string;
  read?: boolean;
}

export const AUDIT_ACTION_LABELS: Record<string, AuditActionLabel> = {
  'auth.login': { th: 'เข้าสู่ระบบ', en: 'Signed in' },
  'auth.login_failed': { th: 'เข้าสู่ระบบไม่สำเร็จ', en: 'Failed sign-in' },
  'auth.login_refused': { th: 'ปฏิเสธการเข้าสู่ระบบ', en: 'Sign-in refused' },
  'auth.logout': { th: 'ออกจากระบบ', en: 'Signed out' },
  'auth.session_revoked': { th: 'เพิกถอนเซสชัน', en: 'Session revoked' },
  'auth.password_changed': { th: 'เปลี่ยนรหัสผ่านของตนเอง', en: 'Changed own password' },
  'auth.password_change_failed': { th: 'เปลี่ยนรหัสผ่านของตนเองไม่สำเร็จ', en: 'Failed to change own password' },

  'person.read': { th: 'เปิดดูข้อมูลบุคคล', en: 'Opened a person', read: true },
  'person.search': { th: 'ค้นหาบุคคล', en: 'Searched for people', read: true },
  'person.read_refused': { th: 'ถูกปฏิเสธการเข้าถึงข้อมูลบุคคล', en: 'Was refused access to a person' },
  'person.create': { th: 'เพิ่มบุคคล', en: 'Registered a person' },
  'person.update': { th: 'แก้ไขข้อมูลบุคคล', en: 'Changed a person' },
  'person.duplicate_check': { th: 'ตรวจสอบบุคคลซ้ำ', en: 'Checked for a duplicate person', read: true },
  'person.export': { th: 'ส่งออกข้อมูลของบุคคล (คำขอตามสิทธิ PDPA)', en: "Exported a person's data (PDPA request)" },
  'person.shared': { th: 'แบ่งปันข้อมูลบุคคลกับหน่วยงาน', en: 'Shared a person with an organisation' },
  'person.share_revoked': { th: 'ยกเลิกการแบ่งปันข้อมูลบุคคล', en: 'Stopped sharing a person' },
  'persons.export': { th: 'ส่งออกรายชื่อบุคคล', en: 'Exported a list of people' },
  'vulnerability.added': { th: 'เพิ่มความเปราะบาง', en: 'Added a vulnerability' },
  'vulnerability.ended': { th: 'สิ้นสุดความเปราะบาง', en: 'Ended a vulnerability' },
  'entitlement.added': { th: 'เพิ่มสิทธิสวัสดิการ', en: 'Added an entitlement' },
  'entitlement.changed': { th: 'แก้ไขสิทธิสวัสดิการ', en: 'Changed an entitlement' },
  'household.added': { th: 'เพิ่มสมาชิกครัวเรือน', en: 'Added a household member' },
  'household.removed': { th: 'นำสมาชิกครัวเรือนออก', en: 'Removed a household member' },
  'consent.given': { th: 'บันทึกความยินยอม', en: 'Recorded consent' },
  'consent.withdrawn': { th: 'ถอนความยินยอม', en: 'Withdrew consent' },

  'user.create': { th: 'เพิ่มผู้ใช้', en: 'Added a user' },
  'user.update': { th: 'แก้ไขผู้ใช้', en: 'Changed a user' },
  'user.permissions_changed': { th: 'เปลี่ยนสิทธิ์ของผู้ใช้', en: "Changed a user's permissions" },
  'user.revoke_sessions': { th: 'เพิกถอนเซสชันของผู้ใช้', en: "Revoked a user's sessions" },
  'user.scope_outside_organisation': { th: 'ยืนยันพื้นที่นอกพื้นที่ของหน่วยงาน', en: "Confirmed an area outside the organisation's" },
  'organisation.create': { th: 'เพิ่มหน่วยงาน', en: 'Added an organisation' },
  'organisation.update': { th: 'แก้ไขหน่วยงาน', en: 'Changed an organisation' },
  'area_successor.create': { th: 'เพิ่มรหัสพื้นที่เดิมที่เปลี่ยนไป', en: 'Added a former area code' },
  'area_successor.delete': { th: 'ลบรหัสพื้นที่เดิมที่เปลี่ยนไป', en: 'Removed a former area code' },

  'assessment.signed': { th: 'ลงนามผลการประเมิน', en: 'Signed an assessment' },
  'assessment.draft_saved': { th: 'บันทึกร่างการประเมิน', en: 'Saved an assessment draft' },
  'assessment.draft_discarded': { th: 'ทิ้งร่างการประเมิน', en: 'Discarded an assessment draft' },
  'assessment.safety_recall': { th: 'ทบทวนผลการประเมินด้วยเกณฑ์ความปลอดภัยใหม่', en: 'Rescored under new safety rules' },
  'instrument.published': { th: 'เผยแพร่แบบประเมิน', en: 'Published an instrument' },
  'instrument.safety_recall': { th: 'ทบทวนความปลอดภัยหลังเผยแพร่แบบประเมิน', en: 'Safety recall after publishing' },
  'task.created': { th: 'สร้างงาน', en: 'Created a task' },
  'task.closed': { th: 'ปิดงาน', en: 'Closed a task' },
  // Recorded before tasks closed through task.closed; older audit logs still hold them.
  'task.done': { th: 'ทำงานเสร็จ', en: 'Completed a task' },
  'task.dismissed': { th: 'ยกเลิกงาน', en: 'Dismissed a task' },
  'task.raised': { th: 'สร้างงานจากการแจ้งเตือน', en: 'Raised a task from an alert' },
  'task.repeated': { th: 'การแจ้งเตือนเดิมเกิดซ้ำ (ปรับงานที่เปิดอยู่)', en: 'Alert repeated (open task updated)' },
  'task.claimed': { th: 'รับงานมาทำ', en: 'Claimed a task' },
  'task.assigned': { th: 'มอบหมายงาน', en: 'Assigned a task' },
  'task.released': { th: 'คืนงานสู่คิวของทีม', en: 'Handed a task back to the team' },
  'task.escalated': { th: 'ส่งงานเกินกำหนดให้ผู้กำกับดูแล', en: 'Escalated an overdue task' },
  'task.list': { th: 'ดูรายการงาน', en: 'Listed tasks', read: true },

  'visit.recorded': { th: 'บันทึกการเยี่ยมบ้าน', en: 'Recorded a home visit' },
  'visit.plausibility': { th: 'ตรวจพบการเยี่ยมที่ควรตรวจสอบ', en: 'Flagged a visit for checking' },
  'visit.approved': { th: 'อนุมัติการเยี่ยมบ้าน', en: 'Approved a home visit' },
  'visit.returned': { th: 'ส่งการเยี่ยมบ้านกลับให้แก้ไข', en: 'Returned a home visit' },
  'visit.list': { th: 'ดูรายการเยี่ยมบ้าน', en: 'Listed home visits', read: true },
  'visit.overview': { th: 'ดูภาพรวมการเยี่ยมบ้าน', en: 'Viewed the visits overview', read: true },
  'visits.export': { th: 'ส่งออกรายการเยี่ยมบ้าน', en: 'Exported home visits' },
  'caseload.read': { th: 'ดูรายชื่อในความดูแล', en: 'Viewed a caseload', read: true },
  'caseload.assigned': { th: 'มอบหมายผู้ดูแล', en: 'Assigned to a caseload' },
  'caseload.ended': { th: 'สิ้นสุดการดูแล', en: 'Removed from a caseload' },
  'territory.assigned': { th: 'มอบหมายหมู่บ้านให้อาสาสมัคร', en: 'Gave a volunteer a village' },
  'territory.ended': { th: 'สิ้นสุดความรับผิดชอบหมู่บ้าน', en: "Ended a volunteer's village" },
  'territory.list': { th: 'ดูพื้นที่รับผิดชอบของอาสาสมัคร', en: 'Listed volunteer territories', read: true },
  'caseload.bulk_previewed': { th: 'ดูตัวอย่างการย้ายผู้อยู่ในความดูแล', en: 'Previewed a bulk caseload change', read: true },
  'caseload.village_assigned': { th: 'มอบหมายทั้งหมู่บ้านให้อาสาสมัคร', en: 'Assigned a whole village' },
  'caseload.territories_assigned': { th: 'มอบหมายทุกหมู่บ้านให้อาสาสมัครที่รับผิดชอบ', en: 'Assigned every village to its volunteer' },
  'caseload.transferred': { th: 'ย้ายผู้อยู่ในความดูแลทั้งหมดไปยังอาสาสมัครอื่น', en: 'Moved a caseload to another volunteer' },
  'caseload.operation_undone': { th: 'ยกเลิกการย้ายผู้อยู่ในความดูแล', en: 'Undid a bulk caseload change' },
  'stipend.read': { th: 'ดูค่าตอบแทน อสม. ประจำเดือน', en: 'Viewed the stipend month', read: true },
  'stipend.target_set': { th: 'กำหนดเป้าหมายการเยี่ยมของอาสาสมัคร', en: "Set a volunteer's visit target" },
  'stipend.signed': { th: 'ลงนามรับรองค่าตอบแทนประจำเดือน', en: 'Signed off the stipend month' },
  'stipend.reopened': { th: 'เปิดเดือนที่ลงนามแล้วอีกครั้ง', en: 'Reopened a signed stipend month' },
  'stipend.payment_list': { th: 'ส่งออกรายชื่อผู้รับค่าตอบแทน', en: 'Downloaded the stipend payment list' },
  'person_registration.created': { th: 'ลงทะเบียนบุคคลที่พบในพื้นที่', en: 'Registered a person found in the field' },
  'person_registration.queued': { th: 'ส่งบุคคลที่อาจซ้ำให้ผู้กำกับดูแลตรวจสอบ', en: 'Queued a possible duplicate for review' },
  'person_registration.linked': { th: 'เชื่อมกับบุคคลที่ลงทะเบียนไว้แล้ว', en: 'Linked to a person already registered' },
  'person_registration.rejected': { th: 'ไม่รับการลงทะเบียน', en: 'Refused a registration' },
  'person_registration.read': { th: 'ดูรายการลงทะเบียนรอตรวจสอบ', en: 'Viewed registrations to review', read: true },
  'report.volunteer_activity': { th: 'พิมพ์รายงานผลงานอาสาสมัคร', en: 'Printed the volunteer activity report' },

  'referral.sent': { th: 'ส่งต่อ', en: 'Sent a referral' },
  'referral.vital_interest': { th: 'ส่งต่อเพื่อป้องกันอันตรายต่อชีวิต (ไม่รอความยินยอม)', en: 'Referred to protect life (without consent)' },
  'referral.accept': { th: 'รับการส่งต่อ', en: 'Accepted a referral' },
  'referral.decline': { th: 'ปฏิเสธการส่งต่อ', en: 'Declined a referral' },
  'referral.start': { th: 'เริ่มดำเนินการตามการส่งต่อ', en: 'Started work on a referral' },
  'referral.complete': { th: 'ปิดการส่งต่อพร้อมผล', en: 'Completed a referral' },
  'referral.cancel': { th: 'ยกเลิกการส่งต่อ', en: 'Cancelled a referral' },
  'referral.read': { th: 'เปิดดูการส่งต่อ', en: 'Opened a referral', read: true },
  'referral.list': { th: 'ดูรายการส่งต่อ', en: 'Listed referrals', read: true },
  'referrals.export': { th: 'ส่งออกรายการส่งต่อ', en: 'Exported referrals' },

  'careplan.saved': { th: 'บันทึกแผนการดูแล', en: 'Saved a care plan' },
  'careplan.agreed': { th: 'บันทึกความเห็นชอบแผนการดูแล', en: 'Recorded agreement to a care plan' },
  'careteam.added': { th: 'เพิ่มสมาชิกทีมดูแล', en: 'Added a care-team member' },
  'careteam.removed': { th: 'นำสมาชิกทีมดูแลออก', en: 'Removed a care-team member' },
  'conference.recorded': { th: 'บันทึกการประชุมทีม', en: 'Recorded a case conference' },

  'import.batch': { th: 'นำเข้าข้อมูล', en: 'Imported a file' },
  'import.preview': { th: 'ตรวจตัวอย่างไฟล์นำเข้า', en: 'Previewed an import', read: true },
  'import.rollback': { th: 'ย้อนการนำเข้า', en: 'Rolled back an import' },
  'import.source_saved': { th: 'บันทึกการตั้งค่าแหล่งข้อมูล', en: 'Saved an import source' },
  'import.review': { th: 'ตัดสินรายการที่อาจซ้ำ', en: 'Decided a possible match' },
  'import.split': { th: 'แยกบุคคลที่รวมผิด', en: 'Split a wrongly merged person' },
  'import.review_list': { th: 'ดูรายการรอตรวจสอบ', en: 'Listed the review queue', read: true },
  'import.review_count': { th: 'ดูจำนวนรายการรอตรวจสอบ', en: 'Counted the review queue', read: true },
  'import.decision_list': { th: 'ดูประวัติการตัดสิน', en: 'Listed match decisions', read: true },
  'import.rejections': { th: 'ดูแถวที่นำเข้าไม่ได้', en: 'Listed rejected rows', read: true },
  'import.coverage': { th: 'ดูความครอบคลุมของข้อมูลนำเข้า', en: 'Viewed import coverage', read: true },
  'import.quality': { th: 'ดูคุณภาพข้อมูลนำเข้า', en: 'Viewed import data quality', read: true },

  'dashboard.read': { th: 'ดูแดชบอร์ด', en: 'Viewed the dashboard', read: true },
  'dashboard.export': { th: 'ส่งออกข้อมูลแดชบอร์ด', en: 'Exported dashboard figures' },
  'indicators.read': { th: 'ดูตัวชี้วัด', en: 'Viewed indicators', read: true },
  'indicator.target_changed': { th: 'เปลี่ยนค่าเป้าหมายตัวชี้วัด', en: 'Changed an indicator target' },
  'areaplan.created': { th: 'สร้างแผนพัฒนาคุณภาพชีวิตระดับพื้นที่', en: 'Created an area plan' },
  'areaplan.updated': { th: 'แก้ไขแผนระดับพื้นที่', en: 'Changed an area plan' },
  'areaplan.deleted': { th: 'ลบร่างแผนระดับพื้นที่', en: 'Deleted an area plan draft' },
  'areaplan.approved': { th: 'อนุมัติแผนระดับพื้นที่', en: 'Approved an area plan' },
  'areaplan.closed': { th: 'ปิดแผนระดับพื้นที่', en: 'Closed an area plan' },
  'areaplan.project_progress': { th: 'บันทึกความก้าวหน้าโครงการ', en: 'Recorded project progress' },
  'areaplan.printed': { th: 'พิมพ์แผนระดับพื้นที่', en: 'Printed an area plan' },
  'areaplan.read': { th: 'เปิดดูแผนระดับพื้นที่', en: 'Opened an area plan', read: true },
  'areaplan.listed': { th: 'ดูรายการแผนระดับพื้นที่', en: 'Listed area plans', read: true },
  'map.boundaries_uploaded': { th: 'อัปโหลดขอบเขตพื้นที่ (GeoJSON)', en: 'Uploaded area boundaries (GeoJSON)' },
  'map.basemap_uploaded': { th: 'อัปโหลดแผนที่ฐาน (PMTiles)', en: 'Uploaded a basemap (PMTiles)' },
  'notifications.preferences_changed': { th: 'เปลี่ยนช่องทางการแจ้งเตือน', en: 'Changed notification settings' },
  'notifications.push_subscribed': { th: 'เปิดการแจ้งเตือนบนเบราว์เซอร์', en: 'Turned on browser notifications' },
  'notifications.push_unsubscribed': { th: 'ปิดการแจ้งเตือนบนเบราว์เซอร์', en: 'Turned off browser notifications' },
  'notifications.test_sent': { th: 'ส่งการแจ้งเตือนทดสอบ', en: 'Sent a test notice' },
  'notifications.deliveries_read': { th: 'ดูสถานะการส่งการแจ้งเตือน', en: 'Viewed notice deliveries', read: true },
  export: { th: 'ส่งออกข้อมูล', en: 'Exported data' },
};

export const AUDIT_SUBJECT_LABELS: Record<string, { th: string; en: string }> = {
  person: { th: 'บุคคล', en: 'Person' },
  user: { th: 'ผู้ใช้', en: 'User' },
  organisation: { th: 'หน่วยงาน', en: 'Organisation' },
  referral: { th: 'การส่งต่อ', en: 'Referral' },
  visit: { th: 'การเยี่ยมบ้าน', en: 'Home visit' },
  task: { th: 'งาน', en: 'Task' },
  assessment: { th: 'การประเมิน', en: 'Assessment' },
  instrument: { th: 'แบบประเมิน', en: 'Instrument' },
  careplan: { th: 'แผนการดูแล', en: 'Care plan' },
  areaplan: { th: 'แผนระดับพื้นที่', en: 'Area plan' },
  import: { th: 'การนำเข้า', en: 'Import' },
  session: { th: 'เซสชัน', en: 'Session' },
  area: { th: 'พื้นที่', en: 'Area' },
};

/** The words for an action; an action without a label reads as its code with the dots spaced, never blank. */
export function auditActionLabel(action: string, lang: 'th' | 'en'): string {
  return AUDIT_ACTION_LABELS[action]?.[lang] ?? action.replace(/[._]/g, ' ');
}

export function auditSubjectLabel(type: string, lang: 'th' | 'en'): string {
  return AUDIT_SUBJECT_LABELS[type]?.[lang] ?? type;
}

/** Reads of lists and searches: summarised per user and hour. */
export const AUDIT_READ_ACTIONS: readonly string[] = Object.entries(AUDIT_ACTION_LABELS)
  .filter(([, l]) => l.read)
  .map(([a]) => a);
