/**
 * What an outside message says. It never carries the notice's title or body, a name, a diagnosis or any
 * other personal or health detail: only that a task needs attention (or urgent attention) and a link into
 * CareHub, where the user signs in to see it. E-mail, LINE and SMS travel through third parties and show
 * on locked phone screens; the link's path holds only record ids.
 */
export interface OutsideMessage {
  subject: string;
  text: string;
  link: string;
  /** The in-app path alone: what a web push opens, on the app's own origin. */
  path: string;
  /** For web push: short title and body shown by the browser. */
  pushTitle: string;
  pushBody: string;
}

export function composeMessage(notice: { url: string; urgent: boolean }, publicUrl: string | undefined): OutsideMessage {
  const link = (publicUrl ?? '') + notice.url;
  const subject = notice.urgent ? 'CareHub: งานด่วนรอคุณอยู่ / An urgent task needs you' : 'CareHub: มีงานรอคุณอยู่ / A task needs your attention';
  const th = notice.urgent ? 'มีงานด่วนใน CareHub ที่ต้องการให้คุณดูโดยเร็ว' : 'มีงานใน CareHub ที่ต้องการให้คุณดู';
  const en = notice.urgent ? 'An urgent task in CareHub needs you soon.' : 'A task in CareHub needs your attention.';
  return {
    subject,
    text: `${th} เข้าสู่ระบบเพื่อดูรายละเอียด: ${link}\n${en} Log in to see it: ${link}`,
    link,
    path: notice.url,
    pushTitle: notice.urgent ? 'CareHub: งานด่วน / Urgent task' : 'CareHub: มีงานรอคุณ / A task needs you',
    pushBody: 'เข้าสู่ระบบเพื่อดูรายละเอียด / Log in to see it',
  };
}
