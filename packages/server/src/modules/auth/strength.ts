import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { AppError } from '../../http/errors.js';

/**
 * Passwords by strength, not by length (issue 18, item 5): zxcvbn-ts estimates how many guesses a
 * password takes, from common passwords, English words and names, keyboard patterns, dates, repeats
 * and the user's own username and name. A score below MIN_PASSWORD_SCORE (0–4) is refused with the
 * estimator's feedback in Thai and English.
 */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Only the first ESTIMATED_LENGTH characters are estimated: the matchers grow faster than linearly with
 * the length (a 256-character repeat took over a second), and the estimate runs on the event loop. A
 * longer password is judged by its first 48 characters, which only ever errs on the side of refusing.
 */
const ESTIMATED_LENGTH = 48;

// No translations: the feedback comes back as keys, put into Thai and English below.
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  maxLength: ESTIMATED_LENGTH,
});

type WarningKey = keyof typeof en.translations.warnings;
type SuggestionKey = keyof typeof en.translations.suggestions;

const WARNINGS_TH: Record<WarningKey, string> = {
  straightRow: 'แป้นที่เรียงกันเป็นแถวบนแป้นพิมพ์เดาได้ง่าย',
  keyPattern: 'รูปแบบการกดแป้นพิมพ์สั้น ๆ เดาได้ง่าย',
  simpleRepeat: 'ตัวอักษรซ้ำกัน เช่น "aaa" เดาได้ง่าย',
  extendedRepeat: 'รูปแบบที่ซ้ำกัน เช่น "abcabcabc" เดาได้ง่าย',
  sequences: 'ลำดับที่พบบ่อย เช่น "abc" หรือ "123" เดาได้ง่าย',
  recentYears: 'ปีในช่วงไม่กี่ปีนี้เดาได้ง่าย',
  dates: 'วันที่เดาได้ง่าย',
  topTen: 'รหัสผ่านนี้เป็นหนึ่งในรหัสผ่านที่มีคนใช้มากที่สุด',
  topHundred: 'รหัสผ่านนี้มีคนใช้บ่อยมาก',
  common: 'รหัสผ่านนี้มีคนใช้กันทั่วไป',
  similarToCommon: 'รหัสผ่านนี้คล้ายกับรหัสผ่านที่มีคนใช้กันทั่วไป',
  wordByItself: 'คำเดียวโดด ๆ เดาได้ง่าย',
  namesByThemselves: 'ชื่อหรือนามสกุลโดด ๆ เดาได้ง่าย',
  commonNames: 'ชื่อและนามสกุลที่พบบ่อยเดาได้ง่าย',
  userInputs: 'ไม่ควรมีชื่อผู้ใช้ ชื่อของคุณ หรือข้อมูลส่วนตัวอยู่ในรหัสผ่าน',
  pwned: 'รหัสผ่านนี้เคยรั่วไหลทางอินเทอร์เน็ต',
};

const SUGGESTIONS_TH: Record<SuggestionKey, string> = {
  l33t: 'หลีกเลี่ยงการแทนตัวอักษรที่เดาได้ เช่น "@" แทน "a"',
  reverseWords: 'หลีกเลี่ยงการสะกดคำทั่วไปกลับหลัง',
  allUppercase: 'ใช้ตัวพิมพ์ใหญ่เพียงบางตัว ไม่ใช่ทุกตัว',
  capitalization: 'ใช้ตัวพิมพ์ใหญ่มากกว่าแค่ตัวแรก',
  dates: 'หลีกเลี่ยงวันที่และปีที่เกี่ยวข้องกับตัวคุณ',
  recentYears: 'หลีกเลี่ยงปีในช่วงไม่กี่ปีนี้',
  associatedYears: 'หลีกเลี่ยงปีที่เกี่ยวข้องกับตัวคุณ',
  sequences: 'หลีกเลี่ยงลำดับตัวอักษรหรือตัวเลขที่พบบ่อย',
  repeated: 'หลีกเลี่ยงคำและตัวอักษรที่ซ้ำกัน',
  longerKeyboardPattern: 'ใช้รูปแบบแป้นพิมพ์ที่ยาวขึ้นและเปลี่ยนทิศทางหลายครั้ง',
  anotherWord: 'เพิ่มคำที่คนไม่ค่อยใช้อีกสักคำสองคำ',
  useWords: 'ใช้หลายคำต่อกัน แต่หลีกเลี่ยงวลีที่คนใช้บ่อย',
  noNeed: 'รหัสผ่านที่แข็งแรงไม่จำเป็นต้องมีสัญลักษณ์ ตัวเลข หรือตัวพิมพ์ใหญ่',
  pwned: 'หากใช้รหัสผ่านนี้ที่อื่นด้วย ควรเปลี่ยนที่นั่นด้วย',
};

export interface FeedbackItem {
  key: string;
  th: string;
  en: string;
}

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  ok: boolean;
  warning: FeedbackItem | null;
  suggestions: FeedbackItem[];
}

function warningOf(key: string | null): FeedbackItem | null {
  if (!key) return null;
  const th = WARNINGS_TH[key as WarningKey];
  const english = en.translations.warnings[key as WarningKey];
  return { key, th: th ?? 'รหัสผ่านนี้เดาได้ง่าย', en: english ?? 'This password is easy to guess.' };
}

function suggestionOf(key: string): FeedbackItem {
  const th = SUGGESTIONS_TH[key as SuggestionKey];
  const english = en.translations.suggestions[key as SuggestionKey];
  return { key, th: th ?? 'ใช้วลีหลายคำที่คนอื่นเดาไม่ได้', en: english ?? 'Use a phrase of several uncommon words.' };
}

/** How strong a password is for this user (their username and display name count as known to an attacker). */
export function passwordStrength(password: string, userInputs: ReadonlyArray<string | null | undefined> = []): PasswordStrength {
  const inputs = userInputs.flatMap((s) => (s ? [s, ...s.split(/[\s._-]+/).filter((p) => p.length >= 3)] : []));
  const r = zxcvbn.check(password, inputs);
  const warning = warningOf(r.feedback.warning);
  const suggestions = r.feedback.suggestions.map(suggestionOf);
  // A refusal always says what to do, even when the estimator has no specific advice.
  if (r.score < MIN_PASSWORD_SCORE && !warning && suggestions.length === 0) suggestions.push(suggestionOf('useWords'));
  return { score: r.score, ok: r.score >= MIN_PASSWORD_SCORE, warning, suggestions };
}

/**
 * Throws 400 `user.password_weak` when the password is too easy to guess. The details name the field (so
 * a form shows the reason beside it) and carry the estimator's feedback in Thai and English.
 */
export function assertStrongPassword(password: string, userInputs: ReadonlyArray<string | null | undefined>, path = 'password'): void {
  const s = passwordStrength(password, userInputs);
  if (s.ok) return;
  const items = [...(s.warning ? [s.warning] : []), ...s.suggestions];
  const th = ['รหัสผ่านนี้เดาได้ง่ายเกินไป', ...items.map((i) => i.th)].join(' · ');
  const english = ['This password is too easy to guess', ...items.map((i) => i.en.replace(/\.$/, ''))].join(' · ');
  throw new AppError(400, 'user.password_weak', {
    fields: [{ path, message_th: th, message_en: english }],
    score: s.score,
    minScore: MIN_PASSWORD_SCORE,
    warning: s.warning,
    suggestions: s.suggestions,
  });
}
