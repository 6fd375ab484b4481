// A stand-in for the platform's two Twilio endpoints, for this folder's own tests: the voice
// webhook (signature checked with the `twilio` package) and a Media Streams socket whose
// behaviour each test scripts. The real endpoints are tested in apps/agent-api.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { WebSocket, WebSocketServer } from 'ws';

/** A message the caller sent on the stream, parsed. */
export type StreamMessage = Record<string, unknown> & { event: string };

/** One stream the loopback platform accepted. */
export interface LoopbackStream {
  readonly messages: StreamMessage[];
  /** Sends a message to the caller as the platform would. */
  send(message: Record<string, unknown>): void;
  /** The streamSid from the caller's `start`. */
  streamSid(): string;
  close(code?: number): void;
}

export interface LoopbackPlatform {
  publicUrl: string;
  streams: LoopbackStream[];
  close(): Promise<void>;
}

/**
 * Answers `POST /api/phone/twilio/voice` for `knownNumber` with a stream TwiML (parameter
 * `token`), anything else with a spoken refusal; 403 for a bad signature. `onStream` scripts
 * each accepted stream; `onMessage` sees each message it receives.
 */
export async function startLoopbackPlatform(options: {
  authToken: string;
  knownNumber: string;
  onMessage?: (stream: LoopbackStream, message: StreamMessage) => void;
}): Promise<LoopbackPlatform> {
  const streams: LoopbackStream[] = [];
  let publicUrl = '';
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const signature = String(request.headers['x-twilio-signature'] ?? '');
      if (
        request.url !== '/api/phone/twilio/voice' ||
        !twilio.validateRequest(options.authToken, signature, `${publicUrl}${request.url}`, params)
      ) {
        response
          .writeHead(403, { 'content-type': 'application/json' })
          .end('{"error":{"code":"TWILIO_SIGNATURE_INVALID","message":"bad signature"}}');
        return;
      }
      const twiml =
        params.To === options.knownNumber
          ? `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${publicUrl.replace(/^http/, 'ws')}/api/phone/twilio/stream"><Parameter name="token" value="t-${params.CallSid}"/></Stream></Connect></Response>`
          : '<?xml version="1.0" encoding="UTF-8"?><Response><Say>This number is not in service.</Say><Hangup/></Response>';
      response.writeHead(200, { 'content-type': 'text/xml' }).end(twiml);
    });
  });
  const sockets = new WebSocketServer({ server, path: '/api/phone/twilio/stream' });
  sockets.on('connection', (socket: WebSocket) => {
    const stream: LoopbackStream = {
      messages: [],
      send: (message) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      },
      streamSid: () =>
        String(
          (stream.messages.find((message) => message.event === 'start') as { streamSid?: string } | undefined)
            ?.streamSid,
        ),
      close: (code = 1000) => socket.close(code, 'platform hung up'),
    };
    streams.push(stream);
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as StreamMessage;
      stream.messages.push(message);
      options.onMessage?.(stream, message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    publicUrl,
    streams,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
