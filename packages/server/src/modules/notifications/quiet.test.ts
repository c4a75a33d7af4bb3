import { describe, expect, it } from 'vitest';
import { composeMessage } from './message.js';
import { holdUntil, quietUntil } from './quiet.js';
import { backoffMs } from './worker.js';

// Bangkok is UTC+7 all year: 22:30 in Bangkok is 15:30 UTC.
const bkk = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);
const night = { quiet_from: '22:00', quiet_to: '06:00' };
const office = { quiet_from: '12:00', quiet_to: '13:00' };

describe('quiet hours (Asia/Bangkok)', () => {
  it('holds a notice that is not urgent until a quiet period spanning midnight ends, on either side of midnight', () => {
    expect(quietUntil(bkk('2026-12-07', '22:30'), '22:00', '06:00')).toEqual(bkk('2026-12-08', '06:00'));
    expect(quietUntil(bkk('2026-12-08', '02:15'), '22:00', '06:00')).toEqual(bkk('2026-12-08', '06:00'));
    expect(holdUntil({ urgent: false, kind: 'task.escalated' }, night, bkk('2026-12-07', '23:59'))).toEqual(bkk('2026-12-08', '06:00'));
  });

  it('starts at the from minute and ends at the to minute', () => {
    expect(quietUntil(bkk('2026-12-07', '22:00'), '22:00', '06:00')).toEqual(bkk('2026-12-08', '06:00'));
    expect(quietUntil(bkk('2026-12-07', '21:59'), '22:00', '06:00')).toBeNull();
    expect(quietUntil(bkk('2026-12-08', '06:00'), '22:00', '06:00')).toBeNull();
    expect(quietUntil(bkk('2026-12-08', '05:59'), '22:00', '06:00')).toEqual(bkk('2026-12-08', '06:00'));
  });

  it('handles a quiet period within one day, and none when from equals to or nothing is set', () => {
    expect(quietUntil(bkk('2026-12-07', '12:40'), '12:00', '13:00')).toEqual(bkk('2026-12-07', '13:00'));
    expect(holdUntil({ urgent: false, kind: 'x' }, office, bkk('2026-12-07', '13:05'))).toBeNull();
    expect(holdUntil({ urgent: false, kind: 'x' }, office, bkk('2026-12-07', '11:00'))).toBeNull();
    expect(quietUntil(bkk('2026-12-07', '12:40'), '12:00', '12:00')).toBeNull();
    expect(holdUntil({ urgent: false, kind: 'x' }, { quiet_from: null, quiet_to: null }, bkk('2026-12-07', '23:00'))).toBeNull();
    expect(holdUntil({ urgent: false, kind: 'x' }, undefined, bkk('2026-12-07', '23:00'))).toBeNull();
  });

  it('sends an urgent notice (a self-harm alert) at once, inside quiet hours too', () => {
    expect(holdUntil({ urgent: true, kind: 'alert.self_harm' }, night, bkk('2026-12-07', '23:00'))).toBeNull();
    expect(holdUntil({ urgent: true, kind: 'alert.self_harm' }, night, bkk('2026-12-08', '03:00'))).toBeNull();
    // The same notice, not urgent, at the same moments, waits.
    expect(holdUntil({ urgent: false, kind: 'alert.self_harm' }, night, bkk('2026-12-08', '03:00'))).toEqual(bkk('2026-12-08', '06:00'));
  });

  it('sends a test notice the user asked for at once', () => {
    expect(holdUntil({ urgent: false, kind: 'test' }, night, bkk('2026-12-07', '23:00'))).toBeNull();
  });
});

describe('retries', () => {
  it('wait 1, 2, 4, 8, 16 minutes, then at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });
});

describe('outside messages', () => {
  it('say only that a task needs attention and link into the app', () => {
    const m = composeMessage({ url: '/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c', urgent: true }, 'https://carehub.example');
    expect(m.link).toBe('https://carehub.example/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c');
    expect(m.text).toContain('เข้าสู่ระบบเพื่อดูรายละเอียด');
    expect(m.text).toContain('Log in to see it');
    expect(m.subject).toContain('urgent');
    expect(composeMessage({ url: '/tasks', urgent: false }, undefined).subject).not.toContain('urgent');
  });
});
