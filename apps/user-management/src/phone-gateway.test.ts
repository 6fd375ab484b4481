import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { createIdentityVerifier } from '@lifeosai/agent-api';
import { serviceToken } from '@lifeosai/secrets';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import {
  startTestStack,
  type TestStack,
  type TestUser,
  testServiceSecret,
  webOrigin,
  webTierHeaders,
} from './testing/test-stack.ts';
import { tryUpgrade } from './testing/upgrade-client.ts';

/**
 * The phone's doors through the gateway: the browser call and Twilio's media stream (WebSocket
 * upgrades) and Twilio's voice webhook. A stand-in Agent API records exactly what reaches it
 * (the bridge serves these endpoints on the real one); identities come from the real auth service.
 */
describe('phone doors through the gateway', () => {
  let stack: TestStack;
  let owner: TestUser;
  let apiKey: string;
  let standIn: Server;
  const sockets = new WebSocketServer({ noServer: true });
  const upgrades: { url: string; headers: IncomingHttpHeaders }[] = [];
  const posts: { url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];

  beforeAll(async () => {
    standIn = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        posts.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end('<Response><Hangup/></Response>');
      });
    });
    standIn.on('upgrade', (request: IncomingMessage, socket, head) => {
      upgrades.push({ url: request.url ?? '', headers: request.headers });
      if (request.url?.includes('/agents/agt_missing/')) {
        socket.end(
          'HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 52\r\n\r\n{"error":{"code":"NOT_FOUND","message":"No agent."}}',
        );
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) =>
        ws.on('message', (data: RawData, isBinary) => ws.send(data, { binary: isBinary })),
      );
    });
    const port = await freePort();
    await new Promise<void>((resolve) => standIn.listen(port, '127.0.0.1', resolve));
    stack = await startTestStack('sqlite', { agentApiUrl: `http://127.0.0.1:${port}` });
    owner = await stack.signUp('Caller');
    apiKey = (await owner.client.post('/api/keys', { name: 'phone' })).json.key;
  }, 60_000);

  afterAll(async () => {
    sockets.close();
    standIn?.closeAllConnections();
    await new Promise((resolve) => standIn?.close(resolve));
    await stack?.close();
  });

  const wsUrl = (path: string) => `${stack.gatewayUrl.replace(/^http/, 'ws')}${path}`;

  const connect = (path: string, headers: Record<string, string>) => tryUpgrade(wsUrl(path), headers);

  async function echoes(socket: WebSocket): Promise<void> {
    const pcm = Buffer.from(Int16Array.from([1, -1, 12_000, -12_000]).buffer);
    socket.send(pcm);
    const [data, isBinary] = (await once(socket, 'message')) as [Buffer, boolean];
    expect(isBinary).toBe(true);
    expect(data.equals(pcm)).toBe(true);
    socket.send(JSON.stringify({ type: 'hangup' }));
    const [text] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(text.toString())).toEqual({ type: 'hangup' });
    socket.close(1000);
    await once(socket, 'close');
  }

  it('opens a browser call with the session cookie from the web app, as the caller and nobody else', async () => {
    const before = upgrades.length;
    const opened = await connect('/api/agent/agents/agt_1/call?sessionId=ses_1', {
      cookie: owner.client.cookieHeader()!,
      origin: webOrigin,
      ...webTierHeaders('203.0.113.9'),
    });
    if (!('socket' in opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
    const arrived = upgrades[before]!;
    expect(arrived.url).toBe('/api/agent/agents/agt_1/call?sessionId=ses_1');
    expect(arrived.headers.cookie).toBeUndefined();
    expect(arrived.headers['x-lifeosai-service-token']).toBeUndefined();
    expect(arrived.headers['x-lifeosai-client-ip']).toBeUndefined();
    expect(arrived.headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(arrived.headers['x-request-id']).toBeTruthy();
    // The same identity token an HTTP request gets, which the Agent API verifies.
    const verify = createIdentityVerifier({
      jwksUrl: `${stack.gatewayUrl}/internal/jwks`,
      serviceToken: serviceToken(testServiceSecret, 'user-management'),
    });
    const identity = await verify(arrived.headers.authorization);
    expect(identity).toMatchObject({ userId: owner.userId, orgId: owner.personalOrgId, role: 'owner' });
    await echoes(opened.socket);
  });

  it('opens a call with an API key (no Origin needed), the key never passed on', async () => {
    const before = upgrades.length;
    const opened = await connect('/api/agent/agents/agt_1/call', { authorization: `Bearer ${apiKey}` });
    if (!('socket' in opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
    expect(upgrades[before]!.headers.authorization).toMatch(/^Bearer /);
    expect(upgrades[before]!.headers.authorization).not.toContain(apiKey);
    await echoes(opened.socket);
  });

  it('refuses a cookie from a foreign page (cross-site WebSocket hijacking), or with no Origin', async () => {
    const before = upgrades.length;
    const foreign = await connect('/api/agent/agents/agt_1/call', {
      cookie: owner.client.cookieHeader()!,
      origin: 'https://evil.example',
    });
    expect(foreign).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    expect((foreign as { error: { message: string } }).error.message).toContain('https://evil.example');
    const none = await connect('/api/agent/agents/agt_1/call', { cookie: owner.client.cookieHeader()! });
    expect(none).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    expect(upgrades.length).toBe(before);
  });

  it('refuses a call without credentials (401) or with bad ones, and unknown paths (404)', async () => {
    const before = upgrades.length;
    expect(await connect('/api/agent/agents/agt_1/call', { origin: webOrigin })).toMatchObject({
      status: 401,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(
      await connect('/api/agent/agents/agt_1/call', { authorization: 'Bearer lifeos_nope' }),
    ).toMatchObject({
      status: 401,
    });
    for (const path of [
      '/api/agent/agents/agt_1/runs',
      '/api/me',
      '/api/agent/agents/a/b/call',
      '/elsewhere',
    ]) {
      expect(await connect(path, { authorization: `Bearer ${apiKey}` }), path).toMatchObject({
        status: 404,
        error: { code: 'NOT_FOUND' },
      });
    }
    expect(await connect('/api/agent/agents/%ff/call', { authorization: `Bearer ${apiKey}` })).toMatchObject({
      status: 400,
      error: { code: 'BAD_URL' },
    });
    expect(upgrades.length).toBe(before);
  });

  it("passes the Agent API's refusal back as it was", async () => {
    expect(
      await connect('/api/agent/agents/agt_missing/call', { authorization: `Bearer ${apiKey}` }),
    ).toEqual({
      status: 404,
      error: { code: 'NOT_FOUND', message: 'No agent.' },
    });
  });

  it("forwards Twilio's media stream without any credential", async () => {
    const before = upgrades.length;
    const opened = await connect('/api/phone/twilio/stream', {
      cookie: owner.client.cookieHeader()!,
      authorization: `Bearer ${apiKey}`,
      origin: 'https://evil.example',
    });
    if (!('socket' in opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
    const arrived = upgrades[before]!;
    expect(arrived.url).toBe('/api/phone/twilio/stream');
    expect(arrived.headers.cookie).toBeUndefined();
    expect(arrived.headers.authorization).toBeUndefined();
    await echoes(opened.socket);
  });

  it("forwards Twilio's voice webhook with its form body, query and signature intact", async () => {
    const body = 'CallSid=CA123&From=%2B15550001111&To=%2B15550002222&SpeechResult=caf%C3%A9+%26+more';
    const deliver = (path: string, headers: Record<string, string>, payload: string = body) =>
      fetch(`${stack.gatewayUrl}${path}`, { method: 'POST', headers, body: payload });
    const before = posts.length;
    const answered = await deliver('/api/phone/twilio/voice?after=CA123&x=%2F', {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': 'c2lnbmF0dXJlK2Jhc2U2NC8=',
      cookie: owner.client.cookieHeader()!,
      authorization: `Bearer ${apiKey}`,
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toBe('<Response><Hangup/></Response>');
    const arrived = posts[before]!;
    expect(arrived.url).toBe('/api/phone/twilio/voice?after=CA123&x=%2F');
    expect(arrived.body.toString()).toBe(body);
    expect(arrived.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(arrived.headers['x-twilio-signature']).toBe('c2lnbmF0dXJlK2Jhc2U2NC8=');
    expect(arrived.headers.cookie).toBeUndefined();
    expect(arrived.headers.authorization).toBeUndefined();

    // What the gateway answers itself, before the Agent API: a wrong type, a body too large.
    const json = await deliver('/api/phone/twilio/voice', { 'content-type': 'application/json' }, '{}');
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const large = await deliver(
      '/api/phone/twilio/voice',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `Body=${'a'.repeat(70_000)}`,
    );
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    expect(posts.length).toBe(before + 1);
    const get = await fetch(`${stack.gatewayUrl}/api/phone/twilio/voice`);
    expect(get.status).toBe(404);
  });
});
