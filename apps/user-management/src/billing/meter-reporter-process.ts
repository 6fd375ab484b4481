/**
 * A meter reporter alone in a process, for the crash tests (`kill -9` between recording and
 * reporting): `node meter-reporter-process.ts` with the database in `LIFEOSAI_METER_TEST_DB`
 * (`{"dialect":"sqlite","path":…}` or `{"dialect":"postgres","url":…}`), Stripe at
 * `STRIPE_API_BASE` with `STRIPE_SECRET_KEY` (both in the environment, never in arguments), and
 * `LIFEOSAI_METER_TEST_LEASE_MS`. Prints `meter reporter ready` once passing.
 */
import { type DatabaseTarget, openDatabase } from '@lifeosai/db';
import Stripe from 'stripe';
import { createMeterReporter } from './meter-reporter.ts';

const target = JSON.parse(process.env.LIFEOSAI_METER_TEST_DB ?? '') as DatabaseTarget;
const apiBase = new URL(process.env.STRIPE_API_BASE ?? '');
const database = await openDatabase(target, { migrate: false });
const reporter = createMeterReporter({
  db: database.db,
  dialect: database.dialect,
  stripe: new Stripe(process.env.STRIPE_SECRET_KEY ?? '', {
    host: apiBase.hostname,
    port: Number(apiBase.port),
    protocol: 'http',
    telemetry: false,
    maxNetworkRetries: 0,
  }),
  eventName: 'lifeosai_usage',
  tickMs: 50,
  leaseMs: Number(process.env.LIFEOSAI_METER_TEST_LEASE_MS ?? 1000),
  backoff: { baseMs: 50, maxMs: 200 },
  log: {
    info: (fields, message) => console.log(message, JSON.stringify(fields)),
    warn: (fields, message) => console.log(message, JSON.stringify(fields)),
    error: (fields, message) => console.error(message, String(fields.err)),
  },
});
reporter.start();
console.log('meter reporter ready');
process.once('SIGTERM', () => {
  void reporter.stop().then(() => database.close());
});
