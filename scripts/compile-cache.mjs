import { join } from 'node:path';

/**
 * Where Node keeps compiled code — and the TypeScript it stripped — between starts, for npm
 * start and every process it starts (NODE_COMPILE_CACHE, ADR 0026): beside the installed
 * packages, writable only by whoever installed them. JavaScript, so that `scripts/start.mjs`
 * can read it without loading Node's TypeScript compiler.
 */
export const compileCacheDirectory = join(
  import.meta.dirname,
  '..',
  'node_modules',
  '.cache',
  'lifeosai-node-compile',
);
