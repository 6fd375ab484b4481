import type { Database, Run } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import type { Harness, PlatformTool } from '@lifeosai/harness-spec';
import type { Kysely } from 'kysely';
import type { ConnectionTokenSource } from '../credentials/run-connections.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { RunTokens } from '../http/run-token.ts';
import type { RunLifecycleLog } from './lifecycle-log.ts';
import type { RunSandboxes } from './run-sandboxes.ts';

/** What executing a run needs (its prepare stage included); injected by the orchestrator. */
export interface ExecutorDeps {
  db: Kysely<Database>;
  bus: EventBus;
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  /** `$LIFEOSAI_HOME`: agent workspaces and harness state live under `agents/<id>/`. */
  home: string;
  /** Mints the run's proxy token (`kind: 'llm'`), the harness's only provider key. */
  runTokens: Pick<RunTokens, 'mint'>;
  /**
   * Reads one of the organization's stored secrets (for `secret:NAME` values of the agent's
   * MCP servers); undefined when there is none. Contract: may reject (decryption failed).
   */
  revealSecret(orgId: string, name: string): Promise<string | undefined>;
  /**
   * A fresh access token of an OAuth connection, for the connections an agent is granted (see
   * `ConnectionTokenSource`); without it a run of an agent granted any fails at its start.
   */
  connectionToken?: ConnectionTokenSource;
  /**
   * Resolves once the LLM proxy has recorded the usage of the run's calls in flight (the
   * proxy's `settle`); without it the run is added up at once.
   */
  settleUsage?(runId: string): Promise<void>;
  /** Tools the platform exposes to a run's agent. */
  platformToolsFor(run: Run, workspace: string): PlatformTool[];
  /**
   * Extra environment for the run's processes, e.g. the run's own agent token
   * (`LIFEOSAI_AGENT_TOKEN`); `platformOrigin` is where those processes reach the Agent API.
   */
  runEnvironment?(run: Run, platformOrigin: string): Promise<Record<string, string>>;
  /**
   * Where runs execute: each run gets its own sandbox (or plain processes when switched off),
   * whose `platformOrigin` is also where the run reaches the LLM proxy
   * (`<origin>/llm/<provider>` is every provider's base URL).
   */
  sandboxes: RunSandboxes;
  /** Longest harness silence before the run is ended as stalled (ms). */
  stallTimeoutMs: number;
  /** Where runs' starts and endings are logged for a person; nothing is logged without it. */
  lifecycle?: RunLifecycleLog;
  /**
   * Hears each event of a run executing here once it is stored and announced (push
   * notifications, channels), in order. Contract: must not throw or block; called once per
   * event, on the executing instance only.
   */
  onRunEvent?(run: Run, event: UnifiedEvent): void;
}
