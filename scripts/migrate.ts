/**
 * `npm run migrate`: brings the platform database up to date and exits — the release step of a
 * cloud deployment (every service also migrates when it opens the database; migrations are
 * transactional, so concurrent runs take turns). `npm start` runs it as a short-lived child
 * process, so the supervisor that stays up never loads the data tier.
 *
 * Exit code 0 when the database is ready; 1 with a message naming the fix otherwise.
 */
import { databaseFileFor, loadConfig } from '@lifeosai/config';
import { openDatabase } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';

try {
  const config = loadConfig();
  const handle =
    config.mode === 'local'
      ? await openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
      : await openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
  await handle.close();
  console.log(`✓ database ready (migrations applied, ${config.mode} mode)`);
} catch (error) {
  const message = isPlatformError(error) || error instanceof Error ? error.message : String(error);
  console.error(`✗ the database could not be prepared: ${message}`);
  process.exit(1);
}
