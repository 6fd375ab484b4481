import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId, nowIso } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import { slow, text } from '@lifeosai/testkit/fake-llm';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { type RunningRun, runningRun } from './test-support.ts';

const messagesBody = JSON.stringify({
  model: 'claude-sonnet-4-6',
  max_tokens: 64,
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

/** A request with its path sent exactly as given. */
function rawRequest(
  port: string,
  method: string,
  path: string,
  token: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(port),
        path,
        method,
        headers: { 'x-api-key': token, 'content-type': 'application/json' },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(method === 'POST' ? messagesBody : undefined);
  });
}

describe.each(testDialects)('LLM proxy on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  }, 60_000);
  afterAll(() => platform?.close());

  const post = (
    path: string,
    token: string | undefined,
    body = messagesBody,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { 'x-api-key': token }), ...headers },
      body,
    });

  /** Points an organization's Anthropic settings at `baseUrl`, with `apiKey`. */
  const organizationSettings = async (orgId: string, baseUrl: string, apiKey: string) => {
    await platform.secrets.create(orgId, 'provider.anthropic.apiKey', apiKey, 'usr_test');
    const now = nowIso();
    await platform.database.db
      .insertInto('providerSettings')
      .values({
        id: newId('prv'),
        orgId,
        provider: 'anthropic',
        baseUrl,
        defaultModel: null,
        apiKeyRef: 'secret:provider.anthropic.apiKey',
        updatedBy: 'usr_test',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  };

  describe('tokens', () => {
    let run: RunningRun;
    beforeAll(async () => {
      run = await runningRun(platform, 'org_tokens');
    });

    it('refuses a call without a token, with a wrong one, or with the agent token, in the error shape', async () => {
      const agentToken = await platform.runTokens.mint(
        { id: run.runId, orgId: run.orgId, agentId: run.agentId, attempt: 1 },
        300,
        'agent',
      );
      for (const token of [undefined, 'sk-not-a-token', `${run.token}x`, agentToken]) {
        const response = await post('/llm/anthropic/v1/messages', token);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error: { code: 'RUN_TOKEN_INVALID', message: expect.any(String) },
        });
      }
      // …and the proxy token opens nothing under /api/agent.
      const api = await fetch(`${platform.url}/api/agent/runs/${run.runId}`, {
        headers: { authorization: `Bearer ${run.token}` },
      });
      expect(api.status).toBe(401);
      expect(platform.fake.modelRequests()).toEqual([]);
    });

    it('refuses the token of a run that has ended, at once', async () => {
      const ended = await runningRun(platform, 'org_tokens');
      platform.fake.script(text('ok'));
      expect((await post('/llm/anthropic/v1/messages', ended.token)).status).toBe(200);
      await platform.database.db
        .updateTable('runs')
        .set({ status: 'succeeded', finishedAt: nowIso() })
        .where('id', '=', ended.runId)
        .execute();
      const refused = await post('/llm/anthropic/v1/messages', ended.token);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({
        error: { code: 'RUN_TOKEN_INVALID', message: expect.stringMatching(/no longer running/) },
      });
    });

    it("refuses a token of the run's earlier attempt once the run was retried", async () => {
      const retried = await runningRun(platform, 'org_tokens');
      await platform.database.db
        .updateTable('runs')
        .set({ attempt: 2 })
        .where('id', '=', retried.runId)
        .execute();
      expect((await post('/llm/anthropic/v1/messages', retried.token)).status).toBe(401);
    });

    it('forwards model calls only: 404 for another provider or path, 400 for a path that climbs out', async () => {
      const before = platform.fake.requests.length;
      const unknown = await post('/llm/mistral/v1/chat', run.token);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      for (const [method, path] of [
        ['POST', '/llm/openai/files'],
        ['POST', '/llm/openai/fine_tuning/jobs'],
        ['POST', '/llm/anthropic/v1/messages/batches'],
        ['DELETE', '/llm/openai/models/gpt-4o'],
        ['GET', '/llm/google/v1beta/cachedContents'],
      ] as const) {
        const refused = await fetch(`${platform.url}${path}`, {
          method,
          headers: { 'x-api-key': run.token, 'content-type': 'application/json' },
          ...(method === 'POST' && { body: '{}' }),
        });
        expect(refused.status, path).toBe(404);
        expect(await refused.json()).toMatchObject({
          error: { code: 'NOT_A_MODEL_CALL', message: expect.stringContaining(`${method} `) },
        });
      }
      // Sent raw: fetch itself would resolve the dot segments before sending.
      const port = new URL(platform.url).port;
      const climbing = await rawRequest(port, 'GET', '/llm/anthropic/v1/models/%2e%2e', run.token);
      expect(climbing.status).toBe(400);
      expect(JSON.parse(climbing.body)).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
      expect(platform.fake.requests.length).toBe(before);
    });
  });

  describe('streaming', () => {
    it('passes the response through as it comes: the first chunk arrives while the upstream is still writing', async () => {
      const run = await runningRun(platform, 'org_stream');
      platform.fake.script(slow({ text: 'one two three four five six', chunkDelayMs: 150 }));
      const response = await post('/llm/anthropic/v1/messages', run.token);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      while (!received.includes('content_block_delta')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      const firstDeltaAt = performance.now();
      // The fake is still writing the reply: nothing was held back until it finished.
      expect(platform.fake.activeResponses()).toBe(1);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      expect(performance.now() - firstDeltaAt).toBeGreaterThan(500);
      expect(received).toContain('message_stop');
    });

    it('streams the request body upstream as it is sent, before the client has finished sending', async () => {
      const run = await runningRun(platform, 'org_upload');
      let sawFirstHalf: () => void = () => {};
      const firstHalfArrived = new Promise<void>((resolve) => {
        sawFirstHalf = resolve;
      });
      const upstream: Server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => {
          body += chunk;
          if (body.includes('first-half')) sawFirstHalf();
        });
        request.on('end', () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ received: body.length }));
        });
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = upstream.address() as AddressInfo;
        await organizationSettings('org_upload', `http://127.0.0.1:${port}`, 'sk-upload-key-000000');
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode('{"note":"first-half",'));
            // Only once the upstream has the first half does the client send the rest.
            await firstHalfArrived;
            controller.enqueue(encoder.encode('"rest":"second-half"}'));
            controller.close();
          },
        });
        const response = await fetch(`${platform.url}/llm/anthropic/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': run.token },
          body,
          duplex: 'half',
        } as RequestInit);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ received: 42 });
      } finally {
        upstream.close();
      }
    });
  });

  describe('failures', () => {
    it('answers a provider it cannot reach with a 502 naming the base URL, never the key', async () => {
      const run = await runningRun(platform, 'org_down');
      const closed = await freePort();
      await organizationSettings('org_down', `http://127.0.0.1:${closed}/base`, 'sk-down-key-0123456789');
      const response = await post('/llm/anthropic/v1/messages', run.token);
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('PROVIDER_UNREACHABLE');
      expect(body.error.message).toContain(`http://127.0.0.1:${closed}/base`);
      expect(body.error.message).toContain('ECONNREFUSED');
      expect(body.error.message).not.toContain('sk-down-key');
    });

    it('never leaves a connection whose body it did not read open for the next request', async () => {
      const run = await runningRun(platform, 'org_reuse');
      const closed = await freePort();
      await organizationSettings('org_reuse', `http://127.0.0.1:${closed}/base`, 'sk-reuse-key-0123456789');
      // One connection for both requests, as a client's keep-alive pool gives it. The first
      // body is large enough that the proxy has not read it all when it answers.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (body: string) =>
        new Promise<number>((resolve, reject) => {
          const request = httpRequest(
            {
              agent,
              host: '127.0.0.1',
              port: Number(new URL(platform.url).port),
              path: '/llm/anthropic/v1/messages',
              method: 'POST',
              headers: { 'x-api-key': run.token, 'content-type': 'application/json' },
            },
            (response) => {
              response.resume();
              response.on('end', () => resolve(response.statusCode ?? 0));
            },
          );
          request.on('error', reject);
          request.end(body);
        });
      try {
        const first = await send(`${messagesBody.slice(0, -1)},"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`);
        expect(first).toBe(502);
        // Before the fix this request's bytes were taken for the rest of the first body: it hung.
        expect(await send(messagesBody)).toBe(502);
      } finally {
        agent.destroy();
      }
    });

    it('refuses a body over the limit with a 413 before anything goes upstream', async () => {
      const run = await runningRun(platform, 'org_large');
      const before = platform.fake.requests.length;
      const response = await post('/llm/anthropic/v1/messages', run.token, 'x'.repeat(33 * 1024 * 1024));
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
      expect(platform.fake.requests.length).toBe(before);
    });
  });
});
