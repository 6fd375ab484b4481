import { join } from 'node:path';
import type { LifeosConfig } from './schema.ts';

/** The SQLite database file of a local-mode install. */
export function databaseFileFor(config: Pick<LifeosConfig, 'home'>): string {
  return join(config.home, 'lifeosai.db');
}

/** The root of the local file store. */
export function filesRootFor(config: Pick<LifeosConfig, 'home'>): string {
  return join(config.home, 'files');
}
