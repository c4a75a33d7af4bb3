import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOneMonth,
  adlGroupOf,
  ageOn,
  disabilityAllowanceBaht,
  elderlyAllowanceBaht,
  entitlementGaps,
  GAP_CODES,
  GAP_LABELS,
  type GapInput,
  nameKey,
  nextFiscalYearEnd,
  parsePartialDate,
  partialDateString,
  searchKey,
  splitTitle,
  thaiSortKey,
} from './person.js';

describe('Thai names', () => {
  it('splits a title off a full name, longest title first', () => {
    expect(splitTitle('นางสมศรี ใจดี')).toEqual({ title: 'นาง', rest: 'สมศรี ใจดี' });
    expect(splitTitle('นางสาวสมศรี ใจดี')).toEqual({ title: 'นางสาว', rest: 'สมศรี ใจดี' });
    expect(splitTitle('ด.ญ. มาลี มีสุข')).toEqual({ title: 'ด.ญ.', rest: 'มาลี มีสุข' });
    expect(splitTitle('สมชาย ใจดี')).toEqual({ title: null, rest: 'สมชาย ใจดี' });
  });

  it('gives the same search key despite title, spacing and tone-mark slips', () => {
    const key = nameKey('สมศรี ใจดี');
    for (const slip of ['นางสมศรี ใจดี', 'สมศรี  ใจดี', 'สมศรีใจดี', 'นาง สมศรี ใจดี', 'สมศรี ใจดี่', 'ส้มศรี ใจดี']) expect(nameKey(slip), slip).toBe(key);
    expect(nameKey('Somsri Jaidee')).toBe('somsrijaidee');
  });

  // [typed, stored, why]: the search key must be the same.
  const SAME: Array<[string, string, string]> = [
    ['ศรีสุข', 'สีสุข', 'ศ/ส and the unsounded ร of ศรี'],
    ['สีสุข', 'ศรีสุข', 'and the other way'],
    ['สมสรี', 'สมศรี', 'ศ/ส'],
    ['เกสม', 'เกษม', 'ษ/ส'],
    ['ทนพร', 'ธนพร', 'ท/ธ'],
    ['มนทล', 'มณฑล', 'ณ/น and ฑ/ท'],
    ['วัทนา', 'วัฒนา', 'ฒ/ท'],
    ['อรุนี', 'อรุณี', 'ณ/น'],
    ['จุลาลักษณ์', 'จุฬาลักษณ์', 'ฬ/ล'],
    ['พัทรา', 'ภัทรา', 'ภ/พ'],
    ['เมค', 'เมฆ', 'ฆ/ค'],
    ['ชดา', 'ชฎา', 'ฎ/ด'],
    ['ปติมา', 'ปฏิมา', 'ฏ/ต'],
    ['สุถิดา', 'สุฐิดา', 'ฐ/ถ'],
    ['สมศกดิ์', 'สมศักดิ์', 'a missing ั'],
    ['ธนัพร', 'ธนพร', 'an extra ั'],
    ['มาลิ', 'มาลี', 'ิ/ี'],
    ['สุนทร', 'สูนทร', 'ุ/ู'],
    ['ใพโรจน์', 'ไพโรจน์', 'ใ/ไ'],
    ['ส้มศรี', 'สมศรี', 'a tone mark added'],
    ['สมศรี ใจดี', 'สมศรี ใจดี่', 'a tone mark dropped'],
    ['ศักดิ', 'ศักดิ์', 'thanthakhat missing'],
    ['คํา', 'คำ', 'ำ typed as ํ then า'],
    ['นางสมศรี  ใจดี', 'สมศรี ใจดี', 'title and spacing'],
  ];
  // [typed, stored, why]: different names, which must keep different keys.
  const DIFFERENT: Array<[string, string, string]> = [
    ['สมศรี', 'สมพร', 'different consonants'],
    ['ซาย', 'สาย', 'ซ/ส differ in class and tone'],
    ['คำ', 'ขำ', 'ค/ข differ in class'],
    ['ผล', 'พล', 'ผ/พ differ in class'],
    ['ถนอม', 'ทนอม', 'ถ/ท differ in class'],
    ['รัตนา', 'ลัตนา', 'ร/ล are different letters'],
    ['ดวง', 'ตวง', 'ด/ต'],
    ['บุญ', 'ปุญ', 'บ/ป'],
    ['ศรัณย์', 'สัณย์', 'ร of ศรัณย์ is said'],
    ['มาลี', 'มาลัย', 'a different vowel'],
    ['เพ็ญ', 'แพ็ญ', 'เ/แ'],
    ['สมชาย', 'สมชายใจดี', 'a prefix is not the same name'],
  ];

  it.each(SAME)('search key: %s finds %s (%s)', (typed, stored) => {
    expect(searchKey(typed)).toBe(searchKey(stored));
  });
  it.each(DIFFERENT)('search key: %s does not equal %s (%s)', (typed, stored) => {
    expect(searchKey(typed)).not.toBe(searchKey(stored));
  });
  it('search key keeps what nameKey drops and is stable', () => {
    expect(searchKey('นาย Somsri  Jaidee')).toBe('somsrijaidee');
    for (const n of ['ศรีสุข', 'ธนพร ณ ระนอง', 'สมศักดิ์']) expect(searchKey(searchKey(n))).toBe(searchKey(n));
  });

  it('sorts Thai names in dictionary order, leading vowels by their consonant', () => {
    const names = ['ไพศาล', 'กมล', 'เกษม', 'ขวัญ', 'แก้ว', 'โกศล'];
    const sorted = [...names].sort((a, b) => (thaiSortKey(a) < thaiSortKey(b) ? -1 : 1));
    // ก-words (กมล, เกษม, แก้ว, โกศล by their vowels) before ข, and ไพศาล under พ last.
    expect(sorted[0]).toBe('กมล');
    expect(sorted.indexOf('ขวัญ')).toBeGreaterThan(sorted.indexOf('โกศล'));
    expect(sorted.at(-1)).toBe('ไพศาล');
  });
});

describe('dates of birth in either era, in full or in part', () => {
  it.each([
    ['1/3/2493', '1950-03-01', 'day'],
    ['01/03/1950', '1950-03-01', 'day'],
    ['2493-03-01', '1950-03-01', 'day'],
    ['๑/๓/๒๔๙๓', '1950-03-01', 'day'],
    ['3/2493', '1950-03-01', 'month'],
    ['2493-03', '1950-03-01', 'month'],
    ['2493', '1950-01-01', 'year'],
    ['1950', '1950-01-01', 'year'],
  ])('%s → %s (%s)', (input, iso, precision) => {
    expect(parsePartialDate(input)).toEqual({ iso, precision });
  });

  it.each(['31/2/2493', '0/1/2493', '2493-13', 'yesterday', '1/1/1700', ''])('refuses %s', (input) => {
    expect(parsePartialDate(input)).toBeUndefined();
  });

  it('shows only what is known', () => {
    expect(partialDateString('1950-03-01', 'year')).toBe('1950');
    expect(partialDateString('1950-03-01', 'month')).toBe('1950-03');
    expect(partialDateString('1950-03-01', 'day')).toBe('1950-03-01');
  });

  it('property: any real day typed in BE reads back as the same CE day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
        return parsePartialDate(`${day}/${m}/${y + 543}`)?.iso === iso;
      }),
    );
  });

  it('counts age in whole years', () => {
    expect(ageOn('1966-11-24', '2026-11-23')).toBe(59);
    expect(ageOn('1966-11-23', '2026-11-23')).toBe(60);
  });
});

describe('ADL groups (Barthel, Thai 20-point)', () => {
  it.each([
    [20, 'social'],
    [12, 'social'],
    [11, 'homebound'],
    [5, 'homebound'],
    [4, 'bedridden'],
    [0, 'bedridden'],
  ])('%i → %s', (total, group) => expect(adlGroupOf(total)).toBe(group));
});

describe('entitlement gaps', () => {
  type Ent = GapInput['entitlements'][number];
  const uc: Ent = { kind: 'health_scheme', status: 'receiving', detail: 'uc' };
  const base: GapInput = { birthDate: '1980-01-01', status: 'alive', disability: null, entitlements: [uc] };
  const codes = (p: Partial<GapInput>, today: string) => entitlementGaps({ ...base, ...p }, today).map((g) => g.code);
  const card = (cardExpiry: string | null) => ({ disability: { cardNumber: '3-9001-00001-23-4', cardExpiry } });
  const t74: Ent = { kind: 'health_scheme', status: 'receiving', detail: 'uc_disability' };

  it('flags a disability card without the disability allowance', () => {
    const gaps = entitlementGaps({ ...base, ...card('2030-01-01'), entitlements: [t74] }, '2026-11-23');
    expect(gaps).toEqual([{ code: 'disability_allowance', baht: 800 }]);
  });

  describe('disability allowance amount (MSDHS): 1,000 under 18, 800 from 18, +200 on the State Welfare Card', () => {
    const today = '2026-12-07';
    const amount = (birthDate: string, entitlements: Ent[] = [t74]) => entitlementGaps({ ...base, ...card('2030-01-01'), birthDate, entitlements }, today)[0];
    it.each([
      ['2008-12-08', 17, 1000],
      ['2008-12-07', 18, 800],
    ])('born %s is %i on 2026-12-07: %i baht', (birthDate, age, baht) => {
      expect(ageOn(birthDate, today)).toBe(age);
      expect(amount(birthDate)).toEqual({ code: 'disability_allowance', baht });
    });
    it('an adult with the State Welfare Card is missing 1,000, not 800; a child stays at 1,000', () => {
      const welfare: Ent = { kind: 'state_welfare_card', status: 'receiving' };
      expect(amount('1980-01-01', [t74, welfare])).toEqual({ code: 'disability_allowance', baht: 1000 });
      expect(amount('1980-01-01', [t74, { ...welfare, status: 'not_eligible' }])).toEqual({ code: 'disability_allowance', baht: 800 });
      expect(amount('1980-01-01', [t74, { ...welfare, endDate: '2026-12-06' }])).toEqual({ code: 'disability_allowance', baht: 800 });
      expect(amount('2008-12-08', [t74, welfare])).toEqual({ code: 'disability_allowance', baht: 1000 });
      expect(disabilityAllowanceBaht(17, true)).toBe(1000);
      expect(disabilityAllowanceBaht(18, true)).toBe(1000);
      expect(disabilityAllowanceBaht(18)).toBe(800);
    });
  });

  describe('disability card expiry: suspended when expired, renewable a month ahead', () => {
    // 2026-11-23 + 1 month = 2026-12-23, 30 days on.
    const today = '2026-11-23';
    it.each([
      ['yesterday', '2026-11-22', ['disability_card_expired']],
      ['today', '2026-11-23', ['disability_allowance', 'disability_card_renew']],
      ['in 29 days', '2026-12-22', ['disability_allowance', 'disability_card_renew']],
      ['in exactly one month', '2026-12-23', ['disability_allowance', 'disability_card_renew']],
      ['in 31 days', '2026-12-24', ['disability_allowance']],
      ['unknown', null, ['disability_allowance']],
    ])('expiring %s (%s): %j', (_, expiry, expected) => {
      expect(codes({ ...card(expiry), entitlements: [t74] }, today)).toEqual(expected);
    });
    it('an expired card says "renew first", not "eligible, 800 baht", even while the allowance is recorded as received', () => {
      const gaps = entitlementGaps({ ...base, ...card('2026-11-22'), entitlements: [t74] }, today);
      expect(gaps).toEqual([{ code: 'disability_card_expired' }]);
      expect(GAP_LABELS.disability_card_expired.th).toContain('ต่อบัตรก่อน');
      expect(codes({ ...card('2026-11-22'), entitlements: [t74, { kind: 'disability_allowance', status: 'receiving' }] }, today)).toEqual([
        'disability_card_expired',
      ]);
    });
    it('counts a calendar month, clamped to the month end', () => {
      expect(addOneMonth('2026-01-31')).toBe('2026-02-28');
      expect(addOneMonth('2028-01-31')).toBe('2028-02-29');
      expect(addOneMonth('2026-12-07')).toBe('2027-01-07');
    });
  });

  describe('UC disability right ท.74 (NHSO)', () => {
    const today = '2026-11-23';
    const holder = { ...card('2030-01-01') };
    const allowance: Ent = { kind: 'disability_allowance', status: 'receiving' };
    it('for a card holder on plain UC; not once registered under ท.74, nor on another scheme', () => {
      expect(codes({ ...holder, entitlements: [uc, allowance] }, today)).toEqual(['disability_uc_right']);
      expect(codes({ ...holder, entitlements: [t74, allowance] }, today)).toEqual([]);
      expect(codes({ ...holder, entitlements: [{ kind: 'health_scheme', status: 'receiving', detail: 'social_security' }, allowance] }, today)).toEqual([]);
    });
    it('asks to check when the scheme is not known, and waits for an expired card to be renewed', () => {
      expect(codes({ ...holder, entitlements: [allowance] }, today)).toEqual(['disability_uc_right_check', 'health_scheme_unknown']);
      expect(codes({ ...holder, entitlements: [{ kind: 'health_scheme', status: 'receiving', detail: null }, allowance] }, today)).toEqual([
        'disability_uc_right_check',
      ]);
      expect(codes({ ...holder, entitlements: [{ kind: 'health_scheme', status: 'receiving', detail: 'none' }, allowance] }, today)).toEqual([
        'disability_uc_right_check',
      ]);
      expect(codes({ ...card('2026-11-01'), entitlements: [uc, allowance] }, today)).toEqual(['disability_card_expired']);
      expect(GAP_LABELS.disability_uc_right_check.th).toMatch(/^ตรวจสอบสิทธิ/);
    });
  });

  describe('elderly allowance (MOI 2023)', () => {
    it('flags an elder of 60 or more without it, with the stepped amount', () => {
      expect(entitlementGaps({ ...base, birthDate: '1966-11-23' }, '2026-11-23')).toEqual([{ code: 'elderly_allowance', baht: 600 }]);
      expect(entitlementGaps({ ...base, birthDate: '1956-11-24' }, '2026-11-23')).toEqual([{ code: 'elderly_allowance', baht: 600 }]);
      expect(entitlementGaps({ ...base, birthDate: '1956-11-23' }, '2026-11-23')).toEqual([{ code: 'elderly_allowance', baht: 700 }]);
      expect(entitlementGaps({ ...base, birthDate: '1936-11-23' }, '2026-11-23')).toEqual([{ code: 'elderly_allowance', baht: 1000 }]);
      expect(elderlyAllowanceBaht(60)).toBe(600);
      expect(elderlyAllowanceBaht(69)).toBe(600);
      expect(elderlyAllowanceBaht(70)).toBe(700);
      expect(elderlyAllowanceBaht(79)).toBe(700);
      expect(elderlyAllowanceBaht(80)).toBe(800);
      expect(elderlyAllowanceBaht(89)).toBe(800);
      expect(elderlyAllowanceBaht(90)).toBe(1000);
    });

    it('59 the day before the 60th birthday: a registration prompt, 60 on the day: the allowance', () => {
      expect(entitlementGaps({ ...base, birthDate: '1966-11-24' }, '2026-11-23')).toEqual([{ code: 'elderly_allowance_register' }]);
      expect(entitlementGaps({ ...base, birthDate: '1966-11-24' }, '2026-11-24')).toEqual([{ code: 'elderly_allowance', baht: 600 }]);
    });

    describe('advance registration by fiscal year (1 October–30 September)', () => {
      // On 2026-12-07 the fiscal year is 2027 (2570 BE): 2026-10-01..2027-09-30; the next ends 2028-09-30.
      const today = '2026-12-07';
      it.each([
        ['1967-09-30', 'turns 60 on 2027-09-30, in this fiscal year', ['elderly_allowance_register']],
        ['1967-10-01', 'turns 60 on 2027-10-01, first day of the next fiscal year', ['elderly_allowance_register']],
        ['1968-09-30', 'turns 60 on 2028-09-30, last day of the next fiscal year', ['elderly_allowance_register']],
        ['1968-10-01', 'turns 60 on 2028-10-01, two fiscal years away', []],
      ])('born %s (%s): %j', (birthDate, _, expected) => {
        expect(codes({ birthDate }, today)).toEqual(expected);
      });
      it('opens on 1 October: born 1967-10-01 is outside on 2026-09-30 and inside on 2026-10-01', () => {
        expect(nextFiscalYearEnd('2026-09-30')).toBe('2027-09-30');
        expect(nextFiscalYearEnd('2026-10-01')).toBe('2028-09-30');
        expect(nextFiscalYearEnd('2026-12-07')).toBe('2028-09-30');
        expect(codes({ birthDate: '1967-10-01' }, '2026-09-30')).toEqual([]);
        expect(codes({ birthDate: '1967-10-01' }, '2026-10-01')).toEqual(['elderly_allowance_register']);
        expect(GAP_LABELS.elderly_allowance_register.th).toContain('ลงทะเบียนล่วงหน้าได้');
      });
      it('is satisfied once registered (applied), received, or recorded as not eligible', () => {
        for (const status of ['applied', 'receiving', 'not_eligible'] as const) {
          expect(codes({ birthDate: '1967-10-01', entitlements: [uc, { kind: 'elderly_allowance', status }] }, today)).toEqual([]);
        }
      });
    });

    it('is not for people receiving a government pension; civil-servant coverage asks for a check', () => {
      const pension: Ent = { kind: 'government_pension', status: 'receiving' };
      const civil: Ent = { kind: 'health_scheme', status: 'receiving', detail: 'civil_servant' };
      const today = '2026-12-07';
      expect(codes({ birthDate: '1950-01-01', entitlements: [uc, pension] }, today)).toEqual([]);
      expect(codes({ birthDate: '1967-10-01', entitlements: [uc, pension] }, today)).toEqual([]);
      expect(codes({ birthDate: '1950-01-01', entitlements: [civil] }, today)).toEqual(['elderly_allowance_check']);
      expect(codes({ birthDate: '1967-10-01', entitlements: [civil] }, today)).toEqual(['elderly_allowance_check']);
      expect(entitlementGaps({ ...base, birthDate: '1950-01-01', entitlements: [civil, { ...pension, status: 'not_eligible' }] }, today)).toEqual([
        { code: 'elderly_allowance', baht: 700 },
      ]);
      expect(codes({ birthDate: '1950-01-01', entitlements: [uc, { ...pension, endDate: '2026-06-30' }] }, today)).toEqual(['elderly_allowance']);
      expect(GAP_LABELS.elderly_allowance_check.th).toMatch(/^ตรวจสอบสิทธิ/);
    });

    it('is satisfied by receiving, or by a recorded "not eligible", but not by an application alone', () => {
      const elder = { birthDate: '1940-01-01' };
      expect(codes({ ...elder, entitlements: [uc, { kind: 'elderly_allowance', status: 'receiving' }] }, '2026-11-23')).toEqual([]);
      expect(codes({ ...elder, entitlements: [uc, { kind: 'elderly_allowance', status: 'not_eligible' }] }, '2026-11-23')).toEqual([]);
      expect(codes({ ...elder, entitlements: [uc, { kind: 'elderly_allowance', status: 'applied' }] }, '2026-11-23')).toEqual(['elderly_allowance']);
      expect(codes({ ...elder, entitlements: [uc, { kind: 'elderly_allowance', status: 'receiving', endDate: '2026-10-31' }] }, '2026-11-23')).toEqual([
        'elderly_allowance',
      ]);
    });
  });

  describe('NHSO long-term care: UC members who are homebound or bedridden', () => {
    const today = '2026-11-23';
    it.each([
      ['bedridden', [uc], ['long_term_care']],
      ['homebound', [t74], ['long_term_care']],
      ['social', [uc], []],
      [null, [uc], []],
      ['bedridden', [{ kind: 'health_scheme', status: 'receiving', detail: 'civil_servant' }], []],
      ['bedridden', [{ kind: 'health_scheme', status: 'receiving', detail: 'social_security' }], []],
      ['bedridden', [uc, { kind: 'long_term_care', status: 'receiving' }], []],
      ['bedridden', [{ kind: 'health_scheme', status: 'receiving', detail: null }], ['long_term_care_check']],
      ['homebound', [], ['long_term_care_check', 'health_scheme_unknown']],
    ] as Array<[GapInput['adlGroup'], Ent[], string[]]>)('ADL %s with %j: %j', (adlGroup, entitlements, expected) => {
      expect(codes({ adlGroup, entitlements }, today)).toEqual(expected);
    });
    it('words the unknown case as a check', () => expect(GAP_LABELS.long_term_care_check.th).toMatch(/^ตรวจสอบสิทธิ/));
  });

  it('flags unknown health coverage, and nothing for the deceased or moved out', () => {
    const p: GapInput = { ...base, entitlements: [], ...card('2026-11-01') };
    expect(codes(p, '2026-11-23')).toEqual(['disability_card_expired', 'health_scheme_unknown']);
    expect(entitlementGaps({ ...p, status: 'deceased' }, '2026-11-23')).toEqual([]);
    expect(entitlementGaps({ ...p, status: 'moved_out' }, '2026-11-23')).toEqual([]);
  });

  it('labels every gap in Thai and English', () => {
    for (const code of GAP_CODES) {
      expect(GAP_LABELS[code].th).toMatch(/[ก-๙]/);
      expect(GAP_LABELS[code].en).toMatch(/[A-Za-z]/);
    }
  });
});
