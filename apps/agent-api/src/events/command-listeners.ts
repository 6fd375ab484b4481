import type { BusLog } from './bus-log.ts';
import type { ChannelSignal } from './channel-signal.ts';
import type { RunCommand } from './run-command.ts';

/** Listeners of one kind of broadcast (run commands, channel signals): every listener hears every message. */
export interface BroadcastListeners<T> {
  /** Adds a listener; the returned function removes exactly this subscription (idempotent). */
  add(listener: (message: T) => void): () => void;
  /** Calls every listener; one that throws is logged, the others still run. */
  deliver(message: T): void;
  clear(): void;
}

/** The command listeners both buses share. */
export type CommandListeners = BroadcastListeners<RunCommand>;

function createBroadcastListeners<T>(
  log: BusLog,
  about: (message: T) => object,
  what: string,
): BroadcastListeners<T> {
  const entries = new Set<{ listener: (message: T) => void }>();
  return {
    add(listener) {
      const entry = { listener };
      entries.add(entry);
      return () => {
        entries.delete(entry);
      };
    },
    deliver(message) {
      for (const { listener } of [...entries]) {
        try {
          listener(message);
        } catch (error) {
          log.error({ err: error, ...about(message) }, `${what} listener threw; it must not`);
        }
      }
    },
    clear: () => entries.clear(),
  };
}

export function createCommandListeners(log: BusLog): CommandListeners {
  return createBroadcastListeners<RunCommand>(log, (command) => ({ runId: command.runId }), 'run command');
}

/** The channel-signal listeners both buses share. */
export function createSignalListeners(log: BusLog): BroadcastListeners<ChannelSignal> {
  return createBroadcastListeners<ChannelSignal>(
    log,
    (signal) => ({ connectionId: signal.connectionId }),
    'channel signal',
  );
}

/** The run-activity listeners (feeds hearing every run's id) both buses share. */
export function createRunActivityListeners(log: BusLog): BroadcastListeners<string> {
  return createBroadcastListeners<string>(log, (runId) => ({ runId }), 'run activity');
}
