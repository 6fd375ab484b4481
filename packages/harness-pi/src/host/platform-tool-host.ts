import type { PlatformTool, PlatformToolResult } from '@lifeosai/harness-spec';

/**
 * Runs platform tool handlers in the parent, where they belong (they reach the platform's
 * services; the runner only has a proxy). A handler's throw becomes an error result: a
 * tool failure never fails the run.
 */
export class PlatformToolHost {
  readonly #tools: ReadonlyMap<string, PlatformTool>;
  readonly #signal: AbortSignal;

  constructor(tools: ReadonlyArray<PlatformTool>, signal: AbortSignal) {
    this.#tools = new Map(tools.map((tool) => [tool.name, tool]));
    this.#signal = signal;
  }

  /** Calls the tool `name`. Contract: never rejects. */
  async call(name: string, input: Record<string, unknown>, toolUseId?: string): Promise<PlatformToolResult> {
    const tool = this.#tools.get(name);
    if (tool === undefined) return errorResult(`There is no platform tool named ${name}.`);
    try {
      const result = await tool.handler(input, { signal: this.#signal, ...(toolUseId ? { toolUseId } : {}) });
      return {
        content: result.content.map((part) => ({ type: 'text', text: part.text })),
        isError: result.isError,
      };
    } catch (error) {
      return errorResult(
        `The tool ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function errorResult(text: string): PlatformToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
