/**
 * Browser end to end: the real platform (auth, agent-api, user-management as processes, the
 * built Next.js app served by `apps/web/src/main.ts`) against the fake LLM, driven with Debian's Chromium.
 * Screenshots go to test-artifacts/web/.
 */
import { type FakeLlm, stall, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot, watchPageErrors } from './testing/browser.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

let fake: FakeLlm;
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  // A tool call, then a text answer, for prompts that ask for it (only requests that declare
  // tools: a harness's background requests never consume the script).
  fake.on(
    (call) =>
      call.lastUserText.includes('TOOLTEST') && call.toolNames.length > 0 && !call.lastMessageIsToolResult,
    (call) =>
      toolCall({
        name: call.toolNames.includes('Bash') ? 'Bash' : 'bash',
        input: { command: 'echo tool-output-42' },
        text: 'Let me run a command.',
      }),
  );
  fake.on(
    (call) => call.lastMessageIsToolResult && call.toolNames.length > 0,
    text('The command finished: streamed reply complete.', { chunks: 6 }),
  );
  fake.on(
    (call) => call.lastUserText.includes('STALLTEST') && call.toolNames.length > 0,
    stall({ afterText: 'Thinking about it' }),
  );
  platform = await startPlatform({ llmUrl: fake.url });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await fake?.close();
}, 60_000);

async function chat(page: Page, prompt: string): Promise<void> {
  await page.getByLabel('Message').fill(prompt);
  await page.getByLabel('Message').press('Enter');
  await page.waitForURL(/\?run=run_/);
}

async function createAgent(
  page: Page,
  name: string,
  harnessLabel: RegExp,
  model?: string,
  provider?: string,
): Promise<string> {
  await page.getByRole('form', { name: 'New agent' }).waitFor();
  await page.getByLabel('Name').fill(name);
  await page.getByRole('radio', { name: harnessLabel }).check();
  if (provider) await page.locator('select[name="agentProvider"]').selectOption(provider);
  if (model) {
    // The model list comes live from the provider (the fake LLM's /v1/models).
    await page.locator(`select[name="model"] option[value="${model}"]`).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: /^Model/ }).selectOption(model);
  }
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.waitForURL(/\/agents\/agt_/);
  return page.url();
}

async function flow(
  prefix: string,
  viewport: { width: number; height: number },
  provider: 'anthropic' | 'openai',
): Promise<void> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  watchPageErrors(page, errors);
  try {
    const base = platform.webUrl;
    // 1. Sign up. Every page carries the security headers (and the page works under its CSP:
    // violations land in `errors`).
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in$/);
    const headers = (await page.request.get(`${base}/sign-in`)).headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await shot(page, prefix, '01-sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/sign-up$/);
    await page.getByLabel('Name').fill('Ada Tester');
    await page.getByLabel('Email').fill(`${prefix}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery');
    await shot(page, prefix, '02-sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();

    // 2. Onboarding: a provider pointing at the fake, then a Pi agent.
    await page.waitForURL(/\/onboarding$/);
    await expect.poll(() => page.getByLabel('Organization name').inputValue()).toContain('workspace');
    await page.getByLabel('Organization name').fill(`Org ${prefix}`);
    await shot(page, prefix, '03-onboarding-organization');
    await page.getByRole('button', { name: 'Continue' }).click();
    if (provider === 'openai') await page.locator('select[name="provider"]').selectOption('openai');
    await page.getByLabel('API key').fill('test');
    await page.getByLabel(/Base URL/).fill(provider === 'openai' ? fake.openAiBaseUrl : fake.url);
    await shot(page, prefix, '04-onboarding-provider');
    await page.getByRole('button', { name: 'Save provider' }).click();
    await page.getByRole('radio', { name: /Claude Code/ }).waitFor();
    await shot(page, prefix, '05-onboarding-agent');
    const piAgentUrl = await createAgent(page, 'Pi helper', /^Pi/, undefined, provider);

    // 3. Chat with the Pi agent: the streamed reply and a tool step appear.
    await chat(page, 'Please do the TOOLTEST now');
    await expect
      .poll(() => page.locator('.msg.assistant').allInnerTexts(), { timeout: 60_000 })
      .toContainEqual(expect.stringContaining('streamed reply complete'));
    await expect
      .poll(() => page.locator('details.step summary').allInnerTexts())
      .toContainEqual(expect.stringMatching(/bash/i));
    // An event the chat has no view of its own for (here the run's `system` init) is a folded row.
    await expect
      .poll(() => page.locator('details[data-event-type="system"] summary').allInnerTexts())
      .toContainEqual(expect.stringContaining('system · init'));
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
      .toContain('succeeded');
    await page.locator('details.step summary').first().click();
    await shot(page, prefix, '06-chat-pi');

    // 4. A stalled run: reload mid-run picks the stream up, then Stop cancels it.
    await chat(page, 'STALLTEST please');
    await expect
      .poll(() => page.locator('.msg.assistant').allInnerTexts(), { timeout: 60_000 })
      .toContainEqual(expect.stringContaining('Thinking about it'));
    await page.reload();
    await expect
      .poll(() => page.locator('.msg.assistant').allInnerTexts(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining('Thinking about it'));
    await shot(page, prefix, '07-chat-stalled-after-reload');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
      .toContain('cancelled');
    await shot(page, prefix, '08-chat-stopped');

    // 5. A Claude Code agent, chat with it too.
    await page.goto(`${base}/agents/new`);
    // The model list is the Anthropic provider's, configured only in the desktop flow.
    await createAgent(
      page,
      'Claude helper',
      /Claude Code/,
      provider === 'anthropic' ? 'claude-haiku-4-5' : undefined,
    );
    await chat(page, 'Hello Claude, run the TOOLTEST');
    await expect
      .poll(() => page.locator('.msg.assistant').allInnerTexts(), { timeout: 90_000 })
      .toContainEqual(expect.stringContaining('streamed reply complete'));
    await expect
      .poll(() => page.locator('details.step summary').allInnerTexts())
      .toContainEqual(expect.stringMatching(/bash/i));
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
      .toContain('succeeded');
    await shot(page, prefix, '09-chat-claude-code');
    // Claude Code can fork: "Fork from here" on the finished turn opens a new session that
    // starts with that turn (no run until a message is sent).
    const forkedFrom = page.url();
    await page.getByRole('button', { name: 'Fork from here' }).first().click();
    // (A finished run already leaves the URL on `?session=`: wait for the fork's own.)
    const sourceSession = new URL(forkedFrom).searchParams.get('session');
    await page.waitForURL(
      (url) =>
        /^ses_/.test(url.searchParams.get('session') ?? '') &&
        url.searchParams.get('session') !== sourceSession,
    );
    expect(new URL(page.url()).searchParams.get('session')).not.toBe(
      new URL(forkedFrom).searchParams.get('session'),
    );
    await expect
      .poll(() => page.locator('.msg.user').allInnerTexts(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining('Hello Claude, run the TOOLTEST'));
    await expect
      .poll(() => page.locator('.msg.assistant').allInnerTexts())
      .toContainEqual(expect.stringContaining('streamed reply complete'));
    await shot(page, prefix, '09b-chat-forked');
    if (provider === 'anthropic') {
      const bodies = fake.modelRequests().map((request) => JSON.stringify(request.body));
      expect(bodies.some((body) => body.includes('claude-haiku-4-5'))).toBe(true);
    }

    // 6. Agents list.
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await page.waitForURL(/\/agents$/);
    await expect.poll(() => page.locator('ul.cards li').count()).toBe(2);
    await shot(page, prefix, '10-agents');

    // 7. Runs: the stopped run and the succeeded runs with their cost.
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/runs$/);
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    const texts = await rows.allInnerTexts();
    expect(texts.some((row) => row.includes('cancelled'))).toBe(true);
    expect(texts.filter((row) => row.includes('succeeded') && /\$\d+\.\d+/.test(row))).toHaveLength(2);
    await shot(page, prefix, '11-runs');
    await page.locator('table tbody tr', { hasText: 'cancelled' }).getByRole('link').click();
    await page.waitForURL(/\/runs\/run_/);
    await expect.poll(() => page.locator('ol.timeline li').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await shot(page, prefix, '12-run-timeline');

    // 8. Settings: an API key is shown once; a secret is write-only.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Key name').fill('ci');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.getByTestId('new-key').textContent()).toMatch(/\S{16,}/);
    await page.getByLabel('Name', { exact: true }).fill('GITHUB_TOKEN');
    await page.getByLabel('Value').fill('s3cret-value');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await expect
      .poll(() => page.locator('section', { hasText: 'Secrets' }).textContent())
      .toContain('GITHUB_TOKEN');
    expect(await page.content()).not.toContain('s3cret-value');
    await shot(page, prefix, '13-settings');

    // 9. Sign out, then back in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Email').fill(`${prefix}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/agents$/);
    expect(piAgentUrl).toContain('/agents/agt_');
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, prefix, '99-failure').catch(() => undefined);
    throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
  } finally {
    await context.close();
  }
}

describe('web app in a real browser', () => {
  it('serves /healthz and proxies /api/* to the gateway', async () => {
    const health = await fetch(`${platform.webUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', service: 'web', version: expect.any(String) });
    const me = await fetch(`${platform.webUrl}/api/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('desktop: sign up → onboarding → Pi and Claude Code chats → stop → runs → settings', async () => {
    await flow('desktop', { width: 1280, height: 900 }, 'anthropic');
  }, 300_000);

  it('phone (390×844): the same flow, Pi on an OpenAI-compatible endpoint', async () => {
    await flow('phone', { width: 390, height: 844 }, 'openai');
    expect(fake.modelRequests().some((request) => request.api === 'openai')).toBe(true);
  }, 300_000);

  it('accepts sign-up from either loopback spelling of the web origin, and refuses a foreign one', async () => {
    const signUp = (origin: string, email: string) =>
      fetch(`${platform.webUrl}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ name: 'Origin Test', email, password: 'correct horse battery' }),
      });
    const localhost = platform.webUrl.replace('127.0.0.1', 'localhost');
    expect((await signUp(localhost, 'origin-localhost@example.com')).status).toBe(200);
    // (The 127.0.0.1 spelling signed up in the flows above. Last, because sign-ups — refused ones
    // included — are rate-limited per address: 3 per 10 s.)
    const foreign = await signUp('https://evil.example.com', 'origin-foreign@example.com');
    expect(foreign.status).toBe(403);
  });
});
