import { describe, expect, it } from 'vitest';
import { foldSounds, linkageNameKey, phoneticKey, sexFromTitle } from './keys.js';

describe('name keys for linkage', () => {
  it('reads through title, spacing, tone-mark and confusable-vowel slips', () => {
    const key = linkageNameKey('สมศรี');
    for (const slip of ['นางสมศรี', 'นาง สมศรี', 'น.ส.สมศรี', 'สม ศรี', 'ส้มศรี', 'สมศริ', ' สมศรี ']) expect(linkageNameKey(slip), slip).toBe(key);
    expect(linkageNameKey('ไพโรจน์')).toBe(linkageNameKey('ใพโรจน'));
    expect(linkageNameKey('ลูกหมู')).toBe(linkageNameKey('ลุกหมุ'));
  });

  it('keeps real differences', () => {
    expect(linkageNameKey('สมศรี')).not.toBe(linkageNameKey('สมสรี'));
    expect(linkageNameKey('มาลี')).not.toBe(linkageNameKey('มาลัย'));
  });

  it('treats Latin names as lower case without spaces, and blanks as empty', () => {
    expect(linkageNameKey('Elk I')).toBe('elki');
    expect(linkageNameKey(null)).toBe('');
    expect(linkageNameKey(undefined)).toBe('');
  });
});

describe('sound keys for blocking', () => {
  it('ignores vowels, tone marks, titles, spacing and silent letters', () => {
    const key = phoneticKey('สมศักดิ์');
    for (const slip of ['นายสมศักดิ์', 'สม ศักดิ์', 'ส้มศักดิ์', 'สมศัก', 'สมสักดิ์']) expect(phoneticKey(slip), slip).toBe(key);
  });

  it('puts consonants that sound alike in one class, ร and ล together', () => {
    expect(phoneticKey('ศรีสุข')).toBe(phoneticKey('สีสุข'.replace('สี', 'ศรี')));
    expect(phoneticKey('สะมะแอ')).toBe(phoneticKey('ศะมะแอ'));
    expect(phoneticKey('รำดวน')).toBe(phoneticKey('ลำดวน'));
    expect(phoneticKey('ทองดี')).toBe(phoneticKey('ธองดี'));
  });

  it('drops a leading ห that only sets the tone', () => {
    expect(phoneticKey('หนูพิน')).toBe(phoneticKey('นูพิน'));
  });

  it('uses Soundex for Latin names', () => {
    expect(phoneticKey('Robert')).toBe('R163');
    expect(phoneticKey('')).toBe('');
  });

  it('folds sound-alike consonants but keeps vowels', () => {
    expect(foldSounds('สะมะแอ')).toBe(foldSounds('ศะมะแอ'));
    expect(foldSounds('สมศรี')).not.toBe(foldSounds('สมศรา'));
  });
});

describe('sex from a Thai title', () => {
  it.each([
    ['นาย', 'male'],
    ['ด.ช.', 'male'],
    ['เด็กชาย', 'male'],
    ['นาง', 'female'],
    ['นางสาว', 'female'],
    ['น.ส.', 'female'],
    ['ด.ญ.', 'female'],
    ['ดร.', undefined],
    [null, undefined],
  ])('%s → %s', (title, sex) => expect(sexFromTitle(title)).toBe(sex));
});
