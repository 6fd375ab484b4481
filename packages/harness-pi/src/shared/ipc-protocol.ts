import { errorClassSchema } from '@lifeosai/events';
import { z } from 'zod';
import { piConfigSchema } from './config.ts';

/*
 * The messages between the parent (the RunHandle, in the service) and the runner (the
 * child process running Pi), over Node's IPC channel. Both sides parse what they receive
 * with these schemas: the channel is a process boundary, and a runner that crashed halfway
 * through a write must not crash the service.
 *
 * Secrets travel here, never in argv and never in the runner's environment: the API key
 * goes in `start`, so tool subprocesses (bash) do not inherit it.
 */

const jsonObject = z.record(z.string(), z.unknown());

const mcpServerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stdio'),
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    type: z.literal('http'),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
  }),
]);

const sessionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new') }),
  z.object({ kind: z.literal('resume'), nativeSessionId: z.string().min(1) }),
  z.object({
    kind: z.literal('fork'),
    nativeSessionId: z.string().min(1),
    atMessageId: z.string().min(1).optional(),
  }),
  z.object({
    kind: z.literal('continue-interrupted'),
    nativeSessionId: z.string().min(1),
    interruptedRunId: z.string().min(1),
    lastMessageId: z.string().min(1).optional(),
  }),
]);

/** Everything the runner needs for one run. */
const runnerOptionsSchema = z.object({
  provider: piConfigSchema.shape.provider.unwrap(),
  modelId: z.string().min(1),
  /** Resolved base URL of the provider API. */
  baseUrl: z.string().min(1),
  apiKey: z.string().optional(),
  maxRetries: z.number().int().nonnegative(),
  thinking: piConfigSchema.shape.thinking.unwrap(),
  /** The user message; ignored for `continue-interrupted`. */
  prompt: z.string(),
  instructions: z.string().optional(),
  cwd: z.string().min(1),
  /** Where Pi keeps its state for this agent (`<dataDir>/pi-agent`). */
  agentDir: z.string().min(1),
  /** Where session JSONL files live (`<dataDir>/pi-sessions`). */
  sessionDir: z.string().min(1),
  session: sessionSchema,
  platformTools: z.array(
    z.object({ name: z.string().min(1), description: z.string(), inputSchema: jsonObject }),
  ),
  mcpServers: z.record(z.string(), mcpServerSchema),
  skillPaths: z.array(z.string()),
});

export type RunnerOptions = z.infer<typeof runnerOptionsSchema>;

/** Parent → runner. */
export const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: runnerOptionsSchema }),
  z.object({
    type: z.literal('permission_decision'),
    id: z.string(),
    allow: z.boolean(),
    message: z.string().optional(),
  }),
  z.object({
    type: z.literal('platform_tool_result'),
    id: z.string(),
    content: z.array(z.object({ type: z.literal('text'), text: z.string() })),
    isError: z.boolean(),
  }),
]);

export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** Runner → parent. */
export const runnerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    sessionId: z.string().min(1),
    model: z.string().min(1),
    tools: z.array(z.string()),
    mcpServers: z.array(z.object({ name: z.string(), status: z.string() })),
    skills: z.array(z.string()),
    piVersion: z.string(),
  }),
  z.object({ type: z.literal('pi_event'), event: z.looseObject({ type: z.string() }) }),
  z.object({
    type: z.literal('permission_request'),
    id: z.string(),
    toolName: z.string().min(1),
    toolCallId: z.string().optional(),
    input: jsonObject,
  }),
  z.object({
    type: z.literal('platform_tool_call'),
    id: z.string(),
    name: z.string().min(1),
    toolCallId: z.string().optional(),
    input: jsonObject,
  }),
  /** `prompt()` (or `continue()`) resolved: Pi's run is over. */
  z.object({ type: z.literal('done') }),
  /** The run could not start or Pi threw; the runner exits after sending it. */
  z.object({ type: z.literal('failed'), errorClass: errorClassSchema, message: z.string().min(1) }),
]);

export type RunnerMessage = z.infer<typeof runnerMessageSchema>;
