import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POST } from './route.ts';

/** The gateway stand-in: records what the web origin's proxy forwarded, answers 200. */
const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let gateway: Server;

beforeAll(async () => {
  gateway = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  process.env.LIFEOSAI_USER_MANAGEMENT_HOST = '127.0.0.1';
  process.env.LIFEOSAI_USER_MANAGEMENT_PORT = String((gateway.address() as AddressInfo).port);
});

afterAll(() => new Promise((resolve) => gateway.close(resolve)));

it("passes Telegram's webhook through the web origin: its secret token header and its body, unchanged", async () => {
  const update = JSON.stringify({ update_id: 9, message: { message_id: 1, text: 'héllo' } });
  const response = await POST(
    new Request('http://127.0.0.1:3000/api/channels/telegram/chn_1/webhook', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(update)),
        'x-telegram-bot-api-secret-token': 'secret-token_123',
      },
      body: update,
    }),
  );
  expect(response.status).toBe(200);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({ url: '/api/channels/telegram/chn_1/webhook', body: update });
  expect(seen[0]!.headers['x-telegram-bot-api-secret-token']).toBe('secret-token_123');
  expect(seen[0]!.headers['content-type']).toBe('application/json');
});

it("passes Twilio's voice webhook through the web origin: form body bytes, content type, query and signature, unchanged", async () => {
  const form = 'CallSid=CA1&From=%2B15550001111&To=%2B15550002222&Caller=caf%C3%A9+%26+co';
  const before = seen.length;
  const response = await POST(
    new Request('http://127.0.0.1:3000/api/phone/twilio/voice?after=CA1&x=%2F', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(form)),
        'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
      },
      body: form,
    }),
  );
  expect(response.status).toBe(200);
  expect(seen[before]).toMatchObject({ url: '/api/phone/twilio/voice?after=CA1&x=%2F', body: form });
  expect(seen[before]!.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
  expect(seen[before]!.headers['content-length']).toBe(String(Buffer.byteLength(form)));
  expect(seen[before]!.headers['x-twilio-signature']).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
});
