import type { FastifyReply } from 'fastify';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { openSseConnection, type SseConnection } from './sse-connection.ts';

/**
 * `GET /channels/:id/login`: the runtime's login events (`{qr}`, `{pairingCode}`, `{status}`),
 * each one SSE `data` frame (the default `message` event), until the number is linked (the
 * runtime's stream ends) or the client leaves. Call after every check that can fail: from here
 * on only the stream remains. `open` holds the streams the app ends when it closes.
 */
export async function streamLogin(
  reply: FastifyReply,
  runtime: ChannelRuntime,
  connectionId: string,
  options: { keepAliveMs: number; open: Set<SseConnection> },
): Promise<void> {
  const connection = openSseConnection(reply, { keepAliveMs: options.keepAliveMs });
  options.open.add(connection);
  try {
    for await (const event of runtime.watchLogin(connectionId, connection.signal)) {
      await connection.write(`data: ${JSON.stringify(event)}\n\n`);
    }
  } catch (error) {
    // Headers are sent: no error body can follow. The client reconnects and gets the state again.
    if (!connection.signal.aborted) reply.log.error({ err: error, connectionId }, 'login stream failed');
  } finally {
    options.open.delete(connection);
    connection.end();
  }
}
