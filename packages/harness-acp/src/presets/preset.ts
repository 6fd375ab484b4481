import type {
  EnvironmentDiagnostic,
  ModelInfo,
  ProviderCredential,
  ProviderId,
} from '@lifeosai/harness-spec';

/**
 * One ACP agent the platform knows how to start: its package, its command and the settings
 * that point it at the platform's LLM proxy with nothing else reaching the network (update
 * checks and telemetry off). A preset is one file in this folder plus one line in
 * `presets/index.ts`; `adapterConfig.agent` names it by `id`.
 */
export interface AcpPreset {
  /** Stable kebab-case id, the value of `adapterConfig.agent` (`claude-agent-acp`, `gemini`). */
  readonly id: string;
  /** Name for people (`Gemini CLI`). */
  readonly label: string;
  /** One sentence for people: what runs and on what. */
  readonly description: string;
  /** The providers it can talk to, its default first (ids of `@lifeosai/config`'s `providerIds`). */
  readonly providers: ReadonlyArray<ProviderId>;
  /** Models it knows without asking; per provider the `isDefault` one runs when none is named. */
  readonly models: ReadonlyArray<ModelInfo>;
  /**
   * The agent's session mode (`session/set_mode`) in which it asks the client
   * (`session/request_permission`) before the tools it considers risky, set on every run so
   * the agent's permission policy applies; absent when the agent always asks or has no modes.
   */
  readonly askModeId?: string;
  /**
   * True when the agent (in its ask mode) asks the client before every MCP tool call, so the
   * platform tool bridge does not ask a second time; absent or false, the bridge applies the
   * permission policy to platform tools itself.
   */
  readonly asksBeforeMcpTools?: boolean;
  /**
   * The name of a tool call as the model knows it (what permission rules and `tool_use` blocks
   * name), for an agent whose tool calls carry only a title; undefined to use the title.
   */
  toolName?(toolCallId: string): string | undefined;
  /**
   * How to start the agent for one run. Contract: pure apart from writing the agent's own
   * settings files under `input.stateDir`; never throws for a runtime reason; secrets go in
   * `env` (or a 0600 settings file under `stateDir`), never in `args`.
   */
  prepare(input: PresetLaunchInput): PresetLaunch;
  /**
   * Whether the preset can run on this machine (its package and binary present, their
   * version). Contract: never rejects; spends no tokens; a failed check is an `error`
   * diagnostic whose message says why and whose `fix` says what to do.
   */
  check(signal: AbortSignal): Promise<ReadonlyArray<EnvironmentDiagnostic>>;
}

/** What a preset gets to build one run's command. */
export interface PresetLaunchInput {
  /** The provider the run uses: one of the preset's `providers`. */
  readonly provider: ProviderId;
  /** The model the agent's config names; absent for the preset's default for `provider`. */
  readonly model?: string;
  /** The run's credentials for `provider` (the LLM proxy's base URL and run token). */
  readonly credential: ProviderCredential;
  /** The agent's workspace. */
  readonly cwd: string;
  /** This preset's state directory for the agent (inside its data dir): home of its config files and sessions. */
  readonly stateDir: string;
  /** Retries of a failed model call the agent may make itself (0 in fault tests). */
  readonly maxRetries: number;
}

/** The process to start (through the run's launcher) and what it needs. */
export interface PresetLaunch {
  /** Absolute path of the program (usually the platform's own Node). */
  readonly command: string;
  /** Arguments; never secrets. */
  readonly args: ReadonlyArray<string>;
  /** Variables on top of the run's minimal environment: keys, base URLs, switches. */
  readonly env: Readonly<Record<string, string>>;
}
