import { describe, expect, it } from 'vitest';
import { isSelfGrant, mayShare } from './roles.js';

describe('who may share a person (issue 18, H2)', () => {
  const boyangOffice = { organisationId: 'rpst', organisationArea: '900101' };
  const hatyaiHospital = { organisationId: 'hyh', organisationArea: '9011' };

  it('lets staff of an owning organisation share a person of their own areas', () => {
    expect(mayShare({ role: 'social_worker', scopes: ['900101'], ...boyangOffice }, '90010103')).toBe('yes');
  });

  it('refuses staff who see the person only through a share or a referral', () => {
    // Out of the user's areas: the person reached them through a share.
    expect(mayShare({ role: 'social_worker', scopes: ['901101'], organisationArea: '901101' }, '900101')).toBe('not_owner');
    // In the user's areas, but their organisation's area does not contain the person's.
    expect(mayShare({ role: 'health_professional', scopes: ['9001'], organisationArea: '9011' }, '900101')).toBe('not_owner');
  });

  it('refuses volunteers and caregivers even for their own caseload', () => {
    for (const role of ['volunteer_osm', 'volunteer_opm', 'caregiver'] as const)
      expect(mayShare({ role, scopes: ['900101'], ...boyangOffice }, '900101')).toBe('not_owner');
  });

  it('lets an area administrator over the person share, whatever their organisation', () => {
    expect(mayShare({ role: 'district_admin', scopes: ['9011'], organisationArea: '90' }, '901101')).toBe('yes');
    expect(mayShare({ role: 'district_admin', scopes: ['9011'], organisationArea: '90' }, '900101')).toBe('not_owner');
    expect(mayShare({ role: 'system_admin', scopes: ['TH'], organisationArea: '90' }, '100101')).toBe('yes');
  });

  it('calls sharing with the own organisation a self-grant only for a non-owner', () => {
    const receiver = { role: 'social_worker' as const, scopes: ['9011'], ...hatyaiHospital };
    expect(isSelfGrant(receiver, '900101', 'hyh')).toBe(true);
    expect(isSelfGrant(receiver, '901101', 'hyh')).toBe(false);
    expect(isSelfGrant(receiver, '900101', 'rpst')).toBe(false);
  });
});
