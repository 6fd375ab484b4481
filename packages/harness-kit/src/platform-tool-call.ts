import type { PlatformTool, PlatformToolResult } from '@lifeosai/harness-spec';

/** What one platform tool call needs besides its input. */
export interface PlatformToolCallContext {
  /** Aborts when the run ends. */
  readonly signal: AbortSignal;
  /** The model's tool-use id, when the runtime gives one. */
  readonly toolUseId?: string;
}

/**
 * Calls a platform tool the way every harness must: an unknown name or a handler's throw
 * becomes an error result the model reads (a tool failure never fails the run), and the
 * result is copied to plain text parts. Contract: never rejects.
 */
export async function callPlatformTool(
  tools: ReadonlyMap<string, PlatformTool>,
  name: string,
  input: Readonly<Record<string, unknown>>,
  context: PlatformToolCallContext,
): Promise<PlatformToolResult> {
  const tool = tools.get(name);
  if (tool === undefined) return toolError(`There is no platform tool named ${name}.`);
  try {
    const result = await tool.handler(input, {
      signal: context.signal,
      ...(context.toolUseId === undefined ? {} : { toolUseId: context.toolUseId }),
    });
    return {
      content: result.content.map((part) => ({ type: 'text', text: part.text })),
      ...(result.isError === true ? { isError: true } : {}),
    };
  } catch (error) {
    return toolError(`The tool ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A tool result that tells the model what went wrong. */
export function toolError(text: string): PlatformToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
