import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PermissionVerdict, ToolCallToJudge } from '@lifeosai/harness-kit';
import { platformServerName } from '@lifeosai/harness-kit';
import { z } from 'zod';

const hookScript = fileURLToPath(new URL('../sandbox/permission-hook.ts', import.meta.url));
/** Longest Unix socket path Linux accepts. */
const maxSocketPath = 107;
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
 * twice. Why a socket: the same reason as the bridge's — the sandbox sees the data dir at the
 * same path and has no route to the host's ports.
 */
export async function openPermissionGate(options: {
  readonly directory: string;
  readonly judge: (call: ToolCallToJudge) => Promise<PermissionVerdict>;
  readonly signal: AbortSignal;
}): Promise<PermissionGate> {
  const socketPath = join(options.directory, `.lifeos-gate-${randomBytes(6).toString('hex')}.sock`);
  if (Buffer.byteLength(socketPath) > maxSocketPath) {
    throw new Error(`The data directory path is too long for a Unix socket (${socketPath}).`);
  }
  const connections = new Set<Socket>();
  // Half-open: the hook ends its side once it has asked, and the verdict may come much later
  // (a person answering); without it Node would close our side on the hook's end.
  const listener = createServer({ allowHalfOpen: true }, (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    answer(socket, options.judge);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(socketPath, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  // The hook runs as the agent's own user when the platform runs as root.
  chmodSync(socketPath, 0o666);
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      options.signal.removeEventListener('abort', onAbort);
      for (const socket of connections) socket.destroy();
      listener.close(() => {
        rmSync(socketPath, { force: true });
        resolve();
      });
    });
    return closed;
  };
  const onAbort = () => void close();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  return { command: [process.execPath, hookScript, socketPath].map(quote).join(' '), close };
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
