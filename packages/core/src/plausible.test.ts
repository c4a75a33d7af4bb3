import { describe, expect, it } from 'vitest';
import { ConsentInput, PartialDateInput, PersonInput } from './api.js';
import { AssessmentInput } from './assessments.js';
import { birthDateProblem, eventTimeProblem, inThailand, photoMatchesType } from './plausible.js';

// 2026-12-07 17:30 UTC is 2026-12-08 00:30 in Thailand.
const now = Date.parse('2026-12-07T17:30:00Z');

describe('birth dates', () => {
  it('are not in the future in Thai time, nor before 1900', () => {
    expect(birthDateProblem('2026-12-08', now)).toBeNull(); // born today, Thai time (still the 7th in UTC)
    expect(birthDateProblem('2026-12-09', now)).toBe('date.future');
    expect(birthDateProblem('1900-01-01', now)).toBeNull();
    expect(birthDateProblem('1899-12-31', now)).toBe('birthdate.too_early');
  });

  it('are refused by the schema with the catalogue code, in either era', () => {
    const next = new Date().getFullYear() + 1;
    for (const typed of [String(next), String(next + 543), `1/1/${next + 543}`, '2442', '1850']) {
      const r = PartialDateInput.safeParse(typed);
      expect(r.success, typed).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(/^(date\.future|birthdate\.too_early)$/);
    }
    expect(PartialDateInput.safeParse('2493').success).toBe(true);
    expect(PartialDateInput.safeParse('30/2/2493').error!.issues[0]!.message).toBe('date.invalid');
  });
});

describe('moments things happened', () => {
  it('lie between 2000 and ten minutes from now', () => {
    expect(eventTimeProblem('1900-01-01T10:00:00+07:00', now)).toBe('date.too_early');
    expect(eventTimeProblem('2000-01-01T00:00:00+07:00', now)).toBeNull();
    expect(eventTimeProblem(new Date(now + 9 * 60_000).toISOString(), now)).toBeNull();
    expect(eventTimeProblem(new Date(now + 11 * 60_000).toISOString(), now)).toBe('date.future');
    expect(eventTimeProblem(new Date(now - 90 * 86_400_000).toISOString(), now)).toBeNull();
  });

  it('days that have happened are not in the future; an assessment is neither in 1900 nor ahead', () => {
    const consent = { purpose: 'care_coordination', givenBy: 'self', method: 'verbal' } as const;
    expect(ConsentInput.safeParse({ ...consent, givenAt: '2199-01-01' }).error!.issues[0]!.message).toBe('date.future');
    expect(ConsentInput.safeParse({ ...consent, givenAt: '0001-01-01' }).error!.issues[0]!.message).toBe('date.too_early');
    const a = { instrumentCode: 'barthel', instrumentVersion: 1, answers: {} };
    expect(AssessmentInput.safeParse({ ...a, performedAt: '1900-01-01T00:00:00+07:00' }).error!.issues[0]!.message).toBe('date.too_early');
    expect(AssessmentInput.safeParse({ ...a, performedAt: '2999-01-01T00:00:00+07:00' }).error!.issues[0]!.message).toBe('date.future');
  });
});

describe('GPS', () => {
  it('is a point in Thailand', () => {
    expect(inThailand(7.19, 100.59)).toBe(true);
    expect(inThailand(-89, 179)).toBe(false);
    expect(inThailand(21.03, 105.85)).toBe(false); // Hanoi
    expect(inThailand(3.14, 101.69)).toBe(false); // Kuala Lumpur
    const person = { cidMissingReason: 'unknown', firstNameTh: 'ก', lastNameTh: 'ข', sex: 'female', areaCode: '900101' };
    expect(PersonInput.safeParse({ ...person, gps: { lat: -89, lng: 179 } }).error!.issues[0]!.message).toBe('gps.outside_thailand');
    expect(PersonInput.safeParse({ ...person, gps: { lat: 7.19, lng: 100.59 } }).success).toBe(true);
    const a = { instrumentCode: 'barthel', instrumentVersion: 1, answers: {} };
    expect(AssessmentInput.safeParse({ ...a, gps: { lat: -89, lng: 179 } }).error!.issues[0]!.message).toBe('gps.outside_thailand');
  });
});

describe('photos', () => {
  it('are the image type they declare, by magic number', () => {
    expect(photoMatchesType('data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ')).toBe(true);
    expect(photoMatchesType('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(photoMatchesType('data:image/webp;base64,UklGRiQAAABXRUJQVlA4')).toBe(true);
    expect(photoMatchesType('data:image/png;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==')).toBe(false); // <script>
    expect(photoMatchesType('data:image/png;base64,/9j/4AAQSkZJRgABAQ')).toBe(false); // a JPEG called PNG
    expect(photoMatchesType('data:image/jpeg;base64,AAAAAAAA')).toBe(false);
    expect(photoMatchesType('data:image/webp;base64,UklGRiQAAABBVkkg')).toBe(false); // RIFF AVI
    expect(photoMatchesType('data:image/gif;base64,R0lGODlhAQABAAAA')).toBe(false);
  });
});
