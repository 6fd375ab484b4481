/**
 * `npm start`: prepares local mode (config, data directory, database migrations) and then
 * starts the platform's services. The services land issue by issue; until they exist this
 * says so plainly instead of pretending.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileFor, loadConfig } from '@lifeosai/config';
import { openDatabase } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';

const services = ['auth', 'user-management', 'agent-api', 'web'] as const;

try {
  const config = loadConfig();
  mkdirSync(config.home, { recursive: true, mode: 0o700 });
  console.log(`LIFEOSAI ${config.mode} mode, data in ${config.home}`);
  const handle =
    config.mode === 'local'
      ? await openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
      : await openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
  await handle.close();
  console.log('✓ database ready (migrations applied)');

  const missing = services.filter(
    (service) => !existsSync(join(import.meta.dirname, '..', 'apps', service, 'src', 'main.ts')),
  );
  if (missing.length > 0) {
    console.error(
      `✗ not built yet: ${missing.join(', ')}. The platform cannot start until these services exist.`,
    );
    process.exit(1);
  }
} catch (error) {
  console.error(isPlatformError(error) ? error.message : error);
  process.exit(1);
}
