import { describe, expect, it } from 'vitest';
import { searchNames, substringDistance } from './search';

const caseload = ['นาง ศรีสมร ใจดี', 'นาย ธนพร ทองดี', 'นาย สมชาย บุญมา', 'นาง มาลี สมชายขอบ', 'นาง อรุณี ศักดิ์ดี'];
const find = (q: string) => searchNames(caseload, q, (n) => n);

describe('searching the caseload on the phone with no signal', () => {
  it('forgives the slips the server forgives, through core’s searchKey', () => {
    expect(find('สีสมร')).toEqual(['นาง ศรีสมร ใจดี']);
    expect(find('ทนพร')).toEqual(['นาย ธนพร ทองดี']);
    expect(find('อรุนี')).toEqual(['นาง อรุณี ศักดิ์ดี']);
    expect(find('สกดิ์')).toEqual(['นาง อรุณี ศักดิ์ดี']);
    expect(find('นาย ธนพร')).toEqual(['นาย ธนพร ทองดี']);
  });

  it('finds a name with one vowel missing, and no unrelated name', () => {
    expect(find('สมชย')).toEqual(['นาย สมชาย บุญมา', 'นาง มาลี สมชายขอบ']);
    expect(find('บุญม')).toEqual(['นาย สมชาย บุญมา']);
    expect(find('ทองคำ')).toEqual([]);
    expect(find('xyz')).toEqual([]);
  });

  it('puts the name starting with the query before one that only contains it', () => {
    expect(find('สมชาย')).toEqual(['นาย สมชาย บุญมา', 'นาง มาลี สมชายขอบ']);
    expect(find('มาลี')[0]).toBe('นาง มาลี สมชายขอบ');
    expect(find('')).toEqual(caseload);
  });

  it('measures the letters to change for a pattern to appear in a text', () => {
    expect(substringDistance('abc', 'xxabcxx')).toBe(0);
    expect(substringDistance('abc', 'xxacxx')).toBe(1);
    expect(substringDistance('abc', 'xyz')).toBe(3);
    expect(substringDistance('', 'xyz')).toBe(0);
  });
});
