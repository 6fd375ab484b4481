import type {
  ClientContext,
  ContentBlock,
  InitializeResponse,
  McpServer,
  NewSessionRequest,
} from '@agentclientprotocol/sdk/unstable';
import type { McpStdioServerConfig, RunContext } from '@lifeosai/harness-spec';
import type { AcpConfig } from './config.ts';
import { acpMcpServers } from './mcp-servers.ts';
import { AgentCannotError } from './run-failures.ts';

/** What the run needs to open its session. */
export interface SessionRequest {
  readonly context: RunContext<AcpConfig>;
  /** The platform tool bridge's relay, when the run has platform tools. */
  readonly platformServer?: { readonly name: string; readonly config: McpStdioServerConfig };
  /** The preset's ask mode (`AcpPreset.askModeId`). */
  readonly askModeId?: string;
  /** Told while the agent replays a loaded session's history (those updates are not this run's). */
  readonly replaying: (replaying: boolean) => void;
}

/** The session the turn runs in. */
export interface OpenedSession {
  /** The ACP session id: the native session id. */
  readonly sessionId: string;
  /** The agent's name and version, as it introduced itself. */
  readonly agentVersion?: string;
  /** The MCP servers the agent was given, and those it could not take. */
  readonly mcpServers: ReadonlyArray<{ name: string; status: string }>;
  /** The prompt's blocks: the user's message, after the instructions when the agent takes no system prompt. */
  readonly prompt: ContentBlock[];
}

/**
 * `initialize`, then the session: `session/resume` (or `session/load`, whose history replay is
 * not this run's output) for a resumed session, else `session/new`; the agent's instructions
 * as an appended system prompt where the agent takes one; its ask mode where it has one.
 *
 * The client offers no file system and no terminal: the agent acts in its own sandbox with
 * its own tools, and nothing it asks of the client could reach past that sandbox.
 */
export async function openSession(
  connection: ClientContext,
  request: SessionRequest,
): Promise<OpenedSession> {
  const { context } = request;
  const { PROTOCOL_VERSION } = await import('@agentclientprotocol/sdk/unstable');
  const init: InitializeResponse = await connection.request('initialize', {
    protocolVersion: PROTOCOL_VERSION,
    clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
    clientInfo: { name: 'lifeosai', version: '1' },
  });
  const capabilities = init.agentCapabilities ?? {};
  const external = acpMcpServers(context.mcpServers, capabilities.mcpCapabilities ?? {});
  const platform: McpServer[] = request.platformServer
    ? [
        {
          name: request.platformServer.name,
          command: request.platformServer.config.command,
          args: [...(request.platformServer.config.args ?? [])],
          env: [],
        },
      ]
    : [];
  const mcpServers = [...external.servers, ...platform];
  const takesSystemPrompt = capabilities.sessionCapabilities?.systemPrompt != null;
  const instructions = context.instructions?.trim();
  const systemPrompt =
    takesSystemPrompt && instructions
      ? {
          systemPrompt: { mode: 'append' as const, content: [{ type: 'text' as const, text: instructions }] },
        }
      : {};
  const base: NewSessionRequest = { cwd: context.cwd, mcpServers, ...systemPrompt };

  let sessionId: string;
  let modes: { availableModes?: ReadonlyArray<{ id: string }> } | null | undefined;
  if (context.session.kind === 'resume') {
    sessionId = context.session.nativeSessionId;
    if (capabilities.sessionCapabilities?.resume != null) {
      modes = (await connection.request('session/resume', { sessionId, ...base })).modes;
    } else if (capabilities.loadSession === true) {
      request.replaying(true);
      try {
        modes = (await connection.request('session/load', { sessionId, ...base }))?.modes;
      } finally {
        request.replaying(false);
      }
    } else {
      throw new AgentCannotError(
        'The agent cannot resume a session (it offers neither session/resume nor session/load).',
      );
    }
  } else {
    const created = await connection.request('session/new', base);
    sessionId = created.sessionId;
    modes = created.modes;
  }
  const askModeId = request.askModeId;
  if (askModeId !== undefined && modes?.availableModes?.some((mode) => mode.id === askModeId)) {
    await connection.request('session/set_mode', { sessionId, modeId: askModeId });
  }
  const prompt: ContentBlock[] = [{ type: 'text', text: context.prompt }];
  if (!takesSystemPrompt && instructions) prompt.unshift({ type: 'text', text: instructions });
  return {
    sessionId,
    ...(init.agentInfo?.version ? { agentVersion: `${init.agentInfo.name} ${init.agentInfo.version}` } : {}),
    mcpServers: [
      ...mcpServers.map((server) => ({ name: server.name, status: 'pending' })),
      ...external.unsupported.map((name) => ({ name, status: 'unsupported' })),
    ],
    prompt,
  };
}
