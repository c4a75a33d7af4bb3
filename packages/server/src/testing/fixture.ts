import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { DEMO_PASSWORD, seedDemo } from '../seed/demo.js';
import { createTestDatabase, DEMO_FIXTURE_PERSONS } from './db.js';
import { ApiClient, startTestServer, type TestServer } from './server.js';

export { DEMO_PASSWORD };

export interface Fixture {
  database: Database;
  server: TestServer;
  /** A new client signed in as a demo user (see seed/demo.ts). */
  as(username: string): Promise<ApiClient>;
  client(ip?: string): ApiClient;
  close(): Promise<void>;
}

/** A fresh database with the demo organisations and users (and a few persons), and the server on it. */
export async function createFixture(overrides: Partial<Config> = {}, persons = DEMO_FIXTURE_PERSONS): Promise<Fixture> {
  const database = await createTestDatabase(persons === DEMO_FIXTURE_PERSONS ? 'demo' : 'base');
  if (persons !== DEMO_FIXTURE_PERSONS) await seedDemo(database.db, { persons });
  const server = await startTestServer(database, overrides);
  return {
    database,
    server,
    client: (ip) => new ApiClient(server.url, ip),
    async as(username) {
      const c = new ApiClient(server.url);
      const r = await c.login(username, DEMO_PASSWORD);
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}
