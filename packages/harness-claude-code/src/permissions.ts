import { randomUUID } from 'node:crypto';
import type { CanUseTool, HookCallback, PermissionResult } from '@anthropic-ai/claude-agent-sdk';
import type { PermissionRequestEvent, PermissionResolvedEvent } from '@lifeosai/events';
import { permissionFor } from '@lifeosai/harness-kit';
import type { PermissionPolicy, PermissionResponse } from '@lifeosai/harness-spec';
import { isRecord } from './map-content.ts';

const POLICY_DENIAL = "Denied by the agent's permission policy.";
const USER_DENIAL = 'The user denied this tool call.';
const TIMEOUT_DENIAL = 'Nobody answered the permission request in time, so the tool call was denied.';
const ENDED_DENIAL = 'The run ended before the permission request was answered.';

/** Hooks for what the gate tells the run. */
export interface PermissionGateHooks {
  /** Emits a `permission_request` or `permission_resolved`. Contract: synchronous, never throws. */
  emit(event: PermissionRequestEvent | PermissionResolvedEvent): void;
  /** Called with true when the first ask starts waiting and false when none is left (the stall watchdog pauses). */
  waiting(isWaiting: boolean): void;
}

interface PendingAsk {
  toolName: string;
  settle(answer: PermissionResponse | 'timeout' | 'ended'): void;
}

/**
 * Applies the agent's permission policy at Claude Code's two permission seams.
 *
 * Why both: `canUseTool` alone is not enough — Claude Code only calls it for calls its own
 * rules would prompt for, and runs read-only ones (`echo`, reading inside the workspace)
 * without asking, so a `deny` or `ask` policy would not hold. The `PreToolUse` hook sees
 * every call: it lets allowed calls through and forces Claude Code's own permission prompt
 * for the rest, which reaches `canUseTool`, where the policy denies or a person answers.
 */
export class PermissionGate {
  readonly #policy: PermissionPolicy;
  readonly #hooks: PermissionGateHooks;
  readonly #pending = new Map<string, PendingAsk>();
  #ended = false;

  constructor(policy: PermissionPolicy, hooks: PermissionGateHooks) {
    this.#policy = policy;
    this.#hooks = hooks;
  }

  /**
   * The `PreToolUse` hook: lets what the policy allows run, and sends everything else to
   * Claude Code's permission prompt, i.e. to `canUseTool`. Denials are left to `canUseTool`
   * too: a hook denial reaches the model as "PreToolUse:Bash hook error: …", a callback
   * denial as the plain message.
   */
  readonly preToolUse: HookCallback = async (input) => {
    if (input.hook_event_name !== 'PreToolUse') return {};
    const allowed = permissionFor(this.#policy, input.tool_name) === 'allow';
    return {
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: allowed ? 'allow' : 'ask' },
    };
  };

  /** The `canUseTool` callback: applies the policy, asking a person when it says ask. */
  readonly canUseTool: CanUseTool = async (toolName, input, options) => {
    const behavior = this.#ended ? 'deny' : permissionFor(this.#policy, toolName);
    if (behavior === 'allow') return { behavior: 'allow', updatedInput: input };
    if (behavior === 'deny') {
      if (!this.#ended) this.#resolvedByPolicy(toolName);
      return { behavior: 'deny', message: this.#ended ? ENDED_DENIAL : POLICY_DENIAL };
    }
    return this.#ask(toolName, input, options.toolUseID, options.decisionReason, options.signal);
  };

  /** Answers a pending request; false when unknown, already answered, timed out or ended. */
  respond(requestId: string, response: PermissionResponse): boolean {
    const pending = this.#pending.get(requestId);
    if (!pending || this.#ended) return false;
    pending.settle(response);
    return true;
  }

  /** Denies every pending request without events: the run's result closes them. */
  end(): void {
    this.#ended = true;
    for (const pending of [...this.#pending.values()]) pending.settle('ended');
  }

  #resolvedByPolicy(toolName: string): void {
    this.#hooks.emit({
      type: 'permission_resolved',
      requestId: `policy_${randomUUID()}`,
      toolName,
      decision: 'deny',
      by: 'policy',
      message: POLICY_DENIAL,
    });
  }

  #ask(
    toolName: string,
    input: Record<string, unknown>,
    toolUseId: string,
    reason: string | undefined,
    signal: AbortSignal,
  ): Promise<PermissionResult> {
    const requestId = `perm_${randomUUID()}`;
    const timeoutMs = this.#policy.askTimeoutMs;
    return new Promise<PermissionResult>((resolve) => {
      const settle = (answer: PermissionResponse | 'timeout' | 'ended'): void => {
        if (!this.#pending.delete(requestId)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.#pending.size === 0) this.#hooks.waiting(false);
        if (answer === 'ended') {
          resolve({ behavior: 'deny', message: ENDED_DENIAL });
          return;
        }
        const byTimeout = answer === 'timeout';
        const decision = byTimeout ? 'deny' : answer.decision;
        const message = byTimeout
          ? TIMEOUT_DENIAL
          : decision === 'deny'
            ? (answer.message ?? USER_DENIAL)
            : undefined;
        this.#hooks.emit({
          type: 'permission_resolved',
          requestId,
          toolName,
          decision,
          by: byTimeout ? 'timeout' : 'user',
          ...(message ? { message } : {}),
        });
        resolve(
          decision === 'allow'
            ? { behavior: 'allow', updatedInput: input }
            : { behavior: 'deny', message: message! },
        );
      };
      const onAbort = (): void => settle('ended');
      const timer = setTimeout(settle, timeoutMs, 'timeout');
      this.#pending.set(requestId, { toolName, settle });
      signal.addEventListener('abort', onAbort, { once: true });
      if (this.#pending.size === 1) this.#hooks.waiting(true);
      this.#hooks.emit({
        type: 'permission_request',
        requestId,
        toolName,
        input: isRecord(input) ? input : {},
        ...(toolUseId ? { toolUseId } : {}),
        ...(reason ? { reason } : {}),
        expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
      });
      if (signal.aborted || this.#ended) settle('ended');
    });
  }
}
