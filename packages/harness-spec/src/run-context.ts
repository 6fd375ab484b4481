import type { ProviderCredentials } from './credentials.ts';
import type { McpServerConfig } from './mcp-server.ts';
import type { PermissionPolicy } from './permission-policy.ts';
import type { PlatformTool } from './platform-tool.ts';
import type { ProcessLauncher } from './process-launcher.ts';
import type { RunTimers } from './run-timers.ts';
import type { SessionState } from './session-state.ts';

/**
 * Everything one run needs, prepared by the platform: ids, input, resolved config and
 * credentials, directories, limits and the tools to expose. The harness owns nothing in it
 * and must not mutate it.
 *
 * There is deliberately no logger: whatever the platform should know travels as events
 * (`status`, `error`), so it is persisted, streamed and tested like everything else.
 */
export interface RunContext<Config = unknown> {
  /** The platform run id; for the harness's own bookkeeping (temp names, native metadata). */
  readonly runId: string;
  /** The agent running. */
  readonly agentId: string;
  /** The user message that starts this turn. */
  readonly prompt: string;
  /**
   * The agent's instructions, appended to the harness's own system prompt (not replacing
   * it). Applied on every run: a resumed native session does not remember them. Absent
   * when the agent has none.
   */
  readonly instructions?: string;
  /** The agent's `adapterConfig`, already validated by this harness's `configSchema`. */
  readonly config: Config;
  /** The agent's workspace: the working directory its tools act on. Exists before `start`. */
  readonly cwd: string;
  /**
   * Per-agent state directory under `$LIFEOSAI_HOME`, outside the workspace, for the
   * runtime's own files (Claude's `CLAUDE_CONFIG_DIR` and transcripts, Pi's session files,
   * skill links). Exists before `start`; persists across runs.
   */
  readonly dataDir: string;
  /** Which native session to use: new, resume, fork, or continue an interrupted turn. */
  readonly session: SessionState;
  /** Resolved provider credentials; see its contract (env or in-process only, never argv). */
  readonly credentials: ProviderCredentials;
  /**
   * Extra environment for the harness's processes. Build a child's environment from a
   * minimal base (`PATH`, `HOME`, locale) plus this plus the credentials — never from the
   * service's whole `process.env`, which holds the platform's own secrets.
   */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Starts every process of the run (the runtime's CLI or runner, and so everything it
   * starts). Harnesses never call `child_process` for run processes themselves: the
   * launcher puts them in the run's sandbox and ends the whole tree on `stop`.
   */
  readonly launcher: ProcessLauncher;
  /** Aborts the run; equivalent to `RunHandle.cancel()`. */
  readonly signal: AbortSignal;
  /** Time limits the harness enforces itself (it owns the watchdog). */
  readonly limits: RunLimits;
  /** The clock `limits` are measured on; absent (as the platform leaves it): the real timers. */
  readonly timers?: RunTimers;
  /** Platform tools to expose to the model; empty when the harness lacks `capabilities.mcp`. */
  readonly platformTools: ReadonlyArray<PlatformTool>;
  /** External MCP servers by name; empty when the harness lacks `capabilities.mcp`. */
  readonly mcpServers: Readonly<Record<string, McpServerConfig>>;
  /** Skill folders to load; empty when the harness lacks `capabilities.skills`. */
  readonly skills: ReadonlyArray<SkillFolder>;
  /** Tool permission policy; see `PermissionPolicy` for how it is applied. */
  readonly permissions: PermissionPolicy;
}

/** Time limits for one run. */
export interface RunLimits {
  /**
   * Longest silence allowed: when no native output arrives for this long, the harness
   * kills its process tree and ends with `error` (`stall_timeout`) and a failed `result`.
   * Waiting on a permission answer is not silence.
   */
  readonly stallTimeoutMs: number;
  /** Longest run allowed; past it the harness ends the same way with `timeout`. */
  readonly runTimeoutMs: number;
}

/** A skill: a folder holding a `SKILL.md` and the files it refers to. */
export interface SkillFolder {
  /** Skill name, unique within the run (the folder name by convention). */
  readonly name: string;
  /** Absolute path of the folder; the harness links or copies it where its runtime looks. */
  readonly path: string;
}
