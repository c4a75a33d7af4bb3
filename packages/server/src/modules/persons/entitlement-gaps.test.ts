/**
 * The entitlement-gap rules of core (person.ts) as a person's record shows them through HTTP: the
 * State Welfare Card's +200 on the disability allowance, an expired disability card asking for renewal
 * first, advance registration for the elderly allowance by fiscal year, NHSO long-term care for UC
 * members, and the daily refresh that moves stored gaps across date boundaries.
 */
import { nextFiscalYearEnd } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { refreshAgeDependent, todayIso } from './service.js';

let f: Fixture;
let sw: ApiClient;

beforeAll(async () => {
  f = await createFixture({}, 0);
  sw = await f.as('sw.boyang');
});
afterAll(() => f?.close());

/** `iso` moved by days and years (UTC, no time of day). */
function shift(iso: string, days: number, years = 0): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function register(firstNameTh: string, birthDate: string): Promise<string> {
  const r = await sw.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh, lastNameTh: 'สิทธิดี', birthDate, sex: 'female', areaCode: '900101' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function storedGaps(id: string): Promise<string[]> {
  return (await f.database.db.selectFrom('persons').select('gaps').where('id', '=', id).executeTakeFirstOrThrow()).gaps;
}

describe('entitlement gaps on the record', () => {
  const today = todayIso();

  it('an adult disability card holder with the State Welfare Card is missing 1,000 baht a month, not 800', async () => {
    const id = await register('บุญมี', '1980-05-05');
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc_disability', status: 'receiving' });
    await sw.post(`/api/persons/${id}/vulnerabilities`, { kind: 'disability', disabilityTypes: [3], cardNumber: '9001-555', cardExpiry: shift(today, 0, 5) });
    expect((await sw.get(`/api/persons/${id}`)).body.gapDetails).toEqual([{ code: 'disability_allowance', baht: 800 }]);
    const r = await sw.post(`/api/persons/${id}/entitlements`, { kind: 'state_welfare_card', status: 'receiving' });
    expect(r.status).toBe(200);
    expect(r.body.gapDetails).toEqual([{ code: 'disability_allowance', baht: 1000 }]);
    expect(r.body.entitlements.map((e: { kind: string }) => e.kind)).toContain('state_welfare_card');
  });

  it('an expired disability card asks for renewal first, and the list finds it by that gap', async () => {
    const id = await register('ประยูร', '1975-02-02');
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc', status: 'receiving' });
    const r = await sw.post(`/api/persons/${id}/vulnerabilities`, {
      kind: 'disability',
      disabilityTypes: [1],
      cardNumber: '9001-556',
      cardIssued: shift(today, -1, -8),
      cardExpiry: shift(today, -1),
    });
    expect(r.body.gapDetails).toEqual([{ code: 'disability_card_expired' }]);
    const list = await sw.get('/api/persons?gap=disability_card_expired');
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await sw.get('/api/persons?gap=disability_allowance')).body.items.map((p: { id: string }) => p.id)).not.toContain(id);
  });

  it('prompts advance registration for the elderly allowance up to the end of the next fiscal year, not for a pensioner', async () => {
    const lastDay = nextFiscalYearEnd(today);
    const inside = await register('สมหวัง', shift(lastDay, 0, -60));
    const outside = await register('สมปอง', shift(lastDay, 1, -60));
    for (const id of [inside, outside]) await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc', status: 'receiving' });
    expect((await sw.get(`/api/persons/${inside}`)).body.gaps).toEqual(['elderly_allowance_register']);
    expect((await sw.get(`/api/persons/${outside}`)).body.gaps).toEqual([]);
    const listed = await sw.get('/api/persons?gap=elderly_allowance_register');
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(inside);
    const pension = await sw.post(`/api/persons/${inside}/entitlements`, { kind: 'government_pension', status: 'receiving' });
    expect(pension.body.gaps).toEqual([]);
  });

  it('offers NHSO long-term care to a bedridden UC member, and asks to check when the scheme is unknown', async () => {
    const id = await register('มาลัย', '1944-03-03');
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'elderly_allowance', status: 'receiving' });
    await f.database.db.updateTable('persons').set({ adl_group: 'bedridden' }).where('id', '=', id).execute();
    expect((await sw.get(`/api/persons/${id}`)).body.gaps).toEqual(['long_term_care_check', 'health_scheme_unknown']);
    const uc = await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc', status: 'receiving' });
    expect(uc.body.gaps).toEqual(['long_term_care']);
    expect(await storedGaps(id)).toEqual(['long_term_care']);
    const ltc = await sw.post(`/api/persons/${id}/entitlements`, { kind: 'long_term_care', status: 'receiving' });
    expect(ltc.body.gaps).toEqual([]);
  });

  it('the daily refresh re-derives stored gaps when a card enters its renewal month and when it expires', async () => {
    const id = await register('เสน่ห์', '1970-07-07');
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc_disability', status: 'receiving' });
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'disability_allowance', status: 'receiving' });
    const expiry = shift(today, 60);
    await sw.post(`/api/persons/${id}/vulnerabilities`, { kind: 'disability', disabilityTypes: [2], cardNumber: '9001-557', cardExpiry: expiry });
    expect(await storedGaps(id)).toEqual([]);
    // 31 days on, the card expires in 29 days: it entered its renewal month within the last week.
    await asSystem(f.database.db, (tx) => refreshAgeDependent(tx, shift(today, 31)));
    expect(await storedGaps(id)).toEqual(['disability_card_renew']);
    // The day after the expiry: suspended until renewed.
    await asSystem(f.database.db, (tx) => refreshAgeDependent(tx, shift(expiry, 1)));
    expect(await storedGaps(id)).toEqual(['disability_card_expired']);
  });

  it('a signed Barthel that makes a UC member homebound offers long-term care at once', async () => {
    const id = await register('ชื่นจิต', '1990-09-09');
    await sw.post(`/api/persons/${id}/entitlements`, { kind: 'health_scheme', detail: 'uc', status: 'receiving' });
    expect(await storedGaps(id)).toEqual([]);
    // 1+0+1+1+1+1+0+0+2+1 = 8: homebound (ติดบ้าน, 5–11).
    const answers = { feeding: 1, grooming: 0, transfer: 1, toilet: 1, mobility: 1, dressing: 1, stairs: 0, bathing: 0, bowels: 2, bladder: 1 };
    const signed = await sw.post(`/api/persons/${id}/assessments`, { instrumentCode: 'barthel', instrumentVersion: 2, answers, sign: true });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(await storedGaps(id)).toEqual(['long_term_care']);
    expect((await sw.get(`/api/persons/${id}`)).body.gaps).toEqual(['long_term_care']);
  });
});
