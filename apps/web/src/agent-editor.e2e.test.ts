/**
 * The agent editor in a real browser against the real platform and the fake LLM: create an
 * agent with every section filled in, check the API record holds exactly that, edit it,
 * pause and resume it, and delete it (refused while a run is active); an edit that keeps every
 * setting it did not touch; the agent page's status, next wake and inbox; the budget pause on
 * the agents' cards. Screenshots of the pages at desktop and phone sizes go to test-artifacts/web/.
 */
import { type FakeLlm, stall, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot, signUp, watchPageErrors } from './testing/browser.ts';
import { errorOf, inPage, openSection } from './testing/form-page.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

let fake: FakeLlm;
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  fake.on((call) => call.lastUserText.includes('STALLTEST') && call.toolNames.length > 0, stall());
  platform = await startPlatform({ llmUrl: fake.url });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await fake?.close();
}, 60_000);

/** A signed-up account whose Anthropic provider is the fake (so model lists come from it). */
async function newAccount(viewport: { width: number; height: number }, email: string) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  watchPageErrors(page, errors);
  await signUp(page, platform.webUrl, email);
  const saved = await inPage(page, '/api/models/anthropic', 'PUT', { baseUrl: fake.url, apiKey: 'test' });
  expect(saved.status).toBe(200);
  return { context, page, errors };
}

async function fail(page: Page, prefix: string, error: unknown): Promise<never> {
  await shot(page, prefix, '99-failure').catch(() => undefined);
  throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
}

async function withPage(
  viewport: { width: number; height: number },
  email: string,
  prefix: string,
  body: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const { context, page, errors } = await newAccount(viewport, email);
  try {
    await body(page, context);
    expect(errors).toEqual([]);
  } catch (error) {
    await fail(page, prefix, error);
  } finally {
    await context.close();
  }
}

/** An agent whose monthly budget ($0) is spent: a run is refused and the agent is paused for it. */
async function budgetPausedAgent(page: Page, name: string): Promise<string> {
  const agent = await inPage<{ id: string }>(page, '/api/agent/agents', 'POST', {
    name,
    adapterType: 'pi',
    limits: { monthlyBudgetUsd: 0 },
  });
  const refused = await inPage<{ error: { code: string } }>(
    page,
    `/api/agent/agents/${agent.json.id}/runs`,
    'POST',
    {
      prompt: 'spend',
    },
  );
  expect([refused.status, refused.json.error.code]).toEqual([409, 'BUDGET_EXCEEDED']);
  return agent.json.id;
}

/** The agents page: the paused agent's card says so in words — what was spent, the limit, what to do. */
async function expectBudgetPauseOnCard(page: Page, name: string): Promise<void> {
  await page.goto(`${platform.webUrl}/agents`);
  const card = page.locator('li.card', { has: page.getByRole('link', { name, exact: true }) });
  await expect
    .poll(() => card.getByTestId('agent-activity').textContent(), { timeout: 30_000 })
    .toMatch(
      /^Paused — The agent's monthly budget of \$0 is spent \(\$0\.0000 this month\), so the agent is paused\. Raise the budget in the agent's Limits/,
    );
}

describe('agent editor in a real browser', () => {
  it('desktop: create with every section → exact API record → edit → pause/resume', async () => {
    await withPage(
      { width: 1280, height: 900 },
      'editor-desktop@example.com',
      'editor-desktop',
      async (page) => {
        await page.goto(`${platform.webUrl}/agents/new`);
        const form = page.getByRole('form', { name: 'New agent' });
        await form.waitFor();

        // Each harness shows its own environment check, exactly as the Agent API reports it.
        for (const harness of ['pi', 'claude-code']) {
          const report = page.getByTestId(`environment-${harness}`);
          await report.waitFor({ timeout: 60_000 });
          const api = await inPage<{ ready: boolean; diagnostics: { message: string; status: string }[] }>(
            page,
            `/api/agent/harnesses/${harness}/environment`,
          );
          expect(api.json.diagnostics.length).toBeGreaterThan(0);
          await expect.poll(() => report.locator('li').count()).toBe(api.json.diagnostics.length);
          const shown = await report.textContent();
          for (const diagnostic of api.json.diagnostics) expect(shown).toContain(diagnostic.message);
          expect(shown).toContain(api.json.ready ? 'Ready' : 'Not ready');
        }

        await page.getByLabel('Name', { exact: true }).fill('Inbox keeper');
        await page.getByRole('radio', { name: /Claude Code/ }).check();
        await page
          .locator('select[name="model"] option[value="claude-haiku-4-5"]')
          .waitFor({ state: 'attached' });
        await page.getByRole('combobox', { name: /^Model/ }).selectOption('claude-haiku-4-5');
        await page.getByLabel('Instructions').fill('Keep the inbox at zero.');

        // MCP server: the new row takes the focus, so typing fills its name.
        await openSection(page, 'MCP servers');
        await page.getByRole('button', { name: 'Add MCP server' }).click();
        await page.keyboard.type('files');
        await page.getByLabel('Command', { exact: true }).fill('npx');
        await page.getByLabel(/^Arguments/).fill('-y\nmcp-files');
        await page.getByLabel(/^Environment/).fill('ROOT=/tmp/files');

        await openSection(page, 'Skills');
        await page.getByRole('button', { name: 'Add skill folder' }).click();
        await page.keyboard.type('skills/review');

        await openSection(page, 'Permissions');
        await page.getByLabel('Tools not listed below').selectOption('ask');
        await page.getByRole('button', { name: 'Add tool rule' }).click();
        await page.keyboard.type('Bash');
        await page.getByLabel('Then 1').selectOption('deny');
        await page.getByLabel('Wait for an answer (seconds)').fill('120');

        // A bad cron is named in place as soon as the field is left.
        await openSection(page, 'Heartbeat');
        await page.getByRole('radio', { name: 'On a cron schedule' }).check();
        await page.getByLabel('Cron expression').fill('61 * * * *');
        await page.getByLabel('Cron expression').press('Tab');
        expect(await errorOf(page, 'Cron expression')).toBe('Minute: 61 is out of range 0–59.');
        await page.getByRole('radio', { name: 'Every few minutes' }).check();
        await page.getByLabel('Minutes between heartbeats').fill('15');
        await page.getByLabel('Only during active hours').check();
        await page.getByLabel('From', { exact: true }).fill('08:00');
        await page.getByLabel('Until', { exact: true }).fill('20:00');
        await page.getByLabel('Time zone').fill('Europe/Paris');
        await page.getByLabel(/^Heartbeat prompt/).fill('Check the inbox.');

        // Invalid limits: nothing is sent, the section's fields say why, the first one has the focus.
        await openSection(page, 'Limits & budget');
        await page.getByLabel('Runs at the same time').fill('2');
        await page.getByLabel('Run timeout (seconds)').fill('600');
        await page.getByLabel('Monthly budget (USD)').fill('-5');
        await page.getByRole('button', { name: 'Create agent' }).click();
        expect(await errorOf(page, 'Monthly budget (USD)')).toBe(
          'Enter an amount in US dollars (0 or more), or leave it empty for no budget.',
        );
        expect(await page.locator(':focus').getAttribute('name')).toBe('monthlyBudgetUsd');
        await expect
          .poll(() => page.getByRole('alert').allTextContents())
          .toContain('One field needs attention; see the messages above.');
        expect(page.url()).toMatch(/\/agents\/new$/);
        await page.getByLabel('Monthly budget (USD)').fill('10');
        // The message goes as soon as the field is fixed.
        await expect
          .poll(() => page.getByLabel('Monthly budget (USD)').getAttribute('aria-invalid'))
          .toBeNull();
        await shot(page, 'editor-desktop', '01-create');

        await page.getByRole('button', { name: 'Create agent' }).click();
        // A client-side move to the agent page, whose conversation layout then replaces the
        // address (`?new=…`): wait for the address, not for a document load that a client-side
        // move does not have (waiting for one timed out under load in CI).
        await page.waitForURL(/\/agents\/agt_/, { waitUntil: 'commit' });
        const agentId = page.url().split('/agents/')[1]!.split(/[?#]/)[0]!;
        const created = await inPage<Record<string, unknown>>(page, `/api/agent/agents/${agentId}`);
        expect(created.json).toMatchObject({
          name: 'Inbox keeper',
          instructions: 'Keep the inbox at zero.',
          adapterType: 'claude-code',
          status: 'active',
          pausedReason: null,
        });
        const expectedConfig = {
          model: 'claude-haiku-4-5',
          mcpServers: {
            files: { type: 'stdio', command: 'npx', args: ['-y', 'mcp-files'], env: { ROOT: '/tmp/files' } },
          },
          skills: ['skills/review'],
          permissions: { mode: 'ask', rules: [{ tool: 'Bash', behavior: 'deny' }], askTimeoutMs: 120_000 },
        };
        const expectedHeartbeat = {
          enabled: true,
          intervalSec: 900,
          activeHours: { start: '08:00', end: '20:00', timezone: 'Europe/Paris' },
          prompt: 'Check the inbox.',
        };
        expect(created.json.adapterConfig).toEqual(expectedConfig);
        expect(created.json.heartbeat).toEqual(expectedHeartbeat);
        expect(created.json.limits).toEqual({
          maxConcurrentRuns: 2,
          runTimeoutSec: 600,
          monthlyBudgetUsd: 10,
        });

        // Edit: the form comes back filled in; the budget changes and the MCP server goes.
        await page.getByRole('link', { name: 'Edit agent settings' }).click();
        await page.waitForURL(/\/edit$/);
        await page.getByRole('form', { name: 'Edit agent' }).waitFor();
        expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Inbox keeper');
        expect(await page.getByRole('radio', { name: /Claude Code/ }).isChecked()).toBe(true);
        expect(await page.getByRole('combobox', { name: /^Model/ }).inputValue()).toBe('claude-haiku-4-5');
        expect(await page.getByLabel('Server name').inputValue()).toBe('files');
        expect(await page.getByLabel('Minutes between heartbeats').inputValue()).toBe('15');
        expect(await page.getByLabel('Monthly budget (USD)').inputValue()).toBe('10');
        await shot(page, 'editor-desktop', '02-edit');
        await page.getByLabel('Monthly budget (USD)').fill('25');
        await page.getByRole('button', { name: 'Remove files' }).click();
        await page.getByRole('button', { name: 'Save changes' }).click();
        await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Changes saved.');
        const edited = await inPage<Record<string, unknown>>(page, `/api/agent/agents/${agentId}`);
        const { mcpServers: _removed, ...unchanged } = expectedConfig;
        expect(edited.json.adapterConfig).toEqual(unchanged);
        expect(edited.json.heartbeat).toEqual(expectedHeartbeat);
        expect(edited.json.limits).toEqual({
          maxConcurrentRuns: 2,
          runTimeoutSec: 600,
          monthlyBudgetUsd: 25,
        });

        // A refusal the form cannot foresee shows the API's own message.
        await page.route(`**/api/agent/agents/${agentId}`, async (route) => {
          if (route.request().method() !== 'PATCH') return route.continue();
          const body = JSON.parse(route.request().postData() ?? '{}');
          return route.continue({ postData: JSON.stringify({ ...body, limits: { maxConcurrentRuns: 0 } }) });
        });
        await page.getByRole('button', { name: 'Save changes' }).click();
        await expect
          .poll(() => page.getByTestId('server-error').textContent())
          .toMatch(/^The server refused: .*maxConcurrentRuns/);
        await page.unroute(`**/api/agent/agents/${agentId}`);

        // Pause and resume.
        await page.getByRole('button', { name: 'Pause agent' }).click();
        await expect
          .poll(() => page.getByTestId('agent-status').textContent())
          .toContain('Paused by a user.');
        expect((await inPage<{ status: string }>(page, `/api/agent/agents/${agentId}`)).json.status).toBe(
          'paused',
        );
        await shot(page, 'editor-desktop', '03-edit-paused');
        await page.getByRole('button', { name: 'Resume agent' }).click();
        await expect.poll(() => page.getByTestId('agent-status').textContent()).toContain('Active');
        expect((await inPage<{ status: string }>(page, `/api/agent/agents/${agentId}`)).json.status).toBe(
          'active',
        );

        // An edit in the browser keeps every setting it did not touch — set through the API,
        // including ones the form cannot show or would write differently.
        const stored = await inPage(page, `/api/agent/agents/${agentId}`, 'PATCH', {
          adapterConfig: {
            maxTurns: 7,
            permissions: { mode: 'allow', rules: [], askTimeoutMs: 300_000 },
            mcpServers: {
              web: { type: 'http', url: 'https://mcp.example.com/', headers: { 'X-Team': 'a' } },
            },
          },
          heartbeat: { prompt: 'Look at what is due.' },
          limits: { runTimeoutSec: 900 },
          visibility: 'organization',
        });
        expect(stored.status).toBe(200);
        const before = (await inPage<Record<string, unknown>>(page, `/api/agent/agents/${agentId}`)).json;
        await page.goto(`${platform.webUrl}/agents/${agentId}/edit`);
        await page.getByRole('form', { name: 'Edit agent' }).waitFor();
        expect(await page.getByLabel('Who reads its conversations').inputValue()).toBe('organization');
        await page.locator('textarea[name="instructions"]').fill('Keep the inbox at zero, kindly.');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Changes saved.');
        const after = (await inPage<Record<string, unknown>>(page, `/api/agent/agents/${agentId}`)).json;
        const settings = ({
          updatedAt: _u,
          activity: _a,
          nextWakeAt: _n,
          ...rest
        }: Record<string, unknown>) => rest;
        expect(settings(after)).toEqual({
          ...settings(before),
          instructions: 'Keep the inbox at zero, kindly.',
        });

        // The agent page: its status in words, the heartbeat's next wake, and an inbox to add to.
        await page.goto(`${platform.webUrl}/agents/${agentId}`);
        await expect
          .poll(() => page.getByTestId('agent-activity').textContent(), { timeout: 30_000 })
          .toBe('Idle');
        expect(await page.getByTestId('agent-next-wake').textContent()).toMatch(
          /^Next wake (\w{3} )?\d\d:\d\d; wakes only when the inbox has something due\.$/,
        );
        await page.getByText('Inbox and heartbeat').click();
        await page.getByLabel('What to look at').fill('Answer the landlord');
        await page.getByRole('button', { name: 'Add to inbox' }).click();
        await expect
          .poll(() => page.getByRole('list', { name: 'Inbox items' }).textContent())
          .toContain('Answer the landlord');
        await shot(page, 'editor-desktop', '04-agent-page-inbox');

        // The budget pause on the card, in words.
        await budgetPausedAgent(page, 'Budget keeper');
        await expectBudgetPauseOnCard(page, 'Budget keeper');
        await shot(page, 'editor-desktop', '05-card-budget-paused');
      },
    );
  }, 300_000);

  it('phone (390×844): create a Pi agent on a cron heartbeat, edit it, delete it (refused while busy)', async () => {
    await withPage({ width: 390, height: 844 }, 'editor-phone@example.com', 'editor-phone', async (page) => {
      // This machine passes every check, so a failing report (the route's documented shape) is
      // played for Claude Code: it must show the error and its fix and stay selectable.
      const failing = '**/api/agent/harnesses/claude-code/environment';
      await page.route(failing, (route) =>
        route.fulfill({
          json: {
            harness: 'claude-code',
            ready: false,
            checkedAt: new Date().toISOString(),
            diagnostics: [
              {
                id: 'binary-present',
                status: 'error',
                message: 'Claude Code was not found.',
                fix: 'Run npm install in the platform folder.',
              },
              { id: 'anthropic-key', status: 'ok', message: 'An Anthropic API key is configured.' },
            ],
          },
        }),
      );
      await page.goto(`${platform.webUrl}/agents/new`);
      await page.getByRole('form', { name: 'New agent' }).waitFor();
      await page.getByTestId('environment-pi').waitFor({ timeout: 60_000 });
      const claudeReport = page.getByTestId('environment-claude-code');
      await claudeReport.waitFor();
      expect(await claudeReport.textContent()).toMatch(
        /Not ready[\s\S]*Error\s*Claude Code was not found\.\s*Fix: Run npm install in the platform folder\./,
      );
      await page.getByRole('radio', { name: /Claude Code/ }).check();
      expect(await page.getByRole('radio', { name: /Claude Code/ }).isChecked()).toBe(true);
      await shot(page, 'editor-phone', '01-create');
      await page.unroute(failing);
      await page.getByLabel('Name', { exact: true }).fill('Phone agent');
      await page.getByRole('radio', { name: /^Pi/ }).check();
      // Pi's own settings come from its metadata's config fields.
      await page.getByLabel(/^Retries of a failed model call/).fill('1');
      await openSection(page, 'Heartbeat');
      await page.getByRole('radio', { name: 'On a cron schedule' }).check();
      await page.getByLabel('Cron expression').fill('*/30 9-17 * * MON-FRI');
      await page.getByRole('button', { name: 'Create agent' }).click();
      await page.waitForURL(/\/agents\/agt_/, { waitUntil: 'commit' });
      const agentId = page.url().split('/agents/')[1]!.split(/[?#]/)[0]!;
      const created = await inPage<Record<string, unknown>>(page, `/api/agent/agents/${agentId}`);
      expect(created.json.heartbeat).toEqual({ enabled: true, cron: '*/30 9-17 * * MON-FRI' });
      expect(created.json.adapterConfig).toEqual({ provider: 'anthropic', maxRetries: 1 });
      expect(created.json.limits).toEqual({
        maxConcurrentRuns: 1,
        runTimeoutSec: 1800,
        monthlyBudgetUsd: null,
      });

      await page.goto(`${platform.webUrl}/agents/${agentId}/edit`);
      await page.getByRole('form', { name: 'Edit agent' }).waitFor();
      await page.getByTestId('environment-pi').waitFor({ timeout: 60_000 });
      expect(await page.getByLabel(/^Retries of a failed model call/).inputValue()).toBe('1');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(page, 'editor-phone', '02-edit');

      // A running agent cannot be deleted: the API's 409 AGENT_BUSY message is shown.
      const run = await inPage<{ id: string }>(page, `/api/agent/agents/${agentId}/runs`, 'POST', {
        prompt: 'STALLTEST',
      });
      expect(run.status).toBe(202);
      await page.getByRole('button', { name: 'Delete agent…' }).click();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await expect
        .poll(() => page.getByRole('alert').allTextContents())
        .toContainEqual(expect.stringContaining('has a queued or running run'));
      await shot(page, 'editor-phone', '03-delete-refused');

      // Cancel, keep it: the confirmation goes away and the agent stays.
      await page.getByRole('button', { name: 'Delete agent…' }).click();
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Yes, delete' }).count()).toBe(0);

      expect((await inPage(page, `/api/agent/runs/${run.json.id}/cancel`, 'POST', {})).status).toBeLessThan(
        300,
      );
      await expect
        .poll(
          async () => (await inPage<{ status: string }>(page, `/api/agent/runs/${run.json.id}`)).json.status,
          {
            timeout: 30_000,
          },
        )
        .toBe('cancelled');
      await page.getByRole('button', { name: 'Delete agent…' }).click();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await page.waitForURL(/\/agents$/);
      expect((await inPage(page, `/api/agent/agents/${agentId}`)).status).toBe(404);

      await budgetPausedAgent(page, 'Phone budget');
      await expectBudgetPauseOnCard(page, 'Phone budget');
      await shot(page, 'editor-phone', '04-card-budget-paused');
    });
  }, 300_000);
});
