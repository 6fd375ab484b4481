import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';

/** A WebSocket server that accepts every connection and closes it right away. */
export interface ClosingWebSocketServer {
  /** `ws://127.0.0.1:<port>/ws/chat`, for Baileys' `waWebSocketUrl`. */
  url: string;
  /** When each connection arrived (ms since the epoch), oldest first. */
  readonly attempts: number[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** RFC 6455's fixed GUID for the handshake's accept key. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * WhatsApp Web refusing us: the real `makeWASocket` connects, the handshake succeeds, the
 * server closes. Node's http upgrade and the RFC 6455 handshake by hand (the `ws` package is
 * only a transitive dependency here, without types). Loopback only, a free port.
 */
export async function startClosingWebSocketServer(): Promise<ClosingWebSocketServer> {
  const attempts: number[] = [];
  const open = new Set<Socket>();
  const server = createServer((_request, response) => response.writeHead(426).end());
  server.on('upgrade', (request, socket: Socket) => {
    attempts.push(Date.now());
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    const key = String(request.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    // A close frame (FIN + opcode 8, unmasked, status 1000), then the end of the stream.
    setTimeout(() => socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8])), 10);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `ws://127.0.0.1:${port}/ws/chat`, attempts, close, [Symbol.asyncDispose]: close };
}
