import { randomUUID } from 'node:crypto';
import type { HarnessEvent } from '@lifeosai/events';
import type { PermissionPolicy, PermissionResponse } from '@lifeosai/harness-spec';
import { permissionFor } from './permission-rule.ts';

/** A tool call waiting for a decision. */
export interface ToolCallToJudge {
  readonly toolName: string;
  readonly toolUseId?: string;
  readonly input: Record<string, unknown>;
}

/** What the runner is told: run the tool, or refuse it with `message` for the model. */
export interface PermissionVerdict {
  readonly allow: boolean;
  readonly message?: string;
}

/** Who ended an ask: a person, the ask timeout, or the run ending (no event then). */
type AskEnd = 'user' | 'timeout' | 'closed';

interface PendingAsk {
  readonly toolName: string;
  readonly settle: (verdict: PermissionVerdict, by: AskEnd) => void;
}

/**
 * Applies a run's permission policy to each tool call: `allow` passes silently; `deny`
 * refuses and emits `permission_resolved` (`by: 'policy'`); `ask` emits
 * `permission_request` and waits for `respond` up to `askTimeoutMs`, then denies
 * (`by: 'timeout'`). `onAsking(true)` and `onAsking(false)` bracket each ask, so the stall
 * watchdog can ignore the silence while a person decides.
 */
export class PermissionBroker {
  readonly #policy: PermissionPolicy;
  readonly #emit: (event: HarnessEvent) => void;
  readonly #onAsking: (asking: boolean) => void;
  readonly #pending = new Map<string, PendingAsk>();
  readonly #now: () => number;

  constructor(options: {
    policy: PermissionPolicy;
    emit: (event: HarnessEvent) => void;
    onAsking?: (asking: boolean) => void;
    now?: () => number;
  }) {
    this.#policy = options.policy;
    this.#emit = options.emit;
    this.#onAsking = options.onAsking ?? (() => undefined);
    this.#now = options.now ?? Date.now;
  }

  /** Decides one tool call. Contract: never rejects; resolves once decided. */
  judge(call: ToolCallToJudge): Promise<PermissionVerdict> {
    const behavior = permissionFor(this.#policy, call.toolName);
    if (behavior === 'allow') return Promise.resolve({ allow: true });
    if (behavior === 'deny') {
      const message = `The permission policy does not allow ${call.toolName}.`;
      this.#emit({
        type: 'permission_resolved',
        requestId: `perm_${randomUUID()}`,
        toolName: call.toolName,
        decision: 'deny',
        by: 'policy',
        message,
      });
      return Promise.resolve({ allow: false, message });
    }
    return this.#ask(call);
  }

  /** A person's answer; false when the id is unknown, answered, timed out or closed. */
  respond(requestId: string, response: PermissionResponse): boolean {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) return false;
    const allow = response.decision === 'allow';
    const message = allow ? response.message : (response.message ?? `The user denied ${pending.toolName}.`);
    pending.settle({ allow, message }, 'user');
    return true;
  }

  /** Ends every open ask without an event: the run is over and its `result` closes them. */
  close(): void {
    for (const pending of [...this.#pending.values()]) pending.settle({ allow: false }, 'closed');
  }

  #ask(call: ToolCallToJudge): Promise<PermissionVerdict> {
    const requestId = `perm_${randomUUID()}`;
    const timeoutMs = this.#policy.askTimeoutMs;
    return new Promise<PermissionVerdict>((resolve) => {
      const settle = (verdict: PermissionVerdict, by: AskEnd) => {
        if (!this.#pending.delete(requestId)) return;
        clearTimeout(timer);
        this.#onAsking(false);
        if (by !== 'closed') {
          this.#emit({
            type: 'permission_resolved',
            requestId,
            toolName: call.toolName,
            decision: verdict.allow ? 'allow' : 'deny',
            by,
            ...(verdict.message === undefined ? {} : { message: verdict.message }),
          });
        }
        resolve(verdict);
      };
      const timer = setTimeout(() => {
        const message = `Nobody approved ${call.toolName} within ${Math.round(timeoutMs / 1000)} s.`;
        settle({ allow: false, message }, 'timeout');
      }, timeoutMs);
      this.#pending.set(requestId, { toolName: call.toolName, settle });
      this.#onAsking(true);
      this.#emit({
        type: 'permission_request',
        requestId,
        toolName: call.toolName,
        input: call.input,
        ...(call.toolUseId === undefined ? {} : { toolUseId: call.toolUseId }),
        expiresAt: new Date(this.#now() + timeoutMs).toISOString(),
      });
    });
  }
}
