/**
 * A tool the platform offers the agent (remember, send a message, schedule a wake, …).
 * The harness exposes it to the model over MCP — Claude through an in-process SDK MCP
 * server, Pi through custom tools bridged from the same definitions — and calls `handler`
 * when the model uses it. Platform tools go through `RunContext.permissions` like every
 * other tool (an owner may want to approve "send a message" each time), and the handler
 * still authorizes its own calls.
 */
export interface PlatformTool {
  /** Tool name the model sees, unique among platform tools (`remember`); snake_case or kebab-case. */
  readonly name: string;
  /** What the tool does and when to use it, written for the model. */
  readonly description: string;
  /** JSON Schema (draft 2020-12) of the input object. */
  readonly inputSchema: JsonSchemaObject;
  /** Runs the tool. */
  readonly handler: PlatformToolHandler;
}

/** A JSON Schema describing an object (`{type: 'object', properties, required}`). */
export type JsonSchemaObject = { readonly type: 'object' } & Readonly<Record<string, unknown>>;

/**
 * Runs a platform tool call.
 *
 * Contract:
 * - `input` is what the model sent, unvalidated: the handler validates it.
 * - Expected failures (bad input, not found, not allowed) resolve with `isError: true` and
 *   a message the model can act on. Throwing is for bugs; if it throws anyway, the
 *   harness turns the throw into an error tool result — a tool failure never fails the run.
 * - May block for as long as the work takes, but must settle promptly once `call.signal`
 *   aborts (the run was cancelled or timed out).
 * - May be called concurrently, and more than once with the same input (the model may
 *   retry): side effects should be idempotent where that matters.
 */
export type PlatformToolHandler = (
  input: Readonly<Record<string, unknown>>,
  call: PlatformToolCall,
) => Promise<PlatformToolResult>;

/** Context of one platform tool call. */
export interface PlatformToolCall {
  /** Id of the model's `tool_use` block, when the harness knows it. */
  readonly toolUseId?: string;
  /** Aborts when the run is cancelled or times out. */
  readonly signal: AbortSignal;
}

/** What a platform tool returns to the model (MCP's `CallToolResult`, text only). */
export interface PlatformToolResult {
  /** The output, as text parts. */
  readonly content: ReadonlyArray<{
    /** Discriminator. */
    readonly type: 'text';
    /** The text the model reads. */
    readonly text: string;
  }>;
  /** True when the call failed; `content` then says why and what to try instead. */
  readonly isError?: boolean;
}
