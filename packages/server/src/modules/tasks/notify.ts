import { formatDate } from '@carehub/core';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Notice, sendNotice } from '../notifications/index.js';

/**
 * The tasks module's one door to the notification service (modules/notifications): a notice is recorded
 * in the caller's transaction, so it exists exactly when the escalation or assignment that raised it
 * commits; the service's worker delivers it by the user's channels and quiet hours. Only the task's
 * link and fixed wording leave CareHub (never the person's name or health details).
 */
export async function noticeTo(db: Kysely<DB>, userId: string, notice: Notice): Promise<void> {
  await sendNotice(db, userId, notice);
}

const SEVERITY = { urgent: { th: 'เร่งด่วน', en: 'urgent' }, warning: { th: 'เฝ้าระวัง', en: 'warning' } } as const;

/** An overdue task escalated to the supervisor (or its holder told it was escalated). */
export function escalationNotice(t: { id: string; severity: 'warning' | 'urgent'; dueOn: string }, toSupervisor: boolean): Notice {
  const s = SEVERITY[t.severity];
  return {
    kind: 'task.escalated',
    titleTh: toSupervisor ? `งาน${s.th}เกินกำหนด ส่งถึงท่านในฐานะผู้กำกับดูแล` : `งาน${s.th}ของท่านเกินกำหนดและแจ้งผู้กำกับดูแลแล้ว`,
    titleEn: toSupervisor ? `An overdue ${s.en} task was escalated to you` : `Your overdue ${s.en} task was escalated to your supervisor`,
    bodyTh: `ครบกำหนด ${formatDate(t.dueOn, 'th')} แล้วยังไม่ปิด`,
    bodyEn: `It was due on ${formatDate(t.dueOn, 'en')} and is still open.`,
    url: `/tasks?queue=mine&task=${t.id}`,
    urgent: t.severity === 'urgent',
  };
}

/** A task handed to someone by another person. */
export function assignedNotice(t: { id: string; severity: 'warning' | 'urgent' }, byName: string): Notice {
  const s = SEVERITY[t.severity];
  return {
    kind: 'task.assigned',
    titleTh: `${byName} มอบงาน${s.th}ให้ท่าน`,
    titleEn: `${byName} assigned you a ${s.en} task`,
    bodyTh: 'เปิดดูงานของฉันใน CareHub',
    bodyEn: 'Open My tasks in CareHub.',
    url: `/tasks?queue=mine&task=${t.id}`,
    urgent: false,
  };
}
