import { join, resolve } from 'node:path';
import type { LifeosConfig } from './schema.ts';

/** The SQLite database file of a local-mode install. */
export function databaseFileFor(config: Pick<LifeosConfig, 'home'>): string {
  return join(config.home, 'lifeosai.db');
}

/**
 * The root of the local-directory file store: `LIFEOSAI_FILES_DIR` (e.g. an NFS mount) when
 * set, else `$LIFEOSAI_HOME/files`. The gateway stores there; backup and restore read it.
 */
export function filesRootFor(
  config: Pick<LifeosConfig, 'home'>,
  env: Record<string, string | undefined> = {},
): string {
  const dir = env.LIFEOSAI_FILES_DIR?.trim();
  return dir ? resolve(dir) : join(config.home, 'files');
}
