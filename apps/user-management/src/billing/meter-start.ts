import type { DatabaseHandle } from '@lifeosai/db';
import type { FastifyBaseLogger } from 'fastify';
import type { StripeSettings } from './billing-settings.ts';
import { createMeterReporter, type MeterReporter } from './meter-reporter.ts';
import { createStripeClient } from './stripe-client.ts';

/** What the gateway's billing options say about metering. */
export interface MeterStartOptions {
  /** Billing is on with these (absent: no reporter). */
  stripe?: StripeSettings;
  /** Config `billingMeterEvent` (default `lifeosai_usage`). */
  meterEvent?: string;
  /** Pause between the reporter's passes (ms; default its own, 10 s). */
  meterTickMs?: number;
}

/** Starts the usage meter reporter while billing is on; the gateway stops it on close. */
export function startMeterReporting(deps: {
  database: DatabaseHandle;
  options: MeterStartOptions | undefined;
  log: FastifyBaseLogger;
}): MeterReporter | undefined {
  const stripe = deps.options?.stripe;
  if (!stripe) return undefined;
  const reporter = createMeterReporter({
    db: deps.database.db,
    dialect: deps.database.dialect,
    stripe: createStripeClient(stripe),
    eventName: deps.options?.meterEvent ?? 'lifeosai_usage',
    log: deps.log,
    ...(deps.options?.meterTickMs !== undefined && { tickMs: deps.options.meterTickMs }),
  });
  reporter.start();
  return reporter;
}
