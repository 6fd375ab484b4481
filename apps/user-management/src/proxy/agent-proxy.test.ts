import { slow, stall } from '@lifeosai/testkit/fake-llm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

let stack: TestStack;
let owner: TestUser;
let agentId: string;

beforeAll(async () => {
  stack = await startTestStack('sqlite');
  owner = await stack.signUp('Owner');
  agentId = (await owner.client.post('/api/agent/agents', { name: 'streamer', adapterType: 'pi' })).json.id;
}, 60_000);

afterAll(async () => stack?.close());

/** A client that authenticates with `Authorization: Bearer <key>` only. */
function keyClient(key: string): TestClient {
  const client = stack.client();
  client.apiKey = key;
  return client;
}

describe('identity on proxied Agent API routes', () => {
  it('accepts an API key, and a revoked key stops working on the very next request', async () => {
    const created = await owner.client.post('/api/keys', { name: 'script' });
    expect(created.status).toBe(201);
    expect(created.json.key).toMatch(/^lfo_/);
    const script = keyClient(created.json.key);

    const agents = await script.get('/api/agent/agents');
    expect(agents.status).toBe(200);
    expect(agents.json.items.map((agent: { id: string }) => agent.id)).toContain(agentId);
    const made = await script.post('/api/agent/agents', { name: 'made by key', adapterType: 'pi' });
    expect(made.status).toBe(201);
    expect((await script.get('/api/me')).json).toMatchObject({ userId: owner.userId, via: 'api-key' });

    expect((await owner.client.delete(`/api/keys/${created.json.id}`)).status).toBe(204);
    const after = await script.get('/api/agent/agents');
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('UNAUTHENTICATED');
  });

  it('also stops a key revoked through the auth service directly (nothing cached for keys)', async () => {
    const created = await owner.client.post('/api/keys', { name: 'direct' });
    const script = keyClient(created.json.key);
    expect((await script.get('/api/agent/agents')).status).toBe(200);
    const revoked = await owner.client.post('/api/auth/api-key/delete', { keyId: created.json.id });
    expect(revoked.status).toBe(200);
    expect((await script.get('/api/agent/agents')).status).toBe(401);
  });

  it('refuses key management to an API key (a leaked key cannot mint more)', async () => {
    const created = await owner.client.post('/api/keys', { name: 'limited' });
    const script = keyClient(created.json.key);
    const minted = await script.post('/api/keys', { name: 'another' });
    expect(minted.status).toBe(403);
    expect(minted.json.error.code).toBe('SESSION_REQUIRED');
    expect((await script.get('/api/keys')).status).toBe(200);
  });

  it("replaces the client's credentials with the gateway's internal token upstream", async () => {
    const marker = crypto.randomUUID();
    const response = await owner.client.get('/api/agent/agents', {
      'x-api-key': 'client-sent',
      'x-request-id': marker,
    });
    expect(response.status).toBe(200);
    const seen = stack.upstreamRequests.find((request) => request.headers['x-request-id'] === marker);
    expect(seen).toBeDefined();
    expect(seen!.headers.cookie).toBeUndefined();
    expect(seen!.headers['x-api-key']).toBeUndefined();
    const token = String(seen!.headers.authorization).replace(/^Bearer /, '');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'lifeosai-user-management',
      aud: 'lifeosai-agent-api',
      sub: owner.userId,
      org: owner.personalOrgId,
      role: 'owner',
      via: 'session',
      name: 'Owner',
    });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(response.headers.get('x-request-id')).toBe(marker);
  });

  it('records on each run how it was started: the web app (cookie) as the user by name, a key as "api"', async () => {
    const created = await owner.client.post('/api/keys', { name: 'trigger' });
    const script = keyClient(created.json.key);
    const inApp = await owner.client.post(`/api/agent/agents/${agentId}/runs`, {
      prompt: 'from the web app',
    });
    const byKey = await script.post(`/api/agent/agents/${agentId}/runs`, { prompt: 'from a script' });
    expect([inApp.status, byKey.status]).toEqual([202, 202]);
    const trigger = async (runId: string) =>
      (await owner.client.get(`/api/agent/runs/${runId}`)).json.trigger;
    expect(await trigger(inApp.json.id)).toEqual({ kind: 'user', by: owner.userId, byName: 'Owner' });
    expect(await trigger(byKey.json.id)).toEqual({ kind: 'api', by: owner.userId, byName: 'Owner' });
    await stack.waitForRun(owner.client, inApp.json.id);
    await stack.waitForRun(owner.client, byKey.json.id);
  });

  it("never forwards to the Agent API's LLM proxy, which is internal", async () => {
    const before = stack.upstreamRequests.length;
    for (const path of ['/llm/anthropic/v1/messages', '/api/agent/../../llm/anthropic/v1/messages']) {
      const response = await owner.client.post(path, { model: 'x', max_tokens: 1, messages: [] });
      expect(response.status, path).toBe(404);
      expect(response.json.error.code).toEqual(expect.any(String));
    }
    expect(stack.upstreamRequests.slice(before).filter((request) => request.url.includes('/llm/'))).toEqual(
      [],
    );
  });

  it('refuses a client that brings its own internal-looking token', async () => {
    const forged = stack.client();
    const response = await forged.get('/api/agent/agents', {
      authorization: 'Bearer eyJhbGciOiJFZERTQSJ9.e30.AAAA',
    });
    expect(response.status).toBe(401);
  });
});

describe('streaming through the proxy', () => {
  it('passes SSE through unbuffered: events arrive while the run is still going', async () => {
    stack.fake.on(() => true, slow({ text: 'one two three four five six', chunkDelayMs: 300, chunks: 6 }), {
      times: 1,
    });
    const run = await owner.client.post(`/api/agent/agents/${agentId}/runs`, { prompt: 'count slowly' });
    expect(run.status).toBe(202);

    const response = await fetch(`${stack.gatewayUrl}/api/agent/runs/${run.json.id}/stream`, {
      headers: owner.client.credentialHeaders(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');

    const arrivals: { type: string; at: number }[] = [];
    let statusWhileStreaming: string | undefined;
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      let boundary = buffered.indexOf('\n\n');
      while (boundary >= 0) {
        const frame = buffered.slice(0, boundary);
        buffered = buffered.slice(boundary + 2);
        boundary = buffered.indexOf('\n\n');
        const type = /^event: (.+)$/m.exec(frame)?.[1];
        if (!type) continue;
        arrivals.push({ type, at: performance.now() });
        if (type === 'stream_event' && statusWhileStreaming === undefined) {
          // Asked while the first delta is in hand: the run must still be going.
          statusWhileStreaming = (await owner.client.get(`/api/agent/runs/${run.json.id}`)).json.status;
        }
      }
    }
    expect(statusWhileStreaming).toBe('running');
    const deltas = arrivals.filter((arrival) => arrival.type === 'stream_event');
    expect(deltas.length).toBeGreaterThanOrEqual(6);
    expect(arrivals.at(-1)?.type).toBe('result');
    // Six chunks 300 ms apart: a buffering proxy would deliver them together at the end.
    expect(deltas.at(-1)!.at - deltas[0]!.at).toBeGreaterThan(900);
    expect((await stack.waitForRun(owner.client, run.json.id)).status).toBe('succeeded');
  });

  it('closes the upstream stream when the client goes away', async () => {
    const controller = new AbortController();
    const before = stack.openUpstreamResponses();
    const started = performance.now();
    const response = await fetch(`${stack.gatewayUrl}/api/agent/agents/${agentId}/stream`, {
      headers: owner.client.credentialHeaders(),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    // Headers are flushed at once, not with the first event or keep-alive (1 s here).
    expect(performance.now() - started).toBeLessThan(800);
    expect(stack.openUpstreamResponses()).toBe(before + 1);
    controller.abort();
    await expect.poll(() => stack.openUpstreamResponses(), { timeout: 2_000, interval: 10 }).toBe(before);
  });

  it('a client leaving a live run stream does not stop the run', async () => {
    stack.fake.on(() => true, stall({ afterText: 'thinking…', ms: 1_500 }), { times: 1 });
    const run = await owner.client.post(`/api/agent/agents/${agentId}/runs`, { prompt: 'take your time' });
    const controller = new AbortController();
    const response = await fetch(`${stack.gatewayUrl}/api/agent/runs/${run.json.id}/stream`, {
      headers: owner.client.credentialHeaders(),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
    await expect.poll(() => stack.openUpstreamResponses(), { timeout: 3_000 }).toBe(0);
    expect(['succeeded', 'failed']).toContain((await stack.waitForRun(owner.client, run.json.id)).status);
  });
});

describe('when the Agent API is down', () => {
  it('answers 502 in the contract shape', async () => {
    await stack.agentApp.close();
    const response = await owner.client.get('/api/agent/agents');
    expect(response.status).toBe(502);
    expect(response.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
