import { expect } from 'vitest';
import { DEMO_SOURCES } from '../seed/demo.js';
import type { Fixture } from './fixture.js';

const OWNERS = {
  pmj: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา',
  nhso: 'สำนักงานหลักประกันสุขภาพแห่งชาติ เขต 12 สงขลา',
  ssj: 'สำนักงานสาธารณสุขจังหวัดสงขลา',
};

/**
 * The demo data's three agency sources (พมจ., สปสช., สสจ.), each saved again through the API by the
 * province admin for the organisation that owns it, with its mapping: a test's imports start from them.
 */
export async function saveDemoSources(f: Fixture): Promise<void> {
  const orgs = Object.fromEntries((await f.database.db.selectFrom('organisations').select(['id', 'name']).execute()).map((o) => [o.name, o.id]));
  const admin = await f.as('songkhla');
  for (const s of DEMO_SOURCES) {
    const saved = await admin.put(`/api/import-sources/${s.code}`, {
      code: s.code,
      name: s.name,
      organisationId: orgs[OWNERS[s.org as keyof typeof OWNERS]],
      mapping: s.mapping,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
}
