import { describe, expect, it } from 'vitest';
import { LoginRequest, PersonInput, UserCreate } from './api.js';
import { describeIssue } from './validation.js';

function explain(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: unknown[] } } }, value: unknown) {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return Object.fromEntries(r.error!.issues.map((i) => describeIssue(i as never)).map((x) => [x.path, x]));
}

describe('validation messages in Thai and English', () => {
  it('names a missing field', () => {
    const m = explain(LoginRequest, { username: 'a' });
    expect(m.password).toEqual({ path: 'password', message_th: 'จำเป็นต้องกรอก', message_en: 'Required' });
  });

  it('uses catalogue messages for domain rules', () => {
    const m = explain(PersonInput, { cid: '1103702071810', firstNameTh: 'ก', lastNameTh: 'ข', sex: 'male', areaCode: '900101' });
    expect(m.cid!.message_en).toContain('national ID');
  });

  it('explains lengths and formats', () => {
    const m = explain(UserCreate, { username: 'A B', displayName: 'x', role: 'nobody', organisationId: 'x', scopes: [], password: 'x'.repeat(300) });
    // Strength, not length, is the server's rule for a password (zxcvbn-ts); only an absurd length is refused here.
    expect(m.password!.message_th).toContain('256');
    expect(m.username!.message_en).toContain('a-z');
    expect(m.role!.message_en).toBe('Not one of the allowed values');
    expect(m.scopes!.message_en).toBe('Choose at least 1');
  });
});
