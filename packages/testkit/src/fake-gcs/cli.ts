/**
 * Runs the fake Cloud Storage JSON API by hand: `npm run fake-gcs -- [--port 4443] [--bucket lifeosai-files]`.
 * Prints the variables that point the gateway at it. Exit codes: 0 after SIGINT/SIGTERM, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { startFakeGcs } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4443' },
    bucket: { type: 'string', default: 'lifeosai-files' },
  },
});
if (
  !/^\d+$/.test(values.port) ||
  Number(values.port) > 65_535 ||
  !/^[a-z0-9][a-z0-9._-]{1,221}$/.test(values.bucket)
) {
  process.stderr.write('Usage: npm run fake-gcs -- [--port <0-65535>] [--bucket <name>]\n');
  process.exit(2);
}
const fake = await startFakeGcs({ port: Number(values.port), buckets: [values.bucket] });
process.stdout.write(
  `Fake Cloud Storage on ${fake.url}: LIFEOSAI_FILES_BACKEND=gcs LIFEOSAI_FILES_BUCKET=${values.bucket} LIFEOSAI_GCS_API_ENDPOINT=${fake.url}\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void fake.close().then(() => process.exit(0)));
}
