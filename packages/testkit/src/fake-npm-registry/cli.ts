/**
 * Runs the fake npm registry by hand: `npm run fake-npm-registry -- [--port 4873] [folder…]`.
 * Publishes the test kit's Claude Code plugin (`lifeosai-plugin-hello@1.0.0`) and each folder
 * given (its package.json names it), then prints the URL to set as LIFEOSAI_NPM_REGISTRY.
 * Exit codes: 0 after SIGINT/SIGTERM, 2 for bad arguments.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { claudePluginHelloFolder } from '../plugin-archives/index.ts';
import { startFakeNpmRegistry } from './server.ts';

const { values, positionals } = parseArgs({
  options: { port: { type: 'string', default: '4873' } },
  allowPositionals: true,
});
if (!/^\d+$/.test(values.port) || Number(values.port) > 65_535) {
  process.stderr.write('Usage: npm run fake-npm-registry -- [--port <0-65535>] [plugin-folder…]\n');
  process.exit(2);
}
const registry = await startFakeNpmRegistry({ port: Number(values.port) });
for (const folder of [claudePluginHelloFolder, ...positionals.map((path) => resolve(path))]) {
  const published = registry.publish({ folder });
  process.stdout.write(`published ${published.name}@${published.version}\n`);
}
process.stdout.write(`Fake npm registry on ${registry.url}: LIFEOSAI_NPM_REGISTRY=${registry.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void registry.close().then(() => process.exit(0)));
}
