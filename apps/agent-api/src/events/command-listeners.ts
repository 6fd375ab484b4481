import type { BusLog } from './bus-log.ts';
import type { RunCommand } from './run-command.ts';

type CommandListener = (command: RunCommand) => void;

/** The command listeners both buses share: every listener hears every command. */
export interface CommandListeners {
  /** Adds a listener; the returned function removes exactly this subscription (idempotent). */
  add(listener: CommandListener): () => void;
  /** Calls every listener; one that throws is logged, the others still run. */
  deliver(command: RunCommand): void;
  clear(): void;
}

export function createCommandListeners(log: BusLog): CommandListeners {
  const entries = new Set<{ listener: CommandListener }>();
  return {
    add(listener) {
      const entry = { listener };
      entries.add(entry);
      return () => {
        entries.delete(entry);
      };
    },
    deliver(command) {
      for (const { listener } of [...entries]) {
        try {
          listener(command);
        } catch (error) {
          log.error({ err: error, runId: command.runId }, 'run command listener threw; it must not');
        }
      }
    },
    clear: () => entries.clear(),
  };
}
