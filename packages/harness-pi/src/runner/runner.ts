/**
 * The runner: the child process one Pi run lives in, started by the parent's RunHandle
 * with `child_process.fork` in its own process group. It owns nothing but the run: it
 * reads a `start` message, builds the Pi session, forwards Pi's events, asks the parent
 * before every tool call, and exits once `prompt()` resolves. Everything it knows about
 * the platform arrives over the IPC channel; its environment is minimal and secret-free.
 */
import type { AgentSession } from '@earendil-works/pi-coding-agent';
import { classifyErrorMessage } from '../shared/classify-error.ts';
import { parentMessageSchema, type RunnerMessage, type RunnerOptions } from '../shared/ipc-protocol.ts';
import type { McpBridge } from './mcp-bridge.ts';
import { forwardPiEvents } from './pi-event-forwarder.ts';
import { createPiSession } from './pi-session.ts';
import { permissionGate, platformToolProxies } from './pi-tools.ts';
import { connectPlatformDirectly } from './platform-connection.ts';
import { RunnerChannel } from './runner-channel.ts';
import { SessionNotFoundError } from './session-opener.ts';

/** How long a stop may take before the runner exits regardless (the parent kills next). */
const shutdownGraceMs = 300;
/** How long the runner waits, once finished, for the parent to end its process tree. */
const orphanExitMs = 10_000;

connectPlatformDirectly();
const channel = new RunnerChannel();
const live: { session?: AgentSession; mcp?: McpBridge; stopping: boolean } = { stopping: false };

process.on('message', (raw) => {
  const parsed = parentMessageSchema.safeParse(raw);
  if (!parsed.success) {
    // A start the runner cannot read would otherwise leave the run waiting for its limit.
    if ((raw as { type?: unknown } | null)?.type === 'start') {
      void finish(
        { type: 'failed', errorClass: 'unknown', message: `invalid start message: ${parsed.error.message}` },
        1,
      );
    }
    return;
  }
  const message = parsed.data;
  if (message.type === 'start') void run(message.options);
  else channel.receive(message);
});
// The parent asked politely (cancel, timeout) or is gone: stop Pi and its tools, then go.
process.on('SIGTERM', () => stop(143));
process.on('disconnect', () => stop(1));

async function run(options: RunnerOptions): Promise<void> {
  try {
    live.mcp = await connectMcp(options.mcpServers);
    const handle = await createPiSession(options, {
      customTools: [...platformToolProxies(options.platformTools, channel), ...live.mcp.tools],
      extensions: [permissionGate(channel)],
    });
    const { session } = handle;
    live.session = session;
    const mcpServers = live.mcp.statuses;
    channel.send(() => ({
      type: 'ready',
      sessionId: session.sessionId,
      model: options.modelId,
      tools: session.getActiveToolNames(),
      mcpServers,
      skills: handle.skills,
      piVersion: handle.piVersion,
    }));
    forwardPiEvents(session, (build) => channel.send(() => ({ type: 'pi_event', event: build() })));
    // The end of the run is when prompt() resolves: Pi emits agent_end after every attempt,
    // retries included, and reports provider failures as a failed message, not a throw.
    if (handle.drive === 'prompt') {
      await session.prompt(options.prompt, { expandPromptTemplates: false, source: 'rpc' });
    } else if (handle.drive === 'continue') {
      await session.agent.continue();
    }
    await finish({ type: 'done' }, 0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const errorClass =
      error instanceof SessionNotFoundError ? 'unknown' : classifyErrorMessage(message).errorClass;
    await finish({ type: 'failed', errorClass, message }, 1);
  }
}

/** The MCP bridge; the MCP SDK is loaded only when the run has servers (it costs ~0.1 s). */
async function connectMcp(servers: RunnerOptions['mcpServers']): Promise<McpBridge> {
  if (Object.keys(servers).length === 0) return { tools: [], statuses: [], close: async () => undefined };
  const { connectMcpServers } = await import('./mcp-bridge.ts');
  return connectMcpServers(servers);
}

/**
 * Cleans up, then sends the last message once everything before it went out. The runner
 * does not exit by itself: the parent ends the whole process tree next (SIGTERM), while it
 * can still find the processes the run left behind — after the runner exits, they would
 * belong to init and be invisible to a tree walk.
 */
async function finish(last: RunnerMessage, code: number): Promise<void> {
  live.session?.dispose();
  await live.mcp?.close();
  await channel.flushed();
  if (process.connected) process.send?.(last);
  setTimeout(() => process.exit(code), orphanExitMs).unref();
}

function stop(code: number): void {
  if (live.stopping) return;
  live.stopping = true;
  setTimeout(() => process.exit(code), shutdownGraceMs);
  // abort() also kills the process trees of running bash tools (Pi starts them detached).
  void Promise.allSettled([live.session?.abort(), live.mcp?.close()]).then(() => process.exit(code));
}
