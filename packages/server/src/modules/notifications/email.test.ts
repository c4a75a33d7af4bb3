import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { seedDemo } from '../../seed/demo.js';
import { createTestDatabase } from '../../testing/db.js';
import { aiosmtpdPython, type SmtpServer, startSmtpServer } from '../../testing/notify-standins.js';
import { makeAdapters } from './adapters.js';
import { sendNotice } from './notice.js';
import type { NotifyConfig } from './settings.js';
import { ndb } from './tables.js';
import { vapidKeys } from './vapid.js';
import { runNotificationRound } from './worker.js';

// E-mail is tested against a real SMTP server: Debian's python3-aiosmtpd, writing what it receives to a
// Maildir. Like a missing Chromium (vitest.config.ts): outside CI its absence skips this file with a
// printed reason; under CI=true it is a failure.
const python = aiosmtpdPython();
const ci = process.env.CI === 'true';
if (!python && !ci) console.warn('[carehub] skipping the e-mail delivery test: python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)');

/** The decoded subject and text of a raw message as nodemailer writes it (RFC 2047 words; base64 or quoted-printable body). */
function decode(raw: string): { headers: string; subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const words = (v: string) =>
    v.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
  const subject = words(/^Subject: (.*)$/im.exec(headers)?.[1] ?? '');
  const body = rest.join('\n\n');
  const cte = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1]?.trim().toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { headers, subject, text };
}

describe.skipIf(!python && !ci)('e-mail over SMTP (aiosmtpd)', () => {
  let database: Database;
  let smtp: SmtpServer;
  let cfg: NotifyConfig;
  let user: string;

  beforeAll(async () => {
    if (!python) throw new Error('CI=true: python3-aiosmtpd is not installed, so the e-mail delivery test cannot run; under CI no suite may be skipped');
    smtp = await startSmtpServer(python);
    database = await createTestDatabase();
    await seedDemo(database.db, { persons: 0 });
    user = (await database.db.selectFrom('users').select('id').where('username', '=', 'sw.boyang').executeTakeFirstOrThrow()).id;
    cfg = {
      publicUrl: 'https://carehub.example',
      email: { host: smtp.host, port: smtp.port, secure: false, user: undefined, password: undefined, from: 'CareHub <no-reply@carehub.example>' },
      line: undefined,
      sms: undefined,
      webPush: undefined,
      pollSeconds: 3600,
      maxAttempts: 3,
    };
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.close();
  });

  it('delivers a notice to the chosen address, saying only that a task needs attention, with the link', async () => {
    await ndb(database.db).insertInto('notification_preferences').values({ user_id: user, email_enabled: true, email: 'malee@rpst-boyang.example' }).execute();
    const id = await sendNotice(database.db, user, {
      kind: 'alert.self_harm',
      titleTh: 'นายสมชาย ทดสอบ คิดทำร้ายตัวเอง',
      titleEn: 'Somchai: thoughts of self-harm',
      bodyTh: '9Q = 19 คะแนน',
      bodyEn: '9Q = 19',
      url: '/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c',
      urgent: true,
    });
    const r = await runNotificationRound(
      database.db,
      cfg,
      makeAdapters(cfg, () => vapidKeys(database.db)),
      new Date(),
    );
    expect(r).toMatchObject({ sent: 1, failed: 0 });
    const messages = smtp.messages();
    expect(messages).toHaveLength(1);
    const m = decode(messages[0]!);
    expect(m.headers).toMatch(/^To: malee@rpst-boyang\.example$/im);
    expect(m.headers).toMatch(/^From: CareHub <no-reply@carehub\.example>$/im);
    expect(m.headers).toMatch(/^Importance: high$/im);
    expect(m.subject).toBe('CareHub: งานด่วนรอคุณอยู่ / An urgent task needs you');
    expect(m.text).toContain('เข้าสู่ระบบเพื่อดูรายละเอียด: https://carehub.example/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c');
    for (const secret of ['สมชาย', 'Somchai', 'self-harm', 'ทำร้ายตัวเอง', '9Q']) expect(`${m.subject}\n${m.text}`).not.toContain(secret);
    const d = await ndb(database.db).selectFrom('notification_deliveries').selectAll().where('notice_id', '=', id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ channel: 'email', status: 'sent', attempts: 1 });
  });

  it('retries when the mail server cannot be reached', async () => {
    const down = { ...cfg, email: { ...cfg.email!, port: 1 } };
    const id = await sendNotice(database.db, user, {
      kind: 'task.escalated',
      titleTh: 'ก',
      titleEn: 'a',
      bodyTh: '',
      bodyEn: '',
      url: '/tasks',
      urgent: false,
    });
    await runNotificationRound(
      database.db,
      down,
      makeAdapters(down, () => vapidKeys(database.db)),
      new Date(),
    );
    const d = await ndb(database.db).selectFrom('notification_deliveries').selectAll().where('notice_id', '=', id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    // nodemailer's error code, never the server's answer text.
    expect(d.last_error).toMatch(/^SMTP E[A-Z]+$/);
  });
});
