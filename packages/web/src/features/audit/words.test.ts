import { describe, expect, it } from 'vitest';
import { detailsInWords } from './words';

const w = {
  label: (k: string) => ({ fields: 'ช่องที่เปลี่ยน', results: 'จำนวนผลลัพธ์' })[k] ?? k,
  yes: 'ใช่',
  no: 'ไม่ใช่',
  items: (n: number) => `${n} รายการ`,
};

describe('audit details in words', () => {
  it('names each detail and keeps lists of words', () => {
    expect(detailsInWords({ fields: ['first_name_th', 'phones'], results: 1200 }, w)).toEqual(['ช่องที่เปลี่ยน: first_name_th, phones', 'จำนวนผลลัพธ์: 1,200']);
  });

  it('counts record ids and shortens a single id instead of printing them', () => {
    const ids = ['0b6f5c1e-7d2a-4d38-9a51-2f1e0c6b9a10', '6a1e9f0c-1b2d-4e3f-8a9b-0c1d2e3f4a5b'];
    expect(detailsInWords({ persons: ids, referral: ids[0], vitalInterestAllowed: true, to: null }, w)).toEqual([
      'persons: 2 รายการ',
      'referral: 0b6f5c1e…',
      'vitalInterestAllowed: ใช่',
      'to: —',
    ]);
  });

  it('says nothing for empty or malformed details', () => {
    expect(detailsInWords({}, w)).toEqual([]);
    expect(detailsInWords(null, w)).toEqual([]);
    expect(detailsInWords(['x'], w)).toEqual([]);
  });
});
