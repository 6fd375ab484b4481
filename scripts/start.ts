/**
 * `npm start`: local mode. Prepares the data directory and database, builds the web app if it
 * is not built, then starts the four services — auth → agent-api → user-management → web — as
 * sidecar processes on loopback through @lifeosai/supervisor, waits for every `/healthz` and
 * prints the URL to open. Ctrl-C (SIGINT) or SIGTERM stops them in reverse order, leaving no
 * process behind.
 *
 * This script (and the supervisor under it) is what a desktop shell (Tauri or Electron) would
 * launch as its one sidecar. The shell itself is not built here: crates.io and Electron's
 * binary downloads are unreachable from this environment.
 *
 * In local mode auth, agent-api and user-management share one process (`scripts/local-services.ts`),
 * each with its own configuration; web is a process of its own.
 *
 * Flags: `--no-build` never builds (an unbuilt web app is left out, with a note);
 * `--no-web` leaves the web app out; `--separate` (or `LIFEOSAI_LOCAL_PROCESSES=separate`) runs
 * each service in a process of its own, as cloud mode does (to debug one service, or to compare).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire, enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { compileCacheDirectory } from './compile-cache.mjs';
import { currentLocalBundles, type LocalBundles } from './local-bundle-record.ts';
import type { PreparedStart, StartPlan } from './migrate.ts';

const root = join(import.meta.dirname, '..');
// Node keeps compiled code between starts (checked against each file's content), for this
// process and — through the environment — every process it starts: a warm start compiles
// little (~0.5–1 s and ~50 MB less here, ADR 0026). npm start (`scripts/start.mjs`) sets it
// before this process starts, so this file's TypeScript is cached too; run directly, this
// process sets it for what it loads next. The supervisor is imported after, to be cached too.
process.env.NODE_COMPILE_CACHE ??= compileCacheDirectory;
enableCompileCache(process.env.NODE_COMPILE_CACHE);
const webDir = join(root, 'apps', 'web');
const flags = new Set(process.argv.slice(2));
const began = Date.now();
// A closed terminal or pipe (`npm start | head`) must not break the stop: Node reports it as an
// error on the stream, which would end this process before it stopped the services. Output is
// then lost; Ctrl-C and SIGTERM still stop everything (and should this process die anyway, the
// services' lifeline, their stdin, stops them).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
/** Set once SIGINT/SIGTERM arrived: the signal handler then owns stopping and exiting. */
let signalled = false;

/** Whether the web app can run (built, Next.js installed), or a note saying why it is left out. */
async function prepareWeb(): Promise<{ ready: true } | { note: string }> {
  if (flags.has('--no-web')) return { note: 'web app left out (--no-web)' };
  if (!existsSync(join(webDir, 'package.json')))
    return { note: 'apps/web does not exist yet: starting without the web app' };
  try {
    createRequire(join(webDir, 'package.json')).resolve('next/dist/bin/next');
  } catch {
    return { note: 'Next.js is not installed (run npm install): starting without the web app' };
  }
  if (existsSync(join(webDir, '.next', 'BUILD_ID'))) return { ready: true };
  if (flags.has('--no-build')) {
    return {
      note: 'web app not built (--no-build): starting without it; build it with npm run build -w @lifeosai/web',
    };
  }
  console.log('building the web app (npm run build -w @lifeosai/web)…');
  const started = Date.now();
  const code = await runPrefixed('web build', ['run', 'build', '-w', '@lifeosai/web']);
  if (code !== 0) {
    throw new Error(
      `the web app build failed (exit code ${code}); fix it, or start without it: npm start -- --no-web`,
    );
  }
  console.log(`✓ web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ready: true };
}

/** The web build under way, stopped when npm start stops before it ends. */
let webBuild: ChildProcess | undefined;

/** Runs npm with its output prefixed; resolves with the exit code. */
function runPrefixed(prefix: string, npmArgs: string[]): Promise<number> {
  const npmCli = process.env.npm_execpath;
  const child = npmCli
    ? spawn(process.execPath, [npmCli, ...npmArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('npm', npmArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  webBuild = child;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) console.log(`[${prefix}] ${line}`);
    });
  }
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}

/**
 * Reads the configuration and migrates in a short-lived child (`scripts/migrate.ts`): the
 * configuration's schemas and the data tier's code then never stay resident in this long-lived
 * supervisor process (ADR 0026). The child sends the settings needed here (`StartPlan`) first;
 * `onPlan` prints them while it migrates. In local mode it also prepares the bundles the
 * services and web start from (`scripts/local-bundles.ts`; its resolution needs the flag). The
 * child itself runs from its bundle when the current build (`bundled`) is up to date (no input
 * changed since), from the TypeScript otherwise (it then builds the bundles this start uses).
 */
async function migrate(
  bundled: LocalBundles | undefined,
  onPlan: (plan: StartPlan) => void,
): Promise<StartPlan & PreparedStart> {
  const child = spawn(
    process.execPath,
    ['--experimental-import-meta-resolve', bundled?.prepare ?? join(root, 'scripts', 'migrate.ts')],
    { cwd: root, env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let plan: StartPlan | undefined;
  let prepared: PreparedStart = {};
  child.on('message', (message) => {
    if (plan) {
      prepared = message as PreparedStart;
      return;
    }
    plan = message as StartPlan;
    onPlan(plan);
  });
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (exitCode) => resolve(exitCode));
  });
  if (!plan) throw new Error('stopped: the configuration could not be read (see the line above)');
  if (code !== 0) throw new Error('stopped: the database is not ready (see the line above)');
  return { ...plan, ...prepared };
}

try {
  // The prepare child starts first; the supervisor's own modules load while it works, and a
  // first start builds the web app beside it (the bundles and the web build, ~8 s and ~18 s).
  const bundled =
    process.env.LIFEOSAI_LOCAL_BUNDLE === 'off'
      ? undefined
      : await currentLocalBundles({ root }).catch(() => undefined);
  let announce!: (plan: StartPlan) => void;
  const planned = new Promise<StartPlan>((resolve) => {
    announce = resolve;
  });
  const preparing = migrate(bundled, (plan) => {
    console.log(`LIFEOSAI ${plan.mode} mode, data in ${plan.home}`);
    announce(plan);
  });
  let preparationFailed = false;
  preparing.catch(() => {
    preparationFailed = true;
  });
  const webPreparing = prepareWeb();
  webPreparing.catch(() => undefined);
  const { createSupervisor, platformServices } = await import('@lifeosai/supervisor');
  // The plan comes first, before the migrations; a preparation that fails before it stops here.
  const plan = await Promise.race([planned, preparing]);
  // Built: at once. A first start builds it, and a failed preparation still stops it meanwhile.
  const web = await Promise.race([webPreparing, preparing.then(() => webPreparing)]);
  if ('note' in web) console.log(`! ${web.note}`);
  // Launched while the database migrates from bundles already current (the supervisor holds
  // back its description until then: ~0.3 s of a start); the preparation builds them otherwise.
  const bundles = plan.mode === 'local' ? (bundled ?? (await preparing).bundles) : undefined;
  // Failed already: stop here, before launching anything.
  if (preparationFailed) await preparing;
  const prepared = preparing.then((config) => {
    if (config.note) console.log(`! ${config.note}`);
    // Only a source changed in the milliseconds between the two checks: the bundles launched are gone.
    if (bundles && config.bundles && config.bundles.services !== bundles.services) {
      throw new Error(
        'the sources changed while npm start began (the bundles were built again): run npm start again',
      );
    }
  });

  const supervisor = createSupervisor({
    services: platformServices({
      root,
      home: plan.home,
      mode: plan.mode,
      ports: plan.ports,
      nodePath: process.execPath,
      providerVariables: plan.providerVariables,
      ...(bundles && { bundles }),
      web: 'ready' in web,
      processes:
        flags.has('--separate') || process.env.LIFEOSAI_LOCAL_PROCESSES === 'separate' ? 'separate' : 'one',
    }),
    prepared,
    env: process.env,
    log: (line) => console.log(line),
  });
  const stopOn = (signal: NodeJS.Signals) =>
    process.once(signal, () => {
      signalled = true;
      console.log(`${signal}: stopping LIFEOSAI…`);
      void supervisor.stop().then(() => {
        console.log('✓ stopped, no process left');
        process.exit(0);
      });
    });
  stopOn('SIGINT');
  stopOn('SIGTERM');

  await supervisor.start();
  const took = `${((Date.now() - began) / 1000).toFixed(1)} s`;
  if ('ready' in web) {
    console.log(`✓ LIFEOSAI is ready in ${took}: open http://127.0.0.1:${plan.ports.web}`);
  } else {
    console.log(
      `✓ LIFEOSAI is ready in ${took} (without the web app): API at http://127.0.0.1:${plan.ports.userManagement}/api/docs`,
    );
  }
  console.log('  Ctrl-C stops everything.');
} catch (error) {
  // Start-up interrupted by Ctrl-C is not a failure: the signal handler exits once all is stopped.
  if (!signalled) {
    // Expected failures (SupervisorError, a failed build, the database) carry a message that names the fix.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`✗ ${message}`);
    // A web build still running (the database failed first) stops with npm start.
    if (webBuild && webBuild.exitCode === null && webBuild.signalCode === null) webBuild.kill('SIGTERM');
    process.exit(1);
  }
}
