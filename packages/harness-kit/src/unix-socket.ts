import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';

/** Longest Unix socket path Linux accepts (`sun_path` is 108 bytes with its terminator). */
const maxSocketPath = 107;

/** A listening socket file and how to take it down. */
export interface UnixSocketServer {
  /** The socket file's path (inside `directory`; no secret). */
  readonly path: string;
  /** Closes every connection and the listener and removes the file; idempotent, never rejects. */
  close(): Promise<void>;
}

/**
 * Listens on a fresh Unix socket file in `directory`, for a host-side service that processes
 * in the run sandbox reach (the platform tool bridge, a harness's permission gate). Why a
 * socket file: the sandbox sees the agent's data dir at the same path but has no route to the
 * host's ports, and a file there opens no port another local process could connect to. The
 * file is world-writable because the sandboxed process runs as the agent's own user when the
 * platform runs as root. It closes when `signal` aborts.
 */
export async function serveUnixSocket(options: {
  /** Where the socket file goes (the agent's data dir). */
  readonly directory: string;
  /** Start of the file's name (`.lifeos-tools`); a random suffix follows. */
  readonly prefix: string;
  /** Handles one connection. */
  readonly onConnection: (socket: Socket) => void;
  /** Keep our side open after the peer ends its own, to answer later (Node's `allowHalfOpen`). */
  readonly allowHalfOpen?: boolean;
  /** Closes the server when it aborts. */
  readonly signal: AbortSignal;
}): Promise<UnixSocketServer> {
  const path = join(options.directory, `${options.prefix}-${randomBytes(6).toString('hex')}.sock`);
  if (Buffer.byteLength(path) > maxSocketPath) {
    throw new Error(`The data directory path is too long for a Unix socket (${path}).`);
  }
  const connections = new Set<Socket>();
  const listener = createServer({ allowHalfOpen: options.allowHalfOpen === true }, (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    options.onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(path, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o666);
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      options.signal.removeEventListener('abort', onAbort);
      for (const socket of connections) socket.destroy();
      listener.close(() => {
        rmSync(path, { force: true });
        resolve();
      });
    });
    return closed;
  };
  const onAbort = () => void close();
  options.signal.addEventListener('abort', onAbort, { once: true });
  return { path, close };
}
