import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { createTestDatabase } from '../testing/db.js';
import { seedDemo } from './demo.js';

/** The demo's home visits (what `carehub start` seeds), so a first start's dashboards have figures. */
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { persons: 600, visits: true });
});
afterAll(() => database?.close());

describe('demo home visits', () => {
  it('are the Hat Yai nurse’s visits in อ.หาดใหญ่, approved, in the last six months and never ahead of now', async () => {
    const rows = await sql<{ visitor: string; area: string; status: string; past: boolean; months: number; needs: number; help: number }>`
      SELECT u.username AS visitor, p.area_code AS area, v.review_status AS status, bool_and(v.visited_at < now()) AS past,
        count(DISTINCT date_trunc('month', v.visited_at))::int AS months,
        count(*) FILTER (WHERE jsonb_array_length(v.needs) > 0)::int AS needs, count(*) FILTER (WHERE jsonb_array_length(v.help) > 0)::int AS help
      FROM visits v JOIN users u ON u.id = v.recorded_by JOIN persons p ON p.id = v.person_id
      GROUP BY 1, 2, 3 ORDER BY 1, 2`.execute(database.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) {
      expect(r.visitor, JSON.stringify(r)).toBe('nurse.hatyai');
      expect(r.area.startsWith('9011'), JSON.stringify(r)).toBe(true);
      expect(r.status).toBe('approved');
      expect(r.past).toBe(true);
    }
    const all = rows.rows.reduce((a, r) => ({ months: Math.max(a.months, r.months), needs: a.needs + r.needs, help: a.help + r.help }), {
      months: 0,
      needs: 0,
      help: 0,
    });
    expect(all.months).toBeGreaterThanOrEqual(5);
    expect(all.needs).toBeGreaterThan(0);
    expect(all.help).toBeGreaterThan(0);
    expect(all.help).toBeLessThanOrEqual(all.needs); // help only answers a need found at the visit
  });

  it('are counted by the dashboard rollups as they are inserted', async () => {
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM visits`.execute(database.db);
    const rolled = await sql<{ n: number }>`SELECT coalesce(sum(visits), 0)::int AS n FROM rollup_visits`.execute(database.db);
    expect(rolled.rows[0]!.n).toBe(raw.rows[0]!.n);
  });

  it('are left out unless asked, as for the tests’ own fixtures', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db, { persons: 50 });
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM visits`.execute(other.db)).rows[0]!.n).toBe(0);
    } finally {
      await other.close();
    }
  });
});
