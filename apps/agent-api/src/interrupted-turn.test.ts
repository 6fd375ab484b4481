import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFileFor, loadConfig } from '@lifeosai/config';
import { type DatabaseTarget, openDatabase } from '@lifeosai/db';
import { type FakeLlm, stall, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { createTestDatabase } from '@lifeosai/testkit/postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
import { type ServiceProcess, startServiceProcess } from './testing/service-process.ts';

/**
 * A real Agent API process killed with -9 in the middle of a Pi turn, then a new one on the
 * same database and home: the retry continues the interrupted turn in the native session
 * (`continue-interrupted`) instead of sending the prompt to the model a second time.
 */
describe.each(['sqlite', 'postgres'] as const)('an interrupted turn on %s', (dialect) => {
  let fake: FakeLlm;
  let tokens: TestTokenIssuer;
  let home: string;
  let env: Record<string, string>;
  let target: DatabaseTarget;
  let dropDatabase: (() => Promise<void>) | undefined;
  let instance: ServiceProcess | undefined;
  const identity = { userId: 'usr_ops', orgId: 'org_ops', role: 'owner' as const };

  beforeAll(async () => {
    fake = await startFakeLlm();
    tokens = await createTestTokenIssuer();
    home = mkdtempSync(join(tmpdir(), 'lifeosai-interrupted-'));
    env = {
      LIFEOSAI_HOME: home,
      LIFEOSAI_IDENTITY_JWKS: JSON.stringify(tokens.jwks),
      LIFEOSAI_LEASE_MS: '2000',
      LOG_LEVEL: 'warn',
      ANTHROPIC_API_KEY: 'sk-interrupted-test-key',
      ANTHROPIC_BASE_URL: fake.url,
    };
    if (dialect === 'postgres') {
      const database = await createTestDatabase(inject('postgresAdminUrl'));
      dropDatabase = () => database.drop();
      Object.assign(env, {
        LIFEOSAI_MODE: 'cloud',
        DATABASE_URL: database.url,
        LIFEOSAI_MASTER_KEY: randomBytes(32).toString('base64'),
      });
      target = { dialect, url: database.url };
    } else {
      env.LIFEOSAI_MODE = 'local';
      target = { dialect, path: databaseFileFor(loadConfig({ env })) };
    }
  });

  afterAll(async () => {
    await instance?.stop();
    await fake?.close();
    await dropDatabase?.();
    rmSync(home, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${instance!.url}${path}`, {
      method,
      headers: { authorization: await tokens.authorization(identity), 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: checked by the assertions.
    return (await response.json()) as any;
  };

  it('continues the turn after the instance died, and the model is sent the prompt once', async () => {
    const marker = `interrupted-${randomBytes(4).toString('hex')}`;
    const prompt = `List my files. ${marker}`;
    let freshTurns = 0;
    // The answer to the tool's result never comes: the instance dies while waiting for it.
    fake.on((call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult, stall(), {
      times: 1,
    });
    fake.on(
      (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
      text('Finished after the crash.'),
    );
    fake.on(
      (call) => call.lastUserText.includes(marker),
      (call) => {
        freshTurns++;
        return toolCall({
          name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!,
          input: {},
        });
      },
    );
    instance = await startServiceProcess({ ...env, LIFEOSAI_INSTANCE_ID: 'doomed' });
    const agent = await call('POST', '/api/agent/agents', { name: 'crashes', adapterType: 'pi' });
    const run = await call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt });
    await until(async () => {
      const events = (await call('GET', `/api/agent/runs/${run.id}/events?limit=1000`)).items;
      return fake.activeResponses() > 0 && events.some((event: { type: string }) => event.type === 'user');
    });
    await instance.kill9();
    instance = undefined;
    // A run a heartbeat started may be tried twice (maxAttempts 2); a message's run is tried once.
    const database = await openDatabase(target, { migrate: false });
    await database.db.updateTable('runs').set({ maxAttempts: 2 }).where('id', '=', run.id).execute();
    await database.close();

    instance = await startServiceProcess({ ...env, LIFEOSAI_INSTANCE_ID: 'replacement' });
    let finished: { status: string; attempt: number } | undefined;
    await until(async () => {
      finished = await call('GET', `/api/agent/runs/${run.id}`);
      return ['succeeded', 'failed', 'cancelled', 'timed_out'].includes(finished!.status);
    }, 60_000);
    expect(finished).toMatchObject({ status: 'succeeded', attempt: 2 });

    // One turn began with the prompt; the retry went on from the tool's result.
    expect(freshTurns).toBe(1);
    const requests = fake
      .modelRequests()
      .map((request) => JSON.stringify(request.body))
      .filter((body) => body.includes(marker));
    expect(requests).toHaveLength(3);
    expect(requests.at(-1)!.split(prompt)).toHaveLength(2);
    const events = (await call('GET', `/api/agent/runs/${run.id}/events?limit=1000`)).items as Array<{
      type: string;
      result?: string;
    }>;
    expect(events.filter((event) => event.type === 'result')).toEqual([
      expect.objectContaining({ subtype: 'success', result: 'Finished after the crash.' }),
    ]);
  }, 120_000);
});

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
