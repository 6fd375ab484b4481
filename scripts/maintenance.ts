/**
 * What the maintenance commands (`npm run rotate:*`, `npm run scrub:transcripts`) share: the
 * platform's configuration and database, the refusal to run under live services, a progress
 * line, and one way to fail. Nothing here prints a key or a secret value.
 */
import { parseArgs } from 'node:util';
import { databaseFileFor, type LifeosConfig, loadConfig } from '@lifeosai/config';
import { type DatabaseHandle, openDatabase } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import { busyPlatformPorts, platformRunningMessage } from '@lifeosai/supervisor';

/** The flags a command accepts: booleans, or strings where `string` is set. */
type FlagSpec = Record<string, { type: 'boolean' | 'string'; description: string }>;

/**
 * Runs a maintenance command: parses its flags (`--help` prints `usage` and them), loads the
 * configuration and hands both to `main`. Any failure prints `✗ <message>` and exits 1.
 */
export async function runMaintenance<Spec extends FlagSpec>(
  usage: string,
  spec: Spec,
  main: (
    flags: { [Name in keyof Spec]?: Spec[Name]['type'] extends 'string' ? string : boolean },
    config: LifeosConfig,
  ) => Promise<void>,
): Promise<void> {
  const help = () =>
    `${usage}\n\nFlags:\n${Object.entries(spec)
      .map(([name, flag]) => `  --${name}${flag.type === 'string' ? ' <value>' : ''}  ${flag.description}`)
      .join('\n')}`;
  try {
    const { values } = parseArgs({
      options: {
        ...Object.fromEntries(Object.entries(spec).map(([name, { type }]) => [name, { type }])),
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(help());
      return;
    }
    await main(values as never, loadConfig());
  } catch (error) {
    const message = isPlatformError(error) || error instanceof Error ? error.message : String(error);
    console.error(`✗ ${message}`);
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(help());
    process.exit(1);
  }
}

/**
 * Local mode: stops with a message when any of the platform's ports is taken. `why` says what
 * running services would break.
 */
export async function refuseWhileRunning(config: LifeosConfig, why: string): Promise<void> {
  if (config.mode !== 'local') return;
  const busy = await busyPlatformPorts(config.ports);
  if (busy.length > 0) throw new Error(platformRunningMessage(busy, config.home, why));
}

/** The platform database of this configuration, migrated (as every service opens it). */
export function openPlatformDatabase(config: LifeosConfig): Promise<DatabaseHandle> {
  return config.mode === 'local'
    ? openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
    : openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
}

/** A progress callback that prints `label: done/total` about ten times, and at the end. */
export function progressLine(label: string): (done: number, total: number) => void {
  return (done, total) => {
    const step = Math.max(1, Math.ceil(total / 10));
    if (done === total || done % step === 0) console.log(`  ${label}: ${done}/${total}`);
  };
}
