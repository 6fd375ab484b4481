import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectName } from '@lifeosai/db';
import type { ProviderCredentials } from '@lifeosai/harness-spec';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { EventBus } from '../events/event-bus.ts';
import { createInProcessEventBus } from '../events/in-process-event-bus.ts';
import { createPostgresEventBus } from '../events/postgres-event-bus.ts';
import { builtInHarnesses } from '../harnesses.ts';
import { createIdentityVerifier, type Identity } from '../http/identity.ts';
import { createRunTokens, type RunTokens } from '../http/run-token.ts';
import { createTestTokenIssuer, type TestTokenIssuer } from '../http/test-identity.ts';
import { createOrchestrator, type Orchestrator } from '../orchestration/orchestrator.ts';
import { platformToolsFor } from '../orchestration/platform-tools.ts';
import { testRunSandboxes } from './test-sandboxes.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests' assertions, not by types.
type JsonBody = any;

/** A whole Agent API on a real database, with the real harnesses talking to the fake LLM. */
export interface TestPlatform {
  url: string;
  fake: FakeLlm;
  database: TestDatabase;
  orchestrator: Orchestrator;
  tokens: TestTokenIssuer;
  /** The platform's run tokens, to act as a run's agent. */
  runTokens: RunTokens;
  /** JSON request as `identity` (default: alice, owner of org_a). */
  call(
    method: string,
    path: string,
    body?: unknown,
    identity?: Identity,
  ): Promise<{ status: number; body: JsonBody }>;
  /** Reads a run's SSE stream to its end; returns the events. */
  streamRun(runId: string, identity?: Identity): Promise<JsonBody[]>;
  /** Polls until the run is terminal. */
  waitForRun(runId: string, identity?: Identity): Promise<JsonBody>;
  close(): Promise<void>;
}

export const alice: Identity = { userId: 'usr_alice', orgId: 'org_a', role: 'owner' };
export const mallory: Identity = { userId: 'usr_mallory', orgId: 'org_b', role: 'owner' };

export interface TestPlatformOptions {
  stallTimeoutMs?: number;
  leaseMs?: number;
  /**
   * Provider credentials for runs and environment checks; default: test keys pointing at
   * the fake LLM for every organization.
   */
  credentialsFor?: (database: TestDatabase) => (orgId: string) => Promise<ProviderCredentials>;
}

export async function startTestPlatform(
  dialect: DialectName,
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const fake = await startFakeLlm();
  const database = await openTestDatabase(dialect);
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-agent-api-'));
  const bus: EventBus =
    dialect === 'postgres'
      ? await createPostgresEventBus({ url: database.location })
      : createInProcessEventBus();
  const tokens = await createTestTokenIssuer();
  const harnesses = builtInHarnesses();
  const runTokens = createRunTokens(randomBytes(32));
  let address = '';
  const credentialsFor =
    options.credentialsFor?.(database) ??
    (async () => ({
      anthropic: { apiKey: 'sk-test-key-123456', baseUrl: fake.url },
      openai: { apiKey: 'sk-test-key-123456', baseUrl: `${fake.url}/v1` },
    }));
  const orchestrator = createOrchestrator({
    db: database.db,
    dialect,
    bus,
    harnesses,
    home,
    instanceId: 'test-instance',
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
    leaseMs: options.leaseMs ?? 5_000,
    pollMs: 100,
    // Tests drive heartbeats with heartbeatTick and their own clock.
    heartbeatTickMs: 0,
    credentialsFor,
    platformToolsFor: (_run, workspace) => platformToolsFor(workspace),
    runEnvironment: async (run, platformOrigin) => ({
      LIFEOSAI_API_URL: `${platformOrigin}/api/agent`,
      LIFEOSAI_AGENT_TOKEN: await runTokens.mint(run, run.timeoutSec + 60),
    }),
    sandboxes: await testRunSandboxes([Number(new URL(fake.url).port)], () => address),
  });
  const app: FastifyInstance = await buildApp({
    db: database.db,
    verifyIdentity: createIdentityVerifier({ jwks: tokens.jwks }),
    bus,
    harnesses,
    orchestrator,
    runTokens,
    credentialsFor,
    version: 'test',
    sseKeepAliveMs: 1000,
  });
  orchestrator.start();
  address = await app.listen({ host: '127.0.0.1', port: 0 });

  const call: TestPlatform['call'] = async (method, path, body, identity = alice) => {
    const response = await fetch(`${address}${path}`, {
      method,
      headers: {
        authorization: await tokens.authorization(identity),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    url: address,
    fake,
    database,
    orchestrator,
    tokens,
    runTokens,
    call,
    async streamRun(runId, identity = alice) {
      const response = await fetch(`${address}/api/agent/runs/${runId}/stream`, {
        headers: { authorization: await tokens.authorization(identity) },
      });
      const text = await response.text();
      return text
        .split('\n\n')
        .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
        .filter((line): line is string => line !== undefined)
        .map((line) => JSON.parse(line.slice(6)));
    },
    async waitForRun(runId, identity = alice) {
      for (let attempt = 0; attempt < 600; attempt++) {
        const { body } = await call('GET', `/api/agent/runs/${runId}`, undefined, identity);
        if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(body.status)) return body;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`run ${runId} did not finish`);
    },
    async close() {
      await app.close();
      await orchestrator.stop();
      await bus.close();
      await fake.close();
      await database.cleanup();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
