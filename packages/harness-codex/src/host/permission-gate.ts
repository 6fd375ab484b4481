import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { PermissionVerdict, ToolCallToJudge } from '@lifeosai/harness-kit';
import { platformServerName, serveUnixSocket } from '@lifeosai/harness-kit';
import { z } from 'zod';

const hookScript = fileURLToPath(new URL('../sandbox/permission-hook.ts', import.meta.url));
/** A hook's question is one small JSON line; anything longer is not one. */
const maxQuestionBytes = 1024 * 1024;

const questionSchema = z.object({
  toolName: z.string().min(1),
  toolUseId: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
});

/** An open gate: the hook command to write into Codex's config, and how to close it. */
export interface PermissionGate {
  /** The shell command of Codex's PreToolUse hook: Node, the hook script, the socket (no secret). */
  readonly command: string;
  /** Closes the socket; idempotent, never rejects. */
  close(): Promise<void>;
}

/**
 * Serves Codex's PreToolUse hook (`sandbox/permission-hook.ts`) from the host: each call
 * Codex is about to make comes here over a Unix socket in the agent's data dir and is judged
 * by the run's `PermissionBroker` (allow, deny by policy, or ask a person). Platform tools
 * (`mcp__lifeos__*`) pass: the platform tool bridge judges those itself, so nobody is asked
 * twice.
 */
export async function openPermissionGate(options: {
  readonly directory: string;
  readonly judge: (call: ToolCallToJudge) => Promise<PermissionVerdict>;
  readonly signal: AbortSignal;
}): Promise<PermissionGate> {
  const socket = await serveUnixSocket({
    directory: options.directory,
    prefix: '.lifeos-gate',
    onConnection: (connection) => answer(connection, options.judge),
    // The hook ends its side once it has asked, and the verdict may come much later (a
    // person answering): our side stays open until it is written.
    allowHalfOpen: true,
    signal: options.signal,
  });
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  return { command: [process.execPath, hookScript, socket.path].map(quote).join(' '), close: socket.close };
}

/** Reads one question, judges it, writes the verdict and closes the connection. */
function answer(socket: Socket, judge: (call: ToolCallToJudge) => Promise<PermissionVerdict>): void {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > maxQuestionBytes) socket.destroy();
  });
  socket.on('end', () => {
    const parsed = questionSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      socket.end(JSON.stringify({ allow: false, message: 'The tool call could not be read.' }));
      return;
    }
    const { toolName, toolUseId, input } = parsed.data;
    if (toolName.startsWith(`mcp__${platformServerName}__`)) {
      socket.end(JSON.stringify({ allow: true }));
      return;
    }
    void judge({ toolName, input: input ?? {}, ...(toolUseId === undefined ? {} : { toolUseId }) }).then(
      (verdict) => {
        if (!socket.destroyed) socket.end(JSON.stringify(verdict));
      },
    );
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
