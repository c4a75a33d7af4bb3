import { describe, expect, it } from 'vitest';
import { guessMapping, initialMapping, missingColumns } from './mapping';

describe('column mapping guesses', () => {
  it('pre-selects the obvious columns of the three agencies’ layouts', () => {
    expect(guessMapping(['ลำดับ', 'ชื่อ-สกุล', 'เลขประจำตัวประชาชน', 'วันเกิด', 'ที่อยู่', 'ประเภทความพิการ'])).toEqual({
      columns: { fullName: 'ชื่อ-สกุล', cid: 'เลขประจำตัวประชาชน', birthDate: 'วันเกิด', address: 'ที่อยู่', disabilityTypes: 'ประเภทความพิการ' },
    });
    expect(guessMapping(['PID', 'FNAME', 'LNAME', 'SEX', 'DOB', 'TAMBON'])).toEqual({
      columns: { cid: 'PID', firstName: 'FNAME', lastName: 'LNAME', sex: 'SEX', birthDate: 'DOB', areaCode: 'TAMBON' },
    });
    expect(guessMapping(['HN', 'คำนำหน้า', 'ชื่อ', 'นามสกุล', 'เพศ', 'วันเกิด', 'ตำบล', 'อำเภอ', 'จังหวัด'])).toEqual({
      columns: {
        title: 'คำนำหน้า',
        firstName: 'ชื่อ',
        lastName: 'นามสกุล',
        sex: 'เพศ',
        birthDate: 'วันเกิด',
        subdistrict: 'ตำบล',
        district: 'อำเภอ',
        province: 'จังหวัด',
      },
      recordKey: 'HN',
    });
  });

  it('guesses nothing from headers that say nothing, and uses a header once', () => {
    expect(guessMapping(['column_1', 'x', 'หมายเหตุ'])).toEqual({ columns: {} });
    expect(guessMapping(['ชื่อ นามสกุล', 'ชื่อ-นามสกุล'])).toEqual({ columns: { fullName: 'ชื่อ นามสกุล' } });
  });

  it('keeps the saved mapping where the file still has its columns, and guesses the rest', () => {
    const saved = { columns: { fullName: 'ชื่อ', cid: 'เลขที่บัตร' }, recordKey: 'รหัส' };
    expect(initialMapping(saved, ['ชื่อ', 'PID', 'วันเกิด'])).toEqual({ columns: { fullName: 'ชื่อ', cid: 'PID', birthDate: 'วันเกิด' } });
    expect(missingColumns(saved, ['ชื่อ', 'PID'])).toEqual(['เลขที่บัตร', 'รหัส']);
    expect(missingColumns(null, [])).toEqual([]);
  });
});

describe('guessMapping, the targets beyond identity and address', () => {
  it('pre-selects ADL, allowance, GPS and caregiver columns by their usual headers', () => {
    expect(guessMapping(['PID', 'ADL', 'วันที่ประเมิน ADL', 'ประเภทเบี้ย', 'Lat', 'Long', 'ผู้ดูแล', 'โทรศัพท์ผู้ดูแลหลัก']).columns).toEqual({
      cid: 'PID',
      adlScore: 'ADL',
      adlDate: 'วันที่ประเมิน ADL',
      allowanceType: 'ประเภทเบี้ย',
      gpsLat: 'Lat',
      gpsLng: 'Long',
      caregiverName: 'ผู้ดูแล',
      caregiverPhone: 'โทรศัพท์ผู้ดูแลหลัก',
    });
  });
});
