import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EgressPolicy } from '@lifeosai/sandbox';
import { testDialects } from '@lifeosai/testkit/databases';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessCase } from '../testing/harness-cases.ts';
import { fakeProviderEnvironment, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { usageRecords } from './test-support.ts';

/** The two harnesses whose runtimes the proxy was built against; every harness's flow runs in conversation-flow.test.ts. */
const harnesses = {
  'claude-code': harnessCase('claude-code'),
  pi: harnessCase('pi'),
} as const;

/** Every file under `dir`, as text. */
async function filesUnder(dir: string): Promise<Array<{ path: string; content: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, content: await readFile(path, 'latin1') };
      }),
  );
}

/** Real runs of both harnesses through the proxy: keys stay out of the run; budgets end it. */
describe.each(testDialects)('runs through the LLM proxy on %s', (dialect) => {
  // A recognisable operator key: it must appear nowhere a run can see or leave behind.
  const canary = `sk-ant-canary-${randomBytes(12).toString('hex')}`;
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect, { env: (fake) => fakeProviderEnvironment(fake, canary) });
  }, 60_000);
  afterAll(() => platform?.close());

  const startRun = async (harness: keyof typeof harnesses, prompt: string, limits?: object) => {
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        name: `${harness} agent`,
        adapterType: harness,
        adapterConfig: harnesses[harness].adapterConfig,
        ...(limits && { limits }),
      })
    ).body;
    const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt })).body;
    return { agent, run };
  };

  describe.each(Object.keys(harnesses) as Array<keyof typeof harnesses>)('%s', (harness) => {
    it("never lets a provider key into the run's environment, its events or its files", async () => {
      const marker = `env-dump-${randomBytes(4).toString('hex')}`;
      platform.fake.on(
        (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
        text('Dumped.'),
      );
      platform.fake.on(
        (call) => call.lastUserText.includes(marker),
        toolCall({
          name: harnesses[harness].shell.name,
          input: harnesses[harness].shell.input('printenv | base64 -w0'),
        }),
      );
      const { agent, run } = await startRun(harness, `${marker}: show your environment`);
      const events = await platform.streamRun(run.id);
      expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success' });
      const dump = /([A-Za-z0-9+/=]{200,})/.exec(
        JSON.stringify(
          events.find((event) => event.type === 'user' && JSON.stringify(event).includes('tool_result')),
        ),
      )?.[1];
      const environment = Buffer.from(dump ?? '', 'base64').toString('utf8');
      // The harness has the run's proxy token and the proxy's address, nothing else.
      if (harness === 'claude-code') {
        expect(environment).toMatch(/ANTHROPIC_API_KEY=eyJ[\w.-]+/);
        expect(environment).toContain(`ANTHROPIC_BASE_URL=${platform.url}/llm/anthropic`);
      }
      expect(environment).toContain('PATH=');
      const encoded = Buffer.from(canary).toString('base64');
      const everything = [
        environment,
        JSON.stringify(events),
        ...(await filesUnder(join(platform.home, 'agents', agent.id))).map(
          (file) => `${file.path}\n${file.content}`,
        ),
      ].join('\n');
      expect(everything).not.toContain(canary);
      expect(everything).not.toContain(encoded.slice(0, 24));
      // The key did reach the provider, through the proxy.
      expect(platform.fake.modelRequests().some((request) => request.headers['x-api-key'] === canary)).toBe(
        true,
      );
    }, 120_000);

    it("ends a run whose provider cannot be reached with provider_unreachable, naming the provider's address", async () => {
      // The agent's own provider setting: a server of its own where nothing listens.
      const dead = `http://127.0.0.1:${await freePort()}`;
      const agent = (
        await platform.call('POST', '/api/agent/agents', {
          name: `${harness} agent, dead provider`,
          adapterType: harness,
          adapterConfig: {
            ...harnesses[harness].adapterConfig,
            maxRetries: 0,
            providers: { anthropic: { baseUrl: dead } },
          },
        })
      ).body;
      const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'Hello?' }))
        .body;
      const events = await platform.streamRun(run.id);
      const finished = await platform.waitForRun(run.id);
      expect(finished).toMatchObject({ status: 'failed', error: { code: 'PROVIDER_UNREACHABLE' } });
      expect(finished.error.message).toContain(dead);
      expect(events.at(-1)).toMatchObject({ type: 'result', error_class: 'provider_unreachable' });
    });

    it("holds an agent's own base URL to the sandbox's egress policy: loopback only when the operator allows it", async () => {
      const strict = await startTestPlatform(dialect, { egress: new EgressPolicy([]) });
      try {
        // The fake LLM is on loopback: where the platform's own ports are.
        const agent = (
          await strict.call('POST', '/api/agent/agents', {
            name: `${harness} agent, loopback provider`,
            adapterType: harness,
            adapterConfig: {
              ...harnesses[harness].adapterConfig,
              maxRetries: 0,
              providers: { anthropic: { baseUrl: strict.fake.url } },
            },
          })
        ).body;
        const run = (await strict.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'Hi' })).body;
        const finished = await strict.waitForRun(run.id);
        expect(finished).toMatchObject({ status: 'failed', error: { code: 'PROVIDER_UNREACHABLE' } });
        expect(finished.error.message).toMatch(/LIFEOSAI_SANDBOX_ALLOW/);
        expect(strict.fake.modelRequests()).toHaveLength(0);
      } finally {
        await strict.close();
      }
    });

    it('refuses the next call once the budget is spent mid-run and ends the run with the budget error', async () => {
      const marker = `spend-${randomBytes(4).toString('hex')}`;
      const calls = () =>
        platform.fake.modelRequests().filter((request) => JSON.stringify(request.body).includes(marker));
      platform.fake.on(
        (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
        text('This answer must never be asked for.'),
      );
      // One expensive call ($3 of input on claude-sonnet-4-6) against a one-cent budget.
      platform.fake.on(
        (call) => call.lastUserText.includes(marker),
        toolCall(
          { name: harnesses[harness].shell.name, input: harnesses[harness].shell.input('echo working') },
          { usage: { inputTokens: 1_000_000, outputTokens: 10 } },
        ),
      );
      const { agent, run } = await startRun(harness, `${marker}: work`, { monthlyBudgetUsd: 0.01 });
      const events = await platform.streamRun(run.id);
      const finished = await platform.waitForRun(run.id);

      expect(finished).toMatchObject({
        status: 'failed',
        error: {
          code: 'BUDGET_EXCEEDED',
          message: expect.stringMatching(/monthly budget of \$0\.01 is spent/),
        },
      });
      expect(events.filter((event) => event.type === 'error').at(-1)).toMatchObject({
        errorClass: 'budget_exceeded',
        retryable: false,
      });
      expect(events.at(-1)).toMatchObject({
        type: 'result',
        subtype: 'error_max_budget_usd',
        is_error: true,
        error_class: 'budget_exceeded',
      });
      // The second call was refused before it reached the provider.
      expect(calls()).toHaveLength(1);

      // The run's usage is the wire's: the one call that went through, in the result and on the run.
      const records = await usageRecords(platform.database.db, run.id);
      expect(records).toEqual([
        expect.objectContaining({ provider: 'anthropic', inputTokens: 1_000_000, outputTokens: 10 }),
      ]);
      expect(finished.usage).toEqual({
        input_tokens: 1_000_000,
        output_tokens: 10,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      });
      expect(finished.costUsd).toBeCloseTo(records[0]!.costUsd, 10);
      expect(events.at(-1)).toMatchObject({ usage: finished.usage, total_cost_usd: finished.costUsd });

      const paused = await platform.call('GET', `/api/agent/agents/${agent.id}`);
      expect(paused.body).toMatchObject({ status: 'paused', pausedReason: expect.stringMatching(/budget/i) });
    }, 120_000);
  });
});
