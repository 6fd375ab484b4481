/**
 * A fake WhatsApp at Baileys' event boundary: the driver's `WhatsAppSocket`, driven by the
 * test (QR, open, close codes, messages) and recording what the driver did. No WhatsApp
 * server can run here. See packages/testkit/README.md.
 */
import type { WhatsAppSocketOptions } from '@lifeosai/channel-whatsapp';
import { FakeWhatsAppSocket } from './fake-socket.ts';

export { type ClosingWebSocketServer, startClosingWebSocketServer } from './closing-server.ts';
export { FakeWhatsAppSocket, type RecordedSend } from './fake-socket.ts';
export { type FakeMessageOptions, fakeWhatsAppMessage } from './message.ts';

/** The sockets a driver made through `factory`, one per (re)connection. */
export interface FakeWhatsApp {
  /** Pass as `createWhatsAppChannel({socketFactory})` (a `WhatsAppSocketFactory`). */
  factory: (options: WhatsAppSocketOptions) => FakeWhatsAppSocket;
  /** Every socket made, oldest first. */
  readonly sockets: FakeWhatsAppSocket[];
  /** The newest socket; throws when none was made yet. */
  latest(): FakeWhatsAppSocket;
  /** Resolves with the `count`-th socket (1-based) once the driver made it. */
  socket(count: number, timeoutMs?: number): Promise<FakeWhatsAppSocket>;
}

export function createFakeWhatsApp(): FakeWhatsApp {
  const sockets: FakeWhatsAppSocket[] = [];
  const waiters: Array<() => void> = [];
  return {
    sockets,
    factory: (options) => {
      const socket = new FakeWhatsAppSocket(options);
      sockets.push(socket);
      waiters.splice(0).forEach((wake) => {
        wake();
      });
      return socket;
    },
    latest() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('the driver has not made a socket yet');
      return socket;
    },
    async socket(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (sockets.length < count) {
        if (Date.now() > deadline) throw new Error(`socket ${count} was not made within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return sockets[count - 1]!;
    },
  };
}
