/**
 * What input can be true (issue 18 item 8): dates a person could be born on or a visit could have
 * happened on, points inside Thailand, photos whose bytes are the image they say they are. A leaf
 * module (zod only) so every schema file can use it without import cycles. Every refusal names a
 * catalogue code (errors.ts), which describeIssue turns into a Thai and English field message.
 */
import { z } from 'zod';

/** The calendar day in Thailand (UTC+7, no daylight saving) at `at`; the same rule as tasks.ts `thaiToday`. */
const thaiDay = (at: number): string => new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * The oldest birth date taken: 1 January 1900 (พ.ศ. 2443). Thailand's oldest recorded people were born
 * in the 1900s; a year before that is a typing slip (often an era mix-up: 2400 read as CE).
 */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * The oldest date a visit, an assessment or another event CareHub records can carry: 1 January 2000.
 * A fixed floor, not a window relative to today: a visit kept on a phone that was offline for weeks
 * carries its real, past time and must still be taken when the phone comes back (a sliding window
 * would one day refuse it, and make every dated test a time bomb), while a phone whose clock was reset
 * (to 1970 or 1980 after a flat battery) or a typed 1900 is refused with a clear reason. No home-visit
 * or assessment record CareHub holds or imports predates Thailand's digital registers of the 2000s.
 */
export const EARLIEST_EVENT_DATE = '2000-01-01';

/** The latest date any field takes (plans and card expiries look ahead, but not by centuries). */
export const LATEST_DATE = '2199-12-31';

/**
 * A recorded moment (a visit, an assessment) may lie this far ahead of the server's clock: a phone's
 * clock that runs a few minutes fast, or a time typed rounded up. Ten minutes, not a day: a visit
 * stamped hours ahead would count in the wrong day or month (stipends, follow-ups) and set the next
 * visit from a moment that has not come. Offline visits are in the past, so this never stops an
 * outbox that sends late.
 */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** A birth date (the first day of its period) that is neither in the future in Thai time nor before 1900. */
export function birthDateProblem(iso: string, now: number = Date.now()): 'date.future' | 'birthdate.too_early' | null {
  if (iso.slice(0, 10) > thaiDay(now)) return 'date.future';
  if (iso.slice(0, 10) < EARLIEST_BIRTH_DATE) return 'birthdate.too_early';
  return null;
}

/** A moment something happened (ISO date-time with offset): not before 2000, not later than now plus the clock skew. */
export function eventTimeProblem(at: string, now: number = Date.now()): 'date.future' | 'date.too_early' | null {
  const t = Date.parse(at);
  if (t > now + CLOCK_SKEW_MS) return 'date.future';
  if (t < Date.parse(`${EARLIEST_EVENT_DATE}T00:00:00+07:00`)) return 'date.too_early';
  return null;
}

/** A day something happened (yyyy-mm-dd): not before 1900 (`from`), not after today in Thailand. */
export function pastDayProblem(day: string, from = EARLIEST_BIRTH_DATE, now: number = Date.now()): 'date.future' | 'date.too_early' | null {
  if (day > thaiDay(now)) return 'date.future';
  if (day < from) return 'date.too_early';
  return null;
}

/** A day that may lie ahead (an expiry, a plan's target, an allowance starting next October): within 1900–2199. */
export function anyDayProblem(day: string, from = EARLIEST_BIRTH_DATE): 'date.too_early' | 'date.too_late' | null {
  if (day < from) return 'date.too_early';
  if (day > LATEST_DATE) return 'date.too_late';
  return null;
}

/** A yyyy-mm-dd schema for a day that has happened (a death, a card issued, a consent given). */
export const PastIsoDate = z.iso.date().superRefine((d, ctx) => {
  const problem = pastDayProblem(d);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A yyyy-mm-dd schema for a day that may lie ahead (within 1900–2199). */
export const AnyIsoDate = z.iso.date().superRefine((d, ctx) => {
  const problem = anyDayProblem(d);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Thailand's extent (lat 5.61–20.46 N, lon 97.34–105.64 E) widened by about 0.2° (≈ 20 km): a GPS fix
 * near a border or on an island off the coast, with its error, still falls inside. Home visits, home
 * locations and assessments all happen in Thailand, so a point outside is a wrong fix or a slip.
 */
export const THAILAND_BOUNDS = { minLat: 5.4, maxLat: 20.7, minLng: 97.1, maxLng: 105.9 } as const;

export function inThailand(lat: number, lng: number): boolean {
  const b = THAILAND_BOUNDS;
  return lat >= b.minLat && lat <= b.maxLat && lng >= b.minLng && lng <= b.maxLng;
}

/** A GPS point in Thailand; `accuracy` (metres) where the device gives it. */
export const ThaiGps = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).superRefine((p, ctx) => {
  if (!inThailand(p.lat, p.lng)) ctx.addIssue({ code: 'custom', message: 'gps.outside_thailand' });
});

/** The image types a photo may be, and the bytes each must begin with. */
const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x),
  // RIFF <size> WEBP
  webp: (b) => String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
};

/**
 * Whether a `data:image/<type>;base64,…` URL holds the image it declares: its first bytes must be the
 * magic number of that type (JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, WebP RIFF…WEBP). Bytes of any
 * other kind labelled as an image (a script, a PDF, a zip) are refused, and so is a JPEG called a PNG.
 */
export function photoMatchesType(dataUrl: string): boolean {
  const m = /^data:image\/(jpeg|png|webp);base64,([A-Za-z0-9+/=]{4,16})/.exec(dataUrl);
  if (!m) return false;
  // The first 12 bytes at most (16 base64 characters) are all any magic number needs.
  const head = m[2]!.slice(0, m[2]!.length - (m[2]!.length % 4));
  let bin: string;
  try {
    bin = atob(head);
  } catch {
    return false;
  }
  return MAGIC[m[1]!]!(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}
