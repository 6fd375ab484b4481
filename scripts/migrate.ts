/**
 * `npm run migrate`: brings the platform database up to date and exits — the release step of a
 * cloud deployment (every service also migrates when it opens the database; migrations are
 * transactional, so concurrent runs take turns). `npm start` runs it as a short-lived child
 * process, so the supervisor that stays up never loads the data tier nor the configuration's
 * schemas: over the IPC channel `npm start` opens, it first sends the settings the supervisor
 * needs (`StartPlan`: home, mode, ports, the provider variables only the Agent API may get).
 *
 * Exit code 0 when the database is ready; 1 with a message naming the fix otherwise.
 */
import { mkdirSync } from 'node:fs';
import { databaseFileFor, loadConfig, providerEnvironmentVariables } from '@lifeosai/config';
import { openDatabase } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import { loadServiceSecret } from '@lifeosai/secrets';

/** What `npm start` (scripts/start.ts) learns from this process before it migrates. */
export interface StartPlan {
  home: string;
  mode: 'local' | 'cloud';
  ports: { web: number; userManagement: number; auth: number; agentApi: number };
  providerVariables: readonly string[];
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
  const handle =
    config.mode === 'local'
      ? await openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
      : await openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
  await handle.close();
  console.log(`✓ database ready (migrations applied, ${config.mode} mode)`);
} catch (error) {
  const message = isPlatformError(error) || error instanceof Error ? error.message : String(error);
  console.error(`✗ ${failed}: ${message}`);
  process.exit(1);
}
