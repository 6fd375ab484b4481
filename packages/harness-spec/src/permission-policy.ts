/** What to do with a tool call: run it, ask a person, or refuse it. */
export type PermissionBehavior = 'allow' | 'ask' | 'deny';

/**
 * The agent's tool permission policy, applied by the harness at its runtime's permission
 * hook (Claude's `canUseTool`, Pi's tool wrapper).
 *
 * For each tool call: the first rule whose `tool` matches decides; if none matches,
 * `mode` does. `allow` runs the tool; `deny` refuses it and emits `permission_resolved`
 * (`by: 'policy'`); `ask` emits `permission_request` and waits for
 * `RunHandle.respondToPermission` up to `askTimeoutMs`, then denies (`by: 'timeout'`).
 */
export interface PermissionPolicy {
  /** Behaviour for tools no rule matches. */
  readonly mode: PermissionBehavior;
  /** Per-tool overrides, checked in order; the first match wins. */
  readonly rules: ReadonlyArray<PermissionRule>;
  /** How long an `ask` waits for an answer before it becomes a denial, in milliseconds. */
  readonly askTimeoutMs: number;
}

/** One per-tool override. */
export interface PermissionRule {
  /**
   * Tool name as the harness reports it in `tool_use` blocks (`Bash`, `read`,
   * `mcp__github__create_issue`); a trailing `*` matches any suffix (`mcp__github__*`).
   */
  readonly tool: string;
  /** What to do with matching calls. */
  readonly behavior: PermissionBehavior;
}

/** A person's answer to a `permission_request`. */
export interface PermissionResponse {
  /** Run the tool, or refuse it. */
  readonly decision: 'allow' | 'deny';
  /** With a denial: what the model is told (e.g. "not on production"). */
  readonly message?: string;
}
