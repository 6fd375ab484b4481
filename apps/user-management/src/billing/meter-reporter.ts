import type { Database, DialectName } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import {
  claimDue,
  enqueueUsage,
  failBeyondDedupeWindow,
  type MeterEventRow,
  markSent,
  markUnsent,
} from './meter-outbox.ts';
import { sendMeterEvent } from './meter-send.ts';

/**
 * Reports usage to Stripe's meter (`billing.meterEvents.create`), exactly once per usage
 * record: the outbox is filled from `usage_records` in the database (nothing recorded is ever
 * lost across restarts), rows are claimed under a lease (several gateway instances never send
 * one at the same time), and each event carries an identifier Stripe dedupes by (a second send
 * after a crash is recorded once). Started by the gateway while billing is on.
 */

/** The pino-shaped calls the reporter logs with. */
export interface MeterLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface MeterReporterOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The gateway's Stripe client (its key never reaches this module's logs or rows). */
  stripe: Stripe;
  /** Config `billingMeterEvent`: the meter's event name. */
  eventName: string;
  log?: MeterLog;
  /** Pause between passes (ms, default 10 s); a pass that found a full batch goes on at once. */
  tickMs?: number;
  /** How long a claimed row is held by its sender (ms, default 5 min: past the SDK's timeout and retries). */
  leaseMs?: number;
  /** Rows claimed per batch (default 100). */
  batchSize?: number;
  /** Requests to Stripe at once (default 4). */
  concurrency?: number;
  /** Attempts before a row is `failed` (default 8). */
  maxAttempts?: number;
  /** Backoff after a retryable failure: `baseMs × 2^(attempt-1)`, at most `maxMs` (defaults 5 s, 10 min). */
  backoff?: { baseMs: number; maxMs: number };
  /** Seam for the clock. */
  now?: () => Date;
}

/** What one pass did. */
export interface MeterPass {
  enqueued: number;
  sent: number;
  retrying: number;
  failed: number;
}

export interface MeterReporter {
  /** One pass: enqueue, then claim and send until no due row is left. Never runs twice at once. */
  pass(): Promise<MeterPass>;
  /** Passes every `tickMs` until `stop`. */
  start(): void;
  /** Stops passing; resolves once the pass under way has finished. Idempotent. */
  stop(): Promise<void>;
}

/** Stripe keys in an error message (Stripe masks all but the last characters) never reach a row or a log. */
const stripeKeyPattern = /\b(sk|rk|pk)_(test|live)_[\w*]+/g;

export function createMeterReporter(options: MeterReporterOptions): MeterReporter {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 300_000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? { baseMs: 5_000, maxMs: 600_000 };
  let running: Promise<MeterPass> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const settle = async (row: MeterEventRow, totals: MeterPass): Promise<void> => {
    const outcome = await sendMeterEvent(options.stripe, options.eventName, row);
    if (outcome.kind === 'sent') {
      await markSent(options.db, row.usageRecordId, now());
      totals.sent++;
      return;
    }
    const lastError = outcome.error.replace(stripeKeyPattern, '[key]');
    if (outcome.kind === 'retry' && row.attempts < maxAttempts) {
      const waitMs = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (row.attempts - 1));
      await markUnsent(options.db, row.usageRecordId, {
        lastError,
        retryAt: new Date(now().getTime() + waitMs * (0.8 + Math.random() * 0.4)),
      });
      totals.retrying++;
      return;
    }
    await markUnsent(options.db, row.usageRecordId, { lastError });
    totals.failed++;
    options.log?.warn(
      { usageRecordId: row.usageRecordId, orgId: row.orgId, attempts: row.attempts, why: lastError },
      'a usage meter event could not be reported to Stripe (kept as failed)',
    );
  };

  const sendBatch = async (rows: MeterEventRow[], totals: MeterPass): Promise<void> => {
    const queue = [...rows];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await settle(row, totals);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
  };

  const runPass = async (): Promise<MeterPass> => {
    const totals: MeterPass = { enqueued: 0, sent: 0, retrying: 0, failed: 0 };
    totals.enqueued = await enqueueUsage(options.db, options.dialect, now());
    const beyond = await failBeyondDedupeWindow(options.db, now());
    if (beyond > 0)
      options.log?.warn(
        { rows: beyond },
        'usage meter events older than Stripe dedupes were not resent (kept as failed)',
      );
    for (;;) {
      const rows = await claimDue(options.db, options.dialect, { now: now(), leaseMs, limit: batchSize });
      if (rows.length > 0) await sendBatch(rows, totals);
      if (rows.length < batchSize || stopped) break;
    }
    return totals;
  };

  const reporter: MeterReporter = {
    pass() {
      running ??= runPass().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      if (timer || stopped) return;
      const loop = () => {
        timer = setTimeout(() => {
          void reporter
            .pass()
            .catch((error: unknown) => options.log?.error({ err: error }, 'the usage meter pass failed'))
            .finally(() => {
              if (!stopped) loop();
            });
        }, options.tickMs ?? 10_000);
      };
      loop();
      void reporter
        .pass()
        .catch((error: unknown) => options.log?.error({ err: error }, 'the usage meter pass failed'));
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
  return reporter;
}
