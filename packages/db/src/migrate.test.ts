import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './create-database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

const coreTables = [
  'agent_inbox',
  'agents',
  'audit_log',
  'billing_meter_events',
  'billing_webhook_events',
  'calls',
  'channel_chats',
  'channel_connections',
  'channel_inbound',
  'channel_outbox',
  'channel_senders',
  'channel_state',
  'files',
  'identity_revocations',
  'mail_outbox',
  'oauth_connections',
  'oauth_states',
  'org_billing',
  'phone_callers',
  'phone_numbers',
  'plugins',
  'provider_settings',
  'push_subscriptions',
  'run_events',
  'runs',
  'secrets',
  'sessions',
  'usage_records',
  'wake_requests',
];

describe.each(testDialects)('migrations on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('takes an empty database to the latest schema, and a second run changes nothing', async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    const db = database.db.withoutPlugins() as never;
    expect(await migrateToLatest(db, dialect)).toEqual(migrations.map((step) => step.name));
    const tables = await tableNames(database);
    expect(tables).toEqual(coreTables);
    const schemaBefore = await describeSchema(database);

    expect(await migrateToLatest(db, dialect)).toEqual([]);
    expect(await describeSchema(database)).toEqual(schemaBefore);
    const applied = await sql<{ name: string }>`select name from lifeosai_migrations`.execute(database.db);
    expect(applied.rows.map((row) => row.name)).toEqual(migrations.map((step) => step.name));
  });
});

// SQLite keeps one connection per process, so its concurrent start-up is proven across
// processes in sqlite-concurrency.test.ts; here, several pools of one process.
describe('migrations on postgres, several services at once', () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.cleanup());

  it('lets several services start at once: concurrent migrations all succeed', async () => {
    database = await openTestDatabase('postgres', { migrate: false });
    const target = { dialect: 'postgres', url: database.location } as const;
    const handles = await Promise.all([openDatabase(target), openDatabase(target), openDatabase(target)]);
    for (const handle of handles) await handle.close();
    const tables = await tableNames(database);
    expect(tables).toEqual(coreTables);
  });
});

async function describeSchema(database: TestDatabase): Promise<unknown> {
  const tables = await database.db.introspection.getTables();
  return tables
    .map((table) => ({
      name: table.name,
      columns: table.columns.map((column) => `${column.name}:${column.dataType}`),
    }))
    .sort((left, right) => left.name.localeCompare(right.name));
}

async function tableNames(database: TestDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables
    .map((table) => table.name)
    .filter((name) => !name.startsWith('lifeosai_migrations'))
    .sort();
}
