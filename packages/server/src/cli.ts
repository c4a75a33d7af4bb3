#!/usr/bin/env node
import { COUNTRY_SCOPE, canManageRole, Password, ROLES, type Role, ScopeList, Username } from '@carehub/core';
import { Command, Option } from 'commander';
import { sql } from 'kysely';
import { buildApp, VERSION } from './app.js';
import { backup, restore } from './cli/backup.js';
import { exportLinks, importFile } from './cli/imports.js';
import { addOrganisation, initProvince } from './cli/init.js';
import { readPassword } from './cli/password.js';
import { loadConfig } from './config.js';
import { type Database, openDatabase } from './db/connection.js';
import { asSystem } from './db/context.js';
import { migrate } from './db/migrate.js';
import { hashPassword } from './modules/auth/passwords.js';
import { passwordStrength } from './modules/auth/strength.js';
import { refreshAgeDependent } from './modules/persons/service.js';
import { refreshAllFollowUps } from './modules/visits/service.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo.js';
import { ensureReferenceData } from './seed/reference.js';

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function prepare(database: Database, log = true): Promise<void> {
  const applied = await migrate(database.db);
  if (log && applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
  const { areas, instruments } = await ensureReferenceData(database.db);
  if (log && areas) console.log(`geography loaded: ${areas} areas`);
  if (log && instruments.published) console.log(`instruments published: ${instruments.published}`);
  // Counts only: who was recalled is in the audit log and the tasks, never in the console.
  if (log) for (const r of instruments.recalled) console.log(`safety recall ${r.code} v${r.version}: ${r.persons.length} review task(s) created`);
}

async function serve(opts: { port?: number; demo: boolean }): Promise<void> {
  const config = loadConfig(opts.port ? { port: opts.port } : {});
  const database = await openDatabase(config);
  await prepare(database);
  const seeded = opts.demo ? await seedDemo(database.db, { visits: true }) : { created: false };
  if (seeded.created) console.log('demo data created (Songkhla: organisations, users, 3,000 persons, six months of home visits)');
  const app = await buildApp(database, config);
  await app.listen({ port: config.port, host: config.host });
  // Entitlement gaps that depend on age (turning 60) and visit follow-ups are re-derived at start and once a day; the planner's
  // statistics are renewed with them, since PGlite runs no autovacuum.
  const refresh = () =>
    asSystem(database.db, async (tx) => {
      await refreshAgeDependent(tx);
      await refreshAllFollowUps(tx);
    })
      .then(() => sql`ANALYZE`.execute(database.db))
      .catch((err: Error) => app.log.error({ err: err.message }, 'daily refresh failed'));
  await refresh();
  const daily = setInterval(refresh, 24 * 60 * 60 * 1000);
  daily.unref();
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(`\nCareHub ${VERSION} is running on ${where}`);
  if (opts.demo) {
    console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(14)} ${u.role.padEnd(20)} scope ${u.scopes.join(',')}`);
  }
  console.log(`\n  open http://localhost:${config.port}\n`);
  const stop = async () => {
    clearInterval(daily);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const program = new Command('carehub').description('CareHub: care for socially vulnerable people in a Thai province').version(VERSION);

program
  .command('start')
  .description('migrate, seed the Thai demo data on first run, and serve (what `npm start` runs)')
  .addOption(new Option('-p, --port <port>', 'port (default PORT or 3000)').argParser(Number))
  .action((o) => serve({ port: o.port, demo: true }));

program
  .command('serve')
  .description('migrate and serve the API and the web app')
  .addOption(new Option('-p, --port <port>', 'port (default PORT or 3000)').argParser(Number))
  .action((o) => serve({ port: o.port, demo: false }));

program
  .command('migrate')
  .description('apply database migrations and load the geography')
  .action(() => withDatabase((db) => prepare(db)));

program
  .command('seed')
  .description('seed data')
  .requiredOption('--demo', 'the Thai demo data set (Songkhla)')
  .option('--persons <n>', 'how many demo persons', (v) => Number(v), 3000)
  .action((o) =>
    withDatabase(async (db) => {
      await prepare(db);
      const r = await seedDemo(db.db, { persons: o.persons, visits: true });
      console.log(r.created ? `demo data created; password for every demo user: ${DEMO_PASSWORD}` : 'users exist already: demo data not added');
    }),
  );

program
  .command('init')
  .description('first day on an empty database: the first organisation and its system administrator (runs once)')
  .requiredOption('--organisation <name>', 'the first organisation, e.g. "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสงขลา"')
  .requiredOption('--area <code>', "the organisation's area and the administrator's scope (DOPA code, e.g. 90 for Songkhla)")
  .requiredOption('--admin <username>', "the administrator's username")
  .option('--type <type>', 'organisation type', 'provincial_social_development_office')
  .option('--display-name <name>')
  .action((o) =>
    withDatabase(async (database) => {
      await prepare(database, false);
      const r = await initProvince(database.db, {
        organisation: o.organisation,
        type: o.type,
        area: o.area,
        admin: o.admin,
        displayName: o.displayName,
        password: process.env.CAREHUB_ADMIN_PASSWORD || undefined,
      });
      console.log(`organisation "${o.organisation}" (${r.organisationId}) and system administrator ${r.username} created`);
      // Printed once, never stored in clear or logged: the administrator changes it at first sign-in.
      if (r.generatedPassword) console.log(`password for ${r.username} (shown once; change it after signing in): ${r.generatedPassword}`);
    }),
  );

const organisations = program.command('organisations').description('manage organisations');
organisations
  .command('add')
  .description('add an organisation (agency, hospital, local government …) in an area')
  .requiredOption('--name <name>')
  .requiredOption(
    '--type <type>',
    'hospital | health_promoting_hospital | provincial_social_development_office | provincial_health_office | nhso | provincial_administrative_organisation | local_government | foundation | disability_service_centre | community_wellbeing_centre | other',
  )
  .requiredOption('--area <code>', 'DOPA area code')
  .action((o) =>
    withDatabase(async (database) => {
      await prepare(database, false);
      console.log(`organisation "${o.name}" added: ${await addOrganisation(database.db, o)}`);
    }),
  );

const users = program.command('users').description('manage users');
users
  .command('add')
  .description('add a user (password prompted, or read from standard input)')
  .requiredOption('--username <name>')
  .requiredOption('--role <role>', ROLES.join(' | '))
  .requiredOption('--organisation <id-or-name>', 'organisation id, or its exact name')
  .requiredOption('--scope <codes>', 'area codes, comma-separated (TH = whole country)')
  .option('--display-name <name>')
  .action((o) =>
    withDatabase(async (database) => {
      await prepare(database, false);
      const username = Username.parse(o.username);
      if (!(ROLES as readonly string[]).includes(o.role)) throw new Error(`unknown role "${o.role}"; one of ${ROLES.join(', ')}`);
      const role = o.role as Role;
      const scopes = ScopeList.parse(
        String(o.scope)
          .split(',')
          .map((s) => s.trim()),
      );
      if (scopes.includes(COUNTRY_SCOPE) && !canManageRole('system_admin', role)) throw new Error('bad scope');
      const db = database.db;
      const org = await db
        .selectFrom('organisations')
        .select(['id', 'area_code'])
        .where((eb) => (/^[0-9a-f-]{36}$/i.test(o.organisation) ? eb('id', '=', o.organisation) : eb('name', '=', o.organisation)))
        .executeTakeFirst();
      if (!org) throw new Error(`no organisation "${o.organisation}"`);
      const password = Password.parse(await readPassword('password: '));
      const strength = passwordStrength(password, [username, o.displayName]);
      if (!strength.ok) throw new Error(`password too easy to guess: ${[strength.warning, ...strength.suggestions].map((i) => i?.en ?? '').join(' ')}`.trim());
      await db.transaction().execute(async (tx) => {
        const { id } = await tx
          .insertInto('users')
          .values({
            username,
            display_name: o.displayName ?? username,
            password_hash: await hashPassword(password),
            role,
            organisation_id: org.id,
            area_code: org.area_code,
            scopes,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('audit_log')
          .values({
            action: 'user.create',
            subject_type: 'user',
            subject_id: id,
            area_code: org.area_code,
            details: JSON.stringify({ username, role, scopes, via: 'cli' }),
          })
          .execute();
      });
      console.log(`user ${username} added (${role}, scope ${scopes.join(',')})`);
    }),
  );

program
  .command('import <file>')
  .description('import an agency list (CSV in UTF-8 or TIS-620/Windows-874, or XLSX) for a source')
  .requiredOption('--source <code>', 'the source (agency list) code, e.g. pmj_disability')
  .option('--mapping <file>', 'a JSON column mapping; saved as the source’s template')
  .option('--organisation <id-or-name>', 'owner organisation, to create a source that does not exist yet')
  .option('--name <name>', 'the name of a source being created')
  .action((file, o) =>
    withDatabase(async (db) => {
      await prepare(db, false);
      console.log(await importFile(db, file, o));
    }),
  );

program
  .command('export')
  .description('export data for outside checking')
  .argument('<what>', 'links: every imported row and the person it is linked to')
  .option('--format <format>', 'csv', 'csv')
  .action((what, o) =>
    withDatabase(async (db) => {
      if (what !== 'links' || o.format !== 'csv') throw new Error('only `export links --format csv` is supported');
      const n = await exportLinks(db, process.stdout);
      console.error(`${n} rows exported`);
    }),
  );

program
  .command('backup <file>')
  .description('back up the database (PostgreSQL: pg_dump SQL; PGlite: data directory archive)')
  .action(async (file) => console.log(`backup written to ${file}: ${await backup(loadConfig(), file)}`));

program
  .command('restore <file>')
  .description('restore a backup made by `carehub backup`')
  .action(async (file) => console.log(await restore(loadConfig(), file)));

program.parseAsync().catch((err: unknown) => {
  const issues = (err as { issues?: Array<{ path: unknown[]; message: string }> }).issues;
  console.error(`carehub: ${issues ? issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ') : (err as Error).message}`);
  process.exit(1);
});
