// The redactor's own entry point: the package's index would load the secret store and the database driver.
import { REDACTED, type Redactor } from '@lifeosai/secrets/redactor';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import pinoPretty from 'pino-pretty';
import { SENSITIVE_PATHS } from './sensitive-keys.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Name of the service or package writing, added to every line as `service`. */
  service: string;
  /** Lowest level written; defaults to `info`. */
  level?: LevelWithSilent;
  /**
   * Known secret values to mask. Every finished line, including serialized errors and nested
   * fields, passes through it just before it is written, so values added later are masked too.
   */
  redactor?: Redactor;
  /** Where lines go; defaults to standard output. Tests pass a stream to capture them. */
  destination?: DestinationStream;
  /**
   * `json` (the default): one JSON object per line, for log collectors (cloud mode).
   * `pretty`: one readable line per entry (`14:07:31 INFO: run finished {…}`), for a person
   * watching the terminal (local mode). Redaction applies to both: the JSON line is masked
   * before it is formatted.
   */
  format?: LogFormat;
}

/** How log lines are written: JSON for machines, or readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** A stream that turns the JSON lines into readable ones, written synchronously (nothing lost at exit). */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  return pinoPretty({
    sync: true,
    colorize: destination === undefined && Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,reqId',
    singleLine: true,
    destination: destination ?? 1,
  });
}

/**
 * Creates a pino logger that writes one JSON object per line (or, with `format: 'pretty'`, a
 * readable line) with `level` (a label), ISO `time`,
 * `service` and `msg`. Values under sensitive keys (authorization, cookie, password, token, …)
 * are censored, and, with a `redactor`, every known secret value anywhere in the line is too.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const { redactor } = options;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SENSITIVE_PATHS, censor: REDACTED },
      hooks: redactor ? { streamWrite: (line) => redactor.redact(line) } : {},
    },
    options.format === 'pretty' ? prettyStream(options.destination) : options.destination,
  );
}
