/**
 * `npm run migrate`: brings the platform database up to date and exits — the release step of a
 * cloud deployment (every service also migrates when it opens the database; migrations are
 * transactional, so concurrent runs take turns). `npm start` runs it as a short-lived child
 * process, so the supervisor that stays up never loads the data tier nor the configuration's
 * schemas: over the IPC channel `npm start` opens, it first sends the settings the supervisor
 * needs (`StartPlan`: home, mode, ports, the provider variables only the Agent API may get),
 * and in local mode, while it migrates, prepares the bundles the services and web start from
 * (`scripts/local-bundles.ts`), sent last (`PreparedStart`).
 *
 * Exit code 0 when the database is ready; 1 with a message naming the fix otherwise.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileFor, loadConfig, providerEnvironmentVariables } from '@lifeosai/config';
import { openDatabase } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import { loadServiceSecret } from '@lifeosai/secrets';
import type { LocalBundles } from './local-bundle-record.ts';

/** What `npm start` (scripts/start.ts) learns from this process before it migrates. */
export interface StartPlan {
  home: string;
  mode: 'local' | 'cloud';
  ports: { web: number; userManagement: number; auth: number; agentApi: number };
  providerVariables: readonly string[];
}

/** What `npm start` learns last, in local mode: the bundles to start from, or why there are none. */
export interface PreparedStart {
  bundles?: LocalBundles;
  note?: string;
}

/** The bundles, unless switched off (`LIFEOSAI_LOCAL_BUNDLE=off`); a failed build is a note, not a stop. */
async function prepareBundles(): Promise<PreparedStart> {
  if (process.env.LIFEOSAI_LOCAL_BUNDLE === 'off')
    return { note: 'starting from the TypeScript sources (LIFEOSAI_LOCAL_BUNDLE=off)' };
  const started = Date.now();
  let built: string | undefined;
  try {
    const { prepareLocalBundles } = await import('./local-bundles.ts');
    const bundles = await prepareLocalBundles({
      root: join(import.meta.dirname, '..'),
      onBuild: (reason) => {
        built = reason;
        console.log(`building local mode's bundles (${reason})…`);
      },
    });
    if (built) console.log(`✓ bundles built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { bundles };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { note: `starting from the TypeScript sources: the bundles could not be built (${message})` };
  }
}

/** What failed, for the message: reading the configuration, or the database. */
let failed = 'the configuration could not be read';
try {
  const config = loadConfig();
  failed = 'the database could not be prepared';
  if (process.send) {
    mkdirSync(config.home, { recursive: true, mode: 0o700 });
    // Created here, before npm start starts web and the services side by side: none of them
    // can then read the file between another's create and write.
    if (config.mode === 'local')
      loadServiceSecret({ mode: config.mode, home: config.home, env: process.env });
    process.send({
      home: config.home,
      mode: config.mode,
      ports: config.ports,
      providerVariables: providerEnvironmentVariables,
    } satisfies StartPlan);
  }
  const prepared = process.send && config.mode === 'local' ? prepareBundles() : undefined;
  const handle =
    config.mode === 'local'
      ? await openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
      : await openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
  await handle.close();
  console.log(`✓ database ready (migrations applied, ${config.mode} mode)`);
  if (prepared) process.send?.((await prepared) satisfies PreparedStart);
} catch (error) {
  const message = isPlatformError(error) || error instanceof Error ? error.message : String(error);
  console.error(`✗ ${failed}: ${message}`);
  process.exit(1);
}
