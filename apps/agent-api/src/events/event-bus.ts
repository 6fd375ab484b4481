import type { RunEvent } from '@lifeosai/db';
import type { ChannelSignal } from './channel-signal.ts';
import type { RunCommand } from './run-command.ts';

/**
 * Notices that a run's events are persisted. The run_events table stays the source of
 * truth: a notice may carry the rows it announces (so readers skip the read), but a reader
 * that finds a gap between what it holds and a notice reads the table, so every instance and
 * every reconnecting client sees exactly what is stored, in order, whatever instance wrote it.
 */
export interface RunEventNotice {
  runId: string;
  /** Highest seq now persisted for the run. */
  seq: number;
  /** True once the run's terminal `result` event is persisted. */
  terminal: boolean;
  /**
   * The rows this notice announces, exactly as committed, in seq order, the last one at
   * `seq` — present when they are small enough to travel with the notice (Postgres: under
   * NOTIFY's 8000-byte limit); absent, readers read them. Contract: never altered after
   * publishing (local mode hands the same objects to every reader).
   */
  events?: readonly RunEvent[];
}

/**
 * Local mode: in-process. Cloud mode: Postgres LISTEN/NOTIFY, so an SSE client on one
 * instance follows a run executing on another, and a command sent from any instance reaches
 * the one executing the run.
 */
export interface EventBus {
  /**
   * Announces persisted events. Contract: called after the events are committed; may be
   * called with a seq already announced (listeners must tolerate repeats and gaps). Before it
   * returns, the notice has reached this instance's listeners and is queued for the others in
   * call order, so a caller need not await one publish to keep the next one behind it; the
   * promise settles once the notice is sent (or its failure logged) and never rejects.
   */
  publish(notice: RunEventNotice): Promise<void>;
  /**
   * Listens to one run's notices until the returned function is called.
   * Contract: the listener must not throw or block; it is called from the bus's loop.
   */
  subscribe(runId: string, listener: (notice: RunEventNotice) => void): () => void;
  /**
   * Hears the run id of every run's notices (any run, this instance's or another's) until
   * the returned function is called: how feeds learn of new runs without polling `runs`.
   * Contract: the listener must not throw or block.
   */
  onRunActivity(listener: (runId: string) => void): () => void;
  /**
   * Sends a command to the instance executing its run, wherever that is (this one included).
   * Contract: never rejects; delivery is at most once — a command that cannot be sent is
   * logged, and the sender learns of success only from the run's events.
   */
  sendCommand(command: RunCommand): Promise<void>;
  /**
   * Hears every run's commands until the returned function is called; the listener decides
   * whether the run is its own. Contract: the listener must not throw or block.
   */
  onCommand(listener: (command: RunCommand) => void): () => void;
  /**
   * Sends a channel signal to every instance (this one included). Same contract as
   * `sendCommand`: never rejects, at most once.
   */
  signal(signal: ChannelSignal): Promise<void>;
  /** Hears every channel signal until the returned function is called; must not throw or block. */
  onSignal(listener: (signal: ChannelSignal) => void): () => void;
  /** Stops listening and releases connections. Idempotent. */
  close(): Promise<void>;
}
