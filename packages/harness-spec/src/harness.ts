import type { HarnessCapabilities } from './capabilities.ts';
import type { ConfigValidator } from './config-validator.ts';
import type { ProviderId } from './credentials.ts';
import type { EnvironmentContext, EnvironmentDiagnostic } from './environment.ts';
import type { HarnessMetadata } from './harness-metadata.ts';
import type { ModelInfo } from './model-info.ts';
import type { RunContext } from './run-context.ts';
import type { RunHandle } from './run-handle.ts';

/**
 * A harness: the adapter between the platform and one agent runtime (Claude Code, Pi, an
 * ACP agent). A harness package exports one plain object that `satisfies Harness<Config>`.
 *
 * Modelled on Vercel's HarnessV1: a tagged spec version so the contract can evolve
 * side by side (`'v2'` later, both accepted during a migration), a few descriptive
 * fields, one entry point that yields a live handle. Unlike HarnessV1 it has no
 * session object spanning turns: the platform persists sessions and runs one turn per
 * run, so a run is the unit that starts, streams and ends — and can land on any worker.
 *
 * The harness owns its process tree: cancel, timeout and stall kill all of it; nothing
 * outlives the run's `result`; secrets never reach argv.
 */
export interface Harness<Config = unknown> {
  /** Contract version this object implements. */
  readonly specificationVersion: 'v1';
  /** Stable kebab-case id: the agent's `adapterType` and the events' `harness` (`claude-code`). */
  readonly id: string;
  /** Name for people (`Claude Code`). */
  readonly displayName: string;
  /** What the harness can do; the platform asks for nothing else. */
  readonly capabilities: HarnessCapabilities;
  /** Validates an agent's `adapterConfig`; a zod schema fits as it is. */
  readonly configSchema: ConfigValidator<Config>;
  /** Providers, known models and the editor's description of the config: served as they are. */
  readonly metadata: HarnessMetadata;

  /**
   * Checks that runs can work here: binaries present, versions, keys configured,
   * directories writable.
   *
   * Contract: never rejects — a failed check is a diagnostic with status `error`; spends no
   * tokens and starts no run; may be slow (spawning `--version`) but honours `ctx.signal`;
   * safe to call concurrently and repeatedly.
   */
  checkEnvironment(ctx: EnvironmentContext<Config>): Promise<ReadonlyArray<EnvironmentDiagnostic>>;

  /**
   * The models this harness can run with the given credentials.
   *
   * Contract: never rejects; when a live lookup fails it resolves with the harness's
   * built-in list (possibly empty). Safe to call concurrently and repeatedly.
   */
  listModels(ctx: EnvironmentContext<Config>): Promise<ReadonlyArray<ModelInfo>>;

  /**
   * Provider settings the harness's own config names for the agent (Pi's `baseUrl`), when it
   * has such fields. The platform treats them as the agent's own credential source (agent →
   * organization → service environment, one source per provider, so a base URL set here is
   * never sent a key from another source), and the harness then receives, like every
   * harness, the platform's credentials in `RunContext.credentials` — it must not call a
   * base URL of its config itself.
   *
   * Contract: pure and synchronous, never throws; `config` is already validated. Optional:
   * absent, the config names no provider settings.
   */
  agentProviderSettings?(config: Config): AgentProviderSettings;

  /**
   * Starts a run and returns its handle at once; the work proceeds as `events` is iterated.
   *
   * Contract: synchronous and non-blocking. Runtime failures (binary missing, bad key,
   * crash) never throw — they arrive as events. Throws only for programmer mistakes:
   * `UnsupportedFeatureError` when asked for a session kind or feature the capabilities do
   * not declare. Each call is an independent run; calls may overlap.
   */
  start(ctx: RunContext<Config>): RunHandle;
}

/** Per provider: the base URL an agent's config names, in the provider SDK's convention. */
export type AgentProviderSettings = Readonly<Partial<Record<ProviderId, { readonly baseUrl?: string }>>>;
