/**
 * Quiet hours, the rule (issue 17, item 4):
 * - A user may set quiet hours as two Asia/Bangkok wall-clock times "HH:MM" (Thailand keeps UTC+7 all
 *   year). From before to: 08:00–17:00. From after to: the period spans midnight (22:00–06:00). From equal
 *   to to, or none: no quiet hours. The start minute is quiet, the end minute is not.
 * - A notice that is not urgent, arriving or retried during quiet hours, waits until they end.
 * - An urgent notice (a self-harm or other safety alert) is always sent at once, quiet hours or not.
 * - A test notice the user asked for is sent at once too: they are looking at the screen.
 */
const BANGKOK_OFFSET_MIN = 7 * 60;
const DAY_MIN = 24 * 60;

export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** When the quiet period that `now` falls in ends, or null when `now` is not in quiet hours. */
export function quietUntil(now: Date, from: string | null, to: string | null): Date | null {
  if (!from || !to) return null;
  const f = minutesOf(from);
  const t = minutesOf(to);
  if (f === t) return null;
  const wholeMinute = Math.floor(now.getTime() / 60_000);
  const local = (((wholeMinute + BANGKOK_OFFSET_MIN) % DAY_MIN) + DAY_MIN) % DAY_MIN;
  const quiet = f < t ? local >= f && local < t : local >= f || local < t;
  if (!quiet) return null;
  const wait = (t - local + DAY_MIN) % DAY_MIN;
  return new Date((wholeMinute + wait) * 60_000);
}

/** When a notice may go out: now (null) or the end of the user's quiet hours. */
export function holdUntil(
  notice: { urgent: boolean; kind: string },
  prefs: { quiet_from: string | null; quiet_to: string | null } | undefined,
  now: Date,
): Date | null {
  if (notice.urgent || notice.kind === 'test' || !prefs) return null;
  return quietUntil(now, prefs.quiet_from, prefs.quiet_to);
}
