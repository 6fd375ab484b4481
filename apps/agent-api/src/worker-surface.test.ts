import { readdirSync, readFileSync } from 'node:fs';
import { twilioStreamPath, twilioVoicePath } from '@lifeosai/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seedAgent, seedRuns } from './testing/seed.ts';
import { alice, startTestPlatform, type TestPlatform } from './testing/test-platform.ts';

/**
 * Every `/api/agent/*` route as its file registers it (`api.get('/runs/:id', …)`): a route
 * added later is covered without touching this test.
 */
function registeredRoutes(): Array<{ method: string; path: string }> {
  const folder = new URL('./routes/', import.meta.url);
  const routes = new Map<string, { method: string; path: string }>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.includes('.test.'))) {
    const source = readFileSync(new URL(file, folder), 'utf8');
    for (const match of source.matchAll(/api\.(get|post|patch|put|delete)(?:<[^>]*>)?\(\s*'([^']+)'/g)) {
      const route = { method: match[1]!.toUpperCase(), path: `/api/agent${match[2]}` };
      routes.set(`${route.method} ${route.path}`, route);
    }
  }
  return [...routes.values()];
}

/**
 * A run worker (`LIFEOSAI_ROLE=worker`) serves only what its own runs call back: `/healthz`, the
 * LLM proxy, and the routes a running run's agent token reaches. Everything else — every
 * public route with a person's identity token, no token at all, the public webhooks and the
 * call sockets — is 404, as if nothing were there.
 */
describe('the run worker surface', () => {
  let platform: TestPlatform;
  let agentId: string;
  let runId: string;
  let otherRunId: string;
  let agentToken: string;

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite', { role: 'worker' });
    const seeded = await seedAgent(platform.database.db, { orgId: alice.orgId });
    agentId = seeded.agentId;
    // Running under another instance's lease (far from expiring): nothing here executes it.
    const lease = {
      status: 'running' as const,
      leaseOwner: 'elsewhere',
      leaseExpiresAt: '2999-01-01T00:00:00.000Z',
    };
    const ids = await seedRuns(platform.database.db, seeded, 2, lease);
    runId = ids[0]!;
    otherRunId = ids[1]!;
    agentToken = await platform.runTokens.mint({ id: runId, orgId: alice.orgId, agentId, attempt: 1 }, 60);
  });
  afterAll(() => platform?.close());

  const request = (method: string, path: string, authorization?: string) =>
    fetch(`${platform.url}${path}`, {
      method,
      headers: {
        ...(authorization && { authorization }),
        ...(method !== 'GET' && method !== 'DELETE' && { 'content-type': 'application/json' }),
      },
      ...(method !== 'GET' && method !== 'DELETE' && { body: '{}' }),
    });

  it('answers 404 on every public route, with a person’s token or none', async () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const person = await platform.tokens.authorization(alice);
    const answers = await Promise.all(
      routes.flatMap(({ method, path }) => {
        const concrete = path
          .replaceAll(':requestId', 'prq_x')
          .replaceAll(':chatId', 'c1')
          .replaceAll(':id', runId);
        return [person, undefined].map(async (authorization) => {
          const response = await request(method, concrete, authorization);
          const body = (await response.json()) as { error?: { code: string } };
          return {
            route: `${method} ${path}`,
            token: Boolean(authorization),
            status: response.status,
            code: body.error?.code,
          };
        });
      }),
    );
    expect(answers.filter((answer) => answer.status !== 404 || answer.code !== 'NOT_FOUND')).toEqual([]);
  });

  it("serves a running run's agent token its own routes only", async () => {
    const bearer = `Bearer ${agentToken}`;
    expect((await request('GET', `/api/agent/runs/${runId}`, bearer)).status).toBe(200);
    expect((await request('GET', `/api/agent/agents/${agentId}`, bearer)).status).toBe(200);
    expect((await request('GET', `/api/agent/runs/${runId}/events`, bearer)).status).toBe(200);
    // Another run, the agent list, a cancel: what an API instance answers 403 is nothing here.
    for (const [method, path] of [
      ['GET', `/api/agent/runs/${otherRunId}`],
      ['GET', '/api/agent/agents'],
      ['POST', `/api/agent/runs/${runId}/cancel`],
    ] as const) {
      expect((await request(method, path, bearer)).status, `${method} ${path}`).toBe(404);
    }
  });

  it('serves /healthz and the LLM proxy; no webhook, no call socket', async () => {
    expect(await (await fetch(`${platform.url}/healthz`)).json()).toMatchObject({
      status: 'ok',
      role: 'worker',
    });
    // The proxy is there (it wants a run's proxy token), unlike the public routes.
    const proxied = await request('POST', '/llm/anthropic/v1/messages');
    expect(await proxied.json()).toMatchObject({ error: { code: 'RUN_TOKEN_INVALID' } });
    expect((await request('POST', '/api/channels/telegram/chn_x/webhook')).status).toBe(404);
    expect((await request('POST', twilioVoicePath)).status).toBe(404);
    for (const path of [twilioStreamPath, `/api/agent/agents/${agentId}/call`]) {
      const socket = new WebSocket(`${platform.url.replace(/^http/, 'ws')}${path}`);
      const outcome = await new Promise<string>((resolve) => {
        socket.once('open', () => resolve('open'));
        socket.once('unexpected-response', (_request, response) => resolve(String(response.statusCode)));
        socket.once('error', () => resolve('error'));
      });
      socket.terminate();
      expect(outcome, path).not.toBe('open');
    }
  });
});
