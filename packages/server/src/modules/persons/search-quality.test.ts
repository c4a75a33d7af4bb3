import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { SLIP_KINDS, type SlipKind, slipper } from '../../testing/thai-slips.js';

/**
 * Search quality on misspelt Thai names, measured over HTTP on the demo registry: for each kind of
 * slip, how often the intended person is in the first 10 results (recall@10) and how high (MRR).
 * The thresholds sit just under what the implementation measured; the table is printed.
 */
let f: Fixture;
let admin: ApiClient;
const SAMPLE = 60;

beforeAll(async () => {
  f = await createFixture({}, 1200);
  admin = await f.as('songkhla');
}, 120_000);
afterAll(() => f?.close());

// Measured on both databases (see the printed table); set a little under that.
const MIN_RECALL: Record<SlipKind, number> = { title: 1, spacing: 1, tone_mark: 1, vowel: 0.95, first_name_only: 0.95, typo: 0.95 };

describe('name search tolerates slips', () => {
  it('finds the intended person for each kind of slip', async () => {
    const people = await f.database.db.selectFrom('persons').select(['id', 'first_name_th', 'last_name_th']).orderBy('id').limit(SAMPLE).execute();
    const slip = slipper();
    const table: Record<string, { recall: number; mrr: number }> = {};
    for (const kind of SLIP_KINDS) {
      let hits = 0;
      let rr = 0;
      for (const p of people) {
        const q = slip(p.first_name_th, p.last_name_th, kind);
        const r = await admin.get(`/api/persons?pageSize=10&q=${encodeURIComponent(q)}`);
        expect(r.status).toBe(200);
        const rank = r.body.items.findIndex((x: { id: string }) => x.id === p.id);
        if (rank >= 0) {
          hits++;
          rr += 1 / (rank + 1);
        }
      }
      table[kind] = { recall: hits / people.length, mrr: rr / people.length };
    }
    console.log(`search quality over ${people.length} persons (${f.database.kind}):`);
    console.table(table);
    for (const kind of SLIP_KINDS) expect(table[kind]!.recall, kind).toBeGreaterThanOrEqual(MIN_RECALL[kind]);
  }, 120_000); // 360 searches; on a shared, loaded machine they take longer than the default 30 s.
});
