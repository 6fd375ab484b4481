import { callPlatformTool } from '@lifeosai/harness-kit';
import type { PlatformTool, PlatformToolResult } from '@lifeosai/harness-spec';

/**
 * Runs platform tool handlers in the parent, where they belong (they reach the platform's
 * services; the runner only has a proxy).
 */
export class PlatformToolHost {
  readonly #tools: ReadonlyMap<string, PlatformTool>;
  readonly #signal: AbortSignal;

  constructor(tools: ReadonlyArray<PlatformTool>, signal: AbortSignal) {
    this.#tools = new Map(tools.map((tool) => [tool.name, tool]));
    this.#signal = signal;
  }

  /** Calls the tool `name`. Contract: never rejects (see `callPlatformTool`). */
  call(name: string, input: Record<string, unknown>, toolUseId?: string): Promise<PlatformToolResult> {
    return callPlatformTool(this.#tools, name, input, {
      signal: this.#signal,
      ...(toolUseId ? { toolUseId } : {}),
    });
  }
}
