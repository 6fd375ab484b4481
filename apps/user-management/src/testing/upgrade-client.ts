import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';

/** How a WebSocket handshake ended: open, or refused with a status and the contract's error. */
export type UpgradeOutcome =
  | { socket: WebSocket; status: 101 }
  | { status: number; error: { code: string; message: string } | undefined };

/**
 * Opens a WebSocket at `url` (`ws://…`) with `headers` (cookie, `Authorization`, `Origin`, …),
 * or reports the status and JSON error the handshake was refused with. Never rejects.
 */
export function tryUpgrade(url: string, headers: Record<string, string>): Promise<UpgradeOutcome> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ socket, status: 101 }));
    socket.once('unexpected-response', (_request, response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => {
        let error: { code: string; message: string } | undefined;
        try {
          error = JSON.parse(body).error;
        } catch {
          error = undefined;
        }
        resolve({ status: response.statusCode ?? 0, error });
      });
    });
    socket.on('error', () => resolve({ status: 0, error: undefined }));
  });
}
