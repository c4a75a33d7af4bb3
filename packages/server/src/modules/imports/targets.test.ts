import { cidCheckDigit } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * Issue 19, item 2, "more targets": an agency's ADL, disability card, allowance, GPS and caregiver
 * columns are mapped, not dropped. A person the import registers gets its ADL group, GPS, card dates and
 * allowance where the registry keeps them; every row's values are its provenance; a value that does not
 * read is a warning on its row, never a refusal.
 */
const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const HEADER = 'PID,FNAME,LNAME,SEX,DOB,TAMBON,CARD,ADL,ADL_GROUP,ADL_DATE,CARD_ISSUED,CARD_EXPIRY,ALLOWANCE,ALLOW_STATUS,AMOUNT,LAT,LNG,CG_NAME,CG_PHONE';
const csv = (lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
const FILE = csv([
  `${cid('390010077771')},สมศรี,ใจดี,หญิง,5/3/2490,900101,1-9001-00001-11-1,๓,ติดเตียง,15/3/2568,1 ม.ค. 2565,31/12/2570,เบี้ยความพิการ,ได้รับ,"๑,๐๐๐",7.19,100.59,นายสมชาย ใจดี,081-234-5678`,
  `${cid('390010077772')},มานะ,ดีใจ,ชาย,1/6/2480,900101,,45,ติดบ้าน,,,,เบี้ยผู้สูงอายุ,งด,แปดร้อย,51.5,-0.12,สมหญิง,12`,
  `${cid('390010077773')},มาลี,สุขใจ,หญิง,2/7/2485,900101,,15,ติดเตียง,,,,,,,,,,`,
]);
const MAPPING = {
  columns: {
    cid: 'PID',
    firstName: 'FNAME',
    lastName: 'LNAME',
    sex: 'SEX',
    birthDate: 'DOB',
    areaCode: 'TAMBON',
    disabilityCard: 'CARD',
    adlScore: 'ADL',
    adlGroup: 'ADL_GROUP',
    adlDate: 'ADL_DATE',
    disabilityCardIssued: 'CARD_ISSUED',
    disabilityCardExpiry: 'CARD_EXPIRY',
    allowanceType: 'ALLOWANCE',
    allowanceStatus: 'ALLOW_STATUS',
    allowanceAmount: 'AMOUNT',
    gpsLat: 'LAT',
    gpsLng: 'LNG',
    caregiverName: 'CG_NAME',
    caregiverPhone: 'CG_PHONE',
  },
};

let f: Fixture;
let nhso: ApiClient;
let songkhla: ApiClient;

const post = (c: ApiClient, path: string, data?: Uint8Array) =>
  fetch(`${c.base}${path}`, {
    method: 'POST',
    headers: { cookie: c.cookie, ...(data && { 'content-type': 'application/octet-stream' }) },
    body: data,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  f = await createFixture({}, 0);
  [nhso, songkhla] = await Promise.all([f.as('steward.nhso'), f.as('songkhla')]);
  await saveDemoSources(f);
});
afterAll(() => f?.close());

describe('ADL, disability card, allowance, GPS and caregiver columns', () => {
  let batch: string;
  const byCid = async () => {
    const rows = await f.database.db
      .selectFrom('persons')
      .select(['id', 'cid', 'adl_group', 'adl_source', 'gps_lat', 'gps_lng', 'flags', 'gaps'])
      .where('cid', 'in', [cid('390010077771'), cid('390010077772'), cid('390010077773')])
      .execute();
    return Object.fromEntries(rows.map((r) => [r.cid?.slice(11, 12), r]));
  };

  it('maps the new columns on a source and imports a file with them', async () => {
    const source = (await songkhla.get('/api/import-sources')).body.find((s: { code: string }) => s.code === 'nhso_ltc');
    const bad = await songkhla.put('/api/import-sources/nhso_ltc', {
      code: source.code,
      name: source.name,
      organisationId: source.organisationId,
      mapping: { ...MAPPING, values: { allowanceType: { เบี้ยเด็ก: 'health_scheme' } } },
    });
    expect(bad.status).toBe(400);
    const saved = await songkhla.put('/api/import-sources/nhso_ltc', {
      code: source.code,
      name: source.name,
      organisationId: source.organisationId,
      mapping: MAPPING,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const r = await post(nhso, '/api/imports?source=nhso_ltc&fileName=x.csv', FILE);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ total: 3, accepted: 3, rejected: 0, created: 3, warned: 2 });
    batch = r.body.id;
  });

  it('stores a new person’s ADL group (the score’s when they disagree) and GPS in Thailand only', async () => {
    const p = await byCid();
    expect([p['1']?.adl_group, p['1']?.adl_source, p['1']?.gps_lat, p['1']?.gps_lng]).toEqual(['bedridden', 'import', 7.19, 100.59]);
    // Score 45 is outside 0–20: the written group is taken; the London point is not stored.
    expect([p['2']?.adl_group, p['2']?.gps_lat, p['2']?.gps_lng]).toEqual(['homebound', null, null]);
    // Score 15 says social though the file says ติดเตียง: the score is trusted.
    expect(p['3']?.adl_group).toBe('social');
    // The derived fields read them: a bedridden person with no known health scheme is to be checked for LTC;
    // the allowance received is not a gap; the disability flag follows the card.
    expect(p['1']?.gaps).toContain('long_term_care_check');
    expect(p['1']?.gaps).not.toContain('disability_allowance');
    expect(p['1']?.flags).toEqual(['disability']);
    expect(p['3']?.gaps).not.toContain('long_term_care_check');
  });

  it('stores the disability card’s number, issue and expiry days, and the allowance as an entitlement from the import', async () => {
    const p = await byCid();
    const vulns = await f.database.db
      .selectFrom('person_vulnerabilities')
      .select(['person_id', 'kind', 'card_number', 'card_issued', 'card_expiry', 'source', 'source_ref'])
      .where('person_id', 'in', [p['1']?.id as string, p['2']?.id as string])
      .execute();
    expect(vulns).toEqual([
      {
        person_id: p['1']?.id,
        kind: 'disability',
        card_number: '1-9001-00001-11-1',
        card_issued: '2022-01-01',
        card_expiry: '2027-12-31',
        source: 'import',
        source_ref: `import:${batch}`,
      },
    ]);
    const ents = await f.database.db
      .selectFrom('person_entitlements')
      .select(['person_id', 'kind', 'status', 'detail', 'source', 'source_ref'])
      .where('person_id', 'in', [p['1']?.id as string, p['2']?.id as string, p['3']?.id as string])
      .orderBy('kind')
      .execute();
    expect(ents).toEqual([
      { person_id: p['1']?.id, kind: 'disability_allowance', status: 'receiving', detail: '1,000 บาท', source: 'import', source_ref: `import:${batch}` },
      // Status "งด" is not known and the amount is not a number: the allowance is kept as received, without an amount.
      { person_id: p['2']?.id, kind: 'elderly_allowance', status: 'receiving', detail: null, source: 'import', source_ref: `import:${batch}` },
    ]);
  });

  it('records every value as provenance, the caregiver included', async () => {
    const p = await byCid();
    const prov = Object.fromEntries(
      (
        await f.database.db
          .selectFrom('field_provenance')
          .select(['field', 'value', 'source', 'source_ref'])
          .where('person_id', '=', p['1']?.id as string)
          .execute()
      ).map((r) => [r.field, r]),
    );
    expect(prov.adlGroup?.value).toBe('bedridden');
    expect(prov.adlScore?.value).toBe(3);
    expect(prov.adlDate?.value).toBe('2025-03-15');
    expect(prov.disabilityCard?.value).toBe('1-9001-00001-11-1');
    expect(prov.disabilityCardIssued?.value).toBe('2022-01-01');
    expect(prov.disabilityCardExpiry?.value).toBe('2027-12-31');
    expect(prov['entitlement.disability_allowance']?.value).toEqual({ kind: 'disability_allowance', status: 'receiving', amount: 1000 });
    expect(prov.gps?.value).toEqual({ lat: 7.19, lng: 100.59 });
    expect(prov.caregiver?.value).toEqual({ name: 'นายสมชาย ใจดี', phone: '0812345678' });
    expect(prov.adlGroup?.source).toBe('import');
    expect(prov.adlGroup?.source_ref).toMatch(new RegExp(`^import:${batch}:`));
    const other = await f.database.db
      .selectFrom('field_provenance')
      .select('field')
      .where('person_id', '=', p['2']?.id as string)
      .execute();
    expect(other.map((r) => r.field)).not.toContain('gps');
    expect(other.map((r) => r.field)).not.toContain('adlScore');
  });

  it('warns on the row for each value that does not read, in Thai and English', async () => {
    const warned = await nhso.get(`/api/imports/${batch}/rejections?format=json&rows=warned`);
    expect(warned.status).toBe(200);
    const byKey = Object.fromEntries(
      warned.body.map((w: { recordKey: string; reasons: Array<{ path: string; message_th: string; message_en: string }> }) => [w.recordKey, w.reasons]),
    );
    expect(Object.keys(byKey).sort()).toEqual(['row:3', 'row:4']);
    expect(byKey['row:3'].map((w: { path: string }) => w.path)).toEqual(['adlScore', 'allowanceStatus', 'allowanceAmount', 'gps', 'caregiverPhone']);
    expect(byKey['row:3'][0]).toMatchObject({ message_th: expect.stringContaining('0–20'), message_en: expect.stringContaining('0–20') });
    expect(byKey['row:3'][1]).toMatchObject({ message_th: expect.stringContaining('"งด"'), message_en: expect.stringContaining('"งด"') });
    expect(byKey['row:3'][3]).toMatchObject({ message_th: expect.stringContaining('นอกประเทศไทย'), message_en: expect.stringContaining('outside Thailand') });
    expect(byKey['row:4']).toEqual([expect.objectContaining({ path: 'adlGroup', message_en: expect.stringContaining('score') })]);
  });

  it('takes the allowance rows away with the persons when the batch is rolled back', async () => {
    const p = await byCid();
    const r = await post(nhso, `/api/imports/${batch}/rollback`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ personsRemoved: 3, personsKept: 0 });
    const left = await f.database.db
      .selectFrom('person_entitlements')
      .select('id')
      .where('person_id', 'in', [p['1']?.id as string, p['2']?.id as string])
      .execute();
    expect(left).toEqual([]);
  });
});
